import OrderedCollections
import Testing

@testable import StatesLanguage

/// The member order of objects built from JSONPath payload templates, as AWS recorded them (LocalStack's
/// `*.snapshot.json` files under tests/aws/services/stepfunctions/v2/, which keep the order of the JSON texts AWS
/// returned): the fields written without `.$` first, as written, then the `.$` fields in the order a Java `HashMap`
/// iterates them.
@Suite struct RecordedPayloadOrderTests {
    private func keys(_ template: JSONValue, input: JSONValue = [:], variables: JSONObject = [:]) throws -> [String] {
        let value = try PayloadTemplate(template).evaluate(in: EvaluationScope(input: input, variables: variables))
        return Array(try #require(value.objectValue).keys)
    }

    /// test_assign_reference_variables.snapshot.json, test_assign_from_value[BASE_ASSIGN_FROM_INTRINSIC_FUNCTION]:
    /// seven `.$` fields written simpleArray .. uniqueValues came out in this order.
    @Test func sevenPathFieldsComeOutInHashOrder() throws {
        let template: JSONValue = [
            "simpleArray.$": "States.Array('a', 'b', 'c')", "partitionedArray.$": "States.ArrayPartition($.inputArray, 2)",
            "containsElement.$": "States.ArrayContains($.inputArray, 5)", "numberRange.$": "States.ArrayRange(1, 10, 2)",
            "thirdElement.$": "States.ArrayGetItem($.inputArray, 2)", "arraySize.$": "States.ArrayLength($.inputArray)",
            "uniqueValues.$": "States.ArrayUnique($.duplicateArray)",
        ]
        let input: JSONValue = ["inputArray": [1, 2, 3, 4, 5, 6], "duplicateArray": [1, 2, 2, 3]]
        #expect(try keys(template, input: input) == [
            "uniqueValues", "simpleArray", "thirdElement", "partitionedArray", "arraySize", "containsElement", "numberRange",
        ])
    }

    /// BASE_REFERENCE_IN_INTRINSIC_FUNCTION (same file): the nested objects' `.$` fields reorder, the outer object
    /// (no `.$` field of its own) keeps its order.
    @Test func nestedPathFieldsReorderWhileTheOuterObjectKeepsItsOrder() throws {
        let template: JSONValue = [
            "encodingOps": ["encoded.$": "States.Base64Encode($raw)", "decoded.$": "States.Base64Decode($encoded)"],
            "jsonOps": ["mergedJson.$": "States.JsonMerge($a, $b, false)", "parsedJson.$": "States.StringToJson($text)",
                        "stringifiedJson.$": "States.JsonToString($a)"],
            "stringOps": ["splitString.$": "States.StringSplit($raw, ' ')", "formattedString.$": "States.Format('{}', $raw)"],
        ]
        let variables: JSONObject = ["raw": "Hello World", "encoded": "SGVsbG8gV29ybGQ=", "a": ["a": 1], "b": ["b": 2],
                                     "text": #"{"key":"value"}"#]
        let value = try PayloadTemplate(template).evaluate(in: EvaluationScope(input: [:], variables: variables))
        #expect(Array(try #require(value.objectValue).keys) == ["encodingOps", "jsonOps", "stringOps"])
        #expect(Array(try #require(value["encodingOps"]?.objectValue).keys) == ["decoded", "encoded"])
        #expect(Array(try #require(value["jsonOps"]?.objectValue).keys) == ["parsedJson", "mergedJson", "stringifiedJson"])
        #expect(Array(try #require(value["stringOps"]?.objectValue).keys) == ["formattedString", "splitString"])
    }

    /// Fields without `.$` come first: `{"FunctionName.$", "Payload": {...}}` was scheduled Payload first
    /// (BASE_REFERENCE_IN_LAMBDA_TASK_FIELDS; test_context_object, test_result_selector), `{"foo", "bar.$"}` stayed
    /// foo, bar (test_mixed_query_language, JSONPATH_OUTPUT_TO_JSONATA).
    @Test func fieldsWithoutPathsComeFirst() throws {
        #expect(try keys(["FunctionName.$": "$.f", "Payload": ["Input.$": "$"]], input: ["f": "fn"]) == ["Payload", "FunctionName"])
        #expect(try keys(["foo": "foobar", "bar.$": "$"]) == ["foo", "bar"])
        #expect(try keys(["Payload": ["foo": "foo-1"], "FunctionName": "fn"]) == ["Payload", "FunctionName"])
    }

    /// Two and three `.$` fields as recorded: ResultSelector {LambdaOutput.$, ContextObjectValue.$}
    /// (test_context_object, test_result_selector), Parameters {Question.$, Answer.$} (MAP_STATE_REFERENCE_IN_
    /// INTRINSIC_FUNCTION), {StateMachineArn.$, Input.$, Name.$} (test_sfn_task_service, test_start_execution_input_json)
    /// and {FunctionName.$, Payload.$, LogType.$} (test_lambda_task_service, test_invoke_unsupported_param).
    @Test(arguments: [
        (["LambdaOutput", "ContextObjectValue"], ["ContextObjectValue", "LambdaOutput"]),
        (["Question", "Answer"], ["Answer", "Question"]),
        (["StateMachineArn", "Input", "Name"], ["Input", "StateMachineArn", "Name"]),
        (["FunctionName", "Payload", "LogType"], ["FunctionName", "LogType", "Payload"]),
        (["Payload", "FunctionName"], ["FunctionName", "Payload"]),
    ])
    func pathFieldsAsRecorded(_ written: [String], _ recorded: [String]) throws {
        var template: JSONObject = [:]
        for name in written { template[name + ".$"] = "$.v" }
        #expect(try keys(.object(template), input: ["v": 1]) == recorded)
    }
}
