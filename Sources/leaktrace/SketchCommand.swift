import ArgumentParser
import Foundation
import LeakTraceCore
import Provenance
import Triage

extension LeakTrace {
    /// `leaktrace sketch`: investigation keys and organisation sketches (source attribution).
    struct SketchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sketch",
            abstract: "Organisation sketches for source attribution: keyed FracMinHash samples, no raw data.",
            subcommands: [KeyDerive.self, Create.self]
        )

        struct KeyDerive: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "key",
                abstract: "Derive one investigation's key from a master key (HKDF, label sketch/<ID>/v1) and write it (mode 0600).",
                discussion: "Hand the key file to every organisation of the case over a secure channel: sketches made with it are comparable with each other and with the leak, and with nothing else. Make the master key with `leaktrace key init --key-file FILE`."
            )

            @Option(help: "The investigation id (letters, digits, '-', '_', '.').")
            var investigation: String

            @Option(help: ArgumentHelp("The investigator's master key file (64 hex digits).", valueName: "file"))
            var master: String

            @Option(help: ArgumentHelp("Where to write the investigation key (never overwritten).", valueName: "file"))
            var out: String

            func run() throws {
                do {
                    let ring = try KeyRing(file: master, what: "the master key")
                    let bytes = try InvestigationKey.derive(from: ring, investigation: investigation)
                    try SecretFile.create(at: out, contents: Hex.encode(bytes) + "\n", refusal: "an investigation key is never overwritten")
                    let key = try InvestigationKey(bytes: bytes, investigation: investigation)
                    print("Investigation key for \(investigation) written to \(out) (mode 0600), key id \(key.keyId).")
                } catch {
                    throw CLIError(error.description)
                }
            }
        }

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "create",
                abstract: "Sketch an organisation's own customer data under an investigation key.",
                discussion: """
                Reads the data like `scan` (CSV, NDJSON, SQL dumps, XLSX...), hashes every MyKad, phone and email with \
                HMAC-SHA256 under the investigation key and keeps one hash in SCALE (FracMinHash). With --activated \
                (and --deactivated) it also keeps a join/leave ledger at --dating-scale: each sampled customer's \
                activation and deactivation days, and SIM versions (phone‖ICCID) when the data has an ICCID column. \
                The file holds no raw value and no unkeyed hash. See docs/attribution.md.
                """
            )

            @Argument(help: "The organisation's customer data files.")
            var data: [String]

            @Option(help: "The organisation's name, as the report will show it.")
            var org: String

            @Option(help: ArgumentHelp("The investigation key file (from `leaktrace sketch key`).", valueName: "file"))
            var key: String

            @Option(help: "The investigation id the key belongs to.")
            var investigation: String

            @Option(help: ArgumentHelp("Where to write the sketch (JSON).", valueName: "file"))
            var out: String

            @Option(help: "Keep one identity hash in this many (FracMinHash scale; spec: 1000).")
            var scale: UInt64 = 1000

            @Option(help: ArgumentHelp("Header of the activation-date column: adds the join/leave ledger for dating.", valueName: "column"))
            var activated: String?

            @Option(help: ArgumentHelp("Header of the deactivation-date column (empty = still active).", valueName: "column"))
            var deactivated: String?

            @Option(help: "Keep one ledger entry in this many (finer dates, more exposure to the key holder; see docs/attribution.md).")
            var datingScale: UInt64 = 10

            @OptionGroup var reading: ReadingOptions

            func validate() throws {
                if scale < 1 || datingScale < 1 { throw ValidationError("--scale and --dating-scale must be at least 1") }
                if deactivated != nil && activated == nil { throw ValidationError("--deactivated needs --activated") }
                if org.isEmpty { throw ValidationError("--org must not be empty") }
            }

            func run() throws {
                let line: String
                do { line = try sketch() } catch { throw CLIError(error.description) }
                print(line)
            }

            /// Makes and writes the sketch; returns the summary line.
            private func sketch() throws(LeakTraceError) -> String {
                let ikey = try InvestigationKey(file: key, investigation: investigation)
                let started = Date()
                let sketcher = Sketcher(key: ikey, scale: scale, datingScale: datingScale, ledger: activated != nil)
                _ = try sketcher.scan(data, options: reading.scanOptions(), activated: activated, deactivated: deactivated)
                let sketch = sketcher.organisationSketch(organisation: org, created: ISO8601DateFormatter().string(from: Date()))
                try sketch.write(to: out)
                let seconds = Date().timeIntervalSince(started)
                let attributes = try? FileManager.default.attributesOfItem(atPath: out)
                let size = (attributes?[.size] as? Int) ?? 0
                var line = "Sketch of \(org) written to \(out): \(sketch.records) records in \(String(format: "%.1f", seconds)) s"
                line += String(format: " (%.0f records/s), %d bytes", Double(sketch.records) / max(seconds, 1e-9), size)
                line += "; " + sketch.identity.keys.sorted().map { "\($0): \(sketch.identity[$0]!.hashes.count) hashes" }.joined(separator: ", ")
                if let d = sketch.dating { line += "; ledger 1/\(d.scale): " + d.types.keys.sorted().map { "\($0) \(d.types[$0]!.hashes.count)" }.joined(separator: ", ") }
                if let v = sketch.versions { line += "; SIM versions \(v.hashes.count)" }
                if sketcher.undatedRecords > 0 { line += "; \(sketcher.undatedRecords) records without a readable activation date left out of the ledger" }
                return line
            }
        }
    }

    /// `leaktrace attribute`: which organisations a leak came from, how much of it each, and when.
    struct Attribute: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attribute",
            abstract: "Attribute a leak to its source organisations and date the snapshot, from their sketches.",
            discussion: "Containment of the leak in each candidate with a 95% interval, a greedy cover splitting a mixed dump by source, and the snapshot date (join/leave change-point, SIM version peak, content bounds). See docs/attribution.md."
        )

        @Argument(help: "The leaked files.")
        var leak: [String]

        @Option(name: .customLong("sketch"), help: ArgumentHelp("A candidate organisation's sketch (repeat).", valueName: "file"))
        var sketches: [String]

        @Option(help: ArgumentHelp("The investigation key file.", valueName: "file"))
        var key: String

        @Option(help: "The investigation id.")
        var investigation: String

        @Flag(help: "Print JSON (leaktrace-attribution/1).")
        var json = false

        @Option(help: ArgumentHelp("Also write a self-contained HTML report to this file.", valueName: "file"))
        var html: String?

        @OptionGroup var reading: ReadingOptions

        func validate() throws {
            if sketches.isEmpty { throw ValidationError("give at least one --sketch") }
        }

        func run() throws {
            do {
                let ikey = try InvestigationKey(file: key, investigation: investigation)
                var candidates: [(path: String?, sketch: OrganisationSketch)] = []
                for path in sketches { candidates.append((path: Optional(path), sketch: try OrganisationSketch.read(path))) }
                try Attributor.checkCompatible(candidates.map { ($0.path!, $0.sketch) }, key: ikey)
                let sketcher = Sketcher(key: ikey, scale: Attributor.leakScale(for: candidates.map(\.sketch)), datingScale: Attributor.leakScale(for: candidates.map(\.sketch)), ledger: false)
                let started = Date()
                let scan = try sketcher.scan(leak, options: reading.scanOptions())
                let report = Attributor.attribute(leak: sketcher.leakSketch(), candidates: candidates, key: ikey, leakFiles: leak, snapshot: scan.snapshot)
                Console.status(String(format: "attributed %d records against %d sketches in %.1f s", report.leakRecords, candidates.count, Date().timeIntervalSince(started)))
                if let html {
                    do { try Data(AttributionRenderer.html(report).utf8).write(to: URL(fileURLWithPath: html)) } catch {
                        throw CLIError("cannot write \(html): \(error.localizedDescription)")
                    }
                }
                print(json ? try AttributionRenderer.json(report) : AttributionRenderer.text(report), terminator: json ? "\n" : "")
            } catch let e as LeakTraceError {
                throw CLIError(e.description)
            }
        }
    }
}
