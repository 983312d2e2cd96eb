import OrderedCollections

/// One state: its type, query language, fields, transitions and the checks shared by all types.
extension DefinitionValidator {
    /// Validates one state, appending the names it transitions to. Returns whether it is a terminal state; a state
    /// of no known type counts as one, so that its type is the one error reported (as AWS reports it), not also a
    /// workflow without a terminal state.
    mutating func validateState(
        _ value: JSONValue, path: String, transitions: inout [Transition], depth: Int
    ) -> Bool {
        guard case .object(let state) = value else {
            schema(path, "A state must be a JSON object, not \(value.typeName)")
            return false
        }
        guard let typeValue = state["Type"] else {
            schema(path, "These fields are required: [Type]")
            return true
        }
        guard let type = typeValue.stringValue, let allowed = ValidationFields.stateFields(type) else {
            let types = ValidationFields.stateTypes.joined(separator: ", ")
            schema(path + "/Type", "The field 'Type' should have one of these values: [\(types)]")
            return true
        }
        let language = stateLanguage(state, path: path)
        for key in state.keys {
            if !allowed.contains(key) {
                schema(path, "Field '\(key)' is not supported")
            } else if language == .jsonPath && ValidationFields.jsonataOnly.contains(key) {
                wrongLanguage(key, in: .jsonPath, path: path)
            } else if language == .jsonata && ValidationFields.jsonPathOnly.contains(key) {
                wrongLanguage(key, in: .jsonata, path: path)
            }
        }
        checkOptionalString(state, "Comment", base: path)
        var terminal = false
        if allowed.contains("Next") {
            terminal = checkNextOrEnd(state, path: path, transitions: &transitions)
        }
        // `$states.result` is readable in the Output and Assign of states that produce a result.
        jsonataReadable = ["Task", "Parallel", "Map"].contains(type) ? ["result"] : []
        checkDataFlow(state, path: path, language: language)
        if let assign = state["Assign"], allowed.contains("Assign") {
            checkAssign(assign, path: path + "/Assign", language: language)
        }
        jsonataReadable = []
        if allowed.contains("Retry"), let retry = state["Retry"] {
            checkRetry(retry, path: path + "/Retry")
        }
        if allowed.contains("Catch"), let catchers = state["Catch"] {
            checkCatch(catchers, path: path + "/Catch", language: language, transitions: &transitions)
        }
        switch type {
        case "Task": checkTask(state, path: path, language: language)
        case "Pass":
            if let result = state["Result"] { checkPassResult(result, path: path + "/Result") }
        case "Wait": checkWait(state, path: path, language: language)
        case "Fail":
            checkFail(state, path: path, language: language)
            terminal = true
        case "Succeed": terminal = true
        case "Choice": checkChoice(state, path: path, language: language, transitions: &transitions, depth: depth)
        case "Parallel": checkParallel(state, path: path, depth: depth)
        case "Map": checkMap(state, path: path, language: language, depth: depth)
        default: break
        }
        return terminal
    }

    /// The state's effective query language: its own `QueryLanguage`, else the state machine's.
    mutating func stateLanguage(_ state: JSONObject, path: String) -> ValidationLanguage {
        guard let value = state["QueryLanguage"] else { return machineLanguage }
        guard let language = checkQueryLanguage(value, path: path + "/QueryLanguage") else { return machineLanguage }
        if machineLanguage == .jsonata && language == .jsonPath {
            schema(path, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine")
            return .jsonata
        }
        return language
    }

    /// Exactly one of `Next` (a string) and `"End": true`. Returns whether the state ends its scope.
    mutating func checkNextOrEnd(_ state: JSONObject, path: String, transitions: inout [Transition]) -> Bool {
        var ends = false
        if let end = state["End"] {
            if let flag = end.boolValue { ends = flag } else { schema(path + "/End", "The field 'End' must be a boolean") }
        }
        let next = state["Next"]
        if let next {
            if let target = next.stringValue {
                transitions.append(Transition(target: target, path: path + "/Next"))
            } else {
                schema(path + "/Next", "The field 'Next' must be a string")
            }
        }
        if ends && next != nil {
            schema(path, "There should only be one of the following fields: \(Self.fieldGroup(["Next", "End"]))")
        } else if !ends && next == nil {
            schema(path, "This object should have only one of the following fields: \(Self.fieldGroup(["Next", "End"]))")
        }
        return ends
    }

    /// InputPath, OutputPath, ResultPath, Parameters, ResultSelector (JSONPath); Arguments, Output (JSONata).
    mutating func checkDataFlow(_ state: JSONObject, path: String, language: ValidationLanguage) {
        if language == .jsonPath {
            for field in ["InputPath", "OutputPath"] {
                if let value = state[field] {
                    checkPath(value, path: path + "/" + field, field: field, rules: PathRules(nullable: true))
                }
            }
            if let value = state["ResultPath"] {
                let rules = PathRules(reference: true, context: false, variables: false, nullable: true)
                checkPath(value, path: path + "/ResultPath", field: "ResultPath", rules: rules)
            }
            for field in ["Parameters", "ResultSelector"] where state[field] != nil {
                if let template = checkOptionalObject(state, field, base: path) {
                    checkTemplate(.object(template), path: path + "/" + field, field: field)
                }
            }
        } else {
            let readable = jsonataReadable
            jsonataReadable = []
            defer { jsonataReadable = readable }
            if let arguments = state["Arguments"] {
                switch arguments {
                case .object: checkJSONataValue(arguments, path: path + "/Arguments")
                case .string(let text) where Self.isJSONataExpression(text):
                    checkJSONataString(text, path: path + "/Arguments")
                default:
                    schema(path + "/Arguments", "The field 'Arguments' must be an object or a JSONata expression")
                }
            }
            jsonataReadable = readable
            if let output = state["Output"] { checkJSONataValue(output, path: path + "/Output") }
        }
    }

    // MARK: Task, Wait, Fail

    mutating func checkTask(_ state: JSONObject, path: String, language: ValidationLanguage) {
        if let resource = state["Resource"] {
            if let text = resource.stringValue {
                if !Self.isResourceARN(text) {
                    report(Diagnostic.Code.invalidResource, path + "/Resource", "Value is not a valid resource ARN: \(text)")
                } else if !Self.isKnownIntegration(text) {
                    schema(
                        path + "/Resource",
                        "The resource provided \(text) is not recognized. The value is not a valid resource ARN, or the resource "
                            + "is not available in this region.")
                } else {
                    checkActivityCredentials(state, resource: text, path: path)
                }
            } else {
                schema(path + "/Resource", "The field 'Resource' must be a string")
            }
        } else {
            schema(path, "These fields are required: [Resource]")
        }
        let jsonata = language == .jsonata
        for field in ["TimeoutSeconds", "HeartbeatSeconds"] {
            checkExclusive(state, [field, field + "Path"], path: path)
            if let value = state[field] {
                checkInteger(value, path: path + "/" + field, field: field, range: 1...99_999_999, allowJSONata: jsonata)
            }
            if let value = state[field + "Path"] {
                checkPath(value, path: path + "/" + field + "Path", field: field + "Path", rules: PathRules(reference: true))
            }
        }
        if let timeout = state["TimeoutSeconds"]?.intValue, let heartbeat = state["HeartbeatSeconds"]?.intValue,
            heartbeat >= timeout
        {
            schema(path + "/HeartbeatSeconds", "The value for the field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'")
        }
        if let credentials = checkOptionalObject(state, "Credentials", base: path) {
            // AWS requires the role (LocalStack's test_credentials_base.snapshot.json, recorded against AWS: "The field
            // 'RoleArn' is required but was missing at /States/State0/Credentials" for {} and {"InvalidField": ...}).
            if credentials["RoleArn"] == nil, credentials["RoleArn.$"] == nil {
                schema(path + "/Credentials", "The field 'RoleArn' is required but was missing")
            }
            if jsonata {
                checkJSONataValue(.object(credentials), path: path + "/Credentials")
            } else {
                checkTemplate(.object(credentials), path: path + "/Credentials", field: "Credentials")
            }
        }
    }

    /// An activity takes no `Credentials` (AWS: "The field 'Credentials' is not supported for activities").
    ///
    /// Not checked, although a policy pack measured it with ValidateStateMachineDefinition: an optimized
    /// integration's `Parameters` and its API's required fields ("The field 'FunctionName' is required but was
    /// missing"): AWS's TestState ran `lambda:invoke` without `Parameters` in LocalStack's recordings.
    mutating func checkActivityCredentials(_ state: JSONObject, resource: String, path: String) {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 7, parts[2] == "states", parts[5] == "activity", state["Credentials"] != nil {
            schema(path, "The field 'Credentials' is not supported for activities")
        }
    }

    /// The services of AWS's optimized integrations (`arn:aws:states:::<service>:<action>`), as the Step Functions
    /// developer guide lists them, plus `s3` (ItemReader/ResultWriter), `http` (HTTPS endpoints) and `aws-sdk`.
    static let integrationServices: Set<String> = [
        "apigateway", "athena", "aws-sdk", "batch", "bedrock", "codebuild", "databrew", "dynamodb", "ecs", "eks",
        "elasticmapreduce", "emr-containers", "emr-serverless", "events", "glue", "http", "lambda", "mediaconvert",
        "s3", "sagemaker", "sns", "sqs", "states",
    ]

    /// Whether a service integration names a service AWS integrates (`arn:aws:states:::lambda:invoke`,
    /// `arn:aws:states:::aws-sdk:s3:getObject`); other ARNs (activities, Lambda functions) are not checked here.
    static func isKnownIntegration(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "states", parts[3].isEmpty, parts[4].isEmpty else { return true }
        let rest = parts[5].split(separator: ":", omittingEmptySubsequences: false)
        guard let service = rest.first, integrationServices.contains(String(service)) else { return false }
        let pattern = rest.last.map { $0.hasSuffix(".sync") ? ".sync" : $0.hasSuffix(".waitForTaskToken") ? ".waitForTaskToken" : "" } ?? ""
        // `.sync:2` (its `2` split off as a field of its own) exists for states:startExecution alone.
        if rest.count >= 3, rest.last == "2", rest[rest.count - 2].hasSuffix(".sync") {
            return service == "states" && rest.count == 3
        }
        if pattern == ".sync" && noRunAJob.contains(String(service)) { return false }
        if pattern == ".waitForTaskToken" && noCallback.contains(String(service)) { return false }
        if service == "aws-sdk" { return rest.count == 3 && !rest[1].isEmpty && !rest[2].isEmpty }
        return rest.count >= 2 && !rest[1].isEmpty
    }

    /// The services whose integrations have no `.sync` (Run a Job) pattern, and those with no `.waitForTaskToken`
    /// (callback) pattern, as the developer guide's table of optimized integrations lists them; AWS answers "The
    /// resource provided ... is not recognized" for them.
    static let noRunAJob: Set<String> = ["lambda", "sns", "sqs", "dynamodb", "events", "apigateway", "aws-sdk"]
    static let noCallback: Set<String> = [
        "athena", "batch", "codebuild", "elasticmapreduce", "emr-containers", "emr-serverless", "glue", "databrew",
        "mediaconvert", "sagemaker", "dynamodb",
    ]

    /// `arn:partition:service:region:account:resource`; `region` and `account` may be empty (service integrations).
    static func isResourceARN(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), !parts[2].isEmpty, !parts[5].isEmpty else {
            return false
        }
        return !text.contains(where: { $0.isWhitespace })
    }

    mutating func checkWait(_ state: JSONObject, path: String, language: ValidationLanguage) {
        // A JSONata Wait has no path fields (a present one is reported as JSONPath-only).
        checkExactlyOne(
            state, language == .jsonata ? ["Seconds", "Timestamp"] : ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"],
            path: path)
        if let seconds = state["Seconds"] {
            checkInteger(seconds, path: path + "/Seconds", field: "Seconds", range: 0...99_999_999, allowJSONata: language == .jsonata)
        }
        if let timestamp = state["Timestamp"] {
            if let text = timestamp.stringValue {
                if language == .jsonata && text.hasPrefix("{%") {
                    checkJSONataString(text, path: path + "/Timestamp")
                } else if !Self.isTimestamp(text) {
                    schema(path + "/Timestamp", "String does not match RFC3339 timestamp")  // AWS's wording
                }
            } else {
                schema(path + "/Timestamp", "The field 'Timestamp' must be a string")
            }
        }
        for field in ["SecondsPath", "TimestampPath"] {
            if let value = state[field] {
                checkPath(value, path: path + "/" + field, field: field, rules: PathRules(reference: true))
            }
        }
    }

    mutating func checkFail(_ state: JSONObject, path: String, language: ValidationLanguage) {
        for field in ["Error", "Cause"] {
            checkExclusive(state, [field, field + "Path"], path: path)
            if let text = checkOptionalString(state, field, base: path) {
                if language == .jsonata {
                    checkJSONataString(text, path: path + "/" + field)
                } else if Self.looksLikePathOrIntrinsic(text) {
                    report(
                        Diagnostic.Code.noPath, path + "/" + field,
                        "The value of field '\(field)' looks like a path, but the field name does not end with 'Path'",
                        .warning)
                }
            }
            if let value = state[field + "Path"] {
                checkPath(value, path: path + "/" + field + "Path", field: field + "Path", rules: PathRules(reference: true, intrinsic: true))
            }
        }
    }
}
