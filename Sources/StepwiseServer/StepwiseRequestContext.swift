import Hummingbird
import NIOCore

/// The request context of the server: Hummingbird's core context plus the connection's channel, so a long poll
/// can notice that its client went away.
public struct StepwiseRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
