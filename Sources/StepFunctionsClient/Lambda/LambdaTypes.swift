import Foundation
import OrderedCollections
import StatesLanguage

/// What `CreateFunction` and `UpdateFunctionConfiguration` set. `Sendable`, `Hashable`: a value.
public struct LambdaFunctionRequest: Sendable, Hashable {
    /// The function's name (1 to 64 letters, digits, `-`, `_`).
    public var functionName: String
    /// The execution role the function runs with (trusted by `lambda.amazonaws.com`).
    public var roleArn: String
    /// The runtime: `provided.al2023` for a `bootstrap` executable.
    public var runtime: String
    /// The handler setting; a custom runtime reads it from `_HANDLER` (Stepwise: the handler's activity name).
    public var handler: String
    /// Seconds an invocation may run (1 to 900).
    public var timeoutSeconds: Int
    /// Memory in MB (128 to 10,240).
    public var memorySize: Int
    /// `x86_64` or `arm64`.
    public var architecture: String
    /// Environment variables of the function.
    public var environment: [String: String]

    public init(
        functionName: String, roleArn: String, runtime: String = "provided.al2023", handler: String, timeoutSeconds: Int = 3,
        memorySize: Int = 128, architecture: String = LambdaFunctionRequest.hostArchitecture, environment: [String: String] = [:]
    ) {
        self.functionName = functionName
        self.roleArn = roleArn
        self.runtime = runtime
        self.handler = handler
        self.timeoutSeconds = timeoutSeconds
        self.memorySize = memorySize
        self.architecture = architecture
        self.environment = environment
    }

    /// The architecture of this machine, which a `bootstrap` built here runs on.
    public static var hostArchitecture: String {
        #if arch(arm64)
            "arm64"
        #else
            "x86_64"
        #endif
    }

    /// The configuration members, as `UpdateFunctionConfiguration` takes them (`CreateFunction` adds its own).
    var json: JSONObject {
        var body: JSONObject = [
            "Role": .string(roleArn), "Runtime": .string(runtime), "Handler": .string(handler), "Timeout": .int(timeoutSeconds),
            "MemorySize": .int(memorySize),
        ]
        if !environment.isEmpty {
            var variables = JSONObject()
            for (key, value) in environment.sorted(by: { $0.key < $1.key }) { variables[key] = .string(value) }
            body["Environment"] = ["Variables": .object(variables)]
        }
        return body
    }
}

/// A function's configuration, as `CreateFunction`, `GetFunction` and `ListFunctions` answer it. `Sendable`: a value.
public struct LambdaFunctionConfiguration: Sendable, Hashable, Decodable {
    public var functionName: String
    public var functionArn: String
    public var runtime: String?
    public var role: String?
    public var handler: String?
    public var timeout: Int?
    public var memorySize: Int?
    public var codeSha256: String?
    public var codeSize: Int?
    public var state: String?
    public var version: String?

    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", functionArn = "FunctionArn", runtime = "Runtime", role = "Role", handler = "Handler"
        case timeout = "Timeout", memorySize = "MemorySize", codeSha256 = "CodeSha256", codeSize = "CodeSize", state = "State"
        case version = "Version"
    }
}

/// `GetFunction`'s answer. `Sendable`: a value.
public struct LambdaFunction: Sendable, Hashable, Decodable {
    public var configuration: LambdaFunctionConfiguration
    /// The reserved concurrency, when set.
    public var reservedConcurrency: Int?

    enum CodingKeys: String, CodingKey { case configuration = "Configuration", concurrency = "Concurrency" }
    enum ConcurrencyKeys: String, CodingKey { case reserved = "ReservedConcurrentExecutions" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try container.decode(LambdaFunctionConfiguration.self, forKey: .configuration)
        if container.contains(.concurrency), try !container.decodeNil(forKey: .concurrency) {
            let concurrency = try container.nestedContainer(keyedBy: ConcurrencyKeys.self, forKey: .concurrency)
            reservedConcurrency = try concurrency.decodeIfPresent(Int.self, forKey: .reserved)
        }
    }
}

/// `Invoke`'s answer. `Sendable`: a value.
public struct LambdaInvocationResult: Sendable, Hashable {
    /// 200 for a synchronous invocation (also when the function failed: see ``functionError``).
    public var statusCode: Int
    /// `X-Amz-Function-Error` (`Unhandled`) when the function failed; its payload is then the error document.
    public var functionError: String?
    /// `X-Amz-Executed-Version`.
    public var executedVersion: String
    /// The function's result, or error document.
    public var payload: [UInt8]
}

/// An error answered by AWS Lambda: its code (`ResourceNotFoundException`, ...), message and HTTP status.
/// `Sendable`: a value.
public struct LambdaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code.
    public var code: Code
    /// The message the service gave.
    public var message: String
    /// The HTTP status of the answer.
    public var httpStatus: Int

    public init(_ code: Code, _ message: String, httpStatus: Int = 400) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    /// The error of a non-2xx answer: `x-amzn-ErrorType` or the body's `__type`/`Type` code, and its message.
    init(status: Int, body: [UInt8], errorTypeHeader: String?) {
        let document = try? JSONValue(parsing: String(decoding: body, as: UTF8.self))
        var name = errorTypeHeader ?? document?["__type"]?.stringValue ?? ""
        if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        if let hash = name.lastIndex(of: "#") { name = String(name[name.index(after: hash)...]) }
        if name.isEmpty { name = status == 429 ? "TooManyRequestsException" : status >= 500 ? "ServiceException" : "UnknownError" }
        let message = document?["message"]?.stringValue ?? document?["Message"]?.stringValue
            ?? String(decoding: body.prefix(512), as: UTF8.self)
        self.init(Code(rawValue: name), message, httpStatus: status)
    }

    public var description: String { "Lambda \(code.rawValue): \(message)" }

    /// A Lambda error code; codes the library does not name are kept as they are.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No such function (404).
        public static let resourceNotFound = Self(rawValue: "ResourceNotFoundException")
        /// The function exists, or an update is in progress (409).
        public static let resourceConflict = Self(rawValue: "ResourceConflictException")
        /// A parameter is not valid (400).
        public static let invalidParameterValue = Self(rawValue: "InvalidParameterValueException")
        /// Throttled: the function's reserved concurrency or the account's limit was reached (429).
        public static let tooManyRequests = Self(rawValue: "TooManyRequestsException")
        /// The request payload is over 6 MB (413).
        public static let requestTooLarge = Self(rawValue: "RequestTooLargeException")
        /// Lambda failed (500).
        public static let service = Self(rawValue: "ServiceException")

        /// Matches an error against a code in a `catch`: `catch LambdaError.Code.resourceNotFound`.
        public static func ~= (code: Self, error: any Error) -> Bool { (error as? LambdaError)?.code == code }
    }
}

/// A Lambda request that got no answer (connection refused, timeout). `Sendable`: a value.
public struct LambdaTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var operation: String
    public var isTimeout: Bool
    public var reason: String
    public var description: String { "Lambda \(operation) got no answer: \(reason)" }
}
