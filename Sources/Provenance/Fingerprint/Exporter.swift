import Crypto
import Foundation
import Identifiers
import LeakTraceCore

/// Options of one export (`leaktrace export`).
public struct ExportOptions: Sendable {
    public var recipient: String
    public var purpose: String
    public var input: String
    public var output: String
    /// Rows in keyed per-recipient order (true) or in the source's order.
    public var keyedOrder = true
    /// Unique canaries; nil for the spec's default max(20, ⌈4.6/q_min⌉) capped at 1% of rows
    /// (at least 1 when contacts are configured).
    public var canaries: Int?
    public var minimumLeakFraction = 0.05
    public var contacts: CanaryContacts?
    /// Column kind overrides (header → kind).
    public var kinds: [String: FieldKind] = [:]
    /// Columns that carry no marks.
    public var unmarked: Set<String> = []
    /// Optional columns that may be left empty as a mark (`optional.blank`).
    public var suppressible: Set<String> = []
    public var keyColumn: String?
    public var cutoff = Tardos.defaultCutoff
    public var time = Date()

    public init(recipient: String, purpose: String, input: String, output: String) {
        self.recipient = recipient
        self.purpose = purpose
        self.input = input
        self.output = output
    }
}

/// What an export did.
public struct ExportSummary: Sendable {
    public var record: TransferRecord
    public var seq: Int
    /// Mean number of slots that carry a symbol per marked row.
    public var slotsPerRow: Double
}

/// Writes one recipient's marked copy of a table and records it in the ledger (spec §8.1 item 4).
public struct Exporter {
    public let keys: KeyRing
    public let ledger: TransferLedger

    public init(keys: KeyRing, ledger: TransferLedger) {
        self.keys = keys
        self.ledger = ledger
    }

    public func export(_ options: ExportOptions) throws(LeakTraceError) -> ExportSummary {
        guard !options.recipient.isEmpty, !options.recipient.contains("\n") else {
            throw LeakTraceError(.invalidArgument, "--recipient must be a non-empty single-line id")
        }
        let reader = try TableReader(path: options.input)
        let header = reader.header
        guard !header.isEmpty else { throw LeakTraceError(.emptyInput, "no header row", at: InputLocation(file: options.input)) }
        var sample: [(line: Int, cells: [String])] = []
        while sample.count < 200, let row = try reader.next() { sample.append(row) }
        var plan = try MarkPlan.detect(columns: header, sample: sample.map { $0.cells }, overrides: options.kinds, keyColumn: options.keyColumn)
        for (i, c) in header.enumerated() {
            if options.unmarked.contains(c) { plan.slots[i] = [] }
            if options.suppressible.contains(c), i != plan.keyColumn { plan.slots[i].append(SlotKind.optionalBlank) }
        }
        let code = FingerprintCode(keys: keys, cutoff: options.cutoff)
        let slotHashes = plan.columns.indices.map { i in plan.slots[i].map { FingerprintCode.slotHash(column: plan.columns[i], slot: $0) } }

        let previous = try ledger.records()
        let seq = (previous.last?.seq ?? 0) + 1
        let transferId = String(format: "T%04d", seq)
        let canaryBase = previous.map { $0.record.canaryBase + $0.record.canaries.count }.max() ?? 0

        var sink = try ExportSink(path: options.output, keyed: options.keyedOrder, header: header)
        var sketch = FracMinHash(scale: 64)
        var rows = 0, marked = 0, slotsUsed = 0
        var donors: [[String]] = []
        var donorRng = SplitMix(seed: code.ledger(3, transferId))

        func process(_ cells: [String]) throws(LeakTraceError) {
            rows += 1
            if donors.count < 64 { donors.append(cells) } else {
                let j = Int(donorRng.next() % UInt64(rows))
                if j < 64 { donors[j] = cells }
            }
            guard let key = FieldCanon.canonical(cells[plan.keyColumn], kind: plan.kinds[plan.keyColumn]) else {
                try sink.add(cells, order: donorRng.next())
                return
            }
            sketch.insert(code.rowHash(rowKey: key))
            let biasSeed = code.biasSeed(rowKey: key)
            let symbolSeed = code.symbolSeed(recipient: options.recipient, rowKey: key)
            var out = cells
            var used = 0
            for c in plan.columns.indices where !plan.slots[c].isEmpty {
                let (value, n) = Self.render(cells[c], kind: plan.kinds[c], slots: plan.slots[c], hashes: slotHashes[c], code: code, biasSeed: biasSeed, symbolSeed: symbolSeed)
                out[c] = value
                used += n
            }
            marked += 1
            slotsUsed += used
            try sink.add(out, order: FingerprintCode.orderKey(symbolSeed: symbolSeed))
        }
        // Canaries: made after the rows in keyed order (donors from a reservoir of all rows, count
        // from the real row count); in source order made first from the sample, with the count
        // and positions from the row count estimated by size, so they are spread through the file.
        var canaryRecords: [CanaryRecord] = []
        let factory = options.contacts.map { CanaryFactory(keys: keys, contacts: $0) }
        func defaultCount(_ n: Int) -> Int {
            options.canaries ?? max(1, min(max(20, Int((4.6 / options.minimumLeakFraction).rounded(.up))), n / 100))
        }
        func makeCanaries(_ count: Int, donors: [[String]]) throws(LeakTraceError) -> [(cells: [String], seed: UInt64)] {
            guard let factory else { return [] }
            var out: [(cells: [String], seed: UInt64)] = []
            for i in 0 ..< count {
                let canary = try factory.canary(index: canaryBase + i, transferId: transferId)
                let donor = donors.isEmpty ? [String](repeating: "", count: header.count) : donors[Int(canary.seed % UInt64(donors.count))]
                canaryRecords.append(factory.record(canary))
                out.append((Self.canaryRow(canary, plan: plan, donor: donor), canary.seed))
            }
            return out
        }
        var pending: [(position: Int, cells: [String])] = []
        if !options.keyedOrder, factory != nil {
            let size = (try? FileManager.default.attributesOfItem(atPath: options.input)[.size] as? Int) ?? 0
            let sampleBytes = sample.reduce(0) { $0 + $1.cells.reduce(1) { $0 + $1.utf8.count + 1 } }
            let estimate = sample.count < 200 ? sample.count : max(sample.count, size / max(sampleBytes / max(sample.count, 1), 1))
            var rng = SplitMix(seed: code.ledger(4, transferId))
            pending = try makeCanaries(defaultCount(estimate), donors: sample.map { $0.cells })
                .map { (Int(rng.next() % UInt64(max(estimate, 1))), $0.cells) }
                .sorted { $0.position > $1.position }
        }
        func emitPending() throws(LeakTraceError) {
            while let last = pending.last, last.position <= rows {
                try sink.add(last.cells, order: 0)
                pending.removeLast()
            }
        }
        for row in sample { try emitPending(); try process(row.cells) }
        while let row = try reader.next() { try emitPending(); try process(row.cells) }
        for c in pending.reversed() { try sink.add(c.cells, order: 0) }
        sketch.finish()

        if options.keyedOrder {
            for c in try makeCanaries(defaultCount(rows), donors: donors) {
                try sink.add(c.cells, order: SplitMix.mix(c.seed ^ 0x1234_5678))
            }
        }
        let digest = try sink.finish()
        let record = TransferRecord(
            transferId: transferId, recipient: options.recipient, purpose: options.purpose,
            time: ISO8601DateFormatter().string(from: options.time), keyId: keys.keyId,
            input: URL(fileURLWithPath: options.input).lastPathComponent, output: URL(fileURLWithPath: options.output).lastPathComponent,
            columns: header, keyColumn: header[plan.keyColumn], rowCount: rows + canaryRecords.count, markedRows: marked,
            fileSHA256: digest, order: options.keyedOrder ? "keyed" : "source", cutoff: options.cutoff,
            slotSchema: plan.schema,
            canaryPhoneRange: options.contacts.map { [$0.firstPhone, $0.lastPhone] }, canaryEmailDomain: options.contacts?.emailDomain,
            canaryBase: canaryBase, canaries: canaryRecords,
            rowKeySketchScale: 64, rowKeySketch: sketch.hashes)
        try ledger.append(record, keys: keys)
        return ExportSummary(record: record, seq: seq, slotsPerRow: marked > 0 ? Double(slotsUsed) / Double(marked) : 0)
    }

    /// Renders one cell with its slots' symbols; returns the cell and how many symbols it carries.
    static func render(_ cell: String, kind: FieldKind, slots: [SlotKind], hashes: [UInt64], code: FingerprintCode, biasSeed: UInt64, symbolSeed: UInt64) -> (String, Int) {
        guard let canonical = FieldCanon.canonical(cell, kind: kind) else { return (cell, 0) }
        func symbol(_ k: Int) -> Bool {
            let p = code.slotBias(seed: biasSeed, slotHash: hashes[k])
            return FingerprintCode.slotSymbol(seed: symbolSeed, slotHash: hashes[k], bias: p)
        }
        var value = cell
        var used = 0
        var hyphen: Bool?, space: Bool?
        for (k, slot) in slots.enumerated() {
            switch slot {
            case .phoneHyphen: hyphen = symbol(k)
            case .phoneSpace: space = symbol(k)
            case .optionalBlank:
                if !value.isEmpty, symbol(k) { value = ""; used += 1 } else if !value.isEmpty { used += 1 }
            default:
                if let pair = SlotCodec.variants(slot, canonical: canonical, kind: kind, source: value) {
                    value = symbol(k) ? pair.1 : pair.0
                    used += 1
                }
            }
        }
        if hyphen != nil || space != nil {
            // A slot not in the plan keeps the national display's choice (hyphen and grouping).
            if let v = SlotCodec.phoneVariant(canonical: canonical, hyphen: hyphen ?? true, space: space ?? true),
               FieldCanon.canonical(v, kind: kind) == canonical {
                value = v
                used += (hyphen != nil ? 1 : 0) + (space != nil ? 1 : 0)
            }
        }
        return (value, used)
    }

    /// A canary's row: its own identity in the identity columns, a donor row's non-identifying
    /// columns (postcode, town, plan…), fresh digits in other identifier columns.
    static func canaryRow(_ canary: Canary, plan: MarkPlan, donor: [String]) -> [String] {
        var rng = SplitMix(seed: canary.seed ^ 0xC0FF_EE00)
        var cells = donor
        var addressIndex = 0
        for (i, column) in plan.columns.enumerated() {
            let style = donor[i]
            switch plan.kinds[i] {
            case .phoneInternational:
                cells[i] = style.hasPrefix("+") ? canary.phone : String(canary.phone.dropFirst())
            case .phone:
                cells[i] = SlotCodec.phoneVariant(canonical: canary.phone, hyphen: rng.next() & 1 == 0, space: rng.next() & 1 == 0) ?? canary.phone
            case .mykad:
                let d = Array(canary.mykad)
                cells[i] = style.contains("-") ? String(d[0 ..< 6]) + "-" + String(d[6 ..< 8]) + "-" + String(d[8 ..< 12]) : canary.mykad
            case .name:
                let upper = style.isEmpty || style == style.uppercased()
                cells[i] = upper ? canary.name.uppercased() : SlotCodec.titleCase(canary.name.lowercased())
            case .address:
                let text = addressIndex == 0 ? canary.street : canary.area
                addressIndex += 1
                let upper = !style.isEmpty && style == style.uppercased()
                cells[i] = upper ? text.uppercased() : text
            case .email:
                cells[i] = canary.email
            case .other:
                let hint = HeaderVocabulary.classify(column)?.type
                switch hint {
                case .gender?:
                    let pairs: [(String, String)] = [("L", "P"), ("M", "F"), ("Lelaki", "Perempuan"), ("Male", "Female")]
                    if let pair = pairs.first(where: { $0.0.caseInsensitiveCompare(style) == .orderedSame || $0.1.caseInsensitiveCompare(style) == .orderedSame }) {
                        cells[i] = canary.male ? pair.0 : pair.1
                    }
                case .birthDate?:
                    let b = canary.birth
                    cells[i] = style.contains("/") ? String(format: "%02d/%02d/%04d", b.day, b.month, b.year) : String(format: "%04d-%02d-%02d", b.year, b.month, b.day)
                case .imsi?, .iccid?, .imei?, .passport?, .oldIC?, .paymentCard?, .bankAccount?, .phoneMobile?, .phoneFixed?, .mykad?, .email?, .name?:
                    // Never a real person's identifier: same shape, fresh digits (prefix kept).
                    var out = ""
                    for (n, ch) in style.enumerated() {
                        out.append(ch.isASCII && ch.isNumber && n >= 5 ? Character(String(rng.next() % 10)) : ch)
                    }
                    cells[i] = out
                default:
                    break
                }
            }
        }
        return cells
    }
}

/// Writes the copy: straight through in source order, or through 256 keyed buckets on disk that
/// are sorted one at a time (keyed order without holding the whole copy in memory).
struct ExportSink {
    let path: String
    let keyed: Bool
    var hasher = SHA256()
    var out: FileHandle
    var buffer: [UInt8] = []
    var bucketDir: String?
    var buckets: [FileHandle] = []
    var bucketBuffers: [[UInt8]] = []

    init(path: String, keyed: Bool, header: [String]) throws(LeakTraceError) {
        self.path = path
        self.keyed = keyed
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw LeakTraceError(.io, "cannot create the output file", at: InputLocation(file: path))
        }
        out = handle
        CSVWriter.append(header, to: &buffer)
        if keyed {
            let dir = path + ".buckets-\(getpid())"
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false) } catch {
                throw LeakTraceError(.io, "cannot create a scratch directory next to the output", at: InputLocation(file: dir))
            }
            bucketDir = dir
            for b in 0 ..< 256 {
                let p = "\(dir)/\(b)"
                FileManager.default.createFile(atPath: p, contents: nil)
                guard let h = FileHandle(forWritingAtPath: p) else { throw LeakTraceError(.io, "cannot create a scratch file", at: InputLocation(file: p)) }
                buckets.append(h)
            }
            bucketBuffers = Array(repeating: [], count: 256)
        }
    }

    mutating func flushOut(force: Bool = false) throws(LeakTraceError) {
        guard buffer.count >= 1 << 20 || (force && !buffer.isEmpty) else { return }
        hasher.update(data: buffer)
        do { try out.write(contentsOf: buffer) } catch { throw LeakTraceError(.io, "cannot write the output", at: InputLocation(file: path)) }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func add(_ row: [String], order: UInt64) throws(LeakTraceError) {
        if !keyed {
            CSVWriter.append(row, to: &buffer)
            try flushOut()
            return
        }
        let b = Int(order >> 56)
        withUnsafeBytes(of: order.littleEndian) { bucketBuffers[b].append(contentsOf: $0) }
        var line: [UInt8] = []
        CSVWriter.append(row, to: &line)
        withUnsafeBytes(of: UInt32(line.count).littleEndian) { bucketBuffers[b].append(contentsOf: $0) }
        bucketBuffers[b] += line
        if bucketBuffers[b].count >= 64 << 10 {
            do { try buckets[b].write(contentsOf: bucketBuffers[b]) } catch { throw LeakTraceError(.io, "cannot write a scratch file") }
            bucketBuffers[b].removeAll(keepingCapacity: true)
        }
    }

    /// Finishes the file and returns its SHA-256 in hex.
    mutating func finish() throws(LeakTraceError) -> String {
        if keyed, let dir = bucketDir {
            defer { try? FileManager.default.removeItem(atPath: dir) }
            for b in 0 ..< 256 {
                do {
                    try buckets[b].write(contentsOf: bucketBuffers[b])
                    try buckets[b].close()
                } catch { throw LeakTraceError(.io, "cannot write a scratch file") }
                bucketBuffers[b] = []
                guard let data = FileManager.default.contents(atPath: "\(dir)/\(b)") else {
                    throw LeakTraceError(.io, "cannot read back a scratch file")
                }
                let bytes = [UInt8](data)
                var items: [(key: UInt64, start: Int, end: Int)] = []
                var i = 0
                while i + 12 <= bytes.count {
                    var key: UInt64 = 0, len: UInt32 = 0
                    for k in 0 ..< 8 { key |= UInt64(bytes[i + k]) << (8 * k) }
                    for k in 0 ..< 4 { len |= UInt32(bytes[i + 8 + k]) << (8 * k) }
                    items.append((key, i + 12, i + 12 + Int(len)))
                    i += 12 + Int(len)
                }
                items.sort { $0.key < $1.key }
                for it in items {
                    buffer.append(contentsOf: bytes[it.start ..< it.end])
                    try flushOut()
                }
            }
        }
        try flushOut(force: true)
        do { try out.close() } catch { throw LeakTraceError(.io, "cannot close the output", at: InputLocation(file: path)) }
        return Hex.encode(Array(hasher.finalize()))
    }
}
