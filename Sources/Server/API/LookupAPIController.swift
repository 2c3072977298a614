import Exposure
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import LeakTraceCore
import Logging
import Triage
import NIOCore

/// HIBP v3's breach endpoints under `/api/v3` (spec/lookup-services.md §1.1), on LeakTrace's
/// lookup rules (`LookupService`): the catalogue without a key, account lookups with one.
struct LookupAPIController: Sendable {
    static let ownershipHeader = HTTPField.Name("X-LeakTrace-Ownership")!

    let lookup: LookupService
    let authenticator: APIKeyAuthenticator
    let addressLimiter: RateLimiter
    let clientAddress: ClientAddress
    let configuration: ServerConfiguration
    let metrics: ServerMetrics

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("breaches", use: breaches)
        group.get("breach/{name}", use: breach)
        group.get("latestbreach", use: latestBreach)
        group.get("dataclasses", use: dataClasses)
        group.get("breachedaccount/{account}", use: breachedAccountGet)
        group.post("breachedaccount", use: breachedAccountPost)
        group.get("breachedaccount", use: breachedAccountEmpty)
    }

    // MARK: - Catalogue (no key)

    @Sendable func breaches(_ request: Request, context: AppRequestContext) async throws -> Response {
        try limitAddress(request, context: context)
        let q = request.uri.queryParameters
        let domain = q["domain"].map(String.init).flatMap { $0.isEmpty ? nil : $0.lowercased() }
        let spam = try LookupQuery.bool(q, "isSpamList")
        let list = try await lookup.catalogueBreaches().filter { b in
            (domain == nil || b.domain.lowercased() == domain) && (spam == nil || b.isSpamList == spam)
        }
        return try JSONBody.response(list.map { BreachModel(breach: $0) })
    }

    @Sendable func breach(_ request: Request, context: AppRequestContext) async throws -> Response {
        try limitAddress(request, context: context)
        let name = Self.decoded(context.parameters.get("name") ?? "")
        let list = try await lookup.catalogueBreaches()
        guard let b = list.first(where: { $0.name == name }) ?? list.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw EmptyNotFound()
        }
        return try JSONBody.response(BreachModel(breach: b))
    }

    @Sendable func latestBreach(_ request: Request, context: AppRequestContext) async throws -> Response {
        try limitAddress(request, context: context)
        guard let b = try await lookup.catalogueBreaches().max(by: { ($0.addedDate, $0.name) < ($1.addedDate, $1.name) }) else {
            throw EmptyNotFound()
        }
        return try JSONBody.response(BreachModel(breach: b))
    }

    @Sendable func dataClasses(_ request: Request, context: AppRequestContext) async throws -> Response {
        try limitAddress(request, context: context)
        let titles = DataClass.allCases.map(\.title).sorted { $0.lowercased() < $1.lowercased() }
        return try JSONBody.response(titles)
    }

    // MARK: - Account lookups (key)

    @Sendable func breachedAccountGet(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await authenticate(request, context: context)
        var context = context
        context.apiKeyId = record.id
        let account = Self.decoded(context.parameters.get("account") ?? "")
        let proof = request.headers[Self.ownershipHeader]
        return try await answer(account: account, proof: proof, request: request, context: context)
    }

    /// `GET /api/v3/breachedaccount/` is the account route with an empty account (400 after the
    /// key check); without the slash it is the POST route's path (405).
    @Sendable func breachedAccountEmpty(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard request.uri.path.hasSuffix("/") else {
            throw APIError(.methodNotAllowed, "Method not allowed.", headers: [.allow: "POST"])
        }
        _ = try await authenticate(request, context: context)
        throw APIError.badAccount
    }

    struct LookupBody: Decodable {
        var account: String
        var proof: String?
    }

    @Sendable func breachedAccountPost(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await authenticate(request, context: context)
        var context = context
        context.apiKeyId = record.id
        let body = try await JSONInput.decode(LookupBody.self, from: request)
        let proof = body.proof ?? request.headers[Self.ownershipHeader]
        return try await answer(account: body.account, proof: proof, request: request, context: context)
    }

    private func answer(account raw: String, proof token: String?, request: Request, context: AppRequestContext) async throws -> Response {
        let query = try LookupQuery(request.uri.queryParameters)
        guard let account = Account.parse(raw) else {
            metrics.lookup(type: "invalid", result: "bad_request")
            throw APIError.badAccount
        }
        let now = Int64(Date().timeIntervalSince1970)
        let proof = token.flatMap { OwnershipProof.verify(TextTrim.trimmed($0, .whitespaces), key: lookup.key, now: now) }
        let type = LookupTypeName(account.type).rawValue
        let hits: [LookupService.Hit]
        do {
            hits = try await lookup.breaches(for: account, filter: query.filter, proof: proof, now: now)
        } catch LookupService.Failure.ownershipRequired {
            metrics.lookup(type: type, result: "ownership_required")
            throw APIError.ownershipRequired
        }
        context.logger.debug("lookup", metadata: ["lookup.type": .string(type), "lookup.hits": .stringConvertible(hits.count), "apikey.id": .string(context.apiKeyId ?? "")])
        return try Self.answer(hits, query: query, type: type, metrics: metrics).response
    }

    /// The answer to a lookup with these hits: 404 with an empty body for none (returned, not
    /// thrown: a quarter of lookups are misses, and the error path costs more than the answer),
    /// the breach names (truncated) or the breaches with the person's data classes. Shared by
    /// the router and `LookupFastPath`.
    static func answer(_ hits: [LookupService.Hit], query: LookupQuery, type: String, metrics: ServerMetrics) throws -> PlainResponse {
        guard !hits.isEmpty else {
            metrics.lookup(type: type, result: "not_found")
            return PlainResponse(status: .notFound)
        }
        metrics.lookup(type: type, result: "found")
        if query.truncate {
            return PlainResponse(status: .ok, contentType: JSONBody.contentType, body: ByteBuffer(string: JSONBody.nameListText(hits.map(\.breach.name))))
        }
        let models = hits.map { BreachModel(breach: $0.breach, personDataClasses: $0.personClasses) }
        return PlainResponse(status: .ok, contentType: JSONBody.contentType, body: ByteBuffer(bytes: try JSONBody.encode(models)))
    }

    // MARK: - Helpers

    private func authenticate(_ request: Request, context: AppRequestContext) async throws -> APIKeyRecord {
        do {
            return try await authenticator.authenticate(request)
        } catch let e as APIError where e.status == .unauthorized {
            // Key guessing is limited per address, like the public endpoints.
            try limitAddress(request, context: context)
            throw e
        }
    }

    func limitAddress(_ request: Request, context: AppRequestContext) throws {
        let address = clientAddress.of(request, context: context)
        if case .limited(let retry) = addressLimiter.take("addr:" + address, rpm: configuration.publicRPM) {
            throw RateLimitedError(scope: "address", retryAfter: retry)
        }
    }

    /// A path parameter with its percent-escapes decoded (as UTF-8); left as it is when an
    /// escape is malformed or decodes to invalid UTF-8.
    static func decoded(_ s: String) -> String {
        guard s.utf8.contains(0x25) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var it = s.utf8.makeIterator()
        func hex(_ c: UInt8?) -> UInt8? {
            switch c {
            case .some(let c) where c >= 0x30 && c <= 0x39: c - 0x30
            case .some(let c) where c >= 0x41 && c <= 0x46: c - 0x37
            case .some(let c) where c >= 0x61 && c <= 0x66: c - 0x57
            default: nil
            }
        }
        while let c = it.next() {
            if c == 0x25 {
                guard let h = hex(it.next()), let l = hex(it.next()) else { return s }
                out.append(h << 4 | l)
            } else {
                out.append(c)
            }
        }
        return String(validating: out, as: UTF8.self) ?? s
    }
}

/// JSON request bodies: at most 16 KiB, decoded into `T`; anything else is 400 in HIBP's shape.
enum JSONInput {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        if let ct = request.headers[.contentType], !ct.lowercased().hasPrefix("application/json") {
            throw APIError(.badRequest, "The body must be JSON (Content-Type: application/json).")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 16 * 1024)
        } catch {
            throw APIError(.badRequest, "The body is too large.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError(.badRequest, "The body is not valid JSON of the expected shape.")
        }
    }
}

/// The query of an account lookup: HIBP's `truncateResponse` and `includeUnverified` (both
/// default true) and `domain`.
struct LookupQuery: Sendable {
    var truncate = true
    var includeUnverified = true
    var domain: String?

    /// - Throws: `APIError.badParameter` (400) for a boolean that is not `true` or `false`.
    init(_ q: FlatDictionary<Substring, Substring>) throws {
        truncate = try Self.bool(q, "truncateResponse") ?? true
        includeUnverified = try Self.bool(q, "includeUnverified") ?? true
        domain = q["domain"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    var filter: LookupService.Filter { .init(includeUnverified: includeUnverified, domain: domain) }

    /// A boolean query parameter: `true` or `false` (any case); absent is nil; anything else 400.
    static func bool(_ q: FlatDictionary<Substring, Substring>, _ name: String) throws -> Bool? {
        guard let v = q[name[...]] else { return nil }
        switch v.lowercased() {
        case "true": return true
        case "false": return false
        default: throw APIError.badParameter(name)
        }
    }
}
