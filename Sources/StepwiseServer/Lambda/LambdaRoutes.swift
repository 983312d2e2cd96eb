import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import StepwiseLambda

/// Lambda's REST API for the server's local functions, on the same port as the Step Functions API (as AWS's
/// endpoints route by path, `/2015-03-31/functions...`): `CreateFunction` from a zip, `UpdateFunctionCode`,
/// `GetFunctionConfiguration` / `UpdateFunctionConfiguration`, `Put`/`Get`/`DeleteFunctionConcurrency`, `Invoke`
/// (`RequestResponse` and `DryRun`), `GetFunction`, `ListFunctions` and `DeleteFunction`, so `aws lambda ...` and
/// boto3 work against `stepwise serve`. Errors have Lambda's shape: the status, `x-amzn-ErrorType` and
/// `{"Type": "User", "message": ...}`.
struct LambdaRoutes: Sendable {
    let store: FunctionStore
    let configuration: ServerConfiguration

    /// AWS's limit on a `CreateFunction` or `UpdateFunctionCode` request (a 50 MB zip, base64 in JSON).
    static let maxCodeRequestBytes = 69_905_067
    /// Configuration requests are small; 1 MB is generous.
    static let maxConfigurationRequestBytes = 1 << 20

    func register(on router: Router<StepwiseRequestContext>) {
        let functions = "/2015-03-31/functions"
        router.post(RouterPath(functions)) { request, context in
            await respond(request, context, limit: Self.maxCodeRequestBytes) { body, _ in try await createFunction(body) }
        }
        router.get(RouterPath(functions)) { request, context in
            await respond(request, context) { _, _ in try listFunctions(request) }
        }
        router.get(RouterPath("\(functions)/:name")) { request, context in
            await respond(request, context) { _, name in
                let record = try store.get(name)
                try checkQualifier(request, record)
                return .json(.ok, getFunctionOutput(record))
            }
        }
        router.delete(RouterPath("\(functions)/:name")) { request, context in
            await respond(request, context) { _, name in
                try store.delete(name)
                return .empty(.noContent)
            }
        }
        router.get(RouterPath("\(functions)/:name/configuration")) { request, context in
            await respond(request, context) { _, name in
                let record = try store.get(name)
                try checkQualifier(request, record)
                return .json(.ok, functionConfiguration(record))
            }
        }
        router.put(RouterPath("\(functions)/:name/configuration")) { request, context in
            await respond(request, context) { body, name in try await updateConfiguration(name, body) }
        }
        router.put(RouterPath("\(functions)/:name/code")) { request, context in
            await respond(request, context, limit: Self.maxCodeRequestBytes) { body, name in try updateCode(name, body) }
        }
        router.post(RouterPath("\(functions)/:name/invocations")) { request, context in
            await respond(request, context, limit: LocalLambda.maxPayloadBytes + 1) { body, name in
                try await invoke(name, body, request)
            }
        }
        router.put("/2017-10-31/functions/:name/concurrency") { request, context in
            await respond(request, context) { body, name in
                let object = try Self.object(body)
                guard let value = object["ReservedConcurrentExecutions"], let reserved = value.intValue else {
                    throw Self.validation("null", "reservedConcurrentExecutions", "Member must not be null")
                }
                guard reserved >= 0 else {
                    throw Self.validation("\(reserved)", "reservedConcurrentExecutions", "Member must have value greater than or equal to 0")
                }
                _ = try store.setReservedConcurrency(name: name, reserved)
                return .json(.ok, ["ReservedConcurrentExecutions": .int(reserved)])
            }
        }
        router.delete("/2017-10-31/functions/:name/concurrency") { request, context in
            await respond(request, context) { _, name in
                _ = try store.setReservedConcurrency(name: name, nil)
                return .empty(.noContent)
            }
        }
        router.get("/2019-09-30/functions/:name/concurrency") { request, context in
            await respond(request, context) { _, name in
                let record = try store.get(name)
                return .json(.ok, record.reservedConcurrency.map { ["ReservedConcurrentExecutions": .int($0)] } ?? [:])
            }
        }
    }

    // MARK: Operations

    private func createFunction(_ body: [UInt8]) async throws(LocalLambdaError) -> LambdaAnswer {
        let object = try Self.object(body)
        guard let name = object["FunctionName"]?.stringValue else { throw Self.validation("null", "functionName", "Member must not be null") }
        try Self.checkName(name)
        guard let role = object["Role"]?.stringValue else { throw Self.validation("null", "role", "Member must not be null") }
        try Self.checkRole(role)
        if let type = object["PackageType"]?.stringValue, type != "Zip" {
            throw LocalLambdaError(
                code: "InvalidParameterValueException", message: "This local Lambda runs .zip packages only, not PackageType \(type).",
                httpStatus: 400)
        }
        guard let runtime = object["Runtime"]?.stringValue else {
            throw LocalLambdaError(code: "InvalidParameterValueException", message: "Runtime and Handler are mandatory parameters for functions created with deployment packages.", httpStatus: 400)
        }
        let zip = try Self.zipFile(object["Code"])
        var record = FunctionRecord(name: name, runtime: runtime, role: role, handler: object["Handler"]?.stringValue ?? "")
        try Self.apply(object, to: &record)
        // Off the cooperative pool: the store's own check would block this thread for the whole Python import.
        await FunctionStore.prepareRuntimeCheck(runtime)
        return .json(.created, functionConfiguration(try store.create(record, zip: zip)))
    }

    private func updateConfiguration(_ name: String, _ body: [UInt8]) async throws(LocalLambdaError) -> LambdaAnswer {
        let object = try Self.object(body)
        var checked = try store.get(name)
        if let role = object["Role"]?.stringValue {
            try Self.checkRole(role)
            checked.role = role
        }
        if let runtime = object["Runtime"]?.stringValue { checked.runtime = runtime }
        if let handler = object["Handler"]?.stringValue { checked.handler = handler }
        try Self.apply(object, to: &checked)
        let result = checked
        await FunctionStore.prepareRuntimeCheck(result.runtime)
        return .json(.ok, functionConfiguration(try store.updateConfiguration(name: name) { $0 = result }))
    }

    private func updateCode(_ name: String, _ body: [UInt8]) throws(LocalLambdaError) -> LambdaAnswer {
        let object = try Self.object(body)
        let zip = try Self.zipFile(.object(object))
        return .json(.ok, functionConfiguration(try store.updateCode(name: name, zip: zip)))
    }

    private func listFunctions(_ request: Request) throws(LocalLambdaError) -> LambdaAnswer {
        let query = request.uri.queryParameters
        var maxItems = 50
        if let text = query["MaxItems"].map(String.init) {
            guard let value = Int(text), (1...10_000).contains(value) else {
                throw Self.validation(text, "maxItems", "Member must have value between 1 and 10000")
            }
            maxItems = value
        }
        let all = store.list()
        var start = 0
        if let marker = query["Marker"].map(String.init), !marker.isEmpty {
            // The marker is the name the next page starts at (opaque to clients).
            start = all.firstIndex { $0.name >= marker } ?? all.count
        }
        let page = all[start..<min(all.count, start + maxItems)]
        var output: JSONObject = ["Functions": .array(page.map(functionConfiguration))]
        if start + maxItems < all.count { output["NextMarker"] = .string(all[start + maxItems].name) }
        return .json(.ok, .object(output))
    }

    private func invoke(_ name: String, _ body: [UInt8], _ request: Request) async throws(LocalLambdaError) -> LambdaAnswer {
        let record = try store.get(name)
        try checkQualifier(request, record)
        let type = request.headers[HTTPField.Name("X-Amz-Invocation-Type")!] ?? "RequestResponse"
        let logType = request.headers[HTTPField.Name("X-Amz-Log-Type")!] ?? "None"
        guard logType == "None" || logType == "Tail" else {
            throw Self.validation(logType, "logType", "Member must satisfy enum value set: [None, Tail]")
        }
        let payload = body.isEmpty ? Array("{}".utf8) : body
        guard (try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed])) != nil else {
            throw LocalLambdaError(
                code: "InvalidRequestContentException", message: "Could not parse request body into json: Could not parse payload into json",
                httpStatus: 400)
        }
        switch type {
        case "DryRun":
            return .empty(.noContent)
        case "RequestResponse":
            break
        case "Event":
            // Queued at once: 202 with an empty body, the function runs (and is retried) in the background.
            try store.local.invokeEvent(functionName: record.name, payload: payload)
            return .empty(.accepted)
        default:
            throw Self.validation(type, "invocationType", "Member must satisfy enum value set: [Event, RequestResponse, DryRun]")
        }
        let result = try await store.local.invoke(functionName: record.name, payload: payload)
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("X-Amz-Executed-Version")!] = "$LATEST"
        if let error = result.functionError { headers[HTTPField.Name("X-Amz-Function-Error")!] = error }
        // The last 4 KB of the invocation's log, for synchronous invocations with LogType Tail.
        if logType == "Tail", let tail = result.logTail { headers[HTTPField.Name("X-Amz-Log-Result")!] = tail }
        return LambdaAnswer(status: .ok, headers: headers, body: result.payload)
    }

    /// A `Qualifier` other than `$LATEST` names a version or alias this local Lambda does not have.
    private func checkQualifier(_ request: Request, _ record: FunctionRecord) throws(LocalLambdaError) {
        guard let qualifier = request.uri.queryParameters["Qualifier"].map(String.init), qualifier != "$LATEST" else { return }
        throw LocalLambdaError(
            code: "ResourceNotFoundException", message: "Function not found: \(store.local.arn(of: record.name)):\(qualifier)", httpStatus: 404)
    }

    // MARK: Shapes

    func functionConfiguration(_ record: FunctionRecord) -> JSONValue {
        var output: JSONObject = [
            "FunctionName": .string(record.name), "FunctionArn": .string(store.local.arn(of: record.name)),
            "Runtime": .string(record.runtime), "Role": .string(record.role), "Handler": .string(record.handler),
            "CodeSize": .int(record.codeSize), "Description": .string(record.description), "Timeout": .int(record.timeout),
            "MemorySize": .int(record.memorySize), "LastModified": .string(record.lastModified), "CodeSha256": .string(record.codeSha256),
            "Version": "$LATEST", "TracingConfig": ["Mode": "PassThrough"], "RevisionId": .string(record.revisionId),
            "State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip",
            "Architectures": .array(record.architectures.map(JSONValue.string)), "EphemeralStorage": ["Size": 512],
            "LoggingConfig": ["LogFormat": "Text", "LogGroup": .string("/aws/lambda/\(record.name)")],
        ]
        if !record.environment.isEmpty {
            var variables = JSONObject()
            for (key, value) in record.environment.sorted(by: { $0.key < $1.key }) { variables[key] = .string(value) }
            output["Environment"] = ["Variables": .object(variables)]
        }
        return .object(output)
    }

    func getFunctionOutput(_ record: FunctionRecord) -> JSONValue {
        var output: JSONObject = ["Configuration": functionConfiguration(record)]
        // AWS answers a presigned S3 URL of the package; here the code lives in a local directory.
        let location = record.codeDirectory.map { store.directory(of: record.name).appendingPathComponent($0).absoluteString }
        var code: JSONObject = ["RepositoryType": "S3"]
        if let location { code["Location"] = .string(location) }
        output["Code"] = .object(code)
        if let reserved = record.reservedConcurrency { output["Concurrency"] = ["ReservedConcurrentExecutions": .int(reserved)] }
        return .object(output)
    }
}
