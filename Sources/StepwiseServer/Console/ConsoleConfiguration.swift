import Foundation

/// How `stepwise serve` serves its web console.
public struct ConsoleConfiguration: Sendable {
    /// Whether `GET /console/...` pages are served at all.
    public var enabled: Bool
    /// When set, the console asks for this token once and keeps it in a same-site, HTTP-only cookie
    /// (`stepwise serve --auth` prints it at start).
    public var accessToken: String?
    /// The secret of the CSRF tokens carried by every form that changes something.
    public var csrfSecret: String
    /// Executions per page in lists.
    public var pageSize: Int

    /// Creates a configuration; the CSRF secret is random unless given.
    public init(enabled: Bool = true, accessToken: String? = nil, csrfSecret: String? = nil, pageSize: Int = 50) {
        self.enabled = enabled
        self.accessToken = accessToken
        self.csrfSecret = csrfSecret ?? ConsoleConfiguration.randomToken()
        self.pageSize = max(1, min(pageSize, 1000))
    }

    /// 32 random bytes as hex: a console access token or CSRF secret.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
