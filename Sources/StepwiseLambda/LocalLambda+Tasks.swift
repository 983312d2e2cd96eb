import Foundation
import OrderedCollections
import StatesLanguage
package import StepwiseEngine

/// Lambda Task states on the local Lambda: the engine hands it `arn:aws:states:::lambda:invoke` tasks (also
/// `.waitForTaskToken`) and tasks whose Resource is the ARN of one of its functions.
extension LocalLambda: TaskDispatcher {
    package func handler(forResource resource: String) -> IntegrationHandler? {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        if resource.hasPrefix("arn:"), resource.hasSuffix(":states:::lambda:invoke") || resource.hasSuffix(":states:::lambda:invoke.waitForTaskToken") {
            return { input, _ in await self.invokeTask(input) }
        }
        if parts.count == 7 || parts.count == 8, parts[0] == "arn", parts[2] == "lambda", parts[5] == "function",
            function(named: String(parts[6])) != nil
        {
            return { input, _ in await self.functionTask(resource, input) }
        }
        return nil
    }

    /// `arn:aws:states:::lambda:invoke`: `FunctionName` and `Payload` from the task's parameters; the output is
    /// `{"ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"}` as AWS gives it.
    func invokeTask(_ input: String) async -> IntegrationResult {
        guard let parameters = try? JSONValue(parsing: input), case .object(let fields) = parameters,
            let functionName = fields["FunctionName"]?.stringValue
        else {
            return .failure(
                error: StatesError.Name.runtime,
                cause: "The lambda:invoke parameters must be an object with a FunctionName string; got \(input.prefix(200))")
        }
        guard let payload = Self.invokePayload(fields["Payload"]) else {
            // Lambda refuses a body that is not JSON before the function runs.
            return Self.taskFailure(
                LocalLambdaError(
                    code: "InvalidRequestContentException",
                    message: "Could not parse request body into json: Could not parse payload into json", httpStatus: 400))
        }
        switch fields["InvocationType"] {
        case nil, .string("RequestResponse"):
            break
        case .string("Event"):
            // Queued: the state goes on at once with Lambda's 202 and an empty payload (the output's shape beside
            // StatusCode is our reading of the synchronous one, not a recorded AWS answer).
            do {
                let id = try invokeEvent(functionName: functionName, payload: payload)
                return .success(Self.invokeOutput(status: 202, payload: "", body: [], requestId: id, executedVersion: false).jsonString())
            } catch {
                return Self.taskFailure(error)
            }
        case .string("DryRun"):
            guard function(named: functionName) != nil else {
                return Self.taskFailure(.notFound(LocalFunction.name(from: functionName) ?? functionName, account: account, region: region))
            }
            return .success(
                Self.invokeOutput(status: 204, payload: "", body: [], requestId: UUID().uuidString.lowercased(), executedVersion: false)
                    .jsonString())
        case .some(let other):
            // Lambda's own validation of the member (the error name follows the Lambda.<Code> rule).
            return Self.taskFailure(
                LocalLambdaError(
                    code: "ValidationException",
                    message: "1 validation error detected: Value '\(other.stringValue ?? other.jsonString())' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
                    httpStatus: 400))
        }
        switch await run(functionName, payload) {
        case .failure(let error, let cause):
            // A function's error document is re-serialized compactly (`{"errorMessage":"...","errorType":...}`), as
            // AWS records the cause of a lambda:invoke step; a function ARN as Resource keeps the runtime's text.
            return .failure(error: error, cause: (try? JSONValue(parsing: cause))?.jsonString() ?? cause)
        case .success(let result):
            let body = (try? JSONValue(parsing: String(decoding: result.payload, as: UTF8.self)))
                ?? .string(String(decoding: result.payload, as: UTF8.self))
            let tail = fields["LogType"] == "Tail" ? result.logTail : nil
            let output = Self.invokeOutput(
                status: 200, payload: body, body: result.payload, requestId: result.requestId, executedVersion: true, logResult: tail)
            return .success(output.jsonString())
        }
    }

    /// The body a lambda:invoke step sends: none (Lambda's `{}`) for a missing or null `Payload`, a string's text
    /// itself (AWS sends `"Payload": "\"HelloWorld\""` as the JSON text `"HelloWorld"`, and `"null"` as `null`),
    /// any other value as JSON; nil when a string's text is not JSON (Lambda refuses it). Recorded against AWS:
    /// LocalStack's test_lambda_task_service.snapshot.json, test_invoke and test_invoke_json_values.
    static func invokePayload(_ value: JSONValue?) -> [UInt8]? {
        switch value {
        case nil, .null?:
            return Array("{}".utf8)
        case .string(let text)?:
            if text.isEmpty { return Array("{}".utf8) }
            return (try? JSONValue(parsing: text)) == nil ? nil : Array(text.utf8)
        case let value?:
            return Array(value.jsonString().utf8)
        }
    }

    /// A lambda:invoke step's output as AWS records it (LocalStack's test_lambda_task_service.snapshot.json):
    /// `ExecutedVersion` (synchronous invocations only), `LogResult` (LogType Tail), `Payload`, `SdkHttpMetadata`,
    /// `SdkResponseMetadata`, `StatusCode`, in that order. `AllHttpHeaders` holds each header's values as a list in the
    /// AWS SDK's order, `HttpHeaders` the first values sorted by name, case ignored.
    static func invokeOutput(
        status: Int, payload: JSONValue, body: [UInt8], requestId: String, executedVersion: Bool, logResult: String? = nil
    ) -> JSONValue {
        var headers: [(String, String)] = []
        if let logResult { headers.append(("X-Amz-Log-Result", logResult)) }
        if executedVersion { headers.append(("X-Amz-Executed-Version", "$LATEST")) }
        headers += [
            ("x-amzn-Remapped-Content-Length", "0"), ("Connection", "keep-alive"), ("x-amzn-RequestId", requestId),
            ("Content-Length", String(body.count)), ("Date", SdkResponseMetadata.httpDate(Date())), ("X-Amzn-Trace-Id", traceId(requestId)),
            ("Content-Type", "application/json"),
        ]
        var output: JSONObject = [:]
        if executedVersion { output["ExecutedVersion"] = "$LATEST" }
        if let logResult { output["LogResult"] = .string(logResult) }
        output["Payload"] = payload
        SdkResponseMetadata.add(to: &output, headers: headers.map { ($0.0, $0.1) }, status: status, requestId: requestId)
        output["StatusCode"] = .int(status)
        return .object(output)
    }

    /// An X-Ray trace header as Lambda answers one (`root=1-<8 hex>-<24 hex>;parent=<16 hex>;sampled=0`), made from
    /// the request id.
    static func traceId(_ requestId: String) -> String {
        let hex = requestId.replacingOccurrences(of: "-", with: "")
        let time = String(Int(Date().timeIntervalSince1970), radix: 16)
        return "root=1-\(time)-\(hex.suffix(24));parent=\(hex.prefix(16));sampled=0"
    }

    /// A Lambda API error as the step's failure: `Lambda.<Code>` with the AWS SDK's cause text.
    static func taskFailure(_ error: LocalLambdaError) -> IntegrationResult {
        let (name, cause) = failureNameAndCause(error)
        return .failure(error: name, cause: cause)
    }

    static func failureNameAndCause(_ error: LocalLambdaError) -> (String, String) {
        let cause = "\(error.message) (Service: AWSLambda; Status Code: \(error.httpStatus); Error Code: \(error.code); "
            + "Request ID: \(UUID().uuidString.lowercased()); Proxy: null)"
        return ("Lambda.\(error.code)", cause)
    }

    /// A function ARN as the Resource: the effective input is the event, and the result itself is the output.
    func functionTask(_ resource: String, _ input: String) async -> IntegrationResult {
        switch await run(resource, Array(input.utf8)) {
        case .failure(let error, let cause): return .failure(error: error, cause: cause)
        case .success(let result): return .success(String(decoding: result.payload, as: UTF8.self))
        }
    }

    private enum TaskOutcome {
        case success(LocalInvocationResult)
        case failure(String, String)
    }

    /// Invokes and names failures as Step Functions does: Lambda's API errors as `Lambda.<Code>` (with the AWS SDK's
    /// cause text), a function's error by its `errorType` (`Sandbox.Timedout`, `Runtime.ExitError`, the handler's
    /// own), `Lambda.Unknown` when it has none; the cause is the error document.
    private func run(_ functionName: String, _ payload: [UInt8]) async -> TaskOutcome {
        let result: LocalInvocationResult
        do {
            result = try await invoke(functionName: functionName, payload: payload)
        } catch {
            let (name, cause) = Self.failureNameAndCause(error)
            return .failure(name, cause)
        }
        guard result.functionError != nil else { return .success(result) }
        let text = String(decoding: result.payload, as: UTF8.self)
        let type = (try? JSONValue(parsing: text))?["errorType"]?.stringValue
        return .failure(type.flatMap { $0.isEmpty ? nil : $0 } ?? "Lambda.Unknown", text)
    }
}
