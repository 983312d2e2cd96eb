import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// The AWS Lambda calls Stepwise needs to deploy handlers placed on Lambda and to invoke functions: Lambda's REST
/// API (JSON bodies, paths under `/2015-03-31/functions`), signed with SigV4 for service `lambda`, with the
/// credentials, HTTP client and standard retries of a ``StepFunctionsClient``.
///
/// ```swift
/// let lambda = client.lambdaClient()
/// let zip = try LambdaPackage.zip(bootstrap: URL(fileURLWithPath: ".build/release/pizza"))
/// let arn = try await lambda.ensureFunction(name: "MakeDough", zipFile: zip, roleArn: role, handler: "MakeDough",
///                                           timeoutSeconds: 30, memorySize: 256, reservedConcurrency: 2)
/// ```
/// `Sendable`: immutable.
public struct LambdaClient: Sendable {
    /// The endpoint, such as `https://lambda.us-east-1.amazonaws.com` or a local endpoint.
    public let endpoint: String
    /// The region requests are signed for.
    public let region: String
    let client: StepFunctionsClient

    init(endpoint: String, region: String, client: StepFunctionsClient) {
        self.endpoint = endpoint
        self.region = region
        self.client = client
    }

    /// AWS's Lambda endpoint for `region`.
    public static func defaultEndpoint(region: String) -> String {
        region.hasPrefix("cn-") ? "https://lambda.\(region).amazonaws.com.cn" : "https://lambda.\(region).amazonaws.com"
    }

    // MARK: Operations

    /// `CreateFunction` from a zip (`Code.ZipFile`).
    /// - Throws: ``LambdaError`` (`ResourceConflictException` when the name is taken, `InvalidParameterValueException`).
    public func createFunction(_ request: LambdaFunctionRequest, zipFile: [UInt8]) async throws -> LambdaFunctionConfiguration {
        var body = request.json
        body["FunctionName"] = .string(request.functionName)
        body["Code"] = ["ZipFile": .string(Data(zipFile).base64EncodedString())]
        body["Publish"] = false
        return try await call("CreateFunction", "POST", "/2015-03-31/functions", body: .object(body), as: LambdaFunctionConfiguration.self)
    }

    /// `UpdateFunctionCode` with a new zip.
    public func updateFunctionCode(name: String, zipFile: [UInt8]) async throws -> LambdaFunctionConfiguration {
        let body: JSONValue = ["ZipFile": .string(Data(zipFile).base64EncodedString())]
        return try await call(
            "UpdateFunctionCode", "PUT", "/2015-03-31/functions/\(name)/code", body: body, as: LambdaFunctionConfiguration.self)
    }

    /// `UpdateFunctionConfiguration`: runtime, role, handler, timeout and memory of `request`.
    public func updateFunctionConfiguration(_ request: LambdaFunctionRequest) async throws -> LambdaFunctionConfiguration {
        try await call(
            "UpdateFunctionConfiguration", "PUT", "/2015-03-31/functions/\(request.functionName)/configuration",
            body: .object(request.json), as: LambdaFunctionConfiguration.self)
    }

    /// `PutFunctionConcurrency`: reserves `reserved` concurrent executions (0 stops every invocation).
    public func putFunctionConcurrency(name: String, reserved: Int) async throws {
        _ = try await call(
            "PutFunctionConcurrency", "PUT", "/2017-10-31/functions/\(name)/concurrency",
            body: ["ReservedConcurrentExecutions": .int(reserved)], as: JSONValue.self)
    }

    /// `DeleteFunctionConcurrency`: the function uses the account's unreserved concurrency again.
    public func deleteFunctionConcurrency(name: String) async throws {
        _ = try await call("DeleteFunctionConcurrency", "DELETE", "/2017-10-31/functions/\(name)/concurrency", body: nil, as: JSONValue.self)
    }

    /// `GetFunction`: the configuration and reserved concurrency.
    /// - Throws: ``LambdaError/Code/resourceNotFound`` when there is no such function.
    public func getFunction(name: String) async throws -> LambdaFunction {
        try await call("GetFunction", "GET", "/2015-03-31/functions/\(name)", body: nil, as: LambdaFunction.self)
    }

    /// `ListFunctions`, every page.
    public func listFunctions() async throws -> [LambdaFunctionConfiguration] {
        struct Page: Decodable {
            var Functions: [LambdaFunctionConfiguration]?
            var NextMarker: String?
        }
        var functions: [LambdaFunctionConfiguration] = []
        var marker: String?
        repeat {
            let query = marker.map { "Marker=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? ""
            let page = try await call("ListFunctions", "GET", "/2015-03-31/functions/", query: query, body: nil, as: Page.self)
            functions += page.Functions ?? []
            marker = page.NextMarker.flatMap { $0.isEmpty ? nil : $0 }
        } while marker != nil
        return functions
    }

    /// `DeleteFunction`.
    public func deleteFunction(name: String) async throws {
        _ = try await call("DeleteFunction", "DELETE", "/2015-03-31/functions/\(name)", body: nil, as: JSONValue.self)
    }

    /// `AddPermission`: lets `principal` (such as `states.amazonaws.com`) call `action` on the function, optionally
    /// only from `sourceArn`. A statement id that exists already is answered with `ResourceConflictException`.
    public func addPermission(
        name: String, statementId: String, action: String = "lambda:InvokeFunction", principal: String, sourceArn: String? = nil
    ) async throws {
        var body: JSONObject = ["StatementId": .string(statementId), "Action": .string(action), "Principal": .string(principal)]
        if let sourceArn { body["SourceArn"] = .string(sourceArn) }
        _ = try await call("AddPermission", "POST", "/2015-03-31/functions/\(name)/policy", body: .object(body), as: JSONValue.self)
    }

    /// `Invoke` (`RequestResponse`): the function's status code, result or error document, and version.
    public func invoke(name: String, payload: [UInt8]) async throws -> LambdaInvocationResult {
        let response = try await send("Invoke", "POST", "/2015-03-31/functions/\(name)/invocations", query: "", body: payload)
        return LambdaInvocationResult(
            statusCode: response.status, functionError: response.headers["x-amz-function-error"],
            executedVersion: response.headers["x-amz-executed-version"] ?? "$LATEST", payload: response.body)
    }

    /// Creates the function, or brings an existing one up to date: code (when its SHA-256 differs), then
    /// configuration, then reserved concurrency (put, or deleted when `reservedConcurrency` is nil).
    /// - Returns: the function's ARN.
    public func ensureFunction(_ request: LambdaFunctionRequest, zipFile: [UInt8], reservedConcurrency: Int?) async throws -> String {
        let arn: String
        do {
            let existing = try await getFunction(name: request.functionName)
            if existing.configuration.codeSha256 != LambdaPackage.sha256Base64(zipFile) {
                _ = try await updateFunctionCode(name: request.functionName, zipFile: zipFile)
            }
            arn = try await updateFunctionConfiguration(request).functionArn
        } catch LambdaError.Code.resourceNotFound {
            arn = try await createFunction(request, zipFile: zipFile).functionArn
        }
        if let reservedConcurrency {
            try await putFunctionConcurrency(name: request.functionName, reserved: reservedConcurrency)
        } else {
            try await deleteFunctionConcurrency(name: request.functionName)
        }
        return arn
    }

    // MARK: The REST protocol

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    func call<Output: Decodable>(
        _ operation: String, _ method: String, _ path: String, query: String = "", body: JSONValue?, as _: Output.Type
    ) async throws -> Output {
        let bytes = body.map { Array($0.jsonString().utf8) } ?? []
        let response = try await send(operation, method, path, query: query, body: bytes)
        do {
            return try JSONDecoder().decode(Output.self, from: Data(response.body.isEmpty ? Array("{}".utf8) : response.body))
        } catch {
            throw LambdaError(.init(rawValue: "SerializationException"), "the \(operation) answer could not be read: \(error)", httpStatus: response.status)
        }
    }

    func send(_ operation: String, _ method: String, _ path: String, query: String, body: [UInt8]) async throws -> Response {
        try await client.withStandardRetries(
            "Lambda.\(operation)", classify: Self.retryClass,
            isExpiredCredentials: { ($0 as? LambdaError).map { StepFunctionsClient.expiredCredentialCodes.contains($0.code.rawValue) } ?? false }
        ) { try await attempt(operation, method, path, query: query, body: body) }
    }

    static func retryClass(_ error: any Error) -> RetryClass? {
        switch error {
        case let error as LambdaError:
            if RetryClass.throttlingCodes.contains(error.code.rawValue) || error.httpStatus == 429 { return .throttling }
            if RetryClass.transientCodes.contains(error.code.rawValue) || RetryClass.transientStatuses.contains(error.httpStatus) {
                return .transient
            }
            return nil
        case let error as LambdaTransportError:
            return error.isTimeout ? .timeout : .transient
        default:
            return nil
        }
    }

    private func attempt(_ operation: String, _ method: String, _ path: String, query: String, body: [UInt8]) async throws -> Response {
        let credentials = try await client.currentCredentials()
        var headers: [(name: String, value: String)] = [(name: "Host", value: StepFunctionsClient.hostHeader(endpoint))]
        if !body.isEmpty { headers.append((name: "Content-Type", value: "application/json")) }
        let unsigned = SigV4Request(method: method, path: path, query: query, headers: headers, body: body)
        let signed = SigV4Signer(credentials: credentials, region: region, service: "lambda").sign(unsigned, date: Date())
        var request = HTTPClientRequest(url: endpoint + path + (query.isEmpty ? "" : "?" + query))
        request.method = .RAW(value: method)
        for header in signed.headers { request.headers.add(name: header.name, value: header.value) }
        request.headers.add(name: "User-Agent", value: "stepwise-swift")
        if !body.isEmpty { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response: HTTPClientResponse
        let bytes: [UInt8]
        do {
            let timeout = operation == "Invoke" ? Duration.seconds(900 + 30) : client.configuration.requestTimeout
            response = try await client.httpClient.execute(request, timeout: .nanoseconds(StepFunctionsClient.nanoseconds(timeout)))
            bytes = Array(buffer: try await response.body.collect(upTo: 70 << 20))
        } catch let error as CancellationError {
            throw error
        } catch {
            let timeouts: [HTTPClientError] = [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout]
            throw LambdaTransportError(
                operation: operation, isTimeout: (error as? HTTPClientError).map(timeouts.contains) ?? false, reason: "\(error)")
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            throw LambdaError(status: status, body: bytes, errorTypeHeader: response.headers.first(name: "x-amzn-ErrorType"))
        }
        var answerHeaders: [String: String] = [:]
        for header in response.headers { answerHeaders[header.name.lowercased()] = header.value }
        return Response(status: status, headers: answerHeaders, body: bytes)
    }
}

extension StepFunctionsClient {
    /// The Lambda client of this client's credentials and region: `endpoint` if given; else, when this client talks
    /// to an endpoint other than AWS's (`stepwise serve`, moto, LocalStack), that same endpoint (they serve Lambda on
    /// the same port); else AWS's Lambda endpoint for the region.
    public func lambdaClient(endpoint: String? = nil) -> LambdaClient {
        if let endpoint { return LambdaClient(endpoint: endpoint, region: configuration.region, client: self) }
        let host = URLComponents(string: configuration.endpoint)?.host?.lowercased() ?? ""
        let isAWS = host.hasSuffix(".amazonaws.com") || host.hasSuffix(".amazonaws.com.cn")
        let chosen = isAWS ? LambdaClient.defaultEndpoint(region: configuration.region) : configuration.endpoint
        return LambdaClient(endpoint: chosen, region: configuration.region, client: self)
    }
}
