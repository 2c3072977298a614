import ArgumentParser
import Exposure
import Foundation
import LeakTraceCore
import Triage

extension LeakTrace {
    /// `leaktrace breach add|list|show|retire|remove`: the breach index.
    struct BreachCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "breach",
            abstract: "Index leaked dumps as named breaches (keyed hashes only) and manage them.",
            subcommands: [Add.self, List.self, Show.self, Retire.self, Remove.self]
        )
    }
}

extension LeakTrace.BreachCommand {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Scan a dump and index it as a breach.",
            discussion: """
            Every MyKad, phone number and email of every kept record is stored as an HMAC-SHA256 keyed \
            hash (the key stays outside the database), with the classes of data exposed for that \
            person. The ingest is streamed and batched; if it is killed, run the same command again: it \
            resumes after the last committed batch and loses or double-counts nothing. A breach that is \
            already indexed from the same file is left as it is.
            """
        )

        @Argument(help: "The dump to index.")
        var file: String

        @Option(help: "Stable id: Pascal-case letters and digits (HIBP's Name), e.g. MyTelco2014.")
        var name: String

        @Option(help: "Display title (default: the name).")
        var title: String?

        @Option(help: "The breached organisation's web domain.")
        var domain: String = ""

        @Option(help: ArgumentHelp("Date of the breach, YYYY-MM-DD (default: the latest record date in the dump, else today).", valueName: "date"))
        var date: String?

        @Option(help: "Description (HTML, shown as written).")
        var description: String = ""

        @Option(help: "The organisation the data came from, if known.")
        var sourceOrganisation: String?

        @Option(help: "Logo URI (HIBP's LogoPath).")
        var logoPath: String = ""

        @Flag(help: "Sensitive breach: never shown without proof of ownership.")
        var sensitive = false

        @Flag(help: "Not verified as a real breach.")
        var unverified = false

        @Flag(help: "Known or suspected to be fabricated.")
        var fabricated = false

        @Flag(help: "A spam list, not a security compromise.")
        var spamList = false

        @Flag(help: "Data from malware.")
        var malware = false

        @Flag(help: "Data from stealer logs.")
        var stealerLog = false

        @Flag(help: "Free for domain search without a subscription.")
        var subscriptionFree = false

        @Option(help: ArgumentHelp("Also write the triage report (JSON) here; its SHA-256 becomes the breach's report id.", valueName: "file"))
        var report: String?

        @OptionGroup var index: StoreOptions
        @OptionGroup var reading: ReadingOptions

        @Flag(help: "Print JSON.")
        var json = false

        @Flag(help: "No progress lines on stderr.")
        var quiet = false

        func validate() throws {
            guard Breach.isValidName(name) else {
                throw ValidationError("--name must be Pascal-case letters and digits, 1 to 64, starting with a capital (e.g. MyTelco2014)")
            }
            if let date, CivilDate(iso: date) == nil { throw ValidationError("--date must be a real date as YYYY-MM-DD") }
        }

        func run() async throws {
            guard FileManager.default.isReadableFile(atPath: file) else { throw CLIError("\(file): cannot read the file") }
            var breach = Breach(name: name, title: title, domain: domain, breachDate: date ?? "", addedDate: Breach.timestamp(Date()), description: description)
            breach.isSensitive = sensitive
            breach.isVerified = !unverified
            breach.isFabricated = fabricated
            breach.isSpamList = spamList
            breach.isMalware = malware
            breach.isStealerLog = stealerLog
            breach.isSubscriptionFree = subscriptionFree
            breach.logoPath = logoPath
            breach.sourceOrganisation = sourceOrganisation
            var options = reading.scanOptions()
            let quiet = quiet
            if !quiet {
                options.progress = { p in
                    let share = p.bytesTotal > 0 ? Double(p.bytesDone) / Double(p.bytesTotal) * 100 : 0
                    Console.status(String(format: "indexing %@: %.0f%%, %d records read", p.path, min(share, 100), p.records))
                }
            }
            let request = Ingestor.Request(path: file, breach: breach, scan: options, reportPath: report)
            let result: Ingestor.Result
            do {
                result = try await StoreFactory.withStore(index, logger: StoreFactory.commandLogger()) { store, key in
                    try await Ingestor(store: store, key: key).run(request)
                }
            } catch let e as StoreError {
                throw CLIError(e.message)
            } catch let e as LeakTraceError {
                throw CLIError(e.description)
            }
            let b = result.breach
            if json {
                let out = IngestSummary(
                    name: b.name, alreadyIndexed: result.alreadyIndexed, resumedFromRecord: result.resumedFromRecord,
                    records: b.records, pwnCount: b.pwnCount, entries: result.entries, dataClasses: b.dataClasses,
                    breachDate: b.breachDate, fileSHA256: b.fileSHA256 ?? "", reportId: b.reportId, seconds: result.seconds,
                    recordsPerSecond: result.seconds > 0 ? Double(b.records) / result.seconds : 0
                )
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(out), as: UTF8.self))
            } else if result.alreadyIndexed {
                print("\(b.name) is already indexed from this file (\(b.pwnCount) persons); nothing to do.")
            } else {
                if result.resumedFromRecord > 0 { print("Resumed after record \(result.resumedFromRecord) (committed by an interrupted run).") }
                print("Indexed \(b.name): \(b.records) records, \(b.pwnCount) persons, \(result.entries) identifiers in \(String(format: "%.1f", result.seconds)) s (\(Int(Double(b.records) / max(result.seconds, 0.001))) records/s).")
                print("Data classes: " + (b.dataClasses.isEmpty ? "none" : b.dataClasses.joined(separator: ", ")))
                print("Breach date: \(b.breachDate); file SHA-256: \(b.fileSHA256 ?? "")")
            }
        }
    }

    struct IngestSummary: Encodable {
        var name: String
        var alreadyIndexed: Bool
        var resumedFromRecord: Int
        var records: Int
        var pwnCount: Int
        var entries: Int
        var dataClasses: [String]
        var breachDate: String
        var fileSHA256: String
        var reportId: String?
        var seconds: Double
        var recordsPerSecond: Double
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List breaches (any status).")

        @OptionGroup var index: StoreOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let breaches = try await StoreFactory.withStore(index, logger: StoreFactory.commandLogger()) { store, _ in try await store.breaches() }
            if json {
                print(try BreachJSON.encode(breaches))
                return
            }
            if breaches.isEmpty {
                print("No breaches in \(index.database ?? StoreFactory.defaultDatabase).")
                return
            }
            for b in breaches {
                var flags: [String] = [b.status.rawValue]
                if b.isSensitive { flags.append("sensitive") }
                if !b.isVerified { flags.append("unverified") }
                if b.isRetired { flags.append("retired") }
                print("\(b.name)\t\(b.breachDate)\t\(b.pwnCount) persons\t\(flags.joined(separator: ","))\t\(b.title)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one breach's record.")

        @Argument(help: "The breach name.")
        var name: String

        @OptionGroup var index: StoreOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let found = try await StoreFactory.withStore(index, logger: StoreFactory.commandLogger()) { store, _ in try await store.breach(named: name) }
            guard let b = found else { throw CLIError("no breach named \(name)") }
            if json {
                print(try BreachJSON.encode(b))
                return
            }
            print("""
            \(b.name): \(b.title)
              status \(b.status.rawValue); breach date \(b.breachDate); added \(b.addedDate); modified \(b.modifiedDate)
              \(b.pwnCount) persons from \(b.records) records; data classes: \(b.dataClasses.joined(separator: ", "))
              verified \(b.isVerified), sensitive \(b.isSensitive), retired \(b.isRetired), fabricated \(b.isFabricated), spam list \(b.isSpamList)
              snapshot \(b.snapshotEarliest ?? "?") .. \(b.snapshotLatest ?? "?"); source \(b.sourceOrganisation ?? "unknown")
              file SHA-256 \(b.fileSHA256 ?? "-"); report \(b.reportId ?? "-")
            """)
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retire",
            abstract: "Delete a breach's identifiers for good, keeping its record as retired (HIBP's IsRetired)."
        )

        @Argument(help: "The breach name.")
        var name: String

        @OptionGroup var index: StoreOptions

        func run() async throws {
            try await StoreFactory.withStore(index, logger: StoreFactory.commandLogger()) { store, _ in
                guard var b = try await store.breach(named: name), let id = b.id else { throw CLIError("no breach named \(name)") }
                try await store.deleteEntries(breachId: id)
                b.isRetired = true
                b.status = .retired
                b.modifiedDate = Breach.timestamp(Date())
                try await store.updateBreach(b)
            }
            print("Retired \(name): its identifiers are deleted; the record stays, marked retired.")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Delete a breach and everything indexed for it.")

        @Argument(help: "The breach name.")
        var name: String

        @OptionGroup var index: StoreOptions

        func run() async throws {
            let removed = try await StoreFactory.withStore(index, logger: StoreFactory.commandLogger()) { store, _ in try await store.deleteBreach(named: name) }
            guard removed else { throw CLIError("no breach named \(name)") }
            print("Removed \(name).")
        }
    }
}

enum BreachJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
