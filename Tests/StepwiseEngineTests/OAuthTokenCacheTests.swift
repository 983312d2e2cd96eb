import Foundation
import Testing

@testable import StepwiseEngine

/// The OAuth tokens of http:invoke connections: kept until shortly before `expires_in` ends, kept without one until
/// refused, and a refused token forgotten without dropping a newer one.
@Suite("Engine: OAuth token cache")
struct OAuthTokenCacheTests {
    let start = Date(timeIntervalSince1970: 1_000_000)

    @Test("a token with expires_in is used until 10 % of its life (at most 30 s) before it ends")
    func expiry() {
        let cache = OAuthTokenCache()
        cache.store("a", expiresIn: 3600, for: "k", now: start)
        #expect(cache.token(for: "k", now: start.addingTimeInterval(3569)) == "a")
        #expect(cache.token(for: "k", now: start.addingTimeInterval(3570)) == nil)
        cache.store("b", expiresIn: 100, for: "k", now: start)
        #expect(cache.token(for: "k", now: start.addingTimeInterval(89)) == "b")
        #expect(cache.token(for: "k", now: start.addingTimeInterval(90)) == nil)
    }

    @Test("a token without expires_in is kept until invalidated; invalidating an old token keeps a newer one")
    func invalidation() {
        let cache = OAuthTokenCache()
        cache.store("a", expiresIn: nil, for: "k", now: start)
        #expect(cache.token(for: "k", now: start.addingTimeInterval(86_400 * 365)) == "a")
        cache.store("b", expiresIn: nil, for: "k", now: start)
        cache.invalidate("k", token: "a")
        #expect(cache.token(for: "k", now: start) == "b")
        cache.invalidate("k", token: "b")
        #expect(cache.token(for: "k", now: start) == nil)
        #expect(cache.token(for: "other", now: start) == nil)
    }
}
