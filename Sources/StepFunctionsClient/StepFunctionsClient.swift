public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import StepFunctionsAPI
import Synchronization

/// The AWS Step Functions API over HTTP: the AWS JSON 1.0 protocol (`POST /`, `X-Amz-Target`), SigV4-signed, with
/// AWS's standard retries. Works against AWS, `stepwise serve`, LocalStack or any other Step Functions endpoint.
///
/// ```swift
/// let client = try StepFunctionsClient(endpoint: "http://127.0.0.1:8083")   // or from the environment
/// let started = try await client.startExecution(.init(stateMachineArn: arn, input: "{}"))
/// do { _ = try await client.describeExecution(.init(executionArn: "...")) }
/// catch StepFunctionsError.Code.executionDoesNotExist { ... }
/// ```
///
/// Service errors are thrown as ``StepFunctionsError`` with AWS's code; network failures as
/// ``StepFunctionsTransportError``; missing credentials as ``CredentialsError``.
///
/// Execution roles: a state machine created without a role ARN (`ensureStateMachine` in the Stepwise API) gets the
/// role of ``StepFunctionsClientConfiguration/executionRole``: `STEPWISE_ROLE_ARN` when set; on AWS, or with an IAM
/// endpoint (`AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL`), the role `StepwiseExecutionRole-<machine>` ensured through
/// ``IAMClient`` with the permissions the definition needs (``ExecutionRolePolicy``); against `stepwise serve` and
/// other local endpoints, a placeholder role, never a call to AWS's IAM.
///
/// Not supported: credentials from AssumeRole (`role_arn`/`source_profile`/`credential_source` profiles), web
/// identity, IAM Identity Center (SSO) and `credential_process`. A profile that uses them is a ``CredentialsError``
/// naming the setting, never a silent fall-through to other credentials; export keys into the environment instead
/// (`aws configure export-credentials --format env`).
public final class StepFunctionsClient: StepFunctionsBackend {
    /// The endpoint, region, credentials, retries and timeouts in use.
    public let configuration: StepFunctionsClientConfiguration
    let httpClient: HTTPClient
    let logger: Logger
    let quota: RetryQuota
    let sleep: @Sendable (Duration) async throws -> Void
    let jitter: @Sendable () -> Double
    /// Roles this client ensured, whose trust may not have reached Step Functions yet (IAM is eventually consistent).
    let ensuredRoles = Mutex<Set<String>>([])
    /// Set once the endpoint has said (`x-stepwise-poll-cancellation: safe`, as `stepwise serve` does) that a
    /// cancelled `GetActivityTask` never loses a task there.
    let endpointSaysPollCancellationIsSafe = Atomic<Bool>(false)

    /// False against AWS, whose long polls cannot be cancelled without risking a task; true once the endpoint has
    /// answered that it is `stepwise serve` on the embedded engine, where a closed poll takes no task.
    public var activityPollCancellationIsSafe: Bool { endpointSaysPollCancellationIsSafe.load(ordering: .relaxed) }

    /// Creates a client from an explicit configuration.
    public convenience init(
        configuration: StepFunctionsClientConfiguration, httpClient: HTTPClient = StepFunctionsClient.defaultHTTPClient,
        logger: Logger = Logger(label: "stepwise.client")
    ) {
        self.init(
            configuration: configuration, httpClient: httpClient, logger: logger, sleep: { try await Task.sleep(for: $0) },
            jitter: { Double.random(in: 0...1) })
    }

    /// Creates a client configured as AWS SDKs are (see ``StepFunctionsClientConfiguration/resolve(environment:endpoint:region:profile:roleArn:iamEndpoint:httpClient:)``).
    public convenience init(
        environment: AWSEnvironment = .process, endpoint: String? = nil, region: String? = nil, profile: String? = nil,
        roleArn: String? = nil, iamEndpoint: String? = nil, httpClient: HTTPClient = StepFunctionsClient.defaultHTTPClient,
        logger: Logger = Logger(label: "stepwise.client")
    ) throws(ClientConfigurationError) {
        let configuration = try StepFunctionsClientConfiguration.resolve(
            environment: environment, endpoint: endpoint, region: region, profile: profile, roleArn: roleArn, iamEndpoint: iamEndpoint,
            httpClient: httpClient)
        self.init(configuration: configuration, httpClient: httpClient, logger: logger)
    }

    /// The designated initializer; tests inject the sleep and the jitter.
    init(
        configuration: StepFunctionsClientConfiguration, httpClient: HTTPClient, logger: Logger,
        sleep: @escaping @Sendable (Duration) async throws -> Void, jitter: @escaping @Sendable () -> Double
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.quota = RetryQuota(capacity: configuration.retry.quotaCapacity)
        self.sleep = sleep
        self.jitter = jitter
    }

    /// Calls an operation with AWS's standard retries and returns its decoded response.
    public func call<Output: Decodable>(_ operation: StepFunctionsOperation, _ input: some Encodable, as _: Output.Type = Output.self)
        async throws -> Output
    {
        try await call(operation, input, as: Output.self, headers: [])
    }

    /// ``call(_:_:as:)`` with extra request headers (signed with the others).
    func call<Output: Decodable>(
        _ operation: StepFunctionsOperation, _ input: some Encodable, as _: Output.Type = Output.self,
        headers: [(name: String, value: String)]
    ) async throws -> Output {
        let body: [UInt8]
        do {
            body = try StepFunctionsCoding.encode(input)
        } catch {
            throw StepFunctionsError(.serializationException, "the request could not be encoded: \(error)")
        }
        return try await withStandardRetries(
            operation.rawValue, classify: { retryClass(of: $0, operation: operation) },
            isExpiredCredentials: { ($0 as? StepFunctionsError).map { Self.expiredCredentialCodes.contains($0.code.rawValue) } ?? false }
        ) {
            let bytes = try await send(operation, body: body, headers: headers)
            return try decode(Output.self, from: bytes, operation: operation)
        }
    }

    /// Runs `attempt` with AWS's standard retries: errors `classify` gives a class are retried with backoff while the
    /// client's retry quota lasts; after an expired-credentials error the retry signs with freshly resolved credentials.
    func withStandardRetries<T>(
        _ operationName: String, classify: (any Error) -> RetryClass?, isExpiredCredentials: (any Error) -> Bool,
        _ attempt: () async throws -> T
    ) async throws -> T {
        let retry = configuration.retry
        var attemptNumber = 1
        var lastRetryCost = 0
        while true {
            do {
                let value = try await attempt()
                await quota.recordSuccess(lastRetryCost: lastRetryCost)
                return value
            } catch {
                guard attemptNumber < retry.maxAttempts, let retryClass = classify(error) else { throw error }
                let cost = retryClass == .timeout ? retry.timeoutRetryCost : retry.retryCost
                guard await quota.acquire(cost) else {
                    logger.debug("retry quota exhausted", metadata: ["operation": "\(operationName)"])
                    throw error
                }
                lastRetryCost = cost
                if isExpiredCredentials(error), let chain = configuration.credentials as? CredentialChain {
                    await chain.invalidate()  // the retry signs with freshly resolved credentials
                }
                let delay = retry.backoff(beforeRetry: attemptNumber, jitter: jitter())
                logger.debug(
                    "retrying",
                    metadata: ["operation": "\(operationName)", "attempt": "\(attemptNumber)", "error": "\(error)", "delay": "\(delay)"])
                try await sleep(delay)
                attemptNumber += 1
            }
        }
    }

    /// The credentials to sign the next request with (cached by a ``CredentialChain``).
    func currentCredentials() async throws -> AWSCredentials {
        if let chain = configuration.credentials as? CredentialChain { return try await chain.credentials() }
        if let resolved = try await configuration.credentials.resolve() { return resolved.credentials }
        throw CredentialsError("the credential provider found no credentials")
    }

    /// How a failed attempt of `operation` is retried, or nil when it is not.
    ///
    /// A `GetActivityTask` attempt that timed out is not retried: the service may have handed a task to that
    /// connection, and the caller must learn that a poll was lost rather than silently poll again.
    func retryClass(of error: any Error, operation: StepFunctionsOperation) -> RetryClass? {
        switch error {
        case let error as StepFunctionsError:
            if Self.expiredCredentialCodes.contains(error.code.rawValue), configuration.credentials is CredentialChain { return .transient }
            return RetryClass(error)
        case let error as StepFunctionsTransportError:
            if error.isTimeout { return operation == .getActivityTask ? nil : .timeout }
            return .transient
        default:
            return nil
        }
    }

    /// Codes of a request signed with credentials that expired: retried once the chain resolved new ones.
    static let expiredCredentialCodes: Set<String> = ["ExpiredTokenException", "ExpiredToken", "RequestExpired"]

    // MARK: One attempt

    private func send(_ operation: StepFunctionsOperation, body: [UInt8], headers: [(name: String, value: String)] = [])
        async throws -> [UInt8]
    {
        let timeout = operation == .getActivityTask ? configuration.longPollTimeout : configuration.requestTimeout
        return try await send(target: operation.target, reportedAs: operation, body: body, headers: headers, timeout: timeout)
    }

    /// One signed `POST /` with `X-Amz-Target: target`; transport errors are reported as `operation`'s.
    func send(
        target: String, reportedAs operation: StepFunctionsOperation, body: [UInt8], headers extraHeaders: [(name: String, value: String)],
        timeout: Duration
    ) async throws -> [UInt8] {
        let credentials = try await currentCredentials()
        let url = configuration.endpoint + "/"
        let unsigned = SigV4Request(
            method: "POST", path: "/",
            headers: [
                (name: "Host", value: Self.hostHeader(configuration.endpoint)),
                (name: "Content-Type", value: StepFunctionsCoding.contentType),
                (name: "X-Amz-Target", value: target),
            ] + extraHeaders, body: body)
        let signed = SigV4Signer(credentials: credentials, region: configuration.region, service: "states").sign(unsigned, date: Date())
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for header in signed.headers { request.headers.add(name: header.name, value: header.value) }
        request.headers.add(name: "User-Agent", value: "stepwise-swift")
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: Int
        let responseBody: [UInt8]
        let errorTypeHeader: String?
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Self.nanoseconds(timeout)))
            status = Int(response.status.code)
            errorTypeHeader = response.headers.first(name: "x-amzn-ErrorType")
            if response.headers.first(name: "x-stepwise-poll-cancellation") == "safe" {
                endpointSaysPollCancellationIsSafe.store(true, ordering: .relaxed)
            }
            responseBody = Array(buffer: try await response.body.collect(upTo: 256 << 20))
        } catch let error as CancellationError {
            throw error
        } catch {
            throw StepFunctionsTransportError(operation: operation, underlying: error)
        }
        logger.trace("response", metadata: ["target": "\(target)", "status": "\(status)"])
        guard (200..<300).contains(status) else {
            throw Self.serviceError(status: status, body: responseBody, errorTypeHeader: errorTypeHeader)
        }
        return responseBody
    }

    private func decode<Output: Decodable>(_ type: Output.Type, from bytes: [UInt8], operation: StepFunctionsOperation) throws -> Output {
        do {
            return try StepFunctionsCoding.makeDecoder().decode(type, from: Data(bytes.isEmpty ? Array("{}".utf8) : bytes))
        } catch {
            throw StepFunctionsError(.serializationException, "the \(operation.rawValue) response could not be decoded: \(error)")
        }
    }

    /// The typed error of a non-2xx answer: `__type` and `message` of the JSON body (namespace prefixes and `:`
    /// suffixes stripped), else `x-amzn-ErrorType`, else a code named after the status.
    static func serviceError(status: Int, body: [UInt8], errorTypeHeader: String?) -> StepFunctionsError {
        if let error = StepFunctionsError(jsonBody: body, httpStatus: status) { return error }
        var name = errorTypeHeader ?? ""
        if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        if name.isEmpty { name = status == 429 ? "TooManyRequestsException" : status >= 500 ? "InternalFailure" : "UnknownError" }
        var code = StepFunctionsError.Code(rawValue: name)
        code.httpStatus = status
        let text = String(decoding: body.prefix(512), as: UTF8.self)
        return StepFunctionsError(code, text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(text)")
    }

    /// `host` or `host:port` of an endpoint, without the scheme's default port.
    static func hostHeader(_ endpoint: String) -> String {
        guard let components = URLComponents(string: endpoint), let host = components.host else { return endpoint }
        let hostText = host.contains(":") ? "[\(host)]" : host
        guard let port = components.port else { return hostText }
        let scheme = components.scheme?.lowercased()
        if (scheme == "http" && port == 80) || (scheme == "https" && port == 443) { return hostText }
        return "\(hostText):\(port)"
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        // A very long duration (e.g. "no timeout") saturates instead of overflowing.
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAgain ? .max : total
    }
}

/// A request that did not get an answer from the service: the connection failed or the deadline passed.
public struct StepFunctionsTransportError: Error, Sendable, CustomStringConvertible {
    /// The operation called.
    public var operation: StepFunctionsOperation
    /// Whether the attempt timed out (rather than failing to connect or losing the connection).
    public var isTimeout: Bool
    /// What the HTTP client reported (no headers, no body).
    public var reason: String

    init(operation: StepFunctionsOperation, underlying: any Error) {
        self.operation = operation
        let timeouts: [HTTPClientError] = [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout]
        self.isTimeout = (underlying as? HTTPClientError).map(timeouts.contains) ?? false
        self.reason = "\(underlying)"
    }

    public var description: String {
        "\(operation.rawValue) \(isTimeout ? "timed out" : "failed to reach the endpoint"): \(reason)"
    }
}
