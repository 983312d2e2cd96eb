import Foundation
public import Hummingbird
public import StepFunctionsAPI

/// The one place errors become HTTP responses: `{"__type": ..., "message": ...}` with the status AWS uses,
/// `Content-Type: application/x-amz-json-1.0`, `x-amzn-RequestId`, and the code again in `x-amzn-ErrorType` (the
/// AWS JSON protocol lets SDKs read the error type from that header or from `__type`). Errors that are not
/// ``StepFunctionsError`` become `InternalFailure` (500) without leaking their text.
public struct StepFunctionsErrorResponse: HTTPResponseError {
    /// The AWS error rendered.
    public var error: StepFunctionsError
    /// The request id sent in `x-amzn-RequestId`.
    public var requestId: String

    /// Wraps any error thrown while answering the request with id `requestId`.
    public init(_ error: any Error, requestId: String) {
        self.error =
            (error as? StepFunctionsError)
            ?? StepFunctionsError(.internalFailure, Self.internalFailureMessage)
        self.requestId = requestId
    }

    /// AWS's documented description of `InternalFailure`.
    static let internalFailureMessage = "The request processing has failed because of an unknown error, exception or failure."

    public var status: HTTPResponse.Status { .init(code: error.httpStatus) }

    /// Whether the connection is closed after this answer (the request's framing cannot be trusted any more).
    public var closesConnection = false

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = AWSJSONProtocol.errorHeaders(requestId: requestId, code: error.code)
        if closesConnection { headers[.connection] = "close" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: error.jsonBody)))
    }
}
