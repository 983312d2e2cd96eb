public import AsyncHTTPClient
public import Foundation
public import StepFunctionsAPI

/// Finds credentials the way AWS SDKs do and caches them until shortly before they expire.
///
/// The default chain, in SDK order: environment variables, the shared `credentials`/`config` files (profile
/// `AWS_PROFILE` or `default`), the container credentials endpoint, EC2 instance metadata (IMDSv2). The first
/// source that is configured wins; a configured source that fails stops the search with its error. A profile that
/// uses AssumeRole, SSO, web identity or `credential_process` (not supported) and a named profile that does not exist
/// are such errors.
///
/// Concurrent callers share one refresh. Credentials with an expiration are refreshed `refreshWindow` before it.
public actor CredentialChain: AWSCredentialProvider {
    /// The sources, tried in order.
    public nonisolated let providers: [any AWSCredentialProvider]
    /// How long before expiration credentials are refreshed (5 minutes by default).
    public nonisolated let refreshWindow: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: ExpiringCredentials?
    private var refreshing: Task<ExpiringCredentials, any Error>?

    /// A chain of `providers`, tried in order.
    public init(
        providers: [any AWSCredentialProvider], refreshWindow: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.providers = providers
        self.refreshWindow = refreshWindow
        self.now = now
    }

    /// The SDKs' default chain for `environment` (the profile may be named explicitly).
    ///
    /// With `loopbackEndpoint` (the endpoint is this machine: `stepwise serve`, an emulator), the container endpoint
    /// and instance metadata are never asked: when neither the environment nor the shared files have keys, the
    /// chain ends with ``localPlaceholder``, which endpoints that do not check signatures accept.
    public static func `default`(
        environment: AWSEnvironment = .process, profile: String? = nil, httpClient: HTTPClient = .shared,
        loopbackEndpoint: Bool = false
    ) -> CredentialChain {
        var providers: [any AWSCredentialProvider] = []
        // An explicitly named profile takes precedence over the environment's keys, as in the AWS CLI's `--profile`.
        if profile == nil { providers.append(EnvironmentCredentialProvider(environment: environment)) }
        providers.append(ProfileCredentialProvider(environment: environment, profileName: profile))
        if loopbackEndpoint {
            providers.append(StaticCredentialProvider(localPlaceholder))
        } else {
            providers.append(ContainerCredentialProvider(environment: environment, httpClient: httpClient))
            providers.append(InstanceMetadataCredentialProvider(environment: environment, httpClient: httpClient))
        }
        return CredentialChain(providers: providers)
    }

    /// The keys a client signs with against a loopback endpoint when none are configured.
    public static let localPlaceholder = AWSCredentials(accessKeyId: "stepwise-local", secretAccessKey: "stepwise-local")

    /// The current credentials, from the cache or freshly resolved.
    public func credentials() async throws -> AWSCredentials {
        try await resolveCached().credentials
    }

    public func resolve() async throws -> ExpiringCredentials? {
        try await resolveCached()
    }

    /// Drops the cached credentials (after the service rejected them as expired, say).
    public func invalidate() {
        cached = nil
    }

    private func resolveCached() async throws -> ExpiringCredentials {
        if let cached, !needsRefresh(cached) { return cached }
        if let refreshing { return try await refreshing.value }
        let providers = self.providers
        let task = Task { try await Self.firstCredentials(from: providers) }
        refreshing = task
        defer { refreshing = nil }
        do {
            let fresh = try await task.value
            cached = fresh
            return fresh
        } catch {
            // Credentials that have not expired yet are still usable while the refresh fails.
            if let cached, let expiration = cached.expiration, expiration > now() { return cached }
            throw error
        }
    }

    private func needsRefresh(_ credentials: ExpiringCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now()) < refreshWindow
    }

    private static func firstCredentials(from providers: [any AWSCredentialProvider]) async throws -> ExpiringCredentials {
        for provider in providers {
            if let credentials = try await provider.resolve() { return credentials }
        }
        throw CredentialsError(
            "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile in the shared "
                + "credentials or config file, or run where a container credentials endpoint or instance metadata is available")
    }
}
