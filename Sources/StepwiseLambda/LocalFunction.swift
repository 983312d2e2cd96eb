import Foundation

/// A function the local Lambda runs: a command started as a process behind the Runtime API emulation (any
/// `bootstrap` of the `provided.al2023`/`provided.al2` runtimes, such as a shell script using curl, or a Stepwise
/// executable whose handlers are placed `.onLambda`), with the limits Lambda enforces. `Sendable`: a value.
public struct LocalFunction: Sendable, Hashable {
    /// The function's name.
    public var name: String
    /// The executable and its arguments (a `bootstrap` takes none).
    public var command: [String]
    /// The working directory of the process (Lambda's `/var/task`); nil keeps the server's.
    public var workingDirectory: String?
    /// The handler setting, passed as `_HANDLER`.
    public var handler: String
    /// Seconds an invocation may run before the process is stopped and the invocation fails with `Sandbox.Timedout`.
    public var timeoutSeconds: Int
    /// Memory in MB: the process's data segment is limited to it (`RLIMIT_DATA`), so a process that grows past it
    /// fails its invocation.
    public var memorySize: Int
    /// Reserved concurrency: at most this many invocations at once, others are throttled
    /// (`TooManyRequestsException`); 0 throttles every invocation; nil is unreserved (up to ``LocalLambda/maxInstances``).
    public var reservedConcurrency: Int?
    /// Extra environment variables of the process.
    public var environment: [String: String]
    /// The runtime reported by the API (`provided.al2023`).
    public var runtime: String

    public init(
        name: String, command: [String], workingDirectory: String? = nil, handler: String = "bootstrap", timeoutSeconds: Int = 3,
        memorySize: Int = 128, reservedConcurrency: Int? = nil, environment: [String: String] = [:], runtime: String = "provided.al2023"
    ) {
        self.name = name
        self.command = command
        self.workingDirectory = workingDirectory
        self.handler = handler
        self.timeoutSeconds = min(max(timeoutSeconds, 1), 900)
        self.memorySize = min(max(memorySize, 128), 10_240)
        self.reservedConcurrency = reservedConcurrency
        self.environment = environment
        self.runtime = runtime
    }

    /// The function name in `FunctionName` forms Lambda accepts: a name, `ACCOUNT:function:NAME`, or an ARN
    /// (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`); nil when the text is none of them.
    public static func name(from functionName: String) -> String? {
        let parts = functionName.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { return parts[0].isEmpty ? nil : parts[0] }
        if parts.count == 3 || parts.count == 4, parts[1] == "function" { return parts[2] }
        if parts.count == 7 || parts.count == 8, parts[0] == "arn", parts[2] == "lambda", parts[5] == "function" { return parts[6] }
        if parts.count == 2 { return parts[0] }  // NAME:QUALIFIER
        return nil
    }
}

/// What one invocation of a local function answered. `Sendable`: a value.
public struct LocalInvocationResult: Sendable, Hashable {
    /// 200 for a completed invocation, whether the function succeeded or failed (see ``functionError``).
    public var statusCode: Int
    /// `Unhandled` when the function failed: ``payload`` is then `{"errorType": ..., "errorMessage": ...}`.
    public var functionError: String?
    /// The result or the error document.
    public var payload: [UInt8]
    /// The request id the function saw.
    public var requestId: String
    /// Whether a new process was started for it (a cold start).
    public var coldStart: Bool
    /// What the function's process wrote during the invocation, framed by Lambda's START, END and REPORT lines (as
    /// CloudWatch Logs would have it); nil when no process took the invocation.
    public var log: [UInt8]? = nil

    /// The last 4 KB of ``log``, base64-encoded: what `Invoke` with `LogType: Tail` answers in `X-Amz-Log-Result`.
    public var logTail: String? { log.map(LogCapture.tail) }
}

/// An invocation the local Lambda could not hand to its function: Lambda's API errors. `Sendable`: a value.
public struct LocalLambdaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Lambda's error code, such as `ResourceNotFoundException`.
    public var code: String
    public var message: String
    /// The HTTP status Lambda answers it with.
    public var httpStatus: Int

    public init(code: String, message: String, httpStatus: Int) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public static func notFound(_ name: String, account: String = "123456789012", region: String = "us-east-1") -> LocalLambdaError {
        LocalLambdaError(
            code: "ResourceNotFoundException", message: "Function not found: arn:aws:lambda:\(region):\(account):function:\(name)",
            httpStatus: 404)
    }

    /// Throttled by reserved concurrency (AWS's message for it).
    public static let throttled = LocalLambdaError(code: "TooManyRequestsException", message: "Rate Exceeded.", httpStatus: 429)

    /// The request payload is over 6 MB.
    public static func requestTooLarge(_ size: Int) -> LocalLambdaError {
        LocalLambdaError(
            code: "RequestTooLargeException",
            message: "Request must be smaller than 6291456 bytes for the InvokeFunction operation", httpStatus: 413)
    }

    public var description: String { "\(code): \(message)" }
}
