import Crypto
import _CryptoExtras
import Foundation
import LeakTraceCore
import Synchronization
import Triage

/// Private mode (spec/attribution.md §5.3): sample-and-probe over a verifiable OPRF (RFC 9497,
/// P-384/SHA-384, swift-crypto's `P384._VOPRF`), as an offline exchange of files.
///
/// 1. The organisation (`oprf setup`) makes a private key and publishes a *filter*: the
///    64-bit prefixes of F(k, x) for every identity key x of its customers, and its public key.
///    Without k nobody can compute F, so the filter is useless for enumeration.
/// 2. The investigator (`oprf probe`) samples k identifiers of the leak, blinds them and writes
///    a request; the blinds never leave its process.
/// 3. The organisation (`oprf evaluate`) evaluates the blinded elements with a DLEQ proof, under
///    a rate limit per requester, logging every request: each element is a membership query.
/// 4. The investigator verifies each proof, finalises, and tests membership in the filter:
///    containment = hits / k, with a Wilson interval.
///
/// The organisation sees only blinded points (uniformly random to it) and their number; the
/// investigator learns F only on identifiers it already holds, so neither side learns the
/// other's non-matching values.
public enum PrivateProbe {
    public static let filterFormat = "leaktrace-oprf-filter/1"
    public static let requestFormat = "leaktrace-oprf-request/1"
    public static let responseFormat = "leaktrace-oprf-response/1"

    /// The OPRF input for one identity key (domain-separated by type, like the sketches).
    static func input(_ type: LookupType, _ canonical: Sensitive<String>) -> Data {
        Data([type.rawValue, 0x3A]) + Data(canonical.value.utf8)
    }

    static func prefix64(_ output: Data) -> UInt64 {
        output.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    // MARK: Files

    /// What the organisation publishes.
    public struct Filter: Sendable, Codable {
        public var format = PrivateProbe.filterFormat
        public var organisation: String
        /// The VOPRF public key, x9.63 form, base64.
        public var publicKey: String
        /// 64-bit prefixes of the OPRF outputs of the organisation's identity keys, sorted.
        public var outputs: HashColumn
        public var created: String
    }

    public struct Request: Sendable, Codable {
        public var format = PrivateProbe.requestFormat
        public var requester: String
        public var organisation: String
        /// Blinded elements, base64 (RFC 9497 serialisation).
        public var elements: [String]
    }

    public struct Response: Sendable, Codable {
        public var format = PrivateProbe.responseFormat
        public var organisation: String
        /// Evaluated element ‖ DLEQ proof per request element, base64.
        public var evaluations: [String]
    }

    public struct Result: Sendable, Codable {
        public var organisation: String
        public var containment: ShareEstimate
    }

    // MARK: Organisation

    /// The filter entry of one identity key: the first 8 bytes of F(k, type‖value).
    public static func output(_ key: P384._VOPRF.PrivateKey, _ type: LookupType, _ value: Sensitive<String>) throws(LeakTraceError) -> UInt64 {
        do { return prefix64(try key.evaluate(input(type, value))) } catch {
            throw LeakTraceError(.invalidArgument, "OPRF evaluation failed")
        }
    }

    /// The published filter from the outputs of every identity key of the organisation.
    public static func filter(organisation: String, key: P384._VOPRF.PrivateKey, outputs: [UInt64], created: String) -> Filter {
        var sorted = outputs
        sorted.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(sorted.count)
        for o in sorted where unique.last != o { unique.append(o) }
        return Filter(organisation: organisation, publicKey: key.publicKey.x963Representation.base64EncodedString(),
                      outputs: HashColumn(hashes: unique), created: created)
    }

    /// A new private key and the filter of `identities` (the organisation's own customers).
    public static func setup(organisation: String, identities: some Sequence<(LookupType, Sensitive<String>)>, created: String) throws(LeakTraceError) -> (privateKeyPEM: String, filter: Filter) {
        let key = P384._VOPRF.PrivateKey(compactRepresentable: false)
        var outputs: [UInt64] = []
        for (t, v) in identities { outputs.append(try output(key, t, v)) }
        return (key.pemRepresentation, filter(organisation: organisation, key: key, outputs: outputs, created: created))
    }

    public static func privateKey(pem: String, path: String) throws(LeakTraceError) -> P384._VOPRF.PrivateKey {
        do { return try P384._VOPRF.PrivateKey(pemRepresentation: pem) } catch {
            throw LeakTraceError(.invalidArgument, "\(path): not a VOPRF private key (PEM) made by `leaktrace oprf setup`", at: InputLocation(file: path))
        }
    }

    /// The organisation's answer to a request: one evaluation with its DLEQ proof per element.
    public static func evaluate(_ request: Request, key: P384._VOPRF.PrivateKey, organisation: String) throws(LeakTraceError) -> Response {
        var out: [String] = []
        out.reserveCapacity(request.elements.count)
        for (i, text) in request.elements.enumerated() {
            guard let bytes = Data(base64Encoded: text), let element = try? P384._VOPRF.BlindedElement(oprfRepresentation: bytes) else {
                throw LeakTraceError(.malformedInput, "request element \(i + 1) is not a P-384 point")
            }
            do {
                out.append(try key.evaluate(element).rawRepresentation.base64EncodedString())
            } catch {
                throw LeakTraceError(.malformedInput, "request element \(i + 1) cannot be evaluated")
            }
        }
        return Response(organisation: organisation, evaluations: out)
    }

    // MARK: Investigator

    /// Holds the blinds between the request and the response (in memory only).
    public struct Prober: @unchecked Sendable {
        // @unchecked: swift-crypto's VOPRF types are not marked Sendable; a prober is used by one task.
        public let filter: Filter
        let publicKey: P384._VOPRF.PublicKey
        var blinded: [P384._VOPRF.BlindedInput] = []

        public init(filter: Filter, path: String = "filter") throws(LeakTraceError) {
            guard filter.format == PrivateProbe.filterFormat, let raw = Data(base64Encoded: filter.publicKey),
                  let key = try? P384._VOPRF.PublicKey(x963Representation: raw)
            else {
                throw LeakTraceError(.malformedInput, "\(path): not an OPRF filter made by `leaktrace oprf setup`", at: InputLocation(file: path))
            }
            self.filter = filter
            self.publicKey = key
        }

        /// Blinds the sampled identifiers; returns the request to send.
        public mutating func blind(_ sample: [(LookupType, Sensitive<String>)], requester: String) throws(LeakTraceError) -> Request {
            blinded = []
            do {
                for (t, v) in sample { blinded.append(try publicKey.blind(PrivateProbe.input(t, v))) }
            } catch {
                throw LeakTraceError(.invalidArgument, "cannot blind an identifier: \(error)")
            }
            return Request(requester: requester, organisation: filter.organisation,
                           elements: blinded.map { $0.blindedElement.oprfRepresentation.base64EncodedString() })
        }

        /// Verifies every proof, finalises, and tests membership in the filter.
        public func finalize(_ response: Response) throws(LeakTraceError) -> Result {
            guard response.evaluations.count == blinded.count else {
                throw LeakTraceError(.malformedInput, "the response has \(response.evaluations.count) evaluations for \(blinded.count) requests")
            }
            var hits = 0
            for (i, text) in response.evaluations.enumerated() {
                guard let raw = Data(base64Encoded: text), let evaluation = try? P384._VOPRF.BlindEvaluation(rawRepresentation: raw) else {
                    throw LeakTraceError(.malformedInput, "evaluation \(i + 1) is malformed")
                }
                let output: Data
                do { output = try publicKey.finalize(blinded[i], using: evaluation) } catch {
                    throw LeakTraceError(.malformedInput, "evaluation \(i + 1) fails its DLEQ proof: the organisation did not evaluate with the key of its published filter (or the response was altered)")
                }
                if binarySearch(filter.outputs.hashes, PrivateProbe.prefix64(output)) { hits += 1 }
            }
            return Result(organisation: filter.organisation, containment: ShareEstimate(matched: hits, sampled: blinded.count))
        }
    }

    static func binarySearch(_ a: [UInt64], _ x: UInt64) -> Bool {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < a.count && a[lo] == x
    }

    // MARK: Rate limit and query log

    /// One line of the organisation's query log (NDJSON): who asked, when, how many elements,
    /// and the SHA-256 of the request file; never the elements.
    public struct LogEntry: Sendable, Codable {
        public var time: Double
        public var requester: String
        public var elements: Int
        public var requestSHA256: String
    }

    /// Appends to the log after checking that `requester` stays within `limit` elements per
    /// `window` seconds; throws `limitExceeded` (and logs nothing) otherwise.
    public static func admit(requester: String, elements: Int, requestSHA256: String, log path: String, limit: Int, window: Double, now: Date = Date()) throws(LeakTraceError) {
        var used = 0
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            for (n, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
                guard let entry = try? JSONDecoder().decode(LogEntry.self, from: Data(line.utf8)) else {
                    throw LeakTraceError(.malformedInput, "\(path): unreadable log line", at: InputLocation(file: path, line: n + 1))
                }
                if entry.requester == requester && entry.time > now.timeIntervalSince1970 - window { used += entry.elements }
            }
        }
        guard used + elements <= limit else {
            throw LeakTraceError(.limitExceeded, "\(requester) asked for \(used) evaluations in the last \(Int(window)) s; \(elements) more would pass the limit of \(limit)")
        }
        let entry = LogEntry(time: now.timeIntervalSince1970, requester: requester, elements: elements, requestSHA256: requestSHA256)
        do {
            let line = String(decoding: try JSONEncoder().encode(entry), as: UTF8.self) + "\n"
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw LeakTraceError(.io, "cannot create the query log \(path)")
                }
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(line.utf8))
        } catch let e as LeakTraceError {
            throw e
        } catch {
            throw LeakTraceError(.io, "cannot append to the query log \(path)", at: InputLocation(file: path))
        }
    }
}

/// `oprf setup`'s scan: evaluates the OPRF on every kept record's identity keys, on the scan's
/// workers, keeping only the 64-bit output prefixes.
public final class FilterSink: IdentitySink, @unchecked Sendable {
    // @unchecked: the VOPRF key is immutable after init; `outputs` is behind a mutex.
    let key: P384._VOPRF.PrivateKey
    let types: Set<LookupType>
    private let outputs = Mutex<[UInt64]>([])
    private let failures = Mutex(0)

    public init(key: P384._VOPRF.PrivateKey, types: Set<LookupType> = Set(LookupType.allCases)) {
        self.key = key
        self.types = types
    }

    public func accept(_ batch: IdentityBatch) {
        var local: [UInt64] = []
        var failed = 0
        for row in batch.rows {
            for id in row.identifiers where types.contains(id.type) {
                if let o = try? PrivateProbe.output(key, id.type, id.canonical) { local.append(o) } else { failed += 1 }
            }
        }
        outputs.withLock { $0 += local }
        if failed > 0 { failures.withLock { $0 += failed } }
    }

    public var collected: [UInt64] { outputs.withLock { $0 } }
    public var failed: Int { failures.withLock { $0 } }
}

/// `oprf probe`'s scan: a uniform sample (reservoir) of the leak's identity keys, per type.
public final class SampleSink: IdentitySink, @unchecked Sendable {
    // @unchecked: all state behind the mutex.
    struct State {
        var seen: [LookupType: Int] = [:]
        var reservoir: [LookupType: [Sensitive<String>]] = [:]
        var rng: SplitMix64
    }

    public let size: Int
    private let state: Mutex<State>

    public init(size: Int, seed: UInt64) {
        self.size = size
        state = Mutex(State(rng: SplitMix64(seed: seed)))
    }

    public func accept(_ batch: IdentityBatch) {
        state.withLock { s in
            for row in batch.rows {
                for id in row.identifiers {
                    let n = s.seen[id.type, default: 0]
                    s.seen[id.type] = n + 1
                    if n < size {
                        s.reservoir[id.type, default: []].append(id.canonical)
                    } else {
                        let j = Int(s.rng.below(UInt64(n + 1)))
                        if j < size { s.reservoir[id.type]![j] = id.canonical }
                    }
                }
            }
        }
    }

    /// The sample of the leak's most frequent identity key (or of `type`).
    public func sample(_ type: LookupType? = nil) -> (LookupType, [Sensitive<String>])? {
        state.withLock { s in
            guard let t = type ?? s.seen.max(by: { $0.value < $1.value })?.key, let r = s.reservoir[t] else { return nil }
            return (t, r)
        }
    }
}
