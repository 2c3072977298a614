import Crypto
import Foundation
import LeakTraceCore
import Testing
import _CryptoExtras

/// The OPRF the private probe runs on (swift-crypto's `P384._VOPRF`) against RFC 9497's published
/// test vectors for VOPRF(P-384, SHA-384), Appendix A (key from seed a3…a3 and info "test key").
/// The blinds in the RFC cannot be fixed through the public API, so the vectors checked are those
/// that do not depend on the blind: the public key, the server's evaluation of the RFC's blinded
/// element, and the protocol's output (both directly and through a full blind-evaluate-finalize
/// round with a fresh blind and a verified DLEQ proof).
@Suite("VOPRF(P-384, SHA-384): RFC 9497 test vectors")
struct VOPRFVectorTests {
    static let skSm = "051646b9e6e7a71ae27c1e1d0b87b4381db6d3595eeeb1adb41579adbf992f4278f9016eafc944edaa2b43183581779d"
    static let pkSm = "031d689686c611991b55f1a1d8f4305ccd6cb719446f660a30db61b7aa87b46acf59b7c0d4a9077b3da21c25dd482229a0"

    struct Vector: Sendable, CustomTestStringConvertible {
        var input: String
        var blindedElement: String
        var evaluationElement: String
        var output: String
        var testDescription: String { "input \(input.prefix(8))" }
    }

    static let vectors = [
        Vector(
            input: "00",
            blindedElement: "02d338c05cbecb82de13d6700f09cb61190543a7b7e2c6cd4fca56887e564ea82653b27fdad383995ea6d02cf26d0e24d9",
            evaluationElement: "02a7bba589b3e8672aa19e8fd258de2e6aae20101c8d761246de97a6b5ee9cf105febce4327a326255a3c604f63f600ef6",
            output: "3333230886b562ffb8329a8be08fea8025755372817ec969d114d1203d026b4a622beab60220bf19078bca35a529b35c"
        ),
        Vector(
            input: "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a",
            blindedElement: "02f27469e059886f221be5f2cca03d2bdc61e55221721c3b3e56fc012e36d31ae5f8dc058109591556a6dbd3a8c69c433b",
            evaluationElement: "03f16f903947035400e96b7f531a38d4a07ac89a80f89d86a1bf089c525a92c7f4733729ca30c56ce78b1ab4f7d92db8b4",
            output: "b91c70ea3d4d62ba922eb8a7d03809a441e1c3c7af915cbc2226f485213e895942cd0f8580e6d99f82221e66c40d274f"
        ),
    ]

    static func bytes(_ hex: String) throws -> Data { Data(try #require(Hex.decode(hex))) }

    @Test("The key of the vectors has the RFC's public key")
    func publicKey() throws {
        let key = try P384._VOPRF.PrivateKey(rawRepresentation: Self.bytes(Self.skSm))
        #expect(Hex.encode(Array(key.publicKey.oprfRepresentation)) == Self.pkSm)
    }

    @Test("Evaluation and output match the RFC", arguments: vectors)
    func vector(_ v: Vector) throws {
        let key = try P384._VOPRF.PrivateKey(rawRepresentation: Self.bytes(Self.skSm))
        let input = try Self.bytes(v.input)
        // The PRF output computed by the key holder.
        #expect(Hex.encode(Array(try key.evaluate(input))) == v.output)
        // The server's evaluation of the RFC's blinded element.
        let evaluation = try key.evaluate(P384._VOPRF.BlindedElement(oprfRepresentation: Self.bytes(v.blindedElement)))
        #expect(Hex.encode(Array(evaluation.evaluatedElement.oprfRepresentation)) == v.evaluationElement)
        // A full round with a fresh blind: the client learns the same output, the proof verifies.
        let publicKey = try P384._VOPRF.PublicKey(compressedRepresentation: Self.bytes(Self.pkSm))
        let blinded = try publicKey.blind(input)
        let round = try key.evaluate(blinded.blindedElement)
        #expect(Hex.encode(Array(try publicKey.finalize(blinded, using: round))) == v.output)
        // Under another key the proof fails and no output is given.
        let other = P384._VOPRF.PrivateKey()
        #expect(throws: (any Error).self) { try publicKey.finalize(blinded, using: other.evaluate(blinded.blindedElement)) }
    }
}
