import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StepFunctionsAPI

/// The AWS JSON 1.0 endpoint: `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>`, dispatched to a backend.
struct StepFunctionsRoute<Backend: StepFunctionsBackend>: Sendable {
    let backend: Backend
    let configuration: ServerConfiguration
    /// The long polls a client may withdraw (``ActivityPollWithdrawal``).
    let parkedPolls = ParkedPolls()

    func handle(_ request: Request, context: StepwiseRequestContext) async throws -> Response {
        let requestId = UUID().uuidString.lowercased()
        do {
            let body = try await RequestBodyReader.read(
                request, upTo: configuration.maximumRequestBodySize, timeout: configuration.bodyTimeout)
            let bytes = Array(buffer: body)
            let accessKey = try authenticate(request, body: bytes)
            if request.headers[AWSJSONProtocol.targetHeader] == ActivityPollWithdrawal.target {
                try withdrawPoll(body: bytes, accessKey: accessKey)
                return Response(
                    status: .ok, headers: AWSJSONProtocol.responseHeaders(requestId: requestId),
                    body: .init(byteBuffer: ByteBuffer(bytes: LongPoll.emptyResponse)))
            }
            let operation = try operation(of: request)
            if let reason = configuration.readOnlyReason, !ReadOnlyServing.allows(operation) {
                throw ReadOnlyServing.refusal(operation, reason: reason)
            }
            let backend = self.backend
            let output =
                if operation == .getActivityTask {
                    try await withWithdrawablePoll(try pollKey(request, accessKey: accessKey)) { withdrawn in
                        try await LongPoll.run(
                            on: context.channel, timeout: configuration.longPollTimeout, withdrawn: withdrawn,
                            undelivered: { await LongPoll.redeliver($0, to: backend) }
                        ) {
                            try await operation.invoke(on: backend, body: bytes)
                        }
                    }
                } else {
                    try await operation.invoke(on: backend, body: bytes)
                }
            var headers = AWSJSONProtocol.responseHeaders(requestId: requestId)
            if backend.activityPollCancellationIsSafe {
                // Tells Stepwise's client that closing a long poll cannot lose a task here (see `LongPoll`), so
                // its workers may cancel polls at shutdown instead of waiting for them (which AWS requires).
                headers[AWSJSONProtocol.pollCancellationHeader] = "safe"
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: output)))
        } catch {
            throw Self.answer(for: error, requestId: requestId, logger: context.logger)
        }
    }

    /// Runs a poll registered under `key` (its withdrawal signal), or unregistered when it carries no poll id.
    private func withWithdrawablePoll(
        _ key: ParkedPolls.Key?, _ body: (OneShotSignal?) async throws -> [UInt8]
    ) async throws -> [UInt8] {
        guard let key else { return try await body(nil) }
        let withdrawn = parkedPolls.register(key)
        defer { parkedPolls.remove(key, signal: withdrawn) }
        return try await body(withdrawn)
    }

    /// The registry key of a `GetActivityTask` tagged with a poll id; nil for an untagged poll.
    private func pollKey(_ request: Request, accessKey: String?) throws(StepFunctionsError) -> ParkedPolls.Key? {
        guard let pollId = request.headers[AWSJSONProtocol.pollIdHeader] else { return nil }
        return try Self.key(pollId: pollId, accessKey: accessKey)
    }

    /// Ends the poll a withdrawal names (``ActivityPollWithdrawal``); an unknown or finished poll is no error.
    private func withdrawPoll(body: [UInt8], accessKey: String?) throws(StepFunctionsError) {
        let input: ActivityPollWithdrawal.Input
        do {
            input = try StepFunctionsCoding.makeDecoder().decode(ActivityPollWithdrawal.Input.self, from: Data(body))
        } catch {
            throw StepFunctionsError(.validationException, "WithdrawActivityPoll needs a body {\"pollId\": \"<id>\"}")
        }
        parkedPolls.withdraw(try Self.key(pollId: input.pollId, accessKey: accessKey))
    }

    /// A poll's key: its id, scoped by the access key that signed the request when requests are authenticated.
    private static func key(pollId: String, accessKey: String?) throws(StepFunctionsError) -> ParkedPolls.Key {
        guard !pollId.isEmpty, pollId.count <= ActivityPollWithdrawal.maximumPollIdLength else {
            throw StepFunctionsError(
                .validationException, "A poll id must have 1 to \(ActivityPollWithdrawal.maximumPollIdLength) characters")
        }
        return .init(scope: accessKey ?? "", pollId: pollId)
    }

    /// The AWS error answering `error`. Anything that is not a client's fault (a 5xx: a storage failure, an
    /// unexpected error) is logged in full and answered with AWS's generic `InternalFailure` wording, so no SQL,
    /// path or stack detail reaches the client.
    static func answer(for error: any Error, requestId: String, logger: Logger) -> StepFunctionsErrorResponse {
        if let failure = error as? RequestBodyReader.Failure {
            var answer = StepFunctionsErrorResponse(failure.error, requestId: requestId)
            answer.closesConnection = true
            return answer
        }
        guard let apiError = error as? StepFunctionsError, apiError.httpStatus < 500 else {
            logger.error("request failed", metadata: ["requestId": .string(requestId), "error": .string("\(error)")])
            var answer = StepFunctionsErrorResponse(error, requestId: requestId)
            if let apiError = error as? StepFunctionsError {
                answer.error = StepFunctionsError(apiError.code, StepFunctionsErrorResponse.internalFailureMessage)
            }
            return answer
        }
        return StepFunctionsErrorResponse(apiError, requestId: requestId)
    }

    /// The operation named by `X-Amz-Target`; `UnknownOperationException` for a missing or unknown target or a
    /// body that is not JSON.
    private func operation(of request: Request) throws(StepFunctionsError) -> StepFunctionsOperation {
        if let contentType = request.headers[.contentType] {
            let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard AWSJSONProtocol.acceptedContentTypes.contains(mediaType) else {
                throw StepFunctionsError(.unknownOperationException, "Unsupported Content-Type: \(contentType)")
            }
        }
        guard let target = request.headers[AWSJSONProtocol.targetHeader], let operation = StepFunctionsOperation(target: target) else {
            let target = request.headers[AWSJSONProtocol.targetHeader] ?? ""
            throw StepFunctionsError(.unknownOperationException, target.isEmpty ? "Missing X-Amz-Target header" : "Unknown operation \(target)")
        }
        return operation
    }

    /// Checks the request's signature when authentication is on; returns the access key that signed it (nil when
    /// any request is accepted).
    private func authenticate(_ request: Request, body: [UInt8]) throws(StepFunctionsError) -> String? {
        guard case .sigV4(let verifier) = configuration.authentication else { return nil }
        let target = request.head.path ?? "/"
        let (path, query) =
            if let mark = target.firstIndex(of: "?") {
                (String(target[..<mark]), String(target[target.index(after: mark)...]))
            } else { (target, "") }
        var headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        if !headers.contains(where: { $0.name.lowercased() == "host" }), let authority = request.head.authority {
            headers.append((name: "host", value: authority))
        }
        let signed = SigV4Request(method: request.method.rawValue, path: path, query: query, headers: headers, body: body)
        return try verifier.verify(signed, now: configuration.now())
    }
}

/// Header names and media types of the AWS JSON 1.0 protocol.
enum AWSJSONProtocol {
    // Literal, valid header names: the initializer cannot fail for them.
    static let targetHeader = HTTPField.Name("X-Amz-Target")!
    static let requestIdHeader = HTTPField.Name("x-amzn-RequestId")!

    static let errorTypeHeader = HTTPField.Name("x-amzn-ErrorType")!
    /// Present (`safe`) on the answers of a server whose backend never loses a task to a cancelled long poll.
    static let pollCancellationHeader = HTTPField.Name("x-stepwise-poll-cancellation")!
    /// The poll id a client gave its `GetActivityTask` (``ActivityPollWithdrawal/pollIdHeader``).
    static let pollIdHeader = HTTPField.Name(ActivityPollWithdrawal.pollIdHeader)!

    static func responseHeaders(requestId: String) -> HTTPFields {
        [.contentType: StepFunctionsCoding.contentType, requestIdHeader: requestId]
    }

    static func errorHeaders(requestId: String, code: StepFunctionsError.Code) -> HTTPFields {
        [.contentType: StepFunctionsCoding.contentType, requestIdHeader: requestId, errorTypeHeader: code.rawValue]
    }

    /// Media types accepted for the JSON body (parameters such as `charset` are ignored).
    static let acceptedContentTypes: Set<String> = [StepFunctionsCoding.contentType, "application/x-amz-json-1.1", "application/json"]
}
