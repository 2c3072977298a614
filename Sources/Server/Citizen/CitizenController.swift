import Exposure
import Hummingbird

/// The citizen page (server-rendered, Malay and English, no external assets). Being written.
public struct CitizenController: Sendable {
    public let lookup: LookupService
    public let ownership: OwnershipService?

    public init(lookup: LookupService, ownership: OwnershipService?) {
        self.lookup = lookup
        self.ownership = ownership
    }

    /// Adds `GET /` and the page's form routes.
    public func addRoutes(to router: Router<AppRequestContext>) {}
}
