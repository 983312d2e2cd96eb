import OrderedCollections
import Testing

@testable import StatesLanguage

/// Payload templates with the context object, intrinsic functions, nesting, and `Assign`.
@Suite struct DataFlowTemplateTests {
    @Test func contextObjectInParameters() throws {
        let context: JSONValue = [
            "Execution": ["Id": "arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName"],
        ]
        let template = try PayloadTemplate([
            "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/flight-purchase",
            "MessageBody": ["From": "YVR", "To": "SEA", "Execution.$": "$$.Execution.Id"],
        ])
        #expect(try template.evaluate(in: EvaluationScope(input: [:], context: context)) == [
            "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/flight-purchase",
            "MessageBody": ["From": "YVR", "To": "SEA",
                            "Execution": "arn:aws:states:us-east-1:123456789012:execution:stateMachineName:executionName"],
        ])
    }

    /// The Map example of the context object page: each item's index and value through `$$.Map.Item`.
    @Test func mapContextIndexAndValue() throws {
        let template = try PayloadTemplate(["ContextIndex.$": "$$.Map.Item.Index", "ContextValue.$": "$$.Map.Item.Value"])
        let items: [JSONValue] = [["who": "bob"], ["who": "meg"], ["who": "joe"]]
        let outputs = try items.enumerated().map { index, item in
            try template.evaluate(in: EvaluationScope(input: item, context: ["Map": ["Item": ["Index": .int(index), "Value": item]]]))
        }
        #expect(JSONValue.array(outputs).jsonEquals(try JSONValue(parsing: #"""
            [{"ContextValue": {"who": "bob"}, "ContextIndex": 0}, {"ContextValue": {"who": "meg"}, "ContextIndex": 1},
             {"ContextValue": {"who": "joe"}, "ContextIndex": 2}]
            """#)))
    }

    @Test func intrinsicFunctionsAndNestingInTemplates() throws {
        let template = try PayloadTemplate([
            "BuildId.$": "States.Array($.Id)",
            "nested": ["list": [1, ["deep.$": "$.Id"], "literal $.Id"], "greeting.$": "States.Format('Hi {}', $name)"],
            "constant": ["a": [1, 2]],
        ])
        #expect(!template.isConstant)
        let scope = EvaluationScope(input: ["Id": 123456], variables: ["name": "Ana"])
        // The fields without `.$` first, as written, then the `.$` fields (see TemplateMemberOrder).
        #expect(try template.evaluate(in: scope) == [
            "nested": ["list": [1, ["deep": 123456], "literal $.Id"], "greeting": "Hi Ana"],
            "constant": ["a": [1, 2]],
            "BuildId": [123456],
        ])
        #expect(try PayloadTemplate(["a": [1, "$.x"]]).isConstant)
    }

    @Test(arguments: [
        (#"{"x.$": 5}"#, "/x.$", "must be a string holding a JSONPath or an intrinsic function, not number"),
        (#"{"a": {"x.$": "foo"}}"#, "/a/x.$", "must be a valid JSONPath or intrinsic function, but is 'foo'"),
        (#"{"x.$": "$.a["}"#, "/x.$", "Invalid JSONPath '$.a['"),
        (#"{"x.$": "States.Nope()"}"#, "/x.$", "'States.Nope' is not an intrinsic function"),
        (#"{"list": [{"y.$": ["$.a"]}]}"#, "/list/0/y.$", "not array"),
        (#"{"x": 1, "x.$": "$.x"}"#, "/x.$", "given both with and without '.$'"),
    ])
    func rejectsBadTemplatesAtParseTime(_ template: String, _ pointer: String, _ fragment: String) throws {
        let value = try JSONValue(parsing: template)
        #expect {
            _ = try PayloadTemplate(value)
        } throws: { error in
            guard let error = error as? PayloadTemplateError else { return false }
            return error.path == pointer && error.message.contains(fragment)
        }
    }

    @Test func assignEvaluatesAgainstTheValuesFromBeforeTheState() throws {
        let scope = EvaluationScope(
            input: ["foo": "bar", "items": [1, 2]], context: ["State": ["Name": "Step1"]], variables: ["x": 3, "total": 10])
        let assigned = try DataFlow.assign([
            "x": 7, "y.$": "$x", "productName": "product1", "count": 42, "available": true,
            "fromInput.$": "$.foo", "stateName.$": "$$.State.Name", "sum.$": "States.MathAdd($total, $x)",
            "nested": ["first.$": "$.items[0]"],
        ], in: scope)
        #expect(assigned == [
            "x": 7, "productName": "product1", "count": 42, "available": true, "nested": ["first": 1],
            "stateName": "Step1", "fromInput": "bar", "y": 3, "sum": 13,
        ])
    }

    @Test(arguments: ["1abc", "a-b", "", "a b", "$x", String(repeating: "v", count: 81), "x.y"])
    func rejectsInvalidVariableNames(_ name: String) {
        #expect(!Assignment.isValidVariableName(name))
        #expect(throws: StatesError.self) { try DataFlow.assign(.object([name: 1]), in: EvaluationScope(input: [:])) }
    }

    @Test(arguments: ["x", "_private", "camelCase9", "ünïcödé", String(repeating: "v", count: 80)])
    func acceptsValidVariableNames(_ name: String) throws {
        #expect(Assignment.isValidVariableName(name))
        #expect(try DataFlow.assign(.object([name + ".$": "$.v"]), in: EvaluationScope(input: ["v": 1])) == [name: 1])
    }

    @Test func compiledAssignmentsAreCached() throws {
        let block: JSONValue = ["a.$": "$.v", "b": 2]
        #expect(try Assignment.cached(block) == (try Assignment.cached(block)))
        #expect(try Assignment.cached(block).evaluate(in: EvaluationScope(input: ["v": 1])) == ["b": 2, "a": 1])
    }

    @Test func assignRequiresAnObject() {
        #expect(throws: StatesError.self) { try DataFlow.assign([1, 2], in: EvaluationScope(input: [:])) }
    }

    @Test func templatesAreDeterministicWithAnInjectedGenerator() throws {
        var generator = FixedRandom(value: 0)
        let template = try PayloadTemplate(["id.$": "States.UUID()", "n.$": "States.MathRandom(3, 4)"])
        #expect(try template.evaluate(in: EvaluationScope(input: [:]), using: &generator) == [
            "id": "00000000-0000-4000-8000-000000000000", "n": 3,
        ])
    }
}
