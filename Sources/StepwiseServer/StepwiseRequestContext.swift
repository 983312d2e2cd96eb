public import Hummingbird
public import NIOCore

/// The request context of the server: Hummingbird's core context plus the connection's channel, so a long poll
/// can notice that its client went away.
public struct StepwiseRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    public let channel: any Channel

    /// Creates the context of a request arriving on `source.channel`.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
