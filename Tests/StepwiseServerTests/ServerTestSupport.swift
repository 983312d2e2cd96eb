import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StatesLanguage
import StepFunctionsAPI
import Testing

@testable import StepwiseServer

/// One answer of the server, parsed.
struct APIResponse {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var json: JSONValue

    var errorType: String? { json["__type"]?.stringValue }
    var message: String? { json["message"]?.stringValue }
}

let targetHeader = HTTPField.Name("X-Amz-Target")!

/// Sends requests to the router of a server in front of `backend`, without a network.
func withServer(
    _ backend: RecordingBackend = RecordingBackend(), configuration: ServerConfiguration = .init(),
    _ body: @Sendable (ServerClient) async throws -> Void
) async throws {
    let app = Application(router: buildRouter(backend: backend, configuration: configuration))
    try await app.test(.router) { client in try await body(ServerClient(client: client)) }
}

struct ServerClient: Sendable {
    let client: any TestClientProtocol

    /// Calls an operation with a JSON body (a string, sent as is).
    func call(_ operation: String?, _ body: String = "{}", contentType: String? = "application/x-amz-json-1.0", extraHeaders: HTTPFields = [:])
        async throws -> APIResponse
    {
        var headers = extraHeaders
        if let operation { headers[targetHeader] = "AWSStepFunctions.\(operation)" }
        if let contentType { headers[.contentType] = contentType }
        return try await send(method: .post, headers: headers, body: body)
    }

    func send(method: HTTPRequest.Method, uri: String = "/", headers: HTTPFields, body: String) async throws -> APIResponse {
        try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body)) { response in
            let text = String(buffer: response.body)
            let json = text.isEmpty ? JSONValue.null : try JSONValue(parsing: text)
            return APIResponse(status: response.status, headers: response.headers, json: json)
        }
    }
}
