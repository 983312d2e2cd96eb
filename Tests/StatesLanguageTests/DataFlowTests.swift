import Testing

@testable import StatesLanguage

private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

/// The examples of AWS's "Input and output processing" pages, each with its documented result.
@Suite struct DataFlowTests {
    @Test func inputPathSelectsAPortionOfTheInput() throws {
        let input = try json(#"""
            {"comment": "Example for InputPath.", "dataset1": {"val1": 1, "val2": 2, "val3": 3},
             "dataset2": {"val1": "a", "val2": "b", "val3": "c"}}
            """#)
        let effective = try DataFlow.applyInputPath("$.dataset2", to: EvaluationScope(input: input))
        #expect(effective == (try json(#"{"val1": "a", "val2": "b", "val3": "c"}"#)))
        #expect(try DataFlow.applyInputPath("$", to: EvaluationScope(input: input)) == input)
        #expect(try DataFlow.applyInputPath(nil as String?, to: EvaluationScope(input: input)) == [:])
        // "If you apply the path $.a[0:2], the following is the result: [1, 2]"
        #expect(try DataFlow.applyInputPath("$.a[0:2]", to: EvaluationScope(input: ["a": [1, 2, 3, 4]])) == [1, 2])
    }

    @Test func parametersSelectAndAddValues() throws {
        let input = try json(#"""
            {"comment": "Example for Parameters.",
             "product": {"details": {"color": "blue", "size": "small", "material": "cotton"},
                         "availability": "in stock", "sku": "2317", "cost": "$23"}}
            """#)
        let template = try PayloadTemplate(try json(#"""
            {"comment": "Selecting what I care about.",
             "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability", "StaticValue": "foo"}}
            """#))
        // The fields without `.$` first, then the `.$` fields in AWS's order (see TemplateMemberOrder).
        let expected = try json(#"""
            {"comment": "Selecting what I care about.", "MyDetails": {"StaticValue": "foo", "size": "small", "exists": "in stock"}}
            """#)
        // The documentation lists MyDetails as size, exists, StaticValue; AWS gives the written field first, then the
        // paths (RecordedScenarioOrderTests), so the values are compared here, not their order.
        #expect(try DataFlow.applyParameters(template, in: EvaluationScope(input: input)).jsonEquals(expected))
    }

    /// The States Language specification's Parameters example, and the failure when its paths match nothing.
    @Test func specificationParametersExample() throws {
        let template = try PayloadTemplate(try json(#"{"flagged": true, "parts": {"first.$": "$.vals[0]", "last3.$": "$.vals[3:]"}}"#))
        let input = try json(#"{"flagged": 7, "vals": [0, 10, 20, 30, 40, 50]}"#)
        // The `.$` fields come out in AWS's order (see TemplateMemberOrder): last3 before first.
        #expect(try template.evaluate(in: EvaluationScope(input: input)) == (try json(#"{"flagged": true, "parts": {"last3": [30, 40, 50], "first": 0}}"#)))
        #expect(throws: StatesError(
            "States.Runtime",
            cause: #"The JSONPath '$.vals[0]' specified for the field 'first.$' could not be found in the input '{"flagged":true,"vals":0}'"#)
        ) {
            try template.evaluate(in: EvaluationScope(input: try json(#"{"flagged": true, "vals": 0}"#)))
        }
    }

    /// The workshop's recorded AWS cause for a Parameters path that matches nothing.
    @Test func parameterPathFailureNamesThePathFieldAndInput() throws {
        let template = try PayloadTemplate(["address.$": "$.application.address"])
        #expect(throws: StatesError(
            "States.Runtime",
            cause: #"The JSONPath '$.application.address' specified for the field 'address.$' could not be found in the input '{"flagged":false}'"#)
        ) {
            try template.evaluate(in: EvaluationScope(input: ["flagged": false]))
        }
        #expect(throws: StatesError("States.Runtime", cause: "Unable to apply Path transformation to null or empty input.")) {
            try PayloadTemplate(["Input.$": "$"]).evaluate(in: EvaluationScope(input: .null))
        }
    }

    static let lambdaInput = #"{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions"}"#
    static let lambdaResult: JSONValue = "Hello, AWS Step Functions!"

    @Test(arguments: [
        (lambdaInput, "$", #""Hello, AWS Step Functions!""#),
        (lambdaInput, "$.taskresult",
         #"{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions", "taskresult": "Hello, AWS Step Functions!"}"#),
        (#"{"comment": "An input comment.", "strings": {"string1": "foo", "string2": "bar", "string3": "baz"}, "who": "AWS Step Functions"}"#,
         "$.strings.lambdaresult",
         #"{"comment": "An input comment.", "strings": {"string1": "foo", "string2": "bar", "string3": "baz", "lambdaresult": "Hello, AWS Step Functions!"}, "who": "AWS Step Functions"}"#),
        (lambdaInput, "$.comment",
         #"{"comment": "Hello, AWS Step Functions!", "details": "Default example", "who": "AWS Step Functions"}"#),
        ("{}", "$.a.b.c", #"{"a": {"b": {"c": "Hello, AWS Step Functions!"}}}"#),
        (#"{"list": [1, {"x": 1}]}"#, "$.list[1].y", #"{"list": [1, {"x": 1, "y": "Hello, AWS Step Functions!"}]}"#),
        (#"{"list": [1, 2]}"#, "$['list'][0]", #"{"list": ["Hello, AWS Step Functions!", 2]}"#),
    ])
    func resultPathExamples(_ input: String, _ path: String, _ expected: String) throws {
        let output = try DataFlow.applyResultPath(path, input: try json(input), result: Self.lambdaResult)
        #expect(output == (try json(expected)))
        #expect(output.jsonString() == (try json(expected)).jsonString(), "member order is kept")
    }

    @Test func resultPathNullKeepsTheInput() throws {
        let input = try json(Self.lambdaInput)
        #expect(try DataFlow.applyResultPath(nil as String?, input: input, result: Self.lambdaResult) == input)
    }

    @Test func catchResultPathIncludesTheErrorWithTheInput() throws {
        let errorOutput = StatesError("Error here", cause: "boom").errorOutput
        let output = try DataFlow.applyResultPath("$.error", input: ["foo": "bar"], result: errorOutput)
        #expect(output == ["foo": "bar", "error": ["Error": "Error here", "Cause": "boom"]])
    }

    @Test(arguments: [
        (#"{"a": "text"}"#, "$.a.b"), (#""just a string""#, "$.x"), (#"{"list": [1]}"#, "$.list[3]"),
        (#"{"a": {}}"#, "$.a[0]"), ("{}", "$.a[*]"), ("{}", "$$.Execution"), ("{}", "$.a["),
    ])
    func resultPathMatchFailure(_ input: String, _ path: String) throws {
        let value = try json(input)
        #expect(throws: StatesError(
            "States.ResultPathMatchFailure", cause: "Unable to apply ResultPath '\(path)' to input '\(value.jsonString())'")
        ) {
            try DataFlow.applyResultPath(path, input: value, result: 1)
        }
    }

    @Test func inputResultAndOutputPathTogether() throws {
        let input = try json(#"{"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}}"#)
        let effective = try DataFlow.applyInputPath("$.numbers", to: EvaluationScope(input: input))
        #expect(effective == ["val1": 3, "val2": 4])
        let result: JSONValue = 7  // what the task returns
        let combined = try DataFlow.applyResultPath("$.sum", input: input, result: result)
        #expect(try DataFlow.applyOutputPath("$", to: combined) == (try json(#"{"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}, "sum": 7}"#)))
        #expect(try DataFlow.applyOutputPath("$.sum", to: combined) == 7)
        #expect(try DataFlow.applyOutputPath(nil as String?, to: combined) == [:])
    }

    @Test func inputResultOutputPathLambdaExample() throws {
        let input = try json(#"{"comment": "An input comment.", "data": {"val1": 23, "val2": 17}, "extra": "foo", "lambda": {"who": "AWS Step Functions"}}"#)
        #expect(try DataFlow.applyInputPath("$.lambda", to: EvaluationScope(input: input)) == ["who": "AWS Step Functions"])
        let combined = try DataFlow.applyResultPath("$.data.lambdaresult", input: input, result: Self.lambdaResult)
        #expect(combined == (try json(#"{"comment": "An input comment.", "data": {"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"}, "extra": "foo", "lambda": {"who": "AWS Step Functions"}}"#)))
        #expect(try DataFlow.applyOutputPath("$.data", to: combined) == (try json(#"{"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"}"#)))
    }

    @Test func resultSelectorKeepsPartsOfTheResult() throws {
        let result = try json(#"""
            {"resourceType": "elasticmapreduce", "resource": "createCluster.sync",
             "output": {"SdkHttpMetadata": {"HttpHeaders": {"Content-Length": "1112"}, "HttpStatusCode": 200},
                        "SdkResponseMetadata": {"RequestId": "1234-5678-9012"}, "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}
            """#)
        let selector = try PayloadTemplate(["ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"])
        let selected = try DataFlow.applyResultSelector(selector, result: result)
        #expect(selected == ["ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"])
        let output = try DataFlow.applyResultPath("$.EMROutput", input: ["a": 1], result: selected)
        #expect(output == ["a": 1, "EMROutput": ["ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"]])
    }

    @Test func resultSelectorFlattensAnArrayOfArrays() throws {
        let selector = try PayloadTemplate(["flattenArray.$": "$[*][*]"])
        #expect(try DataFlow.applyResultSelector(selector, result: [[1, 2, 3], [4, 5, 6]]) == ["flattenArray": [1, 2, 3, 4, 5, 6]])
    }

    @Test func passStateResultPathExample() throws {
        let result = try json(#"{"x-datum": 0.381018, "y-datum": 622.2269926397355}"#)
        let output = try DataFlow.applyResultPath("$.coords", input: ["georefOf": "Home"], result: result)
        #expect(output == (try json(#"{"georefOf": "Home", "coords": {"x-datum": 0.381018, "y-datum": 622.2269926397355}}"#)))
    }

    @Test(arguments: [("$.missing", "$['missing']"), ("$.a.b[2]", "$['a']['b'][2]"), ("$['x y']", "$['x y']")])
    func inputAndOutputPathThatMatchNothingAreRuntimeErrors(_ path: String, _ normalized: String) throws {
        let expected = StatesError("States.Runtime", cause: "Invalid path '\(path)' : No results for path: \(normalized)")
        #expect(throws: expected) { try DataFlow.applyInputPath(path, to: EvaluationScope(input: ["a": ["b": [1]]])) }
        #expect(throws: expected) { try DataFlow.applyOutputPath(path, to: ["a": ["b": [1]]]) }
        #expect(throws: StatesError("States.Runtime", cause: "Unable to apply Path transformation to null or empty input.")) {
            try DataFlow.applyInputPath(path, to: EvaluationScope(input: .null))
        }
        #expect(try DataFlow.applyInputPath("$", to: EvaluationScope(input: .null)) == .null)
        #expect(try DataFlow.applyInputPath("$.a[*].nothing", to: EvaluationScope(input: ["a": [1]])) == [])
    }

    @Test func statesErrorPrefixNamesTheStateAndEvent() {
        let error = DataFlowError.nullInput().inState("API Gateway start", enteredAtEventID: 9)
        #expect(error.cause == "An error occurred while executing the state 'API Gateway start' (entered at the event id #9). Unable to apply Path transformation to null or empty input.")
        #expect(error.error == "States.Runtime")
    }
}
