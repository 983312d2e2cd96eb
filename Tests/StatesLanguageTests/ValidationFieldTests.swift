import Testing

@testable import StatesLanguage

/// Field types, ranges and mutually exclusive fields of Task, Wait, Fail, Pass, Retry and Catch; paths and templates.
@Suite struct ValidationFieldTests {
    static let schema = "SCHEMA_VALIDATION_FAILED"
    static let lambda = "arn:aws:lambda:us-east-1:123456789012:function:Bake"

    /// A machine with one Task `A` (ending) carrying the extra fields `fields`.
    static func task(_ fields: String) -> String {
        // Without catchers the Task goes on to `Done`; with them it ends and the catchers reach `Done`.
        let transition = fields.contains("\"Catch\"") ? "\"End\": true" : "\"Next\": \"Done\""
        return machine(#""A": {"Type": "Task", "Resource": "\#(lambda)", \#(transition), \#(fields)}, "# + endPass("Done"))
    }

    /// A machine with one state `A` of `type` and extra `fields`, ending.
    static func state(_ type: String, _ fields: String, end: Bool = true) -> String {
        machine(#""A": {"Type": "\#(type)"\#(end ? ", \"End\": true" : "")\#(fields.isEmpty ? "" : ", " + fields)}"#)
    }

    static let cases: [InvalidCase] = [
        // Task
        InvalidCase(name: "Task without Resource", definition: state("Task", ""), code: schema, path: "/States/A"),
        InvalidCase(
            name: "Resource not an ARN", definition: state("Task", #""Resource": "bake""#), code: "INVALID_RESOURCE", path: "/States/A/Resource"),
        InvalidCase(
            name: "Resource ARN without resource part", definition: state("Task", #""Resource": "arn:aws:lambda""#), code: "INVALID_RESOURCE",
            path: "/States/A/Resource"),
        InvalidCase(name: "Resource not a string", definition: state("Task", #""Resource": 1"#), code: schema, path: "/States/A/Resource"),
        InvalidCase(
            name: "TimeoutSeconds and TimeoutSecondsPath", definition: task(#""TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t""#), code: schema,
            path: "/States/A"),
        InvalidCase(
            name: "HeartbeatSeconds and HeartbeatSecondsPath", definition: task(#""HeartbeatSeconds": 5, "HeartbeatSecondsPath": "$.h""#),
            code: schema, path: "/States/A"),
        InvalidCase(name: "TimeoutSeconds 0", definition: task(#""TimeoutSeconds": 0"#), code: schema, path: "/States/A/TimeoutSeconds"),
        InvalidCase(name: "TimeoutSeconds fraction", definition: task(#""TimeoutSeconds": 1.5"#), code: schema, path: "/States/A/TimeoutSeconds"),
        InvalidCase(name: "TimeoutSeconds string", definition: task(#""TimeoutSeconds": "10""#), code: schema, path: "/States/A/TimeoutSeconds"),
        InvalidCase(
            name: "TimeoutSeconds above 99999999", definition: task(#""TimeoutSeconds": 100000000"#), code: schema, path: "/States/A/TimeoutSeconds"),
        InvalidCase(
            name: "HeartbeatSeconds negative", definition: task(#""HeartbeatSeconds": -1"#), code: schema, path: "/States/A/HeartbeatSeconds"),
        InvalidCase(
            name: "HeartbeatSeconds equal to TimeoutSeconds", definition: task(#""TimeoutSeconds": 60, "HeartbeatSeconds": 60"#), code: schema,
            path: "/States/A/HeartbeatSeconds"),
        InvalidCase(
            name: "TimeoutSecondsPath not a reference path", definition: task(#""TimeoutSecondsPath": "$.t[*]""#), code: schema,
            path: "/States/A/TimeoutSecondsPath"),
        InvalidCase(name: "Credentials not an object", definition: task(#""Credentials": "role""#), code: schema, path: "/States/A/Credentials"),
        // AWS: "The field 'RoleArn' is required but was missing" (LocalStack's test_credentials_base.snapshot.json).
        InvalidCase(name: "Credentials without RoleArn", definition: task(#""Credentials": {}"#), code: schema, path: "/States/A/Credentials"),
        InvalidCase(
            name: "Credentials with another field only", definition: task(#""Credentials": {"InvalidField": "invalid"}"#), code: schema,
            path: "/States/A/Credentials"),
        // Data flow paths and templates
        InvalidCase(name: "InputPath not a path", definition: task(#""InputPath": "input""#), code: schema, path: "/States/A/InputPath"),
        InvalidCase(name: "OutputPath a number", definition: task(#""OutputPath": 1"#), code: schema, path: "/States/A/OutputPath"),
        InvalidCase(
            name: "ResultPath on the context object", definition: task(#""ResultPath": "$$.Execution""#), code: schema, path: "/States/A/ResultPath"),
        InvalidCase(name: "ResultPath on a variable", definition: task(#""ResultPath": "$result""#), code: schema, path: "/States/A/ResultPath"),
        InvalidCase(name: "ResultPath with a wildcard", definition: task(#""ResultPath": "$.a[*]""#), code: schema, path: "/States/A/ResultPath"),
        InvalidCase(name: "Parameters not an object", definition: task(#""Parameters": [1]"#), code: schema, path: "/States/A/Parameters"),
        InvalidCase(
            name: "Parameters .$ value not a path", definition: task(#""Parameters": {"x.$": "hello"}"#), code: schema,
            path: "/States/A/Parameters/x.$"),
        InvalidCase(
            name: "Parameters .$ value a number", definition: task(#""Parameters": {"x.$": 5}"#), code: schema, path: "/States/A/Parameters/x.$"),
        InvalidCase(
            name: "nested Parameters .$ value", definition: task(#""Parameters": {"a": {"b": [{"c.$": "c"}]}}"#), code: schema,
            path: "/States/A/Parameters/a/b[0]/c.$"),
        InvalidCase(
            name: "ResultSelector .$ value not a path", definition: task(#""ResultSelector": {"x.$": "x"}"#), code: schema,
            path: "/States/A/ResultSelector/x.$"),
        InvalidCase(
            name: "path without .$ (warning)", definition: task(#""Parameters": {"x": "$.x"}"#), code: "NO_DOLLAR", path: "/States/A/Parameters/x",
            severity: .warning),
        InvalidCase(
            name: "intrinsic without .$ (warning)", definition: task(#""Parameters": {"x": "States.UUID()"}"#), code: "NO_DOLLAR",
            path: "/States/A/Parameters/x", severity: .warning),
        InvalidCase(name: "Assign variable name", definition: task(#""Assign": {"1x": 1}"#), code: schema, path: "/States/A/Assign/1x"),
        InvalidCase(name: "Assign .$ value not a path", definition: task(#""Assign": {"x.$": "x"}"#), code: schema, path: "/States/A/Assign/x.$"),
        InvalidCase(name: "Assign not an object", definition: task(#""Assign": 1"#), code: schema, path: "/States/A/Assign"),
        // Pass
        InvalidCase(
            name: "Pass Result with .$ key (warning)", definition: state("Pass", #""Result": {"x.$": "$.x"}"#), code: "PASS_RESULT_IS_STATIC",
            path: "/States/A/Result/x.$", severity: .warning),
        InvalidCase(
            name: "Pass Result path string (warning)", definition: state("Pass", #""Result": "$.x""#), code: "PASS_RESULT_IS_STATIC",
            path: "/States/A/Result", severity: .warning),
        // Wait
        InvalidCase(name: "Wait without timing", definition: state("Wait", ""), code: schema, path: "/States/A"),
        InvalidCase(
            name: "Wait Seconds and Timestamp", definition: state("Wait", #""Seconds": 1, "Timestamp": "2016-03-14T01:59:00Z""#), code: schema,
            path: "/States/A"),
        InvalidCase(
            name: "Wait SecondsPath and TimestampPath", definition: state("Wait", #""SecondsPath": "$.s", "TimestampPath": "$.t""#), code: schema,
            path: "/States/A"),
        InvalidCase(
            name: "Wait Seconds and SecondsPath", definition: state("Wait", #""Seconds": 1, "SecondsPath": "$.s""#), code: schema, path: "/States/A"),
        InvalidCase(name: "Wait Seconds negative", definition: state("Wait", #""Seconds": -1"#), code: schema, path: "/States/A/Seconds"),
        InvalidCase(name: "Wait Seconds string", definition: state("Wait", #""Seconds": "10""#), code: schema, path: "/States/A/Seconds"),
        InvalidCase(
            name: "Wait Timestamp lowercase t", definition: state("Wait", #""Timestamp": "2016-03-14t01:59:00Z""#), code: schema,
            path: "/States/A/Timestamp"),
        InvalidCase(
            name: "Wait Timestamp without zone", definition: state("Wait", #""Timestamp": "2016-03-14T01:59:00""#), code: schema,
            path: "/States/A/Timestamp"),
        InvalidCase(
            name: "Wait Timestamp month 13", definition: state("Wait", #""Timestamp": "2016-13-14T01:59:00Z""#), code: schema,
            path: "/States/A/Timestamp"),
        InvalidCase(
            name: "Wait SecondsPath not a path", definition: state("Wait", #""SecondsPath": "seconds""#), code: schema, path: "/States/A/SecondsPath"),
        // Fail
        InvalidCase(
            name: "Fail Error and ErrorPath", definition: state("Fail", #""Error": "E", "ErrorPath": "$.e""#, end: false), code: schema,
            path: "/States/A"),
        InvalidCase(
            name: "Fail Cause and CausePath", definition: state("Fail", #""Cause": "C", "CausePath": "$.c""#, end: false), code: schema,
            path: "/States/A"),
        InvalidCase(name: "Fail Error not a string", definition: state("Fail", #""Error": 1"#, end: false), code: schema, path: "/States/A/Error"),
        InvalidCase(
            name: "Fail ErrorPath not a path", definition: state("Fail", #""ErrorPath": "error""#, end: false), code: schema,
            path: "/States/A/ErrorPath"),
        InvalidCase(
            name: "Fail Error looks like a path (warning)", definition: state("Fail", #""Error": "$.error""#, end: false), code: "NO_PATH",
            path: "/States/A/Error", severity: .warning),
        // Retry
        InvalidCase(name: "Retry not an array", definition: task(#""Retry": {}"#), code: schema, path: "/States/A/Retry"),
        InvalidCase(name: "retrier without ErrorEquals", definition: task(#""Retry": [{}]"#), code: schema, path: "/States/A/Retry[0]"),
        InvalidCase(
            name: "ErrorEquals empty", definition: task(#""Retry": [{"ErrorEquals": []}]"#), code: schema, path: "/States/A/Retry[0]/ErrorEquals"),
        InvalidCase(
            name: "ErrorEquals with a number", definition: task(#""Retry": [{"ErrorEquals": [1]}]"#), code: schema,
            path: "/States/A/Retry[0]/ErrorEquals[0]"),
        InvalidCase(
            name: "retrier unknown field", definition: task(#""Retry": [{"ErrorEquals": ["E"], "Next": "Done"}]"#), code: schema,
            path: "/States/A/Retry[0]"),
        InvalidCase(
            name: "MaxAttempts negative", definition: task(#""Retry": [{"ErrorEquals": ["E"], "MaxAttempts": -1}]"#), code: schema,
            path: "/States/A/Retry[0]/MaxAttempts"),
        InvalidCase(
            name: "MaxAttempts above 99999999", definition: task(#""Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 100000000}]"#), code: schema,
            path: "/States/A/Retry[0]/MaxAttempts"),
        InvalidCase(
            name: "IntervalSeconds -1", definition: task(#""Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": -1}]"#), code: schema,
            path: "/States/A/Retry[0]/IntervalSeconds"),
        InvalidCase(
            name: "IntervalSeconds above 99999999", definition: task(#""Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 100000000}]"#),
            code: schema, path: "/States/A/Retry[0]/IntervalSeconds"),
        InvalidCase(
            name: "BackoffRate below 1.0", definition: task(#""Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5}]"#), code: schema,
            path: "/States/A/Retry[0]/BackoffRate"),
        InvalidCase(
            name: "BackoffRate string", definition: task(#""Retry": [{"ErrorEquals": ["E"], "BackoffRate": "2"}]"#), code: schema,
            path: "/States/A/Retry[0]/BackoffRate"),
        InvalidCase(
            name: "MaxDelaySeconds 0", definition: task(#""Retry": [{"ErrorEquals": ["E"], "MaxDelaySeconds": 0}]"#), code: schema,
            path: "/States/A/Retry[0]/MaxDelaySeconds"),
        InvalidCase(
            name: "MaxDelaySeconds above a year", definition: task(#""Retry": [{"ErrorEquals": ["E"], "MaxDelaySeconds": 31622401}]"#), code: schema,
            path: "/States/A/Retry[0]/MaxDelaySeconds"),
        InvalidCase(
            name: "JitterStrategy value", definition: task(#""Retry": [{"ErrorEquals": ["E"], "JitterStrategy": "PARTIAL"}]"#), code: schema,
            path: "/States/A/Retry[0]/JitterStrategy"),
        InvalidCase(
            name: "States.ALL not alone in a retrier", definition: task(#""Retry": [{"ErrorEquals": ["States.ALL", "E"]}]"#), code: schema,
            path: "/States/A/Retry[0]/ErrorEquals"),
        InvalidCase(
            name: "States.ALL retrier not last", definition: task(#""Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}]"#),
            code: schema, path: "/States/A/Retry[0]/ErrorEquals"),
        // Catch
        InvalidCase(name: "catcher without Next", definition: task(#""Catch": [{"ErrorEquals": ["E"]}]"#), code: schema, path: "/States/A/Catch[0]"),
        InvalidCase(
            name: "States.ALL not alone in a catcher", definition: task(#""Catch": [{"ErrorEquals": ["E", "States.ALL"], "Next": "Done"}]"#),
            code: schema, path: "/States/A/Catch[0]/ErrorEquals"),
        InvalidCase(
            name: "States.ALL catcher not last",
            definition: task(#""Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}, {"ErrorEquals": ["E"], "Next": "Done"}]"#), code: schema,
            path: "/States/A/Catch[0]/ErrorEquals"),
        InvalidCase(
            name: "catcher ResultPath not a reference path",
            definition: task(#""Catch": [{"ErrorEquals": ["E"], "Next": "Done", "ResultPath": "$..x"}]"#), code: schema,
            path: "/States/A/Catch[0]/ResultPath"),
        InvalidCase(
            name: "catcher Output in a JSONPath state", definition: task(#""Catch": [{"ErrorEquals": ["E"], "Next": "Done", "Output": {}}]"#),
            code: schema, path: "/States/A/Catch[0]"),
        InvalidCase(
            name: "catcher unknown field", definition: task(#""Catch": [{"ErrorEquals": ["E"], "Next": "Done", "Retry": 1}]"#), code: schema,
            path: "/States/A/Catch[0]"),
    ]

    @Test(arguments: cases)
    func reportsTheRule(_ testCase: InvalidCase) {
        expectDiagnostic(testCase.definition, code: testCase.code, path: testCase.path, severity: testCase.severity)
    }

    static let validStates: [String] = [
        state("Task", #""Resource": "\#(lambda)", "TimeoutSeconds": 60, "HeartbeatSeconds": 59"#),
        state(
            "Task",
            #""Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "TimeoutSecondsPath": "$.timeout", "HeartbeatSecondsPath": "$$.Execution.Input.hb""#),
        state("Task", #""Resource": "arn:aws:states:::aws-sdk:s3:listBuckets", "Credentials": {"RoleArn.$": "$.role"}"#),
        state("Task", #""Resource": "\#(lambda)", "InputPath": null, "OutputPath": null, "ResultPath": null"#),
        state(
            "Task",
            #""Resource": "\#(lambda)", "Parameters": {"static": "$ not a path", "a.$": "$.a", "ctx.$": "$$.Execution.Id", "v.$": "$myVariable", "f.$": "States.Format('{}', $.x)"}"#
        ),
        state(
            "Task",
            #""Resource": "\#(lambda)", "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 1, "MaxAttempts": 0, "BackoffRate": 1.0, "MaxDelaySeconds": 31622400, "JitterStrategy": "FULL"}, {"ErrorEquals": ["States.ALL"], "JitterStrategy": "NONE"}]"#
        ),
        state("Task", #""Resource": "\#(lambda)", "Assign": {"total.$": "$.total", "count": 1, "_seen": [1, 2]}"#),
        state("Wait", #""Seconds": 0"#),
        state("Wait", #""Timestamp": "2016-03-14T01:59:00.123+02:00""#),
        state("Wait", #""SecondsPath": "$.seconds""#),
        state("Wait", #""TimestampPath": "$$.Execution.Input.when""#),
        state("Fail", #""ErrorPath": "$.error", "CausePath": "States.Format('Failed: {}', $.reason)""#, end: false),
        state("Fail", "", end: false),
        state("Succeed", #""InputPath": "$.a", "OutputPath": "$.b""#, end: false),
        state("Pass", #""Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355}, "ResultPath": "$.coords""#),
        state("Pass", #""Parameters": {"x.$": "$.x"}, "Result": 1"#),
    ]

    @Test(arguments: validStates)
    func acceptsValidFields(_ definition: String) {
        expectClean(definition)
    }
}
