import ArgumentParser
import Crypto
import Foundation
import LeakTraceCore
import Provenance
import Triage
import _CryptoExtras

extension LeakTrace {
    /// `leaktrace oprf`: private-mode attribution as an offline file exchange (RFC 9497 VOPRF).
    struct OPRFCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "oprf",
            abstract: "Private mode: probe an organisation's customers with a verifiable OPRF, sharing no sketch.",
            discussion: """
            Organisation: `oprf setup` (private key + published filter), then `oprf evaluate` for each request \
            (rate-limited per requester, logged). Investigator: `oprf probe` samples the leak, writes blinded \
            requests, waits for the response file, verifies the DLEQ proofs and reports containment. The blinds \
            stay in the probing process's memory. See docs/attribution.md.
            """,
            subcommands: [Setup.self, Probe.self, Evaluate.self]
        )

        static func readJSON<T: Decodable>(_ type: T.Type, _ path: String, what: String) throws -> T {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(what) \(path)") }
            do { return try JSONDecoder().decode(T.self, from: data) } catch { throw CLIError("\(path) is not \(what)") }
        }

        static func writeJSON(_ value: some Encodable, _ path: String) throws {
            do { try JSONEncoder().encode(value).write(to: URL(fileURLWithPath: path)) } catch {
                throw CLIError("cannot write \(path): \(error.localizedDescription)")
            }
        }

        struct Setup: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "setup", abstract: "Organisation: make a VOPRF key (mode 0600) and the filter of its own customers' identity keys.")

            @Argument(help: "The organisation's customer data files.")
            var data: [String]

            @Option(help: "The organisation's name.")
            var org: String

            @Option(help: ArgumentHelp("Where to write the private key (PEM, never overwritten).", valueName: "file"))
            var keyOut: String

            @Option(help: ArgumentHelp("Where to write the filter to publish.", valueName: "file"))
            var filter: String

            @OptionGroup var reading: ReadingOptions

            func run() throws {
                let key = P384._VOPRF.PrivateKey(compactRepresentable: false)
                do {
                    try SecretFile.create(at: keyOut, contents: key.pemRepresentation, refusal: "a VOPRF key is never overwritten (its filter would become useless)")
                } catch { throw CLIError(error.description) }
                let sink = FilterSink(key: key)
                var options = reading.scanOptions()
                options.identitySink = sink
                let started = Date()
                let report = Scanner(options: options).scan(paths: data)
                if let failed = report.files.first(where: { $0.error != nil }) { throw CLIError("\(failed.path): \(failed.error ?? "unreadable")") }
                let f = PrivateProbe.filter(organisation: org, key: key, outputs: sink.collected, created: ISO8601DateFormatter().string(from: Date()))
                try OPRFCommand.writeJSON(f, filter)
                print(String(format: "Filter of %@ written to %@: %d identity keys evaluated in %.1f s; private key in %@ (mode 0600).", org, filter, f.outputs.hashes.count, Date().timeIntervalSince(started), keyOut))
            }
        }

        struct Probe: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "probe", abstract: "Investigator: sample the leak, write blinded requests, wait for the response, verify and report containment.")

            @Argument(help: "The leaked files.")
            var leak: [String]

            @Option(help: ArgumentHelp("The organisation's published filter.", valueName: "file"))
            var filter: String

            @Option(help: ArgumentHelp("Where to write the request for the organisation.", valueName: "file"))
            var requests: String

            @Option(help: ArgumentHelp("The response file to wait for.", valueName: "file"))
            var responses: String

            @Option(help: "Leaked identifiers to sample (spec: 10,000; SE ≤ 0.005).")
            var sample: Int = 10_000

            @Option(help: "Who is asking (the organisation rate-limits per requester).")
            var requester: String

            @Option(help: "Seconds to wait for the response.")
            var timeout: Double = 3600

            @Flag(help: "Print JSON.")
            var json = false

            @OptionGroup var reading: ReadingOptions

            func run() throws {
                let f = try OPRFCommand.readJSON(PrivateProbe.Filter.self, filter, what: "an OPRF filter")
                var prober: PrivateProbe.Prober
                do { prober = try PrivateProbe.Prober(filter: f, path: filter) } catch { throw CLIError(error.description) }
                let sink = SampleSink(size: sample, seed: UInt64.random(in: 0 ... .max))
                var options = reading.scanOptions()
                options.identitySink = sink
                let report = Scanner(options: options).scan(paths: leak)
                if let failed = report.files.first(where: { $0.error != nil }) { throw CLIError("\(failed.path): \(failed.error ?? "unreadable")") }
                guard let picked = sink.sample(), !picked.1.isEmpty else { throw CLIError("no identity key (MyKad, phone, email) found in the leak") }
                let (type, values) = picked
                let request: PrivateProbe.Request
                do { request = try prober.blind(values.map { (type, $0) }, requester: requester) } catch { throw CLIError(error.description) }
                try OPRFCommand.writeJSON(request, requests)
                Console.status("wrote \(request.elements.count) blinded \(type.name) identifiers to \(requests); waiting for \(responses)")
                let deadline = Date().addingTimeInterval(timeout)
                while !FileManager.default.fileExists(atPath: responses) {
                    if Date() > deadline { throw CLIError("no response at \(responses) after \(Int(timeout)) s; the blinds are gone, run the probe again") }
                    Thread.sleep(forTimeInterval: 0.5)
                }
                Thread.sleep(forTimeInterval: 0.5)
                let response = try OPRFCommand.readJSON(PrivateProbe.Response.self, responses, what: "an OPRF response")
                let result: PrivateProbe.Result
                do { result = try prober.finalize(response) } catch { throw CLIError(error.description) }
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys]
                    print(String(decoding: try encoder.encode(result), as: UTF8.self))
                } else {
                    let c = result.containment
                    print(String(format: "%@: containment %.1f%% [%.1f%%–%.1f%%] on %@ (%d of %d sampled identifiers; every DLEQ proof verified)",
                                 result.organisation, c.value * 100, c.low * 100, c.high * 100, type.name, c.matched, c.sampled))
                }
            }
        }

        struct Evaluate: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "evaluate", abstract: "Organisation: evaluate a request with DLEQ proofs, within the requester's rate limit, logging it.")

            @Option(help: ArgumentHelp("The VOPRF private key (from `oprf setup`).", valueName: "file"))
            var key: String

            @Option(help: ArgumentHelp("The investigator's request.", valueName: "file"))
            var requests: String

            @Option(help: ArgumentHelp("Where to write the response.", valueName: "file"))
            var out: String

            @Option(help: ArgumentHelp("The query log (NDJSON, appended, mode 0600).", valueName: "file"))
            var log: String

            @Option(help: "Evaluations allowed per requester per window.")
            var limit: Int = 20_000

            @Option(help: "The rate-limit window in seconds.")
            var window: Double = 86_400

            func run() throws {
                do {
                    let pem = try SecretFile.read(key, what: "the VOPRF key", hint: "made by `leaktrace oprf setup`")
                    let privateKey = try PrivateProbe.privateKey(pem: pem, path: key)
                    guard let raw = FileManager.default.contents(atPath: requests) else { throw CLIError("cannot read \(requests)") }
                    let request: PrivateProbe.Request
                    do { request = try JSONDecoder().decode(PrivateProbe.Request.self, from: raw) } catch { throw CLIError("\(requests) is not an OPRF request") }
                    guard request.format == PrivateProbe.requestFormat else { throw CLIError("\(requests): request format \(request.format)") }
                    try PrivateProbe.admit(requester: request.requester, elements: request.elements.count,
                                           requestSHA256: Hex.encode(SHA256.hash(data: raw)), log: log, limit: limit, window: window)
                    let response = try PrivateProbe.evaluate(request, key: privateKey, organisation: request.organisation)
                    try OPRFCommand.writeJSON(response, out)
                    print("Evaluated \(request.elements.count) blinded elements for \(request.requester); response in \(out), logged in \(log).")
                } catch let e as LeakTraceError {
                    throw CLIError(e.description)
                }
            }
        }
    }
}
