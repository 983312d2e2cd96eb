import Testing

@testable import StatesLanguage

/// Definition diagnostics in AWS's words and at AWS's locations, as measured with ValidateStateMachineDefinition:
/// floci-io/floci#3733 (the Map number fields, us-east-1, 2026-09-16) and a policy pack's rules measured on
/// 2026-09-05 ("Minimum value is 1", "There should only be one of the following fields: [SecondsPath, Seconds,
/// TimestampPath, Timestamp]", the patterns each integration has). A group of exclusive fields is named whole, in the
/// order a Java `HashSet` of them iterates.
@Suite("Validation: AWS's wordings")
struct ValidationWordingTests {
    struct WordingCase: CustomTestStringConvertible, Sendable {
        var name: String
        var definition: String
        var path: String
        var message: String
        var testDescription: String { name }
    }

    static func one(_ name: String, _ state: String, jsonata: Bool = false) -> String {
        machine("\"\(name)\": \(state)", startAt: name, extra: jsonata ? "\"QueryLanguage\": \"JSONata\"," : "")
    }

    static func distributed(_ fields: String, jsonata: Bool = false) -> String {
        one(
            "M",
            """
            {"Type": "Map", "End": true, \(fields) "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}
            """, jsonata: jsonata)
    }

    static func reader(_ config: String, jsonata: Bool = false) -> String {
        let parameters = jsonata ? "Arguments" : "Parameters"
        return distributed(
            #""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "\#(parameters)": {"Bucket": "b", "Key": "k"}, "ReaderConfig": {\#(config)}},"#,
            jsonata: jsonata)
    }

    static let activity = "arn:aws:states:us-east-1:123456789012:activity:a"

    static let cases: [WordingCase] = [
        // Exclusive fields and required choices.
        WordingCase(
            name: "Next and End", definition: machine(#""A": {"Type": "Pass", "Next": "B", "End": true}, "# + endPass("B")),
            path: "/States/A", message: "There should only be one of the following fields: [Next, End]"),
        WordingCase(
            name: "neither Next nor End", definition: machine(#""A": {"Type": "Pass"}, "# + endPass("B")), path: "/States/A",
            message: "This object should have only one of the following fields: [Next, End]"),
        WordingCase(
            name: "two Wait timings", definition: one("W", #"{"Type": "Wait", "Seconds": 1, "Timestamp": "2030-01-01T00:00:00Z", "End": true}"#),
            path: "/States/W", message: "There should only be one of the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp]"),
        WordingCase(
            name: "no Wait timing", definition: one("W", #"{"Type": "Wait", "End": true}"#), path: "/States/W",
            message: "This object should have only one of the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp]"),
        WordingCase(
            name: "a Map without a processor", definition: one("M", #"{"Type": "Map", "End": true}"#), path: "/States/M",
            message: "This object should have only one of the following fields: [ItemProcessor, Iterator]"),
        WordingCase(
            name: "MaxItems and MaxItemsPath", definition: reader(#""InputType": "JSON", "MaxItems": 1, "MaxItemsPath": "$.n""#),
            path: "/States/M/ItemReader/ReaderConfig", message: "There should only be one of the following fields: [MaxItems, MaxItemsPath]"),
        WordingCase(
            name: "MaxItemsPerBatch and its path", definition: distributed(#""ItemBatcher": {"MaxItemsPerBatch": 2, "MaxItemsPerBatchPath": "$.n"},"#),
            path: "/States/M/ItemBatcher",
            message: "There should only be one of the following fields: [MaxItemsPerBatchPath, MaxItemsPerBatch]"),
        WordingCase(
            name: "MaxConcurrency and its path", definition: distributed(#""MaxConcurrency": 2, "MaxConcurrencyPath": "$.n","#),
            path: "/States/M", message: "There should only be one of the following fields: [MaxConcurrency, MaxConcurrencyPath]"),
        WordingCase(
            name: "empty Choices",
            definition: machine(#""C": {"Type": "Choice", "Choices": [], "Default": "D"}, "# + endPass("D"), startAt: "C"),
            path: "/States/C/Choices", message: "Value cannot be empty"),
        WordingCase(
            name: "a rule with Variable and And",
            definition: choiceMachine(rule: #"{"Variable": "$.a", "IsPresent": true, "And": [{"Variable": "$.a", "IsNull": false}]}"#),
            path: "/States/C/Choices[0]", message: "The object must have only one of the following fields, [And, Or, Not, Variable, Condition]"),
        WordingCase(
            name: "a comparison beside And",
            definition: choiceMachine(rule: #"{"And": [{"Variable": "$.a", "IsPresent": true}], "StringEquals": "x"}"#),
            path: "/States/C/Choices[0]", message: "Field 'StringEquals' is not supported"),
        WordingCase(
            name: "a rule with nothing to test", definition: choiceMachine(rule: #"{"Comment": "c"}"#), path: "/States/C/Choices[0]",
            message: "The object must have only one of the following fields, [And, Or, Not, Variable, Condition]"),

        // Ranges and types.
        WordingCase(
            name: "TimeoutSeconds 0", definition: one("T", #"{"Type": "Task", "Resource": "\#(activity)", "TimeoutSeconds": 0, "End": true}"#),
            path: "/States/T/TimeoutSeconds", message: "Minimum value is 1"),
        WordingCase(
            name: "HeartbeatSeconds too long",
            definition: one("T", #"{"Type": "Task", "Resource": "\#(activity)", "HeartbeatSeconds": 100000000, "End": true}"#),
            path: "/States/T/HeartbeatSeconds", message: "Maximum value is 99999999"),
        WordingCase(
            name: "Seconds as a string", definition: one("W", #"{"Type": "Wait", "Seconds": "5", "End": true}"#),
            path: "/States/W/Seconds", message: "Expected value of type Integer"),
        WordingCase(
            name: "MaxAttempts negative",
            definition: one("T", #"{"Type": "Task", "Resource": "\#(activity)", "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": -1}], "End": true}"#),
            path: "/States/T/Retry[0]/MaxAttempts", message: "Minimum value is 0"),
        WordingCase(
            name: "BackoffRate below 1",
            definition: one("T", #"{"Type": "Task", "Resource": "\#(activity)", "Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5}], "End": true}"#),
            path: "/States/T/Retry[0]/BackoffRate", message: "Minimum value is 1.0"),
        WordingCase(
            name: "ToleratedFailurePercentage below 0", definition: distributed(#""ToleratedFailurePercentage": -1,"#),
            path: "/States/M/ToleratedFailurePercentage", message: "Minimum value is 0.0"),
        WordingCase(
            name: "ToleratedFailurePercentage above 100", definition: distributed(#""ToleratedFailurePercentage": 101,"#),
            path: "/States/M/ToleratedFailurePercentage", message: "Maximum value is 100.0"),
        WordingCase(
            name: "MaxItemsPerBatch negative", definition: distributed(#""ItemBatcher": {"MaxItemsPerBatch": -1},"#),
            path: "/States/M/ItemBatcher/MaxItemsPerBatch", message: "Minimum value is 0"),
        WordingCase(
            name: "MaxItems above 100,000,000", definition: reader(#""InputType": "JSON", "MaxItems": 100000001"#),
            path: "/States/M/ItemReader/ReaderConfig/MaxItems", message: "Maximum value is 100000000"),
        WordingCase(
            name: "Version other than 1.0", definition: machine(endPass("A"), extra: #""Version": "2.0","#), path: "/Version",
            message: "Value should be one of the following: [1.0]"),

        // Map paths and processors.
        WordingCase(
            name: "a batcher path in JSONata", definition: distributed(#""ItemBatcher": {"MaxItemsPerBatchPath": "$.n"},"#, jsonata: true),
            path: "/States/M/ItemBatcher",
            message: "The QueryLanguage is set to 'JSONata', but field 'MaxItemsPerBatchPath' is only supported for the 'JSONPath' QueryLanguage"),
        WordingCase(
            name: "MaxItemsPath in JSONata", definition: reader(#""InputType": "JSON", "MaxItemsPath": "$.n""#, jsonata: true),
            path: "/States/M/ItemReader/ReaderConfig",
            message: "The QueryLanguage is set to 'JSONata', but field 'MaxItemsPath' is only supported for the 'JSONPath' QueryLanguage"),
        WordingCase(
            name: "a number path on the context object", definition: distributed(#""ToleratedFailureCountPath": "$$.Execution.Input.n","#),
            path: "/States/M/ToleratedFailureCountPath", message: "Value is not a Reference Path"),
        WordingCase(
            name: "MaxItemsPath on the context object", definition: reader(#""InputType": "JSON", "MaxItemsPath": "$$.Execution.Input.n""#),
            path: "/States/M/ItemReader/ReaderConfig/MaxItemsPath", message: "Value is not a Reference Path"),
        WordingCase(
            name: "an unknown ExecutionType",
            definition: one(
                "M",
                #"{"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "FAST"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}"#),
            path: "/States/M/ItemProcessor/ProcessorConfig/ExecutionType", message: "Value should be one of the following: [STANDARD, EXPRESS]"),
        WordingCase(
            name: "ExecutionType of an inline processor",
            definition: one(
                "M",
                #"{"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}"#),
            path: "/States/M/ItemProcessor/ProcessorConfig", message: "Field 'ExecutionType' is not supported"),
        WordingCase(
            name: "an ItemReader that writes",
            definition: distributed(#""ItemReader": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Key": "k"}},"#),
            path: "/States/M/ItemReader/Resource", message: "The field 'Resource' does not match any of the allowed values"),
        WordingCase(
            name: "a CSV field for JSON", definition: reader(#""InputType": "JSON", "CSVHeaderLocation": "FIRST_ROW""#),
            path: "/States/M/ItemReader/ReaderConfig", message: "Field 'CSVHeaderLocation' is not supported"),
        WordingCase(
            name: "GIVEN without headers", definition: reader(#""InputType": "CSV", "CSVHeaderLocation": "GIVEN""#),
            path: "/States/M/ItemReader/ReaderConfig", message: "These fields are required: [CSVHeaders]"),

        // Names and languages.
        WordingCase(
            name: "a state name of 81 characters", definition: one(String(repeating: "S", count: 81), #"{"Type": "Pass", "End": true}"#),
            path: "/States/" + String(repeating: "S", count: 81),
            message: "Invalid State name: State '\(String(repeating: "S", count: 81))' exceeds the 80-character limit allowed by the service"),
        WordingCase(
            name: "a QueryLanguage other than JSONPath reads as JSONata",
            definition: one("P", #"{"Type": "Pass", "QueryLanguage": "jsonpath", "Parameters": {"a": 1}, "End": true}"#), path: "/States/P",
            message: "The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported for the 'JSONPath' QueryLanguage"),

        // Task resources.
        WordingCase(
            name: "Credentials of an activity",
            definition: one(
                "T", #"{"Type": "Task", "Resource": "\#(activity)", "Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/r"}, "End": true}"#),
            path: "/States/T", message: "The field 'Credentials' is not supported for activities"),
        WordingCase(
            name: "lambda:invoke.sync",
            definition: one(
                "T", #"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.sync", "Parameters": {"FunctionName": "f"}, "End": true}"#),
            path: "/States/T/Resource",
            message: "The resource provided arn:aws:states:::lambda:invoke.sync is not recognized. The value is not a valid resource ARN, "
                + "or the resource is not available in this region."),
        WordingCase(
            name: "glue:startJobRun.waitForTaskToken",
            definition: one(
                "T", #"{"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.waitForTaskToken", "Parameters": {"JobName": "j"}, "End": true}"#),
            path: "/States/T/Resource",
            message: "The resource provided arn:aws:states:::glue:startJobRun.waitForTaskToken is not recognized. The value is not a valid "
                + "resource ARN, or the resource is not available in this region."),
        WordingCase(
            name: "ecs:runTask.sync:2",
            definition: one(
                "T", #"{"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync:2", "Parameters": {"TaskDefinition": "t"}, "End": true}"#),
            path: "/States/T/Resource",
            message: "The resource provided arn:aws:states:::ecs:runTask.sync:2 is not recognized. The value is not a valid resource ARN, "
                + "or the resource is not available in this region."),
    ]

    @Test(arguments: cases)
    func saysItAsAWSDoes(_ testCase: WordingCase) {
        let diagnostics = StatesLanguageValidator.validate(testCase.definition)
        #expect(
            diagnostics.contains { $0.path == testCase.path && $0.message == testCase.message },
            "expected '\(testCase.message)' at \(testCase.path), got \(diagnostics)")
    }

    /// A misspelt JSONata is reported once, as the value it is, not also as JSONata fields in a JSONPath state
    /// (floci-io/floci#2968: AWS reads any value but exactly `JSONPath` as JSONata).
    @Test func aMisspeltJSONataIsOneError() {
        let diagnostics = StatesLanguageValidator.validate(
            Self.one("P", #"{"Type": "Pass", "QueryLanguage": "jsonata", "Output": {"a": 1}, "End": true}"#))
        #expect(diagnostics.map(\.path) == ["/States/P/QueryLanguage"], "\(diagnostics)")
    }

    /// A workflow without a terminal state is that one error, with its dangling targets but not its unreachable
    /// states (floci-io/floci#2735 and #2786, measured against AWS).
    @Test func noTerminalStateHidesUnreachableStates() {
        let loop = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Ghost"}, "B": {"Type": "Pass", "Next": "A"}}}"#
        #expect(StatesLanguageValidator.validate(loop).map(\.code) == ["MISSING_TRANSITION_TARGET", "MISSING_END_STATE"])
        #expect(StatesLanguageValidator.validate(loop).first?.message == "Missing 'Next' target: Ghost")
        let reachableEnd = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}, "C": {"Type": "Pass", "End": true}}}"#
        #expect(StatesLanguageValidator.validate(reachableEnd).map(\.message) == [#"State "C" is not reachable."#])
    }

    /// What AWS accepts although the ASL specification, or a neighbouring field, would refuse it.
    @Test func acceptsWhatAWSAccepts() {
        expectClean(machine(endPass("A"), extra: #""TimeoutSeconds": 0,"#))
        expectClean(machine(endPass("A"), extra: #""Version": "1.0","#))
        expectClean(Self.one("T", #"{"Type": "Task", "Resource": "\#(Self.activity)", "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 0}], "End": true}"#))
        expectClean(Self.distributed(#""ItemBatcher": {"MaxItemsPerBatch": 0, "MaxInputBytesPerBatch": 0},"#))
        expectClean(Self.distributed(#""ItemsPath": "$$.Execution.Input.items","#))
        expectClean(Self.one("T", #"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}"#))
        expectClean(Self.one("T", #"{"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:C"}, "End": true}"#))
        expectClean(Self.one("T", #"{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets", "End": true}"#))
    }
}
