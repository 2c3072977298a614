import ArgumentParser
import Foundation
import LeakTraceCore
import Provenance

extension LeakTrace {
    /// `leaktrace simulate`: the simulations of docs/attribution.md and docs/fingerprinting.md, for
    /// demos and calibration (attribution in SimulateAttribution.swift).
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Simulations for demos and calibration: attribution, collusion attacks on the fingerprint, canary detection.",
            subcommands: [AttributionSim.self, Fingerprint.self, Canaries.self, CanaryScanCommand.self]
        )

        struct Fingerprint: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "fingerprint", abstract: "Tardos code under collusion: naming rate and innocents accused.")
            @Option var recipients = 1_000
            @Option var colluders = 3
            @Option(help: "Leaked rows.") var rows = 300
            @Option(help: "Readable mark slots per row.") var slots = 4
            @Option(help: "Slots per row erased by normalisation.") var erased = 0
            @Option(help: "interleave, majority, minority, random, all-ones, all-zeros or all.") var attack = "all"
            @Option var trials = 200
            @Option var epsilon = 1e-9
            @Option var seed: UInt64 = 1
            @Flag(help: "Do not simulate innocents' scores.") var noInnocents = false
            @Flag var json = false

            func run() throws {
                let attacks = attack == "all" ? CollusionAttack.allCases : [CollusionAttack(rawValue: attack)].compactMap { $0 }
                guard !attacks.isEmpty else { throw ValidationError("unknown --attack \(attack)") }
                guard colluders >= 1, colluders < recipients else { throw ValidationError("need 1 ≤ colluders < recipients") }
                for a in attacks {
                    var s = CollusionSimulation()
                    s.recipients = recipients; s.colluders = colluders; s.rows = rows; s.slotsPerRow = slots
                    s.erasedSlotsPerRow = erased; s.attack = a; s.trials = trials; s.epsilon = epsilon; s.seed = seed
                    s.simulateInnocents = !noInnocents
                    let started = Date()
                    let r = s.run()
                    let seconds = Date().timeIntervalSince(started)
                    if json {
                        print(#"{"attack":"\#(a.rawValue)","recipients":\#(recipients),"colluders":\#(colluders),"rows":\#(rows),"positions":\#(r.positions),"trials":\#(r.trials),"named":\#(r.named),"rate":\#(r.rate),"innocentsAccused":\#(r.innocentsAccused),"innocentsSimulated":\#(r.innocentsSimulated)}"#)
                    } else {
                        print(String(format: "%-10@ n=%d c=%d rows=%d positions=%d: named %d/%d (%.3f), innocents accused %d of %d simulated, %.1f s",
                                     a.rawValue, recipients, colluders, rows, r.positions, r.named, r.trials, r.rate, r.innocentsAccused, r.innocentsSimulated, seconds))
                    }
                }
            }
        }

        struct Canaries: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "canaries", abstract: "Chance that a random subset of a transfer holds a canary.")
            @Option var canaries = 92
            @Option var fraction = 0.05
            @Option var trials = 10_000
            func run() throws {
                var s = CanarySimulation()
                s.canaries = canaries; s.fraction = fraction; s.trials = trials
                let r = s.run()
                print(String(format: "%d canaries, %.1f%% subsets: caught %d/%d (%.4f); theory %.4f", canaries, fraction * 100, r.caught, r.trials,
                             Double(r.caught) / Double(r.trials), 1 - pow(1 - fraction, Double(canaries))))
            }
        }

        struct CanaryScanCommand: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "canary-scan", abstract: "Scan synthetic canary-like rows made under other keys for false canary hits.")
            @Option var rows = 1_000_000
            @Option var registry = 1_000
            @Option(help: ArgumentHelp("Master key file (default: a fixed demo key).", valueName: "file")) var keyFile: String?
            func run() throws {
                let keys = try keyFile.map { try KeyRing(file: $0) } ?? KeyRing(master: [UInt8](repeating: 7, count: 32))
                var scan = CanaryScan()
                scan.rows = rows
                scan.registryCanaries = registry
                let r = try scan.run(keys: keys) { done in Console.status("canary-scan: \(done) rows") }
                print("\(r.rows) rows scanned against \(r.registryCanaries) canaries: \(r.falseHits) false hits, \(r.contactCollisionsRejected) owned-number collisions rejected by the hit rule, \(r.selfHits)/\(r.registryCanaries) own canaries found; \(String(format: "%.1f s (%.0f rows/s)", r.seconds, Double(r.rows) / max(r.seconds, 1e-9)))")
                if r.falseHits > 0 || r.selfHits != r.registryCanaries { throw ExitCode(1) }
            }
        }
    }
}
