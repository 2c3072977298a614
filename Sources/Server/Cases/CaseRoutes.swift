import Exposure
import Foundation
import Hummingbird

/// Adds the sign-in pages, the case pages and the case API. The templates are loaded here, once;
/// a missing or broken template is a packaging error and stops the process at startup.
func addCaseRoutes(_ web: CaseWeb, to router: Router<AppRequestContext>, limiter: RateLimiter, clientAddress: ClientAddress) {
    let views: CaseViews
    do {
        views = try CaseViews.bundled()
    } catch {
        fatalError("\(error)")
    }
    let auth = CaseAuth(sessions: CaseSessions(service: web.service, idle: web.settings.sessionIdleSeconds), settings: web.settings)
    let throttle = SignInThrottle(limiter: limiter, limit: web.settings.signInFailures, window: web.settings.signInWindowSeconds)
    SignInController(web: web, auth: auth, views: views, throttle: throttle, clientAddress: clientAddress).addRoutes(to: router)
    CaseWebController(web: web, auth: auth, views: views).addRoutes(to: router)
    CaseAPIController(web: web, auth: auth).addRoutes(to: router.group("api/cases"))
}
