import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StepFunctionsAPI

/// The AWS JSON 1.0 endpoint: `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>`, dispatched to a backend.
struct StepFunctionsRoute<Backend: StepFunctionsBackend>: Sendable {
    let backend: Backend
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: StepwiseRequestContext) async throws -> Response {
        let requestId = UUID().uuidString.lowercased()
        do {
            let body = try await RequestBodyReader.read(
                request, upTo: configuration.maximumRequestBodySize, timeout: configuration.bodyTimeout)
            let bytes = Array(buffer: body)
            try authenticate(request, body: bytes)
            let operation = try operation(of: request)
            if let reason = configuration.readOnlyReason, !ReadOnlyServing.allows(operation) {
                throw ReadOnlyServing.refusal(operation, reason: reason)
            }
            let backend = self.backend
            let output =
                if operation == .getActivityTask {
                    try await LongPoll.run(
                        on: context.channel, timeout: configuration.longPollTimeout,
                        undelivered: { await LongPoll.redeliver($0, to: backend) }
                    ) {
                        try await operation.invoke(on: backend, body: bytes)
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

    private func authenticate(_ request: Request, body: [UInt8]) throws(StepFunctionsError) {
        guard case .sigV4(let verifier) = configuration.authentication else { return }
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
        try verifier.verify(signed, now: configuration.now())
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

    static func responseHeaders(requestId: String) -> HTTPFields {
        [.contentType: StepFunctionsCoding.contentType, requestIdHeader: requestId]
    }

    static func errorHeaders(requestId: String, code: StepFunctionsError.Code) -> HTTPFields {
        [.contentType: StepFunctionsCoding.contentType, requestIdHeader: requestId, errorTypeHeader: code.rawValue]
    }

    /// Media types accepted for the JSON body (parameters such as `charset` are ignored).
    static let acceptedContentTypes: Set<String> = [StepFunctionsCoding.contentType, "application/x-amz-json-1.1", "application/json"]
}
