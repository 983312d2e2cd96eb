public import AsyncHTTPClient
import Foundation
import StepFunctionsAPI

/// Where and how a ``StepFunctionsClient`` sends requests.
public struct StepFunctionsClientConfiguration: Sendable {
    /// The endpoint URL, such as `https://states.us-east-1.amazonaws.com` or `http://127.0.0.1:8083`.
    public var endpoint: String
    /// The region requests are signed for.
    public var region: String
    /// Where credentials come from.
    public var credentials: any AWSCredentialProvider
    /// Retries (AWS's standard mode by default).
    public var retry: RetryConfiguration
    /// The deadline of one attempt of an ordinary call: 30 seconds.
    public var requestTimeout: Duration
    /// The deadline of one `GetActivityTask` attempt: 65 seconds (AWS holds the poll for up to 60).
    public var longPollTimeout: Duration
    /// The role a state machine created without one runs with (see ``ExecutionRoleSource``).
    public var executionRole: ExecutionRoleSource
    /// How long `CreateStateMachine` and `UpdateStateMachine` keep retrying while Step Functions cannot yet assume a
    /// role this client has just ensured (IAM is eventually consistent): 30 seconds.
    public var rolePropagationTimeout: Duration = .seconds(30)
    /// Against `stepwise serve`, how long a cancelled `GetActivityTask` waits for its withdrawal's answer and then
    /// for the poll's own answer, which the withdrawal makes prompt (see ``StepFunctionsClient/getActivityTask(_:)``):
    /// 5 seconds each. Past it, the poll is abandoned.
    public var pollWithdrawalTimeout: Duration = .seconds(5)

    /// Creates a configuration from explicit values.
    public init(
        endpoint: String, region: String, credentials: any AWSCredentialProvider, retry: RetryConfiguration = .init(),
        requestTimeout: Duration = .seconds(30), longPollTimeout: Duration = .seconds(65), executionRole: ExecutionRoleSource = .placeholder
    ) {
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.longPollTimeout = longPollTimeout
        self.executionRole = executionRole
    }

    /// Resolves the configuration the way AWS SDKs do.
    ///
    /// - Region: `region`, else `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region` in the config file; with an
    ///   endpoint override and no region, `us-east-1` (local endpoints ignore it).
    /// - Endpoint: `endpoint`, else `AWS_ENDPOINT_URL_SFN`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, else
    ///   `https://states.<region>.amazonaws.com` (`.amazonaws.com.cn` in China regions).
    /// - Credentials: ``CredentialChain/default(environment:profile:httpClient:)``.
    /// - Execution role: ``ExecutionRoleSource/resolve(environment:roleArn:iamEndpoint:settings:stepFunctionsEndpointOverridden:region:)``.
    public static func resolve(
        environment: AWSEnvironment = .process, endpoint: String? = nil, region: String? = nil, profile: String? = nil,
        roleArn: String? = nil, iamEndpoint: String? = nil, httpClient: HTTPClient = StepFunctionsClient.defaultHTTPClient
    ) throws(ClientConfigurationError) -> StepFunctionsClientConfiguration {
        let profileName = profile ?? environment.profileName
        let settings = AWSSharedConfig(environment: environment).profile(profileName) ?? [:]
        func setting(_ key: String) -> String? { settings[key].flatMap { $0.isEmpty ? nil : $0 } }
        let endpointOverride = endpoint ?? environment["AWS_ENDPOINT_URL_SFN"] ?? environment["AWS_ENDPOINT_URL"] ?? setting("endpoint_url")
        let resolvedRegion: String
        if let region = region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? setting("region") {
            resolvedRegion = region
        } else if endpointOverride != nil {
            resolvedRegion = "us-east-1"
        } else {
            throw .missingRegion
        }
        let resolvedEndpoint = try endpointOverride.map(validatedEndpoint) ?? defaultEndpoint(region: resolvedRegion)
        let executionRole = try ExecutionRoleSource.resolve(
            environment: environment, roleArn: roleArn, iamEndpoint: iamEndpoint, settings: settings,
            stepFunctionsEndpointOverridden: endpointOverride != nil, region: resolvedRegion)
        return StepFunctionsClientConfiguration(
            endpoint: resolvedEndpoint, region: resolvedRegion,
            credentials: CredentialChain.default(
                environment: environment, profile: profile, httpClient: httpClient,
                loopbackEndpoint: isLoopback(resolvedEndpoint)),
            executionRole: executionRole)
    }

    /// `https://states.<region>.amazonaws.com`, or `.amazonaws.com.cn` for `cn-` regions.
    public static func defaultEndpoint(region: String) -> String {
        "https://states.\(region).amazonaws.com\(region.hasPrefix("cn-") ? ".cn" : "")"
    }

    /// Whether `endpoint`'s host is this machine (`localhost`, `127.0.0.0/8`, `::1`).
    static func isLoopback(_ endpoint: String) -> Bool {
        guard let host = URLComponents(string: endpoint)?.host?.lowercased() else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// An `http`/`https` URL with a host; a trailing `/` is dropped.
    static func validatedEndpoint(_ text: String) throws(ClientConfigurationError) -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil
        else { throw .invalidEndpoint(text) }
        var endpoint = text
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        return endpoint
    }
}

/// A configuration that cannot be resolved.
public enum ClientConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No region was given or configured.
    case missingRegion
    /// The endpoint is not an `http`/`https` URL with a host (and without user info).
    case invalidEndpoint(String)

    public var description: String {
        switch self {
        case .missingRegion: "no region: pass one, set AWS_REGION or AWS_DEFAULT_REGION, or set region in the config file profile"
        case .invalidEndpoint(let text):
            // A URL with user info could carry a password: it is not repeated.
            "the endpoint is not an http or https URL with a host\(text.contains("@") ? "" : ": \(text)")"
        }
    }
}
