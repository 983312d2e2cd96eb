import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// The shape of a service integration's response, as far as TestState checks a mocked result against it
/// (`mock.fieldValidationMode`): member types, required members, enum values, lengths and ranges, from the services'
/// API models. Members a shape does not list are not checked (AWS accepts them too).
indirect enum MockResultShape: Sendable {
    case string(minLength: Int? = nil, values: [String]? = nil)
    case number(minimum: Double? = nil, maximum: Double? = nil)
    case boolean
    case list(MockResultShape)
    case structure([String: MockResultShape], required: [String] = [])
    /// Anything (a member whose value is not checked).
    case any

    /// A timestamp: AWS answers a string where one is expected.
    static let timestamp = MockResultShape.string()

    /// The response shapes TestState knows, by Task resource: the request-response (not `.sync` or
    /// `.waitForTaskToken`) integrations of Lambda Invoke, SQS SendMessage, SNS Publish, EventBridge PutEvents,
    /// Step Functions StartExecution, DynamoDB GetItem, PutItem, UpdateItem and DeleteItem, and the AWS SDK
    /// integrations S3 GetObject, KMS Encrypt and Lambda GetFunction. A mocked result of any other resource is not
    /// checked.
    static let byResource: [String: MockResultShape] = {
        let consumedCapacity = MockResultShape.structure([
            "TableName": .string(minLength: 1), "CapacityUnits": .number(), "ReadCapacityUnits": .number(),
            "WriteCapacityUnits": .number(), "Table": .any, "LocalSecondaryIndexes": .any, "GlobalSecondaryIndexes": .any,
        ])
        let itemWrite = MockResultShape.structure([
            "Attributes": .any, "ConsumedCapacity": consumedCapacity, "ItemCollectionMetrics": .any,
        ])
        return [
            "arn:aws:states:::lambda:invoke": .structure([
                "StatusCode": .number(), "FunctionError": .string(), "LogResult": .string(),
                "ExecutedVersion": .string(minLength: 1),
            ]),
            "arn:aws:states:::sqs:sendMessage": .structure([
                "MD5OfMessageAttributes": .string(), "MD5OfMessageSystemAttributes": .string(), "MessageId": .string(),
                "SequenceNumber": .string(),
            ]),
            "arn:aws:states:::sns:publish": .structure(["MessageId": .string(), "SequenceNumber": .string()]),
            "arn:aws:states:::events:putEvents": .structure([
                "FailedEntryCount": .number(),
                "Entries": .list(.structure(["EventId": .string(), "ErrorCode": .string(), "ErrorMessage": .string()])),
            ]),
            "arn:aws:states:::states:startExecution": .structure(
                ["ExecutionArn": .string(minLength: 1), "StartDate": timestamp], required: ["ExecutionArn", "StartDate"]),
            "arn:aws:states:::dynamodb:getItem": .structure(["Item": .any, "ConsumedCapacity": consumedCapacity]),
            "arn:aws:states:::dynamodb:putItem": itemWrite,
            "arn:aws:states:::dynamodb:updateItem": itemWrite,
            "arn:aws:states:::dynamodb:deleteItem": itemWrite,
            "arn:aws:states:::aws-sdk:s3:getObject": .structure([
                "Body": .any, "ContentLength": .number(), "ContentType": .string(), "ETag": .string(),
                "LastModified": timestamp, "VersionId": .string(), "DeleteMarker": .boolean,
                "StorageClass": .string(values: [
                    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
                    "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE", "FSX_OPENZFS",
                ]),
            ]),
            "arn:aws:states:::aws-sdk:kms:encrypt": .structure([
                "CiphertextBlob": .string(minLength: 1), "KeyId": .string(minLength: 1),
                "EncryptionAlgorithm": .string(values: ["SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"]),
            ]),
            "arn:aws:states:::aws-sdk:lambda:getFunction": .structure([
                "Configuration": .structure([
                    "FunctionName": .string(minLength: 1), "FunctionArn": .string(), "Runtime": .string(), "Role": .string(),
                    "Handler": .string(), "CodeSize": .number(), "Description": .string(),
                    "Timeout": .number(minimum: 1), "MemorySize": .number(minimum: 128, maximum: 10240),
                    "LastModified": .string(), "Version": .string(minLength: 1),
                ]),
                "Code": .any, "Tags": .any, "Concurrency": .any,
            ]),
        ]
    }()

    /// Checks a mocked result: `STRICT` (the default) checks the members present and that the required ones are,
    /// `PRESENT` only the members present, `NONE` nothing.
    /// - Throws: `ValidationException` `Mock result schema validation error: ...`, naming the member.
    func check(_ value: JSONValue, mode: MockResponseValidationMode) throws(StepFunctionsError) {
        // AWS checks results that are objects; what it makes of other values is not recorded.
        guard mode != .none, case .object = value else { return }
        try check(value, field: nil, strict: mode != .present)
    }

    private func check(_ value: JSONValue, field: String?, strict: Bool) throws(StepFunctionsError) {
        func invalid(_ problem: String) -> StepFunctionsError {
            StepFunctionsError(.validationException, "Mock result schema validation error: Field '\(field ?? "")' \(problem)")
        }
        switch self {
        case .any:
            return
        case .string(let minLength, let values):
            guard let text = value.stringValue else { throw invalid("must be a string") }
            if let minLength, text.count < minLength { throw invalid("is smaller than the minimum length") }
            if let values, !values.contains(text) { throw invalid("is not an expected value") }
        case .number(let minimum, let maximum):
            guard let number = value.doubleValue else { throw invalid("must be a number") }
            if let minimum, number < minimum { throw invalid("is less than the minimum value") }
            if let maximum, number > maximum { throw invalid("exceeds the maximum value") }
        case .boolean:
            // Wording a guess, in the form of the recorded ones.
            guard value.boolValue != nil else { throw invalid("must be a boolean") }
        case .list(let element):
            guard let items = value.arrayValue else { throw invalid("must be an array") }
            for item in items { try element.check(item, field: field, strict: strict) }
        case .structure(let members, let required):
            // Wording a guess, in the form of the recorded ones.
            guard let object = value.objectValue else { throw invalid("must be an object") }
            if strict {
                for name in required where object[name] == nil {
                    throw StepFunctionsError(
                        .validationException, "Mock result schema validation error: Required field '\(name)' is missing")
                }
            }
            // A null member counts as absent.
            for (name, member) in object where !member.isNull {
                try members[name]?.check(member, field: name, strict: strict)
            }
        }
    }
}
