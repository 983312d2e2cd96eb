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
        let payload = fields["Payload"].map { Array($0.jsonString().utf8) } ?? Array("{}".utf8)
        switch fields["InvocationType"] {
        case nil, .string("RequestResponse"):
            break
        case .string("Event"):
            // Queued: the state goes on at once with Lambda's 202 and an empty payload (the output's shape beside
            // StatusCode is our reading of the synchronous one, not a recorded AWS answer).
            do {
                let id = try invokeEvent(functionName: functionName, payload: payload)
                return .success(Self.invokeOutput(status: 202, payload: "", requestId: id, executedVersion: false).jsonString())
            } catch {
                return Self.taskFailure(error)
            }
        case .string("DryRun"):
            guard function(named: functionName) != nil else {
                return Self.taskFailure(.notFound(LocalFunction.name(from: functionName) ?? functionName, account: account, region: region))
            }
            return .success(Self.invokeOutput(status: 204, payload: "", requestId: UUID().uuidString.lowercased(), executedVersion: false).jsonString())
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
            return .failure(error: error, cause: cause)
        case .success(let result):
            let body = (try? JSONValue(parsing: String(decoding: result.payload, as: UTF8.self)))
                ?? .string(String(decoding: result.payload, as: UTF8.self))
            var output = Self.invokeOutput(status: 200, payload: body, requestId: result.requestId, executedVersion: true)
            if fields["LogType"] == "Tail", case .object(var members) = output, let tail = result.logTail {
                members["LogResult"] = .string(tail)
                output = .object(members)
            }
            return .success(output.jsonString())
        }
    }

    /// `{"ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"}` as AWS gives it
    /// for a lambda:invoke step (`ExecutedVersion` only for synchronous invocations).
    static func invokeOutput(status: Int, payload: JSONValue, requestId: String, executedVersion: Bool) -> JSONValue {
        var headers: JSONObject = [
            "Content-Type": "application/json", "x-amzn-Remapped-Content-Length": "0", "x-amzn-RequestId": .string(requestId),
        ]
        if executedVersion { headers["X-Amz-Executed-Version"] = "$LATEST" }
        var output: JSONObject = [
            "Payload": payload,
            "SdkHttpMetadata": ["AllHttpHeaders": .object(headers), "HttpHeaders": .object(headers), "HttpStatusCode": .int(status)],
            "SdkResponseMetadata": ["RequestId": .string(requestId)], "StatusCode": .int(status),
        ]
        if executedVersion { output["ExecutedVersion"] = "$LATEST" }
        return .object(output)
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
