public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import StatesLanguage

/// A client of the Lambda Runtime API (`AWS_LAMBDA_RUNTIME_API`), as AWS documents it for custom runtimes
/// ("Using the Lambda runtime API for custom runtimes", API version `2018-06-01`):
///
/// - `GET /2018-06-01/runtime/invocation/next`: the next event, with `Lambda-Runtime-Aws-Request-Id`,
///   `Lambda-Runtime-Deadline-Ms`, `Lambda-Runtime-Invoked-Function-Arn` and `Lambda-Runtime-Trace-Id`;
/// - `POST /2018-06-01/runtime/invocation/{AwsRequestId}/response`: the function's result;
/// - `POST /2018-06-01/runtime/invocation/{AwsRequestId}/error` and `POST /2018-06-01/runtime/init/error`:
///   `{"errorMessage": ..., "errorType": ..., "stackTrace": []}` with the `Lambda-Runtime-Function-Error-Type`
///   header.
///
/// `Sendable`: immutable; the HTTP client is thread-safe.
public struct LambdaRuntimeClient: Sendable {
    /// One invocation handed out by the Runtime API.
    public struct Invocation: Sendable, Hashable {
        /// `Lambda-Runtime-Aws-Request-Id`.
        public var requestId: String
        /// `Lambda-Runtime-Deadline-Ms`: when the invocation times out, in milliseconds since 1970 (0 if absent).
        public var deadlineMilliseconds: Int64
        /// `Lambda-Runtime-Invoked-Function-Arn`.
        public var invokedFunctionArn: String
        /// `Lambda-Runtime-Trace-Id`.
        public var traceId: String?
        /// The event (the invocation's payload), as sent.
        public var payload: [UInt8]
    }

    /// The Runtime API's `host:port`, as `AWS_LAMBDA_RUNTIME_API` gives it.
    public let runtimeAPI: String
    let httpClient: HTTPClient
    /// Result and error posts larger than this are refused by Lambda (6 MB for a synchronous invocation).
    public static let maxResponseBytes = 6 * 1024 * 1024

    /// A client of the Runtime API at `runtimeAPI` (`host:port`).
    public init(runtimeAPI: String, httpClient: HTTPClient = .shared) {
        self.runtimeAPI = runtimeAPI
        self.httpClient = httpClient
    }

    private var base: String { "http://\(runtimeAPI)/2018-06-01/runtime" }

    /// Waits for the next invocation (the call blocks until there is one, as Lambda documents).
    /// - Throws: ``LambdaRuntimeError`` when the answer is not a 200 with a request id, or on a transport error.
    public func nextInvocation() async throws -> Invocation {
        var request = HTTPClientRequest(url: base + "/invocation/next")
        request.method = .GET
        let response = try await httpClient.execute(request, deadline: .distantFuture)
        let body = Array(buffer: try await response.body.collect(upTo: Self.maxResponseBytes + 1024))
        guard response.status.code == 200 else {
            throw LambdaRuntimeError.unexpectedStatus(Int(response.status.code), "invocation/next", String(decoding: body.prefix(512), as: UTF8.self))
        }
        guard let requestId = response.headers.first(name: "Lambda-Runtime-Aws-Request-Id"), !requestId.isEmpty else {
            throw LambdaRuntimeError.missingRequestId
        }
        return Invocation(
            requestId: requestId,
            deadlineMilliseconds: response.headers.first(name: "Lambda-Runtime-Deadline-Ms").flatMap { Int64($0) } ?? 0,
            invokedFunctionArn: response.headers.first(name: "Lambda-Runtime-Invoked-Function-Arn") ?? "",
            traceId: response.headers.first(name: "Lambda-Runtime-Trace-Id"), payload: body)
    }

    /// Posts an invocation's result.
    public func sendResponse(requestId: String, payload: [UInt8]) async throws {
        try await post("/invocation/\(Self.escape(requestId))/response", body: payload, errorType: nil)
    }

    /// Posts an invocation's error: Step Functions reports `errorType` as the task's error name.
    public func sendError(requestId: String, errorType: String, errorMessage: String) async throws {
        try await post(
            "/invocation/\(Self.escape(requestId))/error", body: Self.errorDocument(errorType, errorMessage), errorType: errorType)
    }

    /// Posts an initialization error (the function cannot start); Lambda then fails the pending invocation.
    public func sendInitError(errorType: String, errorMessage: String) async throws {
        try await post("/init/error", body: Self.errorDocument(errorType, errorMessage), errorType: errorType)
    }

    /// `{"errorMessage": ..., "errorType": ..., "stackTrace": []}`, the error document Lambda documents.
    static func errorDocument(_ errorType: String, _ errorMessage: String) -> [UInt8] {
        let document: JSONValue = ["errorMessage": .string(errorMessage), "errorType": .string(errorType), "stackTrace": []]
        return Array(document.jsonString().utf8)
    }

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }

    private func post(_ path: String, body: [UInt8], errorType: String?) async throws {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let errorType { request.headers.add(name: "Lambda-Runtime-Function-Error-Type", value: errorType) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await httpClient.execute(request, timeout: .seconds(30))
        let answer = Array(buffer: try await response.body.collect(upTo: 64 * 1024))
        guard (200..<300).contains(Int(response.status.code)) else {
            throw LambdaRuntimeError.unexpectedStatus(Int(response.status.code), path, String(decoding: answer.prefix(512), as: UTF8.self))
        }
    }
}

/// A Lambda Runtime API call that failed. `Sendable`: a value.
public struct LambdaRuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable { case unexpectedStatus, missingRequestId, noHandler }
    private let code: Code
    /// A readable explanation.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The Runtime API answered a status other than the documented one.
    public static func unexpectedStatus(_ status: Int, _ call: String, _ body: String) -> LambdaRuntimeError {
        LambdaRuntimeError(.unexpectedStatus, "the Runtime API answered \(call) with HTTP \(status)\(body.isEmpty ? "" : ": \(body)")")
    }

    /// The next invocation came without `Lambda-Runtime-Aws-Request-Id`.
    public static let missingRequestId = LambdaRuntimeError(
        .missingRequestId, "the Runtime API's next invocation has no Lambda-Runtime-Aws-Request-Id header")

    /// No placed handler matches the function's handler setting (`_HANDLER`).
    public static func noHandler(_ name: String, known: [String]) -> LambdaRuntimeError {
        LambdaRuntimeError(.noHandler, "no handler named \"\(name)\" is placed on Lambda here; known: \(known.joined(separator: ", "))")
    }

    /// Errors are equal when their codes are (the message is for people).
    public static func == (lhs: LambdaRuntimeError, rhs: LambdaRuntimeError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String { message }
}
