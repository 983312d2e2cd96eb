import Foundation
import OrderedCollections
import Testing

import StatesLanguage

@Suite("Model structural errors")
struct ModelParseErrorTests {
    static let cases: [(String, String, String)] = [
        // (definition, expected path, a word the message must contain)
        ("{", "", "not valid JSON"),
        ("[]", "", "object"),
        (#"{"States": {}}"#, "/StartAt", "StartAt"),
        (#"{"StartAt": "A"}"#, "/States", "States"),
        (#"{"StartAt": 1, "States": {}}"#, "/StartAt", "string"),
        (#"{"StartAt": "A", "States": []}"#, "/States", "object"),
        (#"{"StartAt": "A", "States": {"A": 3}}"#, "/States/A", "object"),
        (#"{"StartAt": "A", "States": {"A": {}}}"#, "/States/A/Type", "Type"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Sleep"}}}"#, "/States/A/Type", "unknown state type"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}"#, "/States/A", "Next or End"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B", "End": true}}}"#, "/States/A/End", "both"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": 5}}}"#, "/States/A/Next", "string"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": "yes"}}}"#, "/States/A/End", "boolean"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "InputPath": 1}}}"#, "/States/A/InputPath", "string or null"),
        (#"{"StartAt": "A", "TimeoutSeconds": 1.5, "States": {"A": {"Type": "Succeed"}}}"#, "/TimeoutSeconds", "integer"),
        (#"{"StartAt": "A", "QueryLanguage": "SQL", "States": {"A": {"Type": "Succeed"}}}"#, "/QueryLanguage", "unknown value"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Task", "End": true}}}"#, "/States/A/Resource", "Resource"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "r", "End": true, "Retry": {}}}}"#, "/States/A/Retry", "array"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "r", "End": true, "Retry": [{}]}}}"#, "/States/A/Retry/0/ErrorEquals", "ErrorEquals"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "r", "End": true, "Retry": [{"ErrorEquals": [1]}]}}}"#, "/States/A/Retry/0/ErrorEquals/0", "strings"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "r", "End": true, "Retry": [{"ErrorEquals": ["X"], "JitterStrategy": "HALF"}]}}}"#, "/States/A/Retry/0/JitterStrategy", "unknown value"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "r", "End": true, "Catch": [{"ErrorEquals": ["X"]}]}}}"#, "/States/A/Catch/0/Next", "Next"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "r", "End": true, "TimeoutSeconds": true}}}"#, "/States/A/TimeoutSeconds", "integer"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice"}}}"#, "/States/A/Choices", "Choices"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Next": "A"}]}}}"#, "/States/A/Choices/0", "exactly one"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "StringEquals": 1, "Next": "A"}]}}}"#, "/States/A/Choices/0/StringEquals", "string"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": "1", "Next": "A"}]}}}"#, "/States/A/Choices/0/NumericEquals", "number"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": "true", "Next": "A"}]}}}"#, "/States/A/Choices/0/IsNull", "boolean"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEqualsPath": 3, "Next": "A"}]}}}"#, "/States/A/Choices/0/NumericEqualsPath", "path"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"NumericEquals": 3, "Next": "A"}]}}}"#, "/States/A/Choices/0/Variable", "Variable"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 3, "IsNull": true, "Next": "A"}]}}}"#, "/States/A/Choices/0", "more than one"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 3}]}}}"#, "/States/A/Choices/0/Next", "Next"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"And": [{"Not": {"Variable": "$.x"}}], "Next": "A"}]}}}"#, "/States/A/Choices/0/And/0/Not", "exactly one"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Or": {}, "Next": "A"}]}}}"#, "/States/A/Choices/0/Or", "array"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Condition": 1, "Next": "A"}]}}}"#, "/States/A/Choices/0/Condition", "JSONata"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 1.5, "End": true}}}"#, "/States/A/Seconds", "integer"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Fail", "Error": 3}}}"#, "/States/A/Error", "string"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Parallel", "End": true}}}"#, "/States/A/Branches", "Branches"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B"}]}}}"#, "/States/A/Branches/0/States", "States"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Nope"}}}]}}}"#, "/States/A/Branches/0/States/B/Type", "unknown"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Map", "End": true}}}"#, "/States/A/ItemProcessor", "ItemProcessor"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "REMOTE"}, "StartAt": "B", "States": {}}}}}"#, "/States/A/ItemProcessor/ProcessorConfig/Mode", "unknown value"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Map", "End": true, "ItemReader": {}, "Iterator": {"StartAt": "B", "States": {}}}}}"#, "/States/A/ItemReader/Resource", "Resource"),
        (#"{"StartAt": "A", "States": {"A": {"Type": "Map", "End": true, "ToleratedFailurePercentage": [], "Iterator": {"StartAt": "B", "States": {}}}}}"#, "/States/A/ToleratedFailurePercentage", "number"),
        (#"{"StartAt": "A", "States": {"A/b~c": {"Type": "Pass"}}}"#, "/States/A~1b~0c", "Next or End"),
    ]

    @Test(arguments: cases)
    func structuralError(text: String, path: String, messageWord: String) {
        #expect {
            try StateMachineDefinition(parsing: text)
        } throws: { error in
            guard let error = error as? DefinitionError else { return false }
            return error.path == path && error.message.localizedStandardContains(messageWord)
        }
    }

    @Test func acceptsAllOptionalFieldsAbsent() throws {
        let definition = try StateMachineDefinition(
            parsing: #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "B": {"Type": "Succeed"}}}"#)
        #expect(definition.states.keys.elementsEqual(["A", "B"]))
        #expect(definition.json.jsonString() == #"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"B":{"Type":"Succeed"}}}"#)
    }

    @Test func unknownFieldsAreLeftToTheValidator() throws {
        let definition = try StateMachineDefinition(
            parsing: #"{"StartAt": "A", "Extra": 1, "States": {"A": {"Type": "Succeed", "Bogus": true}}}"#)
        #expect(definition.states["A"] == .succeed(SucceedState()))
    }

    @Test func deeplyNestedRulesDoNotCrash() throws {
        var rule = #"{"Variable": "$.x", "IsPresent": true}"#
        for _ in 0..<200 { rule = #"{"Not": \#(rule)}"# }
        let text = #"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [\#(rule.dropLast()), "Next": "C"}]}}}"#
        let definition = try StateMachineDefinition(parsing: text)
        #expect(try StateMachineDefinition(json: definition.json) == definition)
        // Deeper than the JSON parser allows: a clean error, not a crash.
        var deep = "1"
        for _ in 0..<5000 { deep = "[\(deep)]" }
        #expect(throws: DefinitionError.self) { try StateMachineDefinition(parsing: deep) }
    }

    @Test func largeDefinitions() throws {
        var states = JSONObject()
        let count = 10_000
        for index in 0..<count {
            let next: JSONValue = index + 1 < count ? ["Next": .string("S\(index + 1)")] : ["End": true]
            var state: JSONObject = ["Type": "Pass", "Result": ["index": .int(index), "text": .string(String(repeating: "x", count: 50))]]
            for (key, value) in next.objectValue ?? [:] { state[key] = value }
            states["S\(index)"] = .object(state)
        }
        let json: JSONValue = ["StartAt": "S0", "States": .object(states)]
        let text = json.jsonString()
        #expect(text.utf8.count > 1_000_000)
        let definition = try StateMachineDefinition(parsing: text)
        #expect(definition.states.count == count)
        #expect(definition.json.jsonBytes() == json.jsonBytes())
    }

    @Test(arguments: Fixtures.names)
    func wrongTypesEverywhereNeverCrash(fixture: String) throws {
        let source = try JSONValue(parsing: Fixtures.text(fixture))
        let replacements: [JSONValue] = [.null, .bool(true), .int(7), .double(1.5), .string("x"), .array([]), .object([:])]
        var mutated = 0
        func visit(_ value: JSONValue, rebuild: (JSONValue) -> JSONValue) {
            for replacement in replacements {
                _ = try? StateMachineDefinition(json: rebuild(replacement))
                mutated += 1
            }
            switch value {
            case .object(let object):
                for (key, member) in object {
                    visit(member) { replaced in
                        var copy = object
                        copy[key] = replaced
                        return rebuild(.object(copy))
                    }
                }
            case .array(let elements):
                for (index, element) in elements.enumerated() {
                    visit(element) { replaced in
                        var copy = elements
                        copy[index] = replaced
                        return rebuild(.array(copy))
                    }
                }
            default: break
            }
        }
        visit(source) { $0 }
        #expect(mutated > 100)
    }
}
