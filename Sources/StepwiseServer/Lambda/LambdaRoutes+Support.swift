import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import StepwiseLambda

/// What a Lambda route answers: a status, headers and a body.
struct LambdaAnswer: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: [UInt8]

    static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> LambdaAnswer {
        LambdaAnswer(status: status, headers: [.contentType: "application/json"], body: Array(value.jsonString().utf8))
    }

    static func empty(_ status: HTTPResponse.Status) -> LambdaAnswer { LambdaAnswer(status: status, headers: [:], body: []) }
}

extension LambdaRoutes {
    /// Reads the body (within `limit` and the body timeout), checks the signature (service `lambda`) when the
    /// server requires one, runs `operation` with the body and the `:name` path parameter (percent-decoded), and
    /// renders its answer or its error in Lambda's shape.
    func respond(
        _ request: Request, _ context: StepwiseRequestContext, limit: Int = maxConfigurationRequestBytes,
        _ operation: (_ body: [UInt8], _ name: String) async throws -> LambdaAnswer
    ) async -> Response {
        let requestId = UUID().uuidString.lowercased()
        var answer: LambdaAnswer
        do {
            let body: [UInt8]
            do {
                body = Array(buffer: try await RequestBodyReader.read(request, upTo: limit, timeout: configuration.bodyTimeout))
            } catch let failure as RequestBodyReader.Failure {
                if failure.error.httpStatus == 413 {
                    throw LocalLambdaError(code: "RequestEntityTooLargeException", message: "Request must be smaller than \(limit) bytes", httpStatus: 413)
                }
                throw LocalLambdaError(code: failure.error.code.rawValue, message: failure.error.message, httpStatus: failure.error.httpStatus)
            }
            try authenticate(request, body: body)
            let raw = context.parameters.get("name") ?? ""
            answer = try await operation(body, raw.removingPercentEncoding ?? raw)
        } catch let error as LocalLambdaError {
            answer = Self.errorAnswer(error)
        } catch {
            context.logger.error("lambda request failed", metadata: ["requestId": .string(requestId), "error": .string("\(error)")])
            answer = Self.errorAnswer(LocalLambdaError(code: "ServiceException", message: "An internal error occurred.", httpStatus: 500))
        }
        answer.headers[AWSJSONProtocol.requestIdHeader] = requestId
        return Response(status: answer.status, headers: answer.headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// Lambda's error shape: `x-amzn-ErrorType` and `{"Type": "User"|"Service", "message": ...}`; a throttle adds its `Reason`.
    static func errorAnswer(_ error: LocalLambdaError) -> LambdaAnswer {
        var body: JSONObject = ["Type": error.httpStatus >= 500 ? "Service" : "User", "message": .string(error.message)]
        if error.code == "TooManyRequestsException" { body["Reason"] = "ReservedFunctionConcurrentInvocationLimitExceeded" }
        var answer = LambdaAnswer.json(HTTPResponse.Status(code: error.httpStatus), .object(body))
        answer.headers[AWSJSONProtocol.errorTypeHeader] = error.code
        return answer
    }

    private func authenticate(_ request: Request, body: [UInt8]) throws(LocalLambdaError) {
        guard case .sigV4(var verifier) = configuration.authentication else { return }
        verifier.service = "lambda"
        let target = request.head.path ?? "/"
        let (path, query) =
            if let mark = target.firstIndex(of: "?") {
                (String(target[..<mark]), String(target[target.index(after: mark)...]))
            } else { (target, "") }
        var headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        if !headers.contains(where: { $0.name.lowercased() == "host" }), let authority = request.head.authority {
            headers.append((name: "host", value: authority))
        }
        do {
            try verifier.verify(SigV4Request(method: request.method.rawValue, path: path, query: query, headers: headers, body: body), now: configuration.now())
        } catch {
            throw LocalLambdaError(code: error.code.rawValue, message: error.message, httpStatus: error.httpStatus)
        }
    }

    // MARK: Reading requests

    static func object(_ body: [UInt8]) throws(LocalLambdaError) -> JSONObject {
        let text = body.isEmpty ? "{}" : String(decoding: body, as: UTF8.self)
        guard let value = try? JSONValue(parsing: text), case .object(let object) = value else {
            throw LocalLambdaError(code: "InvalidRequestContentException", message: "Could not parse request body into json", httpStatus: 400)
        }
        return object
    }

    /// Lambda's `ValidationException` wording for one failed constraint.
    static func validation(_ value: String, _ member: String, _ constraint: String) -> LocalLambdaError {
        LocalLambdaError(
            code: "ValidationException",
            message: "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: \(constraint)", httpStatus: 400)
    }

    static func checkName(_ name: String) throws(LocalLambdaError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        guard (1...64).contains(name.count), name.allSatisfy(allowed.contains) else {
            throw validation(
                name, "functionName", "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+ and have length between 1 and 64")
        }
    }

    /// `arn:aws:iam::ACCOUNT:role/NAME`, as Lambda's model requires.
    static func checkRole(_ role: String) throws(LocalLambdaError) {
        let parts = role.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "iam", parts[3].isEmpty,
            parts[4].count == 12, parts[4].allSatisfy(\.isNumber), parts[5].hasPrefix("role/"), parts[5].count > 5
        else {
            throw validation(role, "role", "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+")
        }
    }

    /// The package of `Code` (`CreateFunction`) or of the request itself (`UpdateFunctionCode`): `ZipFile` in base64.
    static func zipFile(_ code: JSONValue?) throws(LocalLambdaError) -> [UInt8] {
        guard case .object(let object) = code else { throw validation("null", "code", "Member must not be null") }
        if object["S3Bucket"] != nil || object["ImageUri"] != nil {
            throw LocalLambdaError(
                code: "InvalidParameterValueException",
                message: "This local Lambda takes the package in the request (ZipFile, such as --zip-file fileb://function.zip); it cannot read S3 or images.",
                httpStatus: 400)
        }
        guard let text = object["ZipFile"]?.stringValue, let data = Data(base64Encoded: text) else {
            throw LocalLambdaError(
                code: "InvalidParameterValueException", message: "Please provide a source for function code (ZipFile, in base64).", httpStatus: 400)
        }
        return [UInt8](data)
    }

    /// Lambda's reserved environment variable names (its runtime sets them).
    static let reservedVariables: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    /// The configuration members shared by `CreateFunction` and `UpdateFunctionConfiguration`, checked as Lambda checks them.
    static func apply(_ object: JSONObject, to record: inout FunctionRecord) throws(LocalLambdaError) {
        if let value = object["Timeout"] {
            guard let timeout = value.intValue else { throw validation(value.jsonString(), "timeout", "Member must be an integer") }
            guard timeout >= 1 else { throw validation("\(timeout)", "timeout", "Member must have value greater than or equal to 1") }
            guard timeout <= 900 else { throw validation("\(timeout)", "timeout", "Member must have value less than or equal to 900") }
            record.timeout = timeout
        }
        if let value = object["MemorySize"] {
            guard let memory = value.intValue else { throw validation(value.jsonString(), "memorySize", "Member must be an integer") }
            guard memory >= 128 else { throw validation("\(memory)", "memorySize", "Member must have value greater than or equal to 128") }
            guard memory <= 10_240 else { throw validation("\(memory)", "memorySize", "Member must have value less than or equal to 10240") }
            record.memorySize = memory
        }
        if let description = object["Description"]?.stringValue { record.description = description }
        if let architectures = object["Architectures"]?.arrayValue {
            let names = architectures.compactMap(\.stringValue)
            guard names.count == 1, ["x86_64", "arm64"].contains(names[0]) else {
                throw validation(architectures.description, "architectures", "Member must have length 1 and be x86_64 or arm64")
            }
            record.architectures = names
        }
        if let environment = object["Environment"] {
            var variables: [String: String] = [:]
            for (key, value) in environment["Variables"]?.objectValue ?? [:] {
                guard let text = value.stringValue else { throw validation(value.jsonString(), "environment.variables", "Member must be a string") }
                variables[key] = text
            }
            let reserved = variables.keys.filter(reservedVariables.contains).sorted()
            guard reserved.isEmpty else {
                throw LocalLambdaError(
                    code: "InvalidParameterValueException",
                    message: "Lambda was unable to configure your environment variables because the environment variables you have provided "
                        + "contains reserved keys that are currently not supported for modification. Reserved keys used in this request: "
                        + reserved.joined(separator: ", "),
                    httpStatus: 400)
            }
            let size = variables.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
            guard size <= 4096 else {
                throw LocalLambdaError(
                    code: "InvalidParameterValueException",
                    message: "Lambda was unable to configure your environment variables because the environment variables you have provided "
                        + "exceeded the 4KB limit. String measured: \(size)",
                    httpStatus: 400)
            }
            record.environment = variables
        }
        if FunctionStore.pythonRuntimes.contains(record.runtime), record.handler.isEmpty {
            throw LocalLambdaError(
                code: "InvalidParameterValueException", message: "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
                httpStatus: 400)
        }
    }
}
