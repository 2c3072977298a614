import Foundation
import HTTPTypes
import Hummingbird
import LeakTraceCore
import NIOCore

/// An error answer in HIBP's shape: `{"statusCode":401,"message":"..."}` (JSON), with optional
/// extra fields and headers. The message never holds a value the caller sent.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var headers: HTTPFields
    /// Extra integer fields of the body (`AttemptsLeft`).
    public var extra: [String: Int]

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:], extra: [String: Int] = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
        self.extra = extra
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        PlainResponse(self).response
    }

    /// `{"message":"…","statusCode":401}` with the extra fields, keys in sorted order (as
    /// JSONSerialization's `.sortedKeys` wrote it), built directly.
    var bodyText: String {
        var fields: [(key: String, value: String)] = [("statusCode", String(status.code))]
        var message = ""
        JSONString.append(self.message, to: &message)
        fields.append(("message", message))
        for (k, v) in extra where k != "statusCode" && k != "message" { fields.append((k, String(v))) }
        fields.sort { $0.key < $1.key }
        var out = "{"
        for (i, f) in fields.enumerated() {
            if i > 0 { out += "," }
            JSONString.append(f.key, to: &out)
            out += ":" + f.value
        }
        return out + "}"
    }

    // MARK: - HIBP's messages

    static let missingKey = APIError(.unauthorized, "Access denied due to missing hibp-api-key.")
    static let malformedKey = APIError(.unauthorized, "Access denied due to improperly formed hibp-api-key.")
    static let invalidKey = APIError(.unauthorized, "Access denied due to invalid hibp-api-key.")
    static let missingUserAgent = APIError(.forbidden, "Access denied: every request must send a user-agent header that identifies the application.")
    static let ownershipRequired = APIError(
        .forbidden,
        "A MyKad lookup needs a proof of ownership of a phone number or email address of the same person: confirm one with /api/v3/ownership/challenge and /api/v3/ownership/verify, then send the proof."
    )
    static let badAccount = APIError(.badRequest, "The account is not a valid email address, MyKad number or phone number.")
    static let noSender = APIError(.serviceUnavailable, "Proof of ownership is not available on this server (no code sender is configured).")

    static func rateLimited(retryAfter: Int) -> APIError {
        var h = HTTPFields()
        h[.retryAfter] = String(retryAfter)
        return APIError(.tooManyRequests, "Rate limit is exceeded. Try again in \(retryAfter) seconds.", headers: h)
    }

    static func badParameter(_ name: String) -> APIError {
        APIError(.badRequest, "The parameter \(name) is not valid.")
    }
}

/// A 404 with an empty body, as HIBP answers an account in no breach or an unknown breach name.
struct EmptyNotFound: Error, HTTPResponseError {
    var status: HTTPResponse.Status { .notFound }
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .notFound)
    }
}

/// JSON bodies with HIBP's content type.
enum JSONBody {
    static let contentType = "application/json; charset=utf-8"

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }

    /// The JSON of a value as the API writes it (slashes unescaped).
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// HIBP's truncated answer, `[{"Name":"…"},…]`, written directly: the answer of most lookups,
    /// where JSONEncoder's generic machinery cost more than the index probe.
    static func nameList(_ names: some Sequence<String>) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: nameListText(names))))
    }

    static func nameListText(_ names: some Sequence<String>) -> String {
        var out = "["
        for (i, name) in names.enumerated() {
            if i > 0 { out += "," }
            out += #"{"Name":"#
            appendString(name, to: &out)
            out += "}"
        }
        out += "]"
        return out
    }

    /// A JSON string literal (RFC 8259: quote, backslash and control characters escaped).
    static func appendString(_ s: String, to out: inout String) {
        JSONString.append(s, to: &out)
    }
}

/// A complete answer as status, headers and a body in memory: what both the router (as a
/// `Response`) and the event-loop fast path (`LookupFastPath`, written as HTTP parts) send.
struct PlainResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields = [:]
    var body = ByteBuffer()

    init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    init(status: HTTPResponse.Status, contentType: String, body: ByteBuffer) {
        self.init(status: status, headers: [.contentType: contentType], body: body)
    }

    init(_ error: APIError) {
        var fields = error.headers
        fields[.contentType] = JSONBody.contentType
        self.init(status: error.status, headers: fields, body: ByteBuffer(string: error.bodyText))
    }

    /// As the router's response; an empty body is sent as Hummingbird's empty body.
    var response: Response {
        body.readableBytes == 0 && headers[.contentType] == nil
            ? Response(status: status, headers: headers)
            : Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
