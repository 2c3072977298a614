import Exposure
import Foundation
import Hummingbird
import LeakTraceCore
import Logging
import Triage

/// Proof of ownership by one-time code: `POST /api/v3/ownership/challenge` sends a code to an
/// email or phone, `POST /api/v3/ownership/verify` exchanges it for a signed proof, which the
/// lookups accept in `X-LeakTrace-Ownership` (or the `proof` field of the POST lookup).
///
/// The challenge answers the same 202 for every well-formed email or phone, in the index or not.
struct OwnershipController: Sendable {
    let ownership: OwnershipService?
    let addressLimiter: RateLimiter
    let clientAddress: ClientAddress
    let configuration: ServerConfiguration
    let metrics: ServerMetrics

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("ownership/challenge", use: challenge)
        group.post("ownership/verify", use: verify)
    }

    struct ChallengeBody: Decodable {
        var account: String
        var language: String?
    }

    struct ChallengeAnswer: Encodable {
        var ChallengeId: String
        var ExpiresAt: Int64
    }

    struct VerifyBody: Decodable {
        var challengeId: String
        var code: String
    }

    struct ProofAnswer: Encodable {
        var Proof: String
        var ExpiresAt: Int64
    }

    @Sendable func challenge(_ request: Request, context: AppRequestContext) async throws -> Response {
        try limitAddress(request, context: context)
        let body = try await JSONInput.decode(ChallengeBody.self, from: request)
        let language = body.language ?? "en"
        guard language == "en" || language == "ms" else { throw APIError.badParameter("language") }
        guard let account = Account.parse(body.account), account.type != .mykad else {
            throw APIError(.badRequest, "A code can be sent only to a valid email address or phone number.")
        }
        // After the input checks: a malformed request is 400 on any server.
        guard let ownership else { throw APIError.noSender }
        do {
            let started = try await ownership.start(contact: account, language: language)
            context.logger.info("ownership challenge", metadata: ["ownership.type": .string(LookupTypeName(account.type).rawValue)])
            return try JSONBody.response(ChallengeAnswer(ChallengeId: started.challengeId, ExpiresAt: started.expiresAt), status: .accepted)
        } catch OwnershipService.Failure.tooManyCodes(let retry) {
            throw RateLimitedError(scope: "contact", retryAfter: retry)
        } catch OwnershipService.Failure.notAContact {
            throw APIError(.badRequest, "A code can be sent only to a valid email address or phone number.")
        } catch let e as StoreError {
            throw e
        } catch {
            // The sender failed: the type only, never the address.
            context.logger.error("code sender failed", metadata: ["error.type": .string(String(reflecting: type(of: error)))])
            throw APIError(.serviceUnavailable, "The code could not be sent; try again later.")
        }
    }

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        try limitAddress(request, context: context)
        let body = try await JSONInput.decode(VerifyBody.self, from: request)
        guard !body.challengeId.isEmpty, body.challengeId.utf8.count <= 128, !body.code.isEmpty, body.code.utf8.count <= 32 else {
            throw APIError(.badRequest, "challengeId and code are required.")
        }
        guard let ownership else { throw APIError.noSender }
        do {
            let proof = try await ownership.confirm(challengeId: body.challengeId, code: body.code)
            return try JSONBody.response(ProofAnswer(Proof: proof.token(key: ownership.key), ExpiresAt: proof.expiresAt))
        } catch OwnershipService.Failure.challengeNotFound {
            throw APIError(.notFound, "Unknown or expired challenge.")
        } catch OwnershipService.Failure.wrongCode(let left) {
            throw APIError(.badRequest, "Wrong code.", extra: ["AttemptsLeft": left])
        }
    }

    func limitAddress(_ request: Request, context: AppRequestContext) throws {
        let address = clientAddress.of(request, context: context)
        if case .limited(let retry) = addressLimiter.take("own:" + address, limit: configuration.ownershipPerAddressPerHour, per: 3600) {
            throw RateLimitedError(scope: "address", retryAfter: retry)
        }
    }
}
