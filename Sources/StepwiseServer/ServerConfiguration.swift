public import Foundation
public import StepFunctionsAPI

/// How `stepwise serve` listens and which requests it accepts.
public struct ServerConfiguration: Sendable {
    /// The address to bind: `127.0.0.1` by default.
    public var host: String
    /// The port to bind: 8083 by default (Step Functions Local's port); 0 picks a free port.
    public var port: Int
    /// Whether requests must carry valid SigV4 signatures.
    public var authentication: Authentication
    /// The largest request body accepted. Definitions may be 1 MiB of text; JSON escaping can double that.
    public var maximumRequestBodySize: Int
    /// The clock used to check signature dates (injected in tests).
    public var now: @Sendable () -> Date
    /// The longest a `GetActivityTask` poll is held before it answers "no task": 60 seconds, as on AWS.
    public var longPollTimeout: Duration
    /// How long a connection may send nothing before it is closed: between requests, and while a request's
    /// head (or body) is still arriving. A request being answered (a long poll) is not idle. 75 seconds by
    /// default: longer than the 60 seconds HTTP clients' pools (AsyncHTTPClient's among them) keep an idle
    /// connection, so a client closes an idle connection before the server does and never sends a request onto
    /// a connection the server is closing.
    public var idleTimeout: Duration
    /// The longest a request body may take to arrive in full, however steadily it trickles in; past it the
    /// request is answered 408 and the connection closed.
    public var bodyTimeout: Duration
    /// Why the database is served read-only (a read-only file or directory, `--read-only`); nil when it is not.
    /// Only operations that read are answered then; the others get `AccessDeniedException` naming this reason.
    public var readOnlyReason: String? = nil

    /// Request authentication.
    public enum Authentication: Sendable {
        /// Accept any request, signed or not, with any credentials (as Step Functions Local does).
        case acceptAny
        /// Accept only requests signed with one of the verifier's access keys (`stepwise serve --auth`).
        case sigV4(SigV4Verifier)
    }

    /// Creates a configuration; the defaults are those of `stepwise serve`.
    public init(
        host: String = "127.0.0.1", port: Int = 8083, authentication: Authentication = .acceptAny,
        maximumRequestBodySize: Int = 4 << 20, now: @escaping @Sendable () -> Date = { Date() },
        longPollTimeout: Duration = .seconds(60), idleTimeout: Duration = .seconds(75), bodyTimeout: Duration = .seconds(60)
    ) {
        self.longPollTimeout = longPollTimeout
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.host = host
        self.port = port
        self.authentication = authentication
        self.maximumRequestBodySize = maximumRequestBodySize
        self.now = now
    }
}
