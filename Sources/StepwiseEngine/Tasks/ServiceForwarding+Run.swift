import Foundation
import OrderedCollections
import StepFunctionsAPI
import StatesLanguage

extension ServiceForwarding {
    /// Sends one task's call and turns the answer into the task's output or error.
    func run(_ call: Call, input: String, taskToken: String) async -> IntegrationResult {
        guard let parameters = try? JSONValue(parsing: input), case .object(let fields) = parameters else {
            return .failure(
                error: StatesError.Name.runtime, cause: "The parameters of \(call.errorPrefix) \(call.action) must be a JSON object; got \(input.prefix(200))")
        }
        let request = call.service.queryVersion == nil
            ? jsonRequest(call, fields, taskToken: taskToken) : queryRequest(call, fields)
        let response: ServiceResponse
        do {
            response = try await send(request)
        } catch {
            // No answer (no such host, connection refused, timeout): the SDK's client exception, as recorded against
            // AWS for a queue URL whose host does not resolve: `SQS.SdkClientException`, "Unable to execute HTTP
            // request: no-such-queue-73e08fde: Name or service not known" (LocalStack's error_handling
            // test_task_service_sqs snapshot, test_send_message_no_such_queue).
            return .failure(error: "\(call.errorPrefix).SdkClientException", cause: "Unable to execute HTTP request: \(error)")
        }
        let requestId = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"] ?? ""
        guard (200..<300).contains(response.status) else { return failure(call, response, requestId: requestId) }
        var output: JSONObject
        if call.service.queryVersion != nil {
            output = [:]
            let text = String(decoding: response.body, as: UTF8.self)
            for name in ["MessageId", "SequenceNumber"] {
                if let value = Self.xmlElement(name, in: text) { output[name] = .string(value) }
            }
        } else {
            let text = response.body.isEmpty ? "{}" : String(decoding: response.body, as: UTF8.self)
            guard let value = try? JSONValue(parsing: text), case .object(let object) = value else {
                return .failure(error: StatesError.Name.taskFailed, cause: "\(call.errorPrefix).\(call.action) answered a body that is not a JSON object")
            }
            output = call.service.camelCaseMembers ? (Self.recase(.object(object), Self.pascal).objectValue ?? object) : object
        }
        if call.v1 != nil, call.service.signingName == "events", call.action == "PutEvents" {
            // The optimized putEvents answers Entries before FailedEntryCount, and fails with EventBridge.FailedEntry,
            // the answer as its cause, when an entry failed (LocalStack's test_events_task_service snapshot,
            // test_put_events_base, test_put_events_malformed_detail and test_put_events_no_source).
            var ordered = JSONObject()
            for name in ["Entries", "FailedEntryCount"] { if let value = output[name] { ordered[name] = value } }
            for (name, value) in output where ordered[name] == nil { ordered[name] = value }
            output = ordered
            if let failed = output["FailedEntryCount"], failed != .int(0), failed != .null {
                return .failure(error: "EventBridge.FailedEntry", cause: JSONValue.object(output).jsonString())
            }
        }
        if call.optimized {
            // AllHttpHeaders lists every value of a header, as AWS records it (["application/x-amz-json-1.0"] in
            // LocalStack's test_callback.snapshot.json, recorded against AWS); HttpHeaders gives it once. The names
            // are spelled as the service sent them, and AllHttpHeaders is the SDK's HashMap, in its iteration order:
            // Server, Connection, x-amzn-RequestId, x-amz-crc32, Content-Length, Date, Content-Type for DynamoDB
            // (test_dynamodb_task_service.snapshot.json), x-amzn-RequestId, connection, Content-Length, Date,
            // Content-Type for SQS (error_handling/test_task_service_sqs.snapshot.json).
            let names = response.headerNames.isEmpty ? response.headers.keys.sorted() : response.headerNames
            let received = names.compactMap { name in response.headers[name.lowercased()].map { (name: name, value: $0) } }
            let headers = JavaHashMapOrder.iterationOrder(of: received.map(\.name)).map { received[$0] }
            SdkResponseMetadata.add(to: &output, headers: headers, status: response.status, requestId: requestId)
        }
        return .success(JSONValue.object(output).jsonString())
    }

    /// The JSON protocol request: PascalCase parameters as the API takes them (camelCase for the services that use
    /// it); an SQS `MessageBody` and EventBridge `Detail` given as JSON are sent as its text, as Step Functions does.
    ///
    /// The optimized `events:putEvents` adds the state machine's and the execution's ARNs to each entry's
    /// `Resources`, after the entry's own (LocalStack's test_events_task_service snapshot, test_put_events_base,
    /// recorded against AWS: the delivered events' `resources`).
    func jsonRequest(_ call: Call, _ fields: JSONObject, taskToken: String = "") -> ServiceRequest {
        var body = fields
        // The SDK leaves out a member given as null, so the service says it is missing: an SQS MessageBody of null
        // fails with MissingParameter, "The request must contain the parameter MessageBody." (LocalStack's
        // error_handling test_task_service_sqs snapshot, test_send_message_empty_body, recorded against AWS); it was
        // sent as the text "null".
        body = body.filter { $0.value != .null }
        if call.service.signingName == "sqs", call.action == "SendMessage", let message = body["MessageBody"], message.stringValue == nil {
            body["MessageBody"] = .string(message.jsonString())
        }
        if call.service.signingName == "events", call.action == "PutEvents", case .array(let entries)? = body["Entries"] {
            let added = call.v1 == nil ? [] : Self.putEventsResources(taskToken: taskToken)
            body["Entries"] = .array(entries.map { entry in
                guard case .object(var object) = entry else { return entry }
                if let detail = object["Detail"], detail.stringValue == nil { object["Detail"] = .string(detail.jsonString()) }
                // Resources that are not a list are sent as given, for EventBridge to refuse.
                if !added.isEmpty, let given = object["Resources"].map({ $0.arrayValue }) ?? [] {
                    object["Resources"] = .array(given + added.map { .string($0) })
                }
                return .object(object)
            })
        }
        let value: JSONValue = call.service.camelCaseMembers ? Self.recase(.object(body), Self.camel) : .object(body)
        return ServiceRequest(
            signingName: call.service.signingName, endpointPrefix: call.service.endpointPrefix,
            target: "\(call.service.targetPrefix).\(call.action)", contentType: "application/x-amz-json-\(call.service.jsonVersion)",
            body: Array(value.jsonString().utf8))
    }

    /// The state machine's and the execution's ARNs for the task with `taskToken` (none for a token that names no
    /// execution).
    static func putEventsResources(taskToken: String) -> [String] {
        guard let execution = TaskToken.executionArn(of: taskToken) else { return [] }
        let fields = execution.arnFields
        guard fields.count >= 7, fields[5] == "execution" || fields[5] == "express" else { return [execution] }
        return [fields[0..<5].joined(separator: ":") + ":stateMachine:" + fields[6], execution]
    }

    /// The query protocol request (SNS `Publish`): `Action`, `Version` and the top-level parameters as form fields; a
    /// `Message` given as JSON is sent as its text.
    func queryRequest(_ call: Call, _ fields: JSONObject) -> ServiceRequest {
        var pairs: [(String, String)] = [("Action", call.action), ("Version", call.service.queryVersion ?? "")]
        for (key, value) in fields {
            switch value {
            case .string(let text): pairs.append((key, text))
            case .object, .array: pairs.append((key, value.jsonString()))
            case .null: continue
            default: pairs.append((key, value.jsonString()))
            }
        }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = pairs.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
            .joined(separator: "&")
        return ServiceRequest(
            signingName: call.service.signingName, endpointPrefix: call.service.endpointPrefix, target: nil,
            contentType: "application/x-www-form-urlencoded; charset=utf-8", body: Array(body.utf8))
    }

    /// The task's error for a service's error answer, as the AWS SDK Step Functions calls with names it. An error code
    /// the SDK models is `<Prefix>.<Code>` with the `Exception` suffix; one it does not (`ValidationException`,
    /// `MissingParameter`, ...) is the client's base exception. The optimized integrations call the SDK for Java 1.x:
    /// `DynamoDB.AmazonDynamoDBException`, cause `<message> (Service: AmazonDynamoDBv2; Status Code: 400; Error Code:
    /// ValidationException; Request ID: <id>; Proxy: null)`; `aws-sdk` integrations the SDK 2.x:
    /// `DynamoDb.DynamoDbException`, cause `<message> (Service: DynamoDb, Status Code: 400, Request ID: <id>)`
    /// (LocalStack's error_handling test_task_service_dynamodb, test_task_service_sqs and test_aws_sdk snapshots,
    /// recorded against AWS).
    func failure(_ call: Call, _ response: ServiceResponse, requestId: String) -> IntegrationResult {
        let text = String(decoding: response.body, as: UTF8.self)
        var code: String?
        var message: String?
        if let value = try? JSONValue(parsing: text), case .object(let object) = value {
            code = object["__type"]?.stringValue ?? object["code"]?.stringValue ?? object["Code"]?.stringValue
            message = object["message"]?.stringValue ?? object["Message"]?.stringValue
        } else {
            code = Self.xmlElement("Code", in: text)
            message = Self.xmlElement("Message", in: text)
        }
        if let header = response.headers["x-amzn-errortype"], !header.isEmpty { code = header }
        // `com.amazonaws.sqs#QueueDoesNotExist`, `ResourceNotFoundException:http://internal.amazon.com/...`.
        var raw = code ?? (response.status >= 500 ? "InternalServerError" : "UnknownError")
        if let hash = raw.lastIndex(of: "#") { raw = String(raw[raw.index(after: hash)...]) }
        if let colon = raw.firstIndex(of: ":") { raw = String(raw[..<colon]) }
        if let dot = raw.lastIndex(of: ".") { raw = String(raw[raw.index(after: dot)...]) }
        var name = raw.hasSuffix("Exception") ? raw : raw + "Exception"
        let modeled = !Self.unmodeledCodes.contains(raw)
            || (raw == "ValidationException" && Self.servicesModelingValidation.contains(call.service.signingName))
        let detail = message ?? text.prefix(500).description
        if let v1 = call.v1 {
            if !modeled { name = v1.baseException }
            let cause = "\(detail) (Service: \(v1.service); Status Code: \(response.status); Error Code: \(raw); Request ID: \(requestId); Proxy: null)"
            return .failure(error: "\(call.errorPrefix).\(name)", cause: cause)
        }
        if !modeled { name = call.errorPrefix + "Exception" }
        let cause = "\(detail) (Service: \(call.errorPrefix), Status Code: \(response.status), Request ID: \(requestId))"
        return .failure(error: "\(call.errorPrefix).\(name)", cause: cause)
    }

    /// Error codes the services answer that their SDK clients model as no exception of their own: the common
    /// validation, protocol and authentication errors.
    static let unmodeledCodes: Set<String> = [
        "ValidationException", "SerializationException", "MissingParameter", "InvalidParameterValue", "InvalidParameterCombination",
        "MalformedQueryString", "InvalidAction", "MissingAction", "InvalidQueryParameter", "UnrecognizedClientException",
        "IncompleteSignature", "InvalidClientTokenId", "MissingAuthenticationToken", "InvalidSignatureException", "RequestExpired",
    ]

    /// Services whose API models `ValidationException` (Step Functions, Systems Manager).
    static let servicesModelingValidation: Set<String> = ["states", "ssm"]

    /// The text of the first `<name>` element of an XML answer (unescaped), or nil.
    static func xmlElement(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `value` with every object key's first letter changed by `change`.
    static func recase(_ value: JSONValue, _ change: (String) -> String) -> JSONValue {
        switch value {
        case .object(let object):
            var result = JSONObject()
            for (key, member) in object { result[change(key)] = recase(member, change) }
            return .object(result)
        case .array(let items):
            return .array(items.map { recase($0, change) })
        default:
            return value
        }
    }
}
