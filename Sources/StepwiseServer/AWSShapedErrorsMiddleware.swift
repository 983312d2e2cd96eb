import Foundation
import HTTPTypes
import Hummingbird
import StepFunctionsAPI

/// Answers what no route handles (another path, another method, `CONNECT`) the way the rest of the API answers:
/// an AWS-shaped JSON error with a length, instead of Hummingbird's empty 404.
///
/// AWS's own front door answers a request it cannot route with an HTML or XML page; there is no documented
/// JSON answer, so the code and wording here are a guess in AWS's style (`UnknownOperationException`, which
/// the JSON protocol uses for a request it cannot dispatch).
struct AWSShapedErrorsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound || error.status == .methodNotAllowed {
            var code = StepFunctionsError.Code.unknownOperationException
            code.httpStatus = error.status.code
            let message =
                request.method == .post
                ? "No operation at path \(request.uri.path); send operations to POST /"
                : "Method \(request.method.rawValue) is not supported; send operations to POST /"
            var response = try StepFunctionsErrorResponse(StepFunctionsError(code, message), requestId: UUID().uuidString.lowercased())
                .response(from: request, context: context)
            if request.method == .connect {
                // A CONNECT that is not accepted must not leave the connection in a tunnel-like limbo.
                response.headers[.connection] = "close"
            }
            return response
        }
    }
}
