import Testing

@testable import StatesLanguage

/// Parallel branches and Map processors (scopes, fields), and the query-language rules.
@Suite struct ValidationScopeTests {
    static let schema = "SCHEMA_VALIDATION_FAILED"
    static let target = "MISSING_TRANSITION_TARGET"
    /// AWS's codes for JSONata expressions, located as AWS writes them (`Choices[0]`).
    static let invalidJSONata = "INVALID_JSONATA_EXPRESSION"
    static let unsupportedJSONata = "UNSUPPORTED_JSONATA_EXPRESSION"
    static let activity = "arn:aws:states:us-east-1:123456789012:activity:work"

    /// A machine whose only top-level state is the Map `M` with extra `fields` and an item processor running `Work`.
    static func map(_ fields: String, processor: String = "ItemProcessor") -> String {
        machine(
            #""M": {"Type": "Map", "End": true, \#(fields.isEmpty ? "" : fields + ", ")"\#(processor)": {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "\#(activity)", "End": true}}}}"#,
            startAt: "M")
    }

    static let cases: [InvalidCase] = [
        // Parallel
        InvalidCase(
            name: "Parallel without Branches", definition: machine(#""P": {"Type": "Parallel", "End": true}"#, startAt: "P"), code: schema,
            path: "/States/P"),
        InvalidCase(
            name: "Parallel with empty Branches", definition: machine(#""P": {"Type": "Parallel", "End": true, "Branches": []}"#, startAt: "P"),
            code: schema, path: "/States/P/Branches"),
        InvalidCase(
            name: "branch not an object", definition: machine(#""P": {"Type": "Parallel", "End": true, "Branches": [1]}"#, startAt: "P"),
            code: schema, path: "/States/P/Branches[0]"),
        InvalidCase(
            name: "branch without StartAt",
            definition: machine(#""P": {"Type": "Parallel", "End": true, "Branches": [{"States": {"B": {"Type": "Succeed"}}}]}"#, startAt: "P"),
            code: schema, path: "/States/P/Branches[0]"),
        InvalidCase(
            name: "branch unknown field",
            definition: machine(
                #""P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "TimeoutSeconds": 1, "States": {"B": {"Type": "Succeed"}}}]}"#,
                startAt: "P"), code: schema, path: "/States/P/Branches[0]"),
        InvalidCase(
            name: "branch state targets a state outside the branch",
            definition: machine(
                #""P": {"Type": "Parallel", "Next": "After", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "After"}}}]}, "#
                    + endPass("After"), startAt: "P"),
            code: target, path: "/States/P/Branches[0]/States/B/Next"),
        InvalidCase(
            name: "outer state targets a state inside a branch",
            definition: machine(
                #""A": {"Type": "Pass", "Next": "B"}, "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]}"#
            ),
            code: target, path: "/States/A/Next"),
        InvalidCase(
            name: "branch StartAt names an outer state",
            definition: machine(
                #""P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "P", "States": {"B": {"Type": "Succeed"}}}]}"#, startAt: "P"),
            code: target, path: "/States/P/Branches[0]/StartAt"),
        InvalidCase(
            name: "unreachable state inside a branch",
            definition: machine(
                #""P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}, "Lost": {"Type": "Succeed"}}}]}"#,
                startAt: "P"),
            code: target, path: "/States/P/Branches[0]/States/Lost"),
        InvalidCase(
            name: "branch without terminal state",
            definition: machine(
                #""P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "B"}}}]}"#,
                startAt: "P"),
            code: "MISSING_END_STATE", path: ""),
        // Map
        InvalidCase(
            name: "Map without ItemProcessor", definition: machine(#""M": {"Type": "Map", "End": true}"#, startAt: "M"), code: schema,
            path: "/States/M"),
        InvalidCase(
            name: "ItemProcessor and Iterator", definition: map(#""Iterator": {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}"#), code: schema,
            path: "/States/M"),
        InvalidCase(name: "ItemSelector and Parameters", definition: map(#""ItemSelector": {}, "Parameters": {}"#), code: schema, path: "/States/M"),
        InvalidCase(
            name: "ItemsPath not a reference path", definition: map(#""ItemsPath": "$.items[*]""#), code: schema, path: "/States/M/ItemsPath"),
        InvalidCase(
            name: "ItemSelector .$ value not a path", definition: map(#""ItemSelector": {"v.$": "value"}"#), code: schema,
            path: "/States/M/ItemSelector/v.$"),
        InvalidCase(name: "MaxConcurrency negative", definition: map(#""MaxConcurrency": -1"#), code: schema, path: "/States/M/MaxConcurrency"),
        InvalidCase(
            name: "MaxConcurrency and MaxConcurrencyPath", definition: map(#""MaxConcurrency": 1, "MaxConcurrencyPath": "$.c""#), code: schema,
            path: "/States/M"),
        InvalidCase(
            name: "ToleratedFailurePercentage above 100", definition: map(#""ToleratedFailurePercentage": 101"#), code: schema,
            path: "/States/M/ToleratedFailurePercentage"),
        InvalidCase(
            name: "ToleratedFailurePercentage negative", definition: map(#""ToleratedFailurePercentage": -1"#), code: schema,
            path: "/States/M/ToleratedFailurePercentage"),
        InvalidCase(
            name: "ToleratedFailureCount negative", definition: map(#""ToleratedFailureCount": -1"#), code: schema,
            path: "/States/M/ToleratedFailureCount"),
        InvalidCase(name: "Label with a space", definition: map(#""Label": "my label""#), code: "INVALID_LABEL_NAME", path: "/States/M/Label"),
        InvalidCase(
            name: "Label of 41 characters", definition: map(#""Label": "\#(String(repeating: "a", count: 41))""#), code: "INVALID_LABEL_NAME",
            path: "/States/M/Label"),
        InvalidCase(
            name: "ProcessorConfig Mode",
            definition: machine(
                #""M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "FAST"}, "StartAt": "W", "States": {"W": {"Type": "Succeed"}}}}"#,
                startAt: "M"), code: schema, path: "/States/M/ItemProcessor/ProcessorConfig/Mode"),
        InvalidCase(
            name: "DISTRIBUTED without ExecutionType",
            definition: machine(
                #""M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "W", "States": {"W": {"Type": "Succeed"}}}}"#,
                startAt: "M"), code: schema, path: "/States/M/ItemProcessor/ProcessorConfig"),
        InvalidCase(
            name: "ItemReader without Resource", definition: map(#""ItemReader": {"Parameters": {}}"#), code: schema, path: "/States/M/ItemReader"),
        InvalidCase(
            name: "ItemBatcher MaxInputBytesPerBatch above 256 KiB", definition: map(#""ItemBatcher": {"MaxInputBytesPerBatch": 262145}"#),
            code: schema, path: "/States/M/ItemBatcher/MaxInputBytesPerBatch"),
        InvalidCase(
            name: "processor state targets a state outside the processor",
            definition: machine(
                #""M": {"Type": "Map", "Next": "After", "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Pass", "Next": "After"}}}}, "#
                    + endPass("After"), startAt: "M"),
            code: target, path: "/States/M/ItemProcessor/States/W/Next"),
        InvalidCase(
            name: "Iterator state targets a state outside",
            definition: machine(
                #""M": {"Type": "Map", "Next": "After", "Iterator": {"StartAt": "W", "States": {"W": {"Type": "Pass", "Next": "After"}}}}, "#
                    + endPass("After"), startAt: "M"),
            code: target, path: "/States/M/Iterator/States/W/Next"),
        // Query languages
        InvalidCase(
            name: "Output in a JSONPath state", definition: machine(#""A": {"Type": "Pass", "End": true, "Output": {}}"#), code: schema,
            path: "/States/A"),
        InvalidCase(
            name: "Arguments in a JSONPath state",
            definition: machine(#""A": {"Type": "Task", "Resource": "\#(activity)", "End": true, "Arguments": {}}"#), code: schema, path: "/States/A"),
        InvalidCase(
            name: "Parameters in a JSONata state",
            definition: machine(#""A": {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "\#(activity)", "End": true, "Parameters": {}}"#),
            code: schema, path: "/States/A"),
        InvalidCase(
            name: "InputPath under a JSONata machine",
            definition: machine(#""A": {"Type": "Pass", "End": true, "InputPath": "$.a"}"#, extra: #""QueryLanguage": "JSONata","#), code: schema,
            path: "/States/A"),
        InvalidCase(
            name: "Result in a JSONata Pass",
            definition: machine(#""A": {"Type": "Pass", "End": true, "Result": 1}"#, extra: #""QueryLanguage": "JSONata","#), code: schema,
            path: "/States/A"),
        InvalidCase(
            name: "SecondsPath in a JSONata Wait",
            definition: machine(#""A": {"Type": "Wait", "End": true, "SecondsPath": "$.s"}"#, extra: #""QueryLanguage": "JSONata","#), code: schema,
            path: "/States/A"),
        InvalidCase(
            name: "JSONPath state under a JSONata machine",
            definition: machine(#""A": {"Type": "Pass", "End": true, "QueryLanguage": "JSONPath"}"#, extra: #""QueryLanguage": "JSONata","#),
            code: schema, path: "/States/A"),
        InvalidCase(
            name: "state QueryLanguage value", definition: machine(#""A": {"Type": "Pass", "End": true, "QueryLanguage": "XPath"}"#), code: schema,
            path: "/States/A/QueryLanguage"),
        InvalidCase(
            name: "QueryLanguage on an ItemProcessor", definition: map("").replacingProcessorStart(), code: schema, path: "/States/M/ItemProcessor"),
        InvalidCase(
            name: "unterminated JSONata expression",
            definition: machine(#""A": {"Type": "Pass", "End": true, "Output": "{% $states.input"}"#, extra: #""QueryLanguage": "JSONata","#),
            code: schema, path: "/States/A/Output"),
        InvalidCase(
            name: "empty JSONata expression",
            definition: machine(#""A": {"Type": "Pass", "End": true, "Output": {"a": ["{%  %}"]}}"#, extra: #""QueryLanguage": "JSONata","#),
            code: invalidJSONata, path: "/States/A/Output/a[0]"),
        InvalidCase(
            name: "JSONata Arguments a plain string",
            definition: machine(
                #""A": {"Type": "Task", "Resource": "\#(activity)", "End": true, "Arguments": "x"}"#, extra: #""QueryLanguage": "JSONata","#),
            code: schema, path: "/States/A/Arguments"),
        InvalidCase(
            name: "JSONata Items an object",
            definition: machine(
                #""M": {"Type": "Map", "End": true, "Items": {}, "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Succeed"}}}}"#,
                startAt: "M", extra: #""QueryLanguage": "JSONata","#), code: schema, path: "/States/M/Items"),
        InvalidCase(
            name: "JSONata TimeoutSeconds a plain string",
            definition: machine(
                #""A": {"Type": "Task", "Resource": "\#(activity)", "End": true, "TimeoutSeconds": "10"}"#, extra: #""QueryLanguage": "JSONata","#),
            code: schema, path: "/States/A/TimeoutSeconds"),
        InvalidCase(
            name: "catcher ResultPath in a JSONata state",
            definition: machine(
                #""A": {"Type": "Task", "Resource": "\#(activity)", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F", "ResultPath": "$.e"}]}, "F": {"Type": "Fail"}"#,
                extra: #""QueryLanguage": "JSONata","#), code: schema, path: "/States/A/Catch[0]"),
        InvalidCase(
            name: "$states.result in Arguments",
            definition: machine(
                #""A": {"Type": "Task", "Resource": "\#(activity)", "End": true, "Arguments": {"x": "{% $states.result.x %}"}}"#,
                extra: #""QueryLanguage": "JSONata","#), code: unsupportedJSONata, path: "/States/A/Arguments/x"),
        InvalidCase(
            name: "$states.errorOutput in a state's Output",
            definition: machine(
                #""A": {"Type": "Task", "Resource": "\#(activity)", "End": true, "Output": "{% $states.errorOutput %}"}"#,
                extra: #""QueryLanguage": "JSONata","#), code: unsupportedJSONata, path: "/States/A/Output"),
        InvalidCase(
            name: "$states.result in a catcher's Output",
            definition: machine(
                #""A": {"Type": "Task", "Resource": "\#(activity)", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F", "Output": "{% $states.result %}"}]}, "F": {"Type": "Fail"}"#,
                extra: #""QueryLanguage": "JSONata","#), code: unsupportedJSONata, path: "/States/A/Catch[0]/Output"),
        InvalidCase(
            name: "$states.result in a Choice Condition",
            definition: machine(
                #""C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.result %}", "Next": "D"}]}, "# + endPass("D"), startAt: "C",
                extra: #""QueryLanguage": "JSONata","#), code: unsupportedJSONata, path: "/States/C/Choices[0]/Condition"),
    ]

    @Test func statesResultIsReadableWhereAWSOffersIt() {
        expectClean(
            machine(
                #""A": {"Type": "Task", "Resource": "\#(Self.activity)", "Output": {"r": "{% $states.result %}"}, "Assign": {"last": "{% $states.result.id %}", "resultCount": "{% $states.input.resultCount %}"}, "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"error": "{% $states.errorOutput %}"}, "Next": "F"}], "End": true}, "F": {"Type": "Fail"}"#,
                extra: #""QueryLanguage": "JSONata","#))
    }

    @Test(arguments: cases)
    func reportsTheRule(_ testCase: InvalidCase) {
        expectDiagnostic(testCase.definition, code: testCase.code, path: testCase.path, severity: testCase.severity)
    }

    @Test func labelsAreUniqueInTheStateMachine() {
        let definition = machine(
            #""A": {"Type": "Map", "Label": "Items", "Next": "B", "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}}, "B": {"Type": "Map", "Label": "Items", "End": true, "ItemProcessor": {"StartAt": "Y", "States": {"Y": {"Type": "Succeed"}}}}"#
        )
        expectDiagnostic(definition, code: "DUPLICATE_LABEL_NAME", path: "/States/B/Label")
    }

    @Test func nestedStatesInheritTheMachineLanguageNotTheMapLanguage() {
        // As measured on AWS: a Map's own QueryLanguage does not change the language of the states it runs.
        let definition = machine(
            #""M": {"Type": "Map", "QueryLanguage": "JSONata", "End": true, "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Pass", "End": true, "Output": 1}}}}"#,
            startAt: "M")
        expectDiagnostic(definition, code: Self.schema, path: "/States/M/ItemProcessor/States/W")
    }

    @Test func validNestedAndJSONataDefinitions() {
        expectClean(
            Self.map(
                #""ItemsPath": "$.detail.shipped", "ItemSelector": {"parcel.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"}, "MaxConcurrency": 0, "ToleratedFailurePercentage": 12.5, "ToleratedFailureCount": 3, "Label": "Parcels", "ResultPath": "$.results", "Retry": [{"ErrorEquals": ["States.ALL"]}]"#
            ))
        expectClean(
            machine(
                #""M": {"Type": "Map", "End": true, "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV"}, "Parameters": {"Bucket": "b", "Key": "k"}}, "ItemBatcher": {"MaxItemsPerBatch": 10}, "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "W", "States": {"W": {"Type": "Succeed"}}}}"#,
                startAt: "M"))
        expectClean(
            machine(
                #""A": {"Type": "Task", "Resource": "\#(Self.activity)", "Arguments": {"id": "{% $states.input.id %}", "static": 1}, "Output": "{% $states.result %}", "TimeoutSeconds": "{% $timeout %}", "Assign": {"seen": "{% $states.result.count %}"}, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F", "Output": "{% $states.errorOutput %}"}], "Next": "W"}, "W": {"Type": "Wait", "Seconds": "{% $states.input.delay %}", "Next": "M"}, "M": {"Type": "Map", "Items": "{% $states.input.list %}", "MaxConcurrency": "{% $limit %}", "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}, "End": true}, "F": {"Type": "Fail", "Error": "{% 'Bad' %}", "Cause": "{% $states.input.why %}"}"#,
                extra: #""QueryLanguage": "JSONata","#))
        expectClean(
            machine(
                #""A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"x": "{% 1 + 1 %}"}, "Next": "B"}, "B": {"Type": "Pass", "Parameters": {"y.$": "$.x"}, "End": true}"#
            ))
    }
}

extension String {
    /// Adds `"QueryLanguage"` to the Map's `ItemProcessor`, which AWS does not allow.
    fileprivate func replacingProcessorStart() -> String {
        var result = ""
        var remaining = Substring(self)
        let marker = "\"ItemProcessor\": {"
        while let index = remaining.firstRange(of: marker) {
            result += remaining[..<index.upperBound] + "\"QueryLanguage\": \"JSONata\", "
            remaining = remaining[index.upperBound...]
        }
        return result + remaining
    }
}
