import OrderedCollections
import Testing

@testable import StatesLanguage

/// Member order AWS gives objects it builds in a Java `HashMap`, checked against answers recorded from AWS in
/// LocalStack's tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json (and the
/// recordings the payload-template rule was checked against, named at each test).
@Suite struct RecordedScenarioOrderTests {
    /// `String.hashCode()` values Java gives (known answers).
    @Test(arguments: [("", 0), ("a", 97), ("Col1", 2_106_065), ("hello", 99_162_322), ("polygenelubricants", Int32.min)] as [(String, Int32)])
    func javaStringHashCode(_ key: String, _ expected: Int32) {
        #expect(JavaHashMapOrder.hashCode(key) == expected)
    }

    /// CSV rows read by an ItemReader (test_map_item_reader_csv_headers_first_row_typed_headers and
    /// test_map_item_reader_csv_first_row_extra_fields; the header rows `Col1,Col2,Col3` and `H1,H2,H3` keep their order).
    @Test(arguments: [
        (["0", "True", "{}"], ["0", "{}", "True"]),
        (["H1", ""], ["", "H1"]),
        (["Col1", "Col2", "Col3"], ["Col1", "Col2", "Col3"]),
        (["H1", "H2", "H3"], ["H1", "H2", "H3"]),
    ])
    func csvHeaders(_ header: [String], _ recorded: [String]) {
        #expect(JavaHashMapOrder.ordered(header) == recorded)
    }

    /// The table doubles past three quarters full: 13 keys are bucketed in 32 slots, not 16.
    @Test func capacityGrowsPastThreeQuarters() {
        #expect(JavaHashMapOrder.capacity(for: 12) == 16)
        #expect(JavaHashMapOrder.capacity(for: 13) == 32)
        #expect(JavaHashMapOrder.capacity(for: 25) == 64)
    }

    /// A payload template gives its written fields first, as written, then its `.$` fields in hash order.
    @Test(arguments: [
        // test_map_state_item_selector / test_map_state_parameters_legacy (recorded July 2023)
        (#"{"original_input.$": "$", "iteration_input_value.$": "$.v", "iteration_index.$": "$.i", "from_input_constant.$": "$.p", "constant_value": "HelloWorld"}"#,
         ["constant_value", "iteration_input_value", "from_input_constant", "iteration_index", "original_input"]),
        // test_lambda_service_invoke_with_retry_extended_input (October 2023): Payload written, FunctionName a path
        (#"{"FunctionName.$": "$.f", "Payload": {"ThisState.$": "$"}}"#, ["Payload", "FunctionName"]),
        // LocalStack's test_assign_reference_variables, MAP_STATE_REFERENCE_IN_ITEM_SELECTOR (November 2024)
        (#"{"value.$": "$.v", "bucketName": "$bucket"}"#, ["bucketName", "value"]),
        // test_sfn_task_service (states:startExecution) and test_lambda_task_service (test_invoke_unsupported_param)
        (#"{"StateMachineArn.$": "$.a", "Input.$": "$.i", "Name.$": "$.n"}"#, ["Input", "StateMachineArn", "Name"]),
        (#"{"FunctionName.$": "$.f", "Payload.$": "$.p", "LogType.$": "$.l"}"#, ["FunctionName", "LogType", "Payload"]),
        // test_sfn_scenarios.snapshot.json, test_step_functions_calling_api_gateway (March 2023): written fields as
        // written (a hash order would put Stage first), then the path
        (#"{"ApiEndpoint": "e", "Method": "POST", "Stage": "dev", "RequestBody.$": "$", "AuthType": "NO_AUTH"}"#,
         ["ApiEndpoint", "Method", "Stage", "AuthType", "RequestBody"]),
    ])
    func payloadTemplateOrder(_ template: String, _ recorded: [String]) throws {
        let input: JSONValue = ["v": 1, "i": 2, "p": 3, "f": "fn", "a": "arn", "n": "name", "l": "Tail"]
        let compiled = try PayloadTemplate(try JSONValue(parsing: template))
        let value = try compiled.evaluate(in: EvaluationScope(input: input, variables: ["bucket": "b"]))
        guard case .object(let members) = value else {
            Issue.record("not an object: \(value)")
            return
        }
        #expect(Array(members.keys) == recorded)
    }
}
