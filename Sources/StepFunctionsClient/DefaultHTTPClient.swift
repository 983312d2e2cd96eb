public import AsyncHTTPClient
import Logging
import NIOCore

extension StepFunctionsClient {
    /// The HTTP client a ``StepFunctionsClient`` uses unless given one: AsyncHTTPClient's shared event loops and
    /// browser-like defaults, except that a connection that cannot be established fails the attempt at once (after
    /// at most 10 seconds) instead of being retried by the connection pool until the request's deadline: the
    /// client's standard retries decide what is retried, so an endpoint that is down is reported in seconds.
    /// The pool keeps up to 256 connections per endpoint: a worker holds one connection per free slot in
    /// `GetActivityTask` long polls (up to 60 s each), and the other calls must still find a connection.
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
        // Never shut down, like `HTTPClient.shared`: it lives as long as the process.
        let quiet = Logger(label: "stepwise.http", factory: { _ in SwiftLogNoOpLogHandler() })
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration, backgroundActivityLogger: quiet)
    }()
}
