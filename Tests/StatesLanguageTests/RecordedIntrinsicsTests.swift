import OrderedCollections
import Testing

@testable import StatesLanguage

/// Intrinsic functions as AWS ran them in the executions LocalStack recorded (tests/aws/services/stepfunctions/v2/
/// intrinsic_functions/*.snapshot.json).
@Suite struct RecordedIntrinsicsTests {
    /// A backslash escapes any character in a literal, not only `'`, `{`, `}` and `\`:
    /// test_json_manipulation.snapshot.json, TestJsonManipulation::test_json_merge_escaped_argument
    /// (`\"` is a quote), and test_generic.snapshot.json, TestGeneric::test_escape_sequence (`\n`).
    @Test(arguments: [
        (#"States.StringToJson('{\"constant_in_literal\": \"false\"}')"#, #"{"constant_in_literal": "false"}"#),
        (#"States.StringSplit('Hello\nWorld', '\n')"#, #"["Hello", "World"]"#),
        (#"States.Format('a\{\}\'\\{}', 'b')"#, #""a{}'\\b""#),
    ])
    func anyCharacterCanBeEscaped(_ expression: String, _ expected: String) throws {
        let result = try IntrinsicExpression(parsing: expression).evaluate(in: EvaluationScope(input: [:]))
        #expect(result == (try JSONValue(parsing: expected)))
    }

    /// `States.JsonMerge` lists the members in a Java `HashMap`'s iteration order: test_json_manipulation.snapshot.json,
    /// TestJsonManipulation::test_json_merge (`{a, b, d}` + `{a, c, d}` is `{a, b, c, d}`, not `{a, b, d, c}`) and
    /// test_json_merge_escaped_argument (`{constant_in_literal}` + `{constant_input_field}` lists the second first).
    @Test(arguments: [
        (#"{"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3}"#, #"{"a": {"a3": 1, "a4": 2}, "c": 3, "d": 4}"#,
         #"{"a":{"a3":1,"a4":2},"b":2,"c":3,"d":4}"#),
        (#"{"constant_in_literal": "false"}"#, #"{"constant_input_field": "constant_value"}"#,
         #"{"constant_input_field":"constant_value","constant_in_literal":"false"}"#),
    ])
    func jsonMergeListsMembersInHashMapOrder(_ first: String, _ second: String, _ expected: String) throws {
        let scope = EvaluationScope(input: ["fst": try JSONValue(parsing: first), "snd": try JSONValue(parsing: second)])
        let result = try IntrinsicExpression(parsing: "States.JsonMerge($.fst, $.snd, false)").evaluate(in: scope)
        #expect(result == (try JSONValue(parsing: expected)))
    }

    /// Twenty members need 32 buckets (a HashMap doubles past a load of 0.75), which reorders them: with 16 buckets
    /// k16 to k19 would come first.
    @Test func hashMapOrderFollowsTheTableSize() {
        var object = JSONObject()
        for index in 0..<20 { object["k\(index)"] = .null }
        let expected = [
            "k0", "k1", "k2", "k3", "k4", "k5", "k11", "k6", "k10", "k7", "k13", "k8", "k12", "k9", "k15", "k14", "k17",
            "k16", "k19", "k18",
        ]
        #expect(Array(JavaHashMapOrder.reordered(object).keys) == expected)
    }
}
