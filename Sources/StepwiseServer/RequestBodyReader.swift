import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import StepFunctionsAPI

/// Reads a request body within the server's budgets: a size limit (413), a time limit for the whole body (408),
/// and malformed framing such as a bad chunk size (400). Each of these answers closes the connection, since what
/// follows on it can no longer be framed.
enum RequestBodyReader {
    /// Thrown for a body that cannot be read; rendered with `Connection: close`.
    struct Failure: Error {
        var error: StepFunctionsError
    }

    static func read(_ request: Request, upTo limit: Int, timeout: Duration) async throws -> ByteBuffer {
        do {
            return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask {
                    var request = request
                    return try await request.collectBody(upTo: limit)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let body = first else {
                    // AWS documents no answer for a body that does not arrive in time; 408 is HTTP's.
                    var code = StepFunctionsError.Code(rawValue: "RequestTimeoutException")
                    code.httpStatus = 408
                    throw Failure(error: StepFunctionsError(code, "The request body did not arrive within \(timeout)"))
                }
                return body
            }
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            var code = StepFunctionsError.Code(rawValue: "RequestEntityTooLargeException")
            code.httpStatus = 413
            throw Failure(error: StepFunctionsError(code, "Request must be smaller than \(limit) bytes"))
        } catch let error as HTTPParserError {
            // A malformed chunk size or framing. AWS's wording for this is not documented (its front end answers
            // 400); the code is the JSON protocol's for a body it cannot read.
            throw Failure(
                error: StepFunctionsError(StepFunctionsError.Code(rawValue: "SerializationException"), "Malformed request body: \(error)"))
        }
    }
}
