import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OrderedCollections
import StatesLanguage
import Synchronization

extension StepwiseEngine {
    /// Sets the connection credentials `arn:aws:states:::http:invoke` tasks use (`--connections FILE`); nil: none, and
    /// an HTTP task fails naming the connection it needs.
    public func setHTTPConnections(_ connections: HTTPConnections?) {
        httpConnections.withLock { $0 = connections }
    }

    /// The call that runs an `http:invoke` task, or nil for other resources.
    func httpIntegration(for resource: String) -> IntegrationHandler? {
        guard resource == "arn:aws:states:::http:invoke" else { return nil }
        return { [self] input, _ in await invokeHTTP(input) }
    }

    /// The longest an HTTP Task's request may take (AWS: 60 seconds).
    static let httpTimeout: TimeAmount = .seconds(60)

    /// The client HTTP Tasks use: shared event loops; a connection that cannot be established fails the request at
    /// once (after at most 10 seconds) with `States.Http.Socket`, instead of being retried until the deadline. Never
    /// shut down: it lives as long as the process, like `HTTPClient.shared`.
    static let httpTaskClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Performs an HTTP Task's request and answers AWS's output shape (`Headers`, `ResponseBody`, `StatusCode`,
    /// `StatusText`): a 2xx response succeeds, any other fails with `States.Http.StatusCode.<code>`, and a request
    /// that cannot be made or answered fails with `States.Http.Socket`.
    private func invokeHTTP(_ input: String) async -> IntegrationResult {
        let request: HTTPInvokeRequest
        do throws(StatesError) {
            guard let parameters = try? JSONValue(parsing: input) else { throw HTTPInvokeRequest.invalid("not JSON") }
            request = try HTTPInvokeRequest(parameters: parameters, region: names.region)
        } catch {
            return .failure(error: error.error, cause: error.cause)
        }
        guard let connection = httpConnections.withLock({ $0?.connections[request.connectionArn] }) else {
            // AWS fails a task whose connection does not exist; here connections come from a local file.
            return .failure(
                error: StatesError.Name.runtime,
                cause: "The connection \(request.connectionArn) is not configured in this engine: give its credentials in a "
                    + "connections file (--connections FILE).")
        }
        var authorized: AuthorizedRequest
        do {
            authorized = try await authorize(request, connection, fresh: false)
        } catch let error as HTTPInvokeFailure {
            return .failure(error: error.error, cause: error.cause)
        } catch {
            return .failure(error: "States.Http.Socket", cause: "\(error)")
        }
        var response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await Self.httpTaskClient.execute(authorized.request, timeout: Self.httpTimeout)
            if [401, 407].contains(Int(response.status.code)), let cached = authorized.cachedToken {
                // The endpoint refused a kept OAuth token: it is fetched again and the request sent once more.
                OAuthTokenCache.shared.invalidate(cached.key, token: cached.token)
                _ = try? await response.body.collect(upTo: Self.maxPayloadBytes + 1)
                authorized = try await authorize(request, connection, fresh: true)
                response = try await Self.httpTaskClient.execute(authorized.request, timeout: Self.httpTimeout)
            }
            body = try await response.body.collect(upTo: Self.maxPayloadBytes + 1)
        } catch let error as HTTPInvokeFailure {
            return .failure(error: error.error, cause: error.cause)
        } catch is NIOTooManyBytesError {
            // AWS asks for the first 256 KiB only (the Range header); a server that sends more exceeds the task's result.
            return .failure(
                error: StatesError.Name.dataLimitExceeded,
                cause: "The response of \(request.url) exceeds the maximum size of \(Self.maxPayloadBytes) bytes.")
        } catch {
            return .failure(error: "States.Http.Socket", cause: "The request to \(request.url) failed: \(error)")
        }
        let output = Self.httpOutput(response, body: body)
        let code = Int(response.status.code)
        if (200..<300).contains(code) { return .success(output.jsonString()) }
        // AWS names the failure after the status; the cause carries the response (the cause's shape is a guess).
        return .failure(error: "States.Http.StatusCode.\(code)", cause: output.jsonString())
    }

    /// A request ready to send, and the kept OAuth token it carries (nil when it carries a fresh one or none).
    struct AuthorizedRequest {
        var request: HTTPClientRequest
        var cachedToken: (key: String, token: String)?
    }

    /// The request with the connection's credentials and invocation parameters merged in (the connection wins); an
    /// OAuth token is taken from ``OAuthTokenCache`` unless `fresh`.
    private func authorize(
        _ request: HTTPInvokeRequest, _ connection: HTTPConnections.Connection, fresh: Bool
    ) async throws -> AuthorizedRequest {
        var cachedToken: (key: String, token: String)?
        var headers = request.headers
        var url = request.url
        var body = request.body
        func set(_ name: String, _ value: String) {
            headers.removeAll { $0.0.lowercased() == name.lowercased() }
            headers.append((name, value))
        }
        switch connection.authorization {
        case .basic(let username, let password):
            set("Authorization", "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
        case .apiKey(let name, let value):
            set(name, value)
        case .oauthClientCredentials(let endpoint, let method, let clientID, let clientSecret, let parameters):
            let key = [endpoint, method, clientID, clientSecret, "\(parameters.headers)", "\(parameters.query)", "\(parameters.body)"]
                .joined(separator: "\u{0}")
            if !fresh, let kept = OAuthTokenCache.shared.token(for: key) {
                cachedToken = (key, kept)
                set("Authorization", "Bearer " + kept)
            } else {
                let (token, expiresIn) = try await fetchOAuthToken(
                    endpoint: endpoint, method: method, clientID: clientID, clientSecret: clientSecret, parameters: parameters)
                OAuthTokenCache.shared.store(token, expiresIn: expiresIn, for: key)
                set("Authorization", "Bearer " + token)
            }
        }
        for (name, value) in connection.invocation.headers { set(name, value) }
        if !connection.invocation.query.isEmpty {
            let extra = connection.invocation.query.map { HTTPInvokeRequest.formEncode($0.0) + "=" + HTTPInvokeRequest.formEncode($0.1) }
            url += (url.contains("?") ? "&" : "?") + extra.joined(separator: "&")
        }
        if !connection.invocation.body.isEmpty {
            body = Self.mergeBody(body, connection.invocation.body, headers: headers)
        }
        var prepared = HTTPClientRequest(url: url)
        prepared.method = HTTPMethod(rawValue: request.method)
        for (name, value) in headers { prepared.headers.add(name: name, value: value) }
        if let body { prepared.body = .bytes(ByteBuffer(string: body)) }
        return AuthorizedRequest(request: prepared, cachedToken: cachedToken)
    }

    /// Adds a connection's body parameters to a JSON object body or a form body; other bodies are kept as they are.
    static func mergeBody(_ body: String?, _ parameters: [(String, String)], headers: [(String, String)]) -> String? {
        let contentType = headers.first { $0.0.lowercased() == "content-type" }?.1.lowercased() ?? "application/json"
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            let extra = parameters.map { HTTPInvokeRequest.formEncode($0.0) + "=" + HTTPInvokeRequest.formEncode($0.1) }
            return ([body].compactMap { $0 }.filter { !$0.isEmpty } + extra).joined(separator: "&")
        }
        guard var object = (body.flatMap { try? JSONValue(parsing: $0) } ?? .object([:])).objectValue else { return body }
        for (key, value) in parameters { object[key] = .string(value) }
        return JSONValue.object(object).jsonString()
    }

    /// A client-credentials token from an OAuth endpoint (the client's ID and secret as Basic authorization), with its
    /// `expires_in` when the answer has one.
    private func fetchOAuthToken(
        endpoint: String, method: String, clientID: String, clientSecret: String, parameters: HTTPConnections.Parameters
    ) async throws -> (String, Double?) {
        var url = endpoint
        if !parameters.query.isEmpty {
            let extra = parameters.query.map { HTTPInvokeRequest.formEncode($0.0) + "=" + HTTPInvokeRequest.formEncode($0.1) }
            url += (url.contains("?") ? "&" : "?") + extra.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(clientID):\(clientSecret)".utf8).base64EncodedString())
        for (name, value) in parameters.headers { request.headers.replaceOrAdd(name: name, value: value) }
        if method != "GET" {
            var form = parameters.body
            if !form.contains(where: { $0.0 == "grant_type" }) { form.insert(("grant_type", "client_credentials"), at: 0) }
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form.map { HTTPInvokeRequest.formEncode($0.0) + "=" + HTTPInvokeRequest.formEncode($0.1) }
                .joined(separator: "&")))
        }
        let response = try await Self.httpTaskClient.execute(request, timeout: Self.httpTimeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        let answer = try? JSONValue(parsing: String(buffer: body))
        guard (200..<300).contains(Int(response.status.code)), let token = answer?["access_token"]?.stringValue else {
            throw HTTPInvokeFailure(
                error: "States.Http.StatusCode.\(response.status.code)",
                cause: "The OAuth endpoint \(endpoint) did not answer an access_token (status \(response.status.code)).")
        }
        let expiresIn = answer?["expires_in"]?.doubleValue ?? answer?["expires_in"]?.stringValue.flatMap(Double.init)
        return (token, expiresIn)
    }

    /// AWS's output of an HTTP Task: `Headers` (name → values), `ResponseBody` (JSON when it parses, else text),
    /// `StatusCode` and `StatusText`.
    static func httpOutput(_ response: HTTPClientResponse, body: ByteBuffer) -> JSONValue {
        var headers: JSONObject = [:]
        for header in response.headers {
            let name = header.name.lowercased()
            headers[name] = .array((headers[name]?.arrayValue ?? []) + [.string(header.value)])
        }
        let text = String(buffer: body)
        var output: JSONObject = [
            "Headers": .object(headers), "StatusCode": .string(String(response.status.code)),
            "StatusText": .string(response.status.reasonPhrase),
        ]
        if !text.isEmpty { output["ResponseBody"] = (try? JSONValue(parsing: text)) ?? .string(text) }
        return .object(output)
    }
}

/// An HTTP Task failure with its ASL error name.
struct HTTPInvokeFailure: Error {
    var error: String
    var cause: String
}
