import ArgumentParser
import Dumps
import LeakTraceCore
import Triage

/// How dumps are read: the options `scan` and `breach add` share.
struct ReadingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The dataset's as-of date (YYYY-MM-DD) for MyKad centuries and ages; default: the latest date in the dump's date columns, else today.", valueName: "date"))
    var referenceDate: String?

    @Option(help: "Force the format instead of sniffing it: csv, tsv, ndjson, json, mysqldump, pgdump or xlsx.")
    var format: String?

    @Option(help: "Force the CSV delimiter (one character, or 'tab').")
    var delimiter: String?

    @Option(help: "Whether the first CSV row is a header: auto, yes or no.")
    var header: String = "auto"

    @Option(help: "Records sampled before the column types are fixed.")
    var sampleRows: Int = 10_000

    @Option(help: "A record longer than this many bytes is skipped with a warning.")
    var maxRecordBytes: Int = 16 << 20

    @Option(help: "JSON nesting deeper than this is an error for that line.")
    var maxNesting: Int = 64

    @Option(help: "A compressed input or zip entry may expand at most this many times (zip and gzip bombs).")
    var maxExpansionRatio: Int = 200

    @Option(help: "Decompressed bytes allowed per gzip file or zip entry.")
    var maxDecompressedBytes: Int = 64 << 30

    @Option(help: "Entries allowed in one zip archive.")
    var maxZipEntries: Int = 10_000

    @Option(help: "Zips inside zips are opened this many levels deep.")
    var maxContainerDepth: Int = 2

    @Option(help: "A record with more fields than this (CSV, TSV, SQL, XLSX cells; JSON values, or a new column path past this many) is a bad record.")
    var maxColumns: Int = 4096

    @Flag(help: "Skip records that cannot be read (unbalanced quotes, over-long, over-wide or malformed records) and count them, instead of stopping at the first.")
    var keepGoing = false

    @Option(help: "Worker threads (default: the number of cores).")
    var workers: Int?

    /// 2 MiB: against 4 MiB, a scan of 1M rows faults in a quarter fewer pages (peak RSS 111
    /// instead of 139 MiB) and takes 2-4 % less CPU (bench/README.md, stop 22).
    @Option(help: ArgumentHelp("Bytes read per batch (the unit of parallel work and of an index transaction).", valueName: "bytes"))
    var batchBytes: Int = 2 << 20

    func validate() throws {
        if batchBytes < 4096 { throw ValidationError("--batch-bytes must be at least 4096") }
        if let referenceDate, CivilDate(iso: referenceDate) == nil {
            throw ValidationError("--reference-date must be a real date as YYYY-MM-DD")
        }
        if let format, DumpFormat(rawValue: format) == nil {
            throw ValidationError("--format must be one of: " + DumpFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let delimiter, delimiter != "tab", delimiter.utf8.count != 1 {
            throw ValidationError("--delimiter must be one ASCII character or 'tab'")
        }
        guard ["auto", "yes", "no"].contains(header) else { throw ValidationError("--header must be auto, yes or no") }
        if sampleRows < 1 { throw ValidationError("--sample-rows must be at least 1") }
        if maxRecordBytes < 1024 { throw ValidationError("--max-record-bytes must be at least 1024") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if maxColumns < 1 { throw ValidationError("--max-columns must be at least 1") }
        if maxExpansionRatio < 1 || maxDecompressedBytes < 1 || maxZipEntries < 1 || maxContainerDepth < 1 {
            throw ValidationError("--max-expansion-ratio, --max-decompressed-bytes, --max-zip-entries and --max-container-depth must be at least 1")
        }
    }

    /// The scan settings these options describe.
    func scanOptions() -> ScanOptions {
    var options = ScanOptions(today: Clock.today())
        options.reader = ReaderOptions(
            format: format.flatMap(DumpFormat.init(rawValue:)),
            delimiter: delimiter.map { $0 == "tab" ? 0x09 : $0.utf8.first! },
            maxRecordBytes: maxRecordBytes, maxNesting: maxNesting
        )
        options.reader.chunkBytes = batchBytes
        options.reader.maxExpansionRatio = maxExpansionRatio
        options.reader.maxDecompressedBytes = maxDecompressedBytes
        options.reader.maxZipEntries = maxZipEntries
        options.reader.maxContainerDepth = maxContainerDepth
        options.reader.maxColumns = maxColumns
        options.referenceDate = referenceDate.flatMap(CivilDate.init(iso:))
        options.header = header == "yes" ? .present : header == "no" ? .absent : .auto
        options.sampleRecords = sampleRows
        options.keepGoing = keepGoing
        if let workers { options.workers = workers }
        options.toolStamp = ToolInfo.stamp
        return options
    }
}
