import Incidents
import Testing

@Suite("Roles and permissions")
struct AccessTests {
    @Test("Only the DPO shares a case and sets its clocks; viewers only read", arguments: Role.allCases)
    func matrix(role: Role) {
        let p = role.permissions
        #expect(p.contains(.read))
        #expect(p.contains(.share) == (role == .dpo))
        #expect(p.contains(.clocks) == (role == .dpo))
        #expect(p.contains(.edit) == (role != .viewer))
        #expect(p.contains(.evidence) == [.dpo, .responder, .police].contains(role))
        #expect(p.contains(.notify) == [.dpo, .responder].contains(role))
    }
}
