import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `LookupFastPath` answers the common account lookup in the channel pipeline. These tests run
/// the same requests against a live server with it and one without, and require the same
/// answers, limits, metrics and log lines, and answers in request order when requests are
/// pipelined.
@Suite("Lookup fast path: same answers as the router")
struct LookupFastPathTests {
    /// Lookups of every kind: ones the fast path answers and ones it must leave to the router.
    static func requests(_ f: Fixture) throws -> [(uri: String, headers: HTTPFields)] {
        let email = "/api/v3/breachedaccount/" + pathEscaped(Fixture.email)
        return [
            (email, .keyed),
            (email + "?truncateResponse=false", .keyed),
            (email + "?includeUnverified=false", .keyed),
            (email + "?domain=TELCO.my&truncateResponse=false", .keyed),
            (email + "?truncateResponse=maybe", .keyed),
            ("/api/v3/breachedaccount/" + pathEscaped(Fixture.email.uppercased()), .keyed),
            ("/api/v3/breachedaccount/" + pathEscaped(Fixture.phone), .keyed),
            ("/api/v3/breachedaccount/" + pathEscaped(Fixture.phoneOtherSpelling), .keyed),
            ("/api/v3/breachedaccount/" + pathEscaped(Fixture.strangerEmail), .keyed),
            ("/api/v3/breachedaccount/" + pathEscaped(Fixture.mykad), .keyed),
            ("/api/v3/breachedaccount/not-an-account", .keyed),
            ("/api/v3/breachedaccount/", .keyed),
            ("/api/v3/breachedaccount/a/b", .keyed),
            (email, .ua),
            (email, HTTPFields.keyed.with("hibp-api-key", "0123")),
            (email, HTTPFields.keyed.with("hibp-api-key", "ffffffffffffffffffffffffffffffff")),
            (email, HTTPFields.keyed.with("user-agent", " ")),
            (email, HTTPFields.keyed.with("X-LeakTrace-Ownership", try f.proof(Fixture.email))),
            ("/api/v3/breaches", .ua),
        ]
    }

    struct Answer: Equatable, CustomStringConvertible {
        var status: Int
        var contentType: String?
        var retryAfter: String?
        var allow: String?
        var body: String
        var description: String { "\(status) \(contentType ?? "-") \(body)" }

        init(_ r: TestResponse) {
            status = Int(r.status.code)
            contentType = r.headers[.contentType]
            retryAfter = r.headers[.retryAfter]
            allow = r.headers[.allow]
            body = Self.normalised(r.text)
        }

        /// JSON with its keys sorted: JSONEncoder's key order differs from process to process.
        static func normalised(_ text: String) -> String {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
                  let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
            else { return text }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Runs `body` against a live server with or without the fast path.
    static func live<T: Sendable>(fastPath: Bool, keyRPM: Int = 1000, _ body: @escaping @Sendable (Fixture, any TestClientProtocol) async throws -> T) async throws -> T {
        // Caches that outlive the test: which requests the fast path can take is then exact.
        var configuration = ServerConfiguration(port: 0, apiKeyCacheSeconds: 600, catalogueCacheSeconds: 600)
        configuration.lookupFastPath = fastPath
        let f = try await Fixture.make(configuration: configuration, keyRPM: keyRPM)
        let app = buildApplication(f.deps, logger: f.logs.logger())
        return try await app.test(.live) { client in try await body(f, client) }
    }

    /// Every response of the table, twice (the first pass warms the key and breach caches, so
    /// the second is the fast path's), plus what the metrics and logs hold afterwards.
    struct Run: Sendable {
        var answers: [Answer]
        var metricLines: [String]
        var logLines: [String]
        var fastAnswers: Int
    }

    static func run(fastPath: Bool) async throws -> Run {
        try await live(fastPath: fastPath) { f, client in
            var answers: [Answer] = []
            for _ in 0 ..< 2 {
                for (uri, headers) in try requests(f) {
                    let r = try await client.execute(uri: uri, method: .get, headers: headers)
                    #expect(r.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false, "\(uri)")
                    let date = try #require(r.headers[.date], "\(uri)")
                    #expect(date.hasSuffix(" GMT") && date.count == 29, "\(date)")
                    #expect(r.headers[.contentLength].flatMap(Int.init) == r.body.readableBytes, "\(uri)")
                    answers.append(Answer(r))
                }
            }
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: .ua).text
            let series = metrics.split(separator: "\n").map(String.init)
                .filter { $0.hasPrefix("leaktrace_http_requests_total{") || $0.hasPrefix("leaktrace_lookups_total{") || $0.hasPrefix("leaktrace_rate_limited_total{") }
                .sorted()
            let fast = metrics.split(separator: "\n").first { $0.hasPrefix("leaktrace_lookup_fast_path_total ") }
                .flatMap { Int($0.split(separator: " ").last ?? "") } ?? -1
            let logs = f.logs.entries.withLock { entries in
                entries.filter { $0.message == "request" }.map { "\($0.metadata["http.route"] ?? "-") \($0.metadata["http.status"] ?? "-") \($0.metadata["hb.request.id"] != nil)" }
            }
            let text = f.logs.allText.lowercased()
            #expect(!text.contains("alice"))
            #expect(!text.contains("123456789"))
            return Run(answers: answers, metricLines: series, logLines: logs.sorted(), fastAnswers: fast)
        }
    }

    @Test func sameAnswersMetricsAndLogLinesAsTheRouter() async throws {
        let with = try await Self.run(fastPath: true)
        let without = try await Self.run(fastPath: false)
        #expect(with.answers.count == without.answers.count)
        for (i, (a, b)) in zip(with.answers, without.answers).enumerated() {
            #expect(a == b, "request \(i): fast path \(a) vs router \(b)")
        }
        #expect(with.metricLines == without.metricLines)
        #expect(with.logLines == without.logLines)
        // Eligible: the email in 4 query forms and in upper case, the phone in 2 spellings, the
        // stranger: 8 per pass, but the first lookup of all warms the key and breach caches
        // through the router. The router-only server counts none.
        #expect(with.fastAnswers == 15)
        #expect(without.fastAnswers == 0)
        // The answers are the real ones, not two identical errors.
        #expect(with.answers[0].status == 200 && with.answers[0].body == #"[{"Name":"ForumScrape"},{"Name":"TelcoLeak"}]"#)
        #expect(with.answers[8].status == 404 && with.answers[8].body.isEmpty)
        #expect(with.answers[17].body.contains("ClinicLeak"))
    }

    @Test func keyLimitIsChargedOncePerRequest() async throws {
        func statuses(fastPath: Bool) async throws -> [String] {
            try await Self.live(fastPath: fastPath, keyRPM: 3) { f, client in
                var out: [String] = []
                for _ in 0 ..< 5 {
                    let r = try await client.execute(uri: "/api/v3/breachedaccount/" + pathEscaped(Fixture.email), method: .get, headers: .keyed)
                    out.append("\(r.status.code) \(r.headers[.retryAfter] ?? "-")")
                }
                return out
            }
        }
        let with = try await statuses(fastPath: true)
        #expect(with.prefix(3).allSatisfy { $0 == "200 -" })
        #expect(with.dropFirst(3).allSatisfy { $0.hasPrefix("429 ") && $0 != "429 -" })
        #expect(with == (try await statuses(fastPath: false)))
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await Self.live(fastPath: true) { f, client in
            let lookup = "/api/v3/breachedaccount/" + pathEscaped(Fixture.email)
            // Warm the key and breach caches, so the lookups below are the fast path's.
            _ = try await client.execute(uri: lookup, method: .get, headers: .keyed)
            let port = try #require(client.port)
            func get(_ path: String, keyed: Bool = true, close: Bool = false) -> String {
                "GET \(path) HTTP/1.1\r\nHost: localhost\r\nUser-Agent: pipelining-test\r\n"
                    + (keyed ? "hibp-api-key: \(Fixture.apiKeySecret)\r\n" : "")
                    + (close ? "Connection: close\r\n" : "") + "\r\n"
            }
            let sent = get(lookup) + get("/api/v3/breaches", keyed: false) + get(lookup) + get("/api/v3/breachedaccount/" + pathEscaped(Fixture.strangerEmail))
                + get("/api/v3/dataclasses", keyed: false) + get(lookup, close: true)
            let responses = try RawHTTP.exchange(port: port, bytes: Array(sent.utf8))
            let names = #"[{"Name":"ForumScrape"},{"Name":"TelcoLeak"}]"#
            try #require(responses.count == 6, "\(responses.map(\.status))")
            #expect(responses.map(\.status) == [200, 200, 200, 404, 200, 200])
            #expect(responses[0].body == names)
            #expect(responses[1].body.contains("\"Title\""))
            #expect(responses[2].body == names)
            #expect(responses[3].body.isEmpty)
            #expect(responses[4].body.contains("Email addresses"))
            #expect(responses[5].body == names)
        }
    }

    @Test func dateHeaderIsIMFFixdate() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        for t: Int64 in [0, 784_111_777, 951_782_400, 1_700_000_000, 1_795_000_000, 4_102_444_799, 86_399, 86_400] {
            #expect(HTTPDateCache.format(t) == formatter.string(from: Date(timeIntervalSince1970: Double(t))), "\(t)")
        }
        #expect(HTTPDateCache.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}

/// A raw HTTP/1.1 exchange over one TCP connection: send bytes (several requests, pipelined),
/// read to EOF, split the responses by `Content-Length`.
enum RawHTTP {
    struct Response {
        var status: Int
        var body: String
    }

    static func exchange(port: Int, bytes: [UInt8]) throws -> [Response] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        try #require(sent == bytes.count)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += chunk[0 ..< n]
        }
        return try split(received)
    }

    static func split(_ bytes: [UInt8]) throws -> [Response] {
        var out: [Response] = []
        var i = 0
        let crlf2: [UInt8] = [13, 10, 13, 10]
        while bytes.count - i >= 4 {
            guard let end = (i ... bytes.count - 4).first(where: { Array(bytes[$0 ..< $0 + 4]) == crlf2 }) else { break }
            let head = String(decoding: bytes[i ..< end], as: UTF8.self)
            let lines = head.components(separatedBy: "\r\n")
            let status = Int(lines[0].split(separator: " ")[1]) ?? 0
            let length = lines.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 0
            let bodyStart = end + 4
            try #require(bodyStart + length <= bytes.count)
            out.append(Response(status: status, body: String(decoding: bytes[bodyStart ..< bodyStart + length], as: UTF8.self)))
            i = bodyStart + length
        }
        return out
    }
}
