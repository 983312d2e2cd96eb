import OrderedCollections
import Testing

@testable import StatesLanguage

/// Bad input of any kind gives diagnostics, never a crash or a stack overflow; big definitions stay fast.
@Suite struct ValidationRobustnessTests {
    @Test func hundredThousandDeepDocument() throws {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let diagnostics = StatesLanguageValidator.validate(text)
        #expect(diagnostics.map(\.code) == ["INVALID_JSON_DESCRIPTION"])
        let objects = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(StatesLanguageValidator.validate(objects).map(\.code) == ["INVALID_JSON_DESCRIPTION"])
    }

    @Test func deeplyNestedParallelStates() {
        // 110 levels of Parallel inside Parallel: deeper than maximumNestingDepth, within the JSON parser's limit.
        var branch = #"{"StartAt": "Leaf", "States": {"Leaf": {"Type": "Succeed"}}}"#
        for level in 0..<110 {
            branch = #"{"StartAt": "P\#(level)", "States": {"P\#(level)": {"Type": "Parallel", "End": true, "Branches": [\#(branch)]}}}"#
        }
        let diagnostics = StatesLanguageValidator.validate(branch)
        #expect(diagnostics.contains { $0.code == "TOO_DEEPLY_NESTED" })
        #expect(diagnostics.count == 1)
    }

    @Test func deeplyNestedChoiceRules() {
        var rule = #"{"Variable": "$.x", "IsNull": true}"#
        for _ in 0..<300 { rule = #"{"Not": \#(rule)}"# }
        let diagnostics = StatesLanguageValidator.validate(choiceMachine(rule: rule))
        #expect(diagnostics.contains { $0.code == "TOO_DEEPLY_NESTED" })
    }

    @Test func deepValueBuiltInCode() {
        var value: JSONValue = ["Variable": "$.x", "IsNull": true]
        for _ in 0..<2_000 { value = ["Not": value] }
        value = ["StartAt": "C", "States": ["C": ["Type": "Choice", "Choices": [value], "Default": "D"], "D": ["Type": "Succeed"]]]
        let diagnostics = StatesLanguageValidator.validate(value)
        #expect(diagnostics.contains { $0.code == "TOO_DEEPLY_NESTED" })
    }

    @Test func twentyThousandStates() {
        var states: [String] = []
        for index in 0..<20_000 {
            states.append(#""S\#(index)": {"Type": "Pass", "Next": "S\#(index + 1)"}"#)
        }
        states.append(#""S20000": {"Type": "Succeed"}"#)
        let definition = machine(states.joined(separator: ", "), startAt: "S0")
        let diagnostics = StatesLanguageValidator.validate(definition)
        // Valid except that the text is larger than AWS's 1 MiB definition limit? 20,001 short states stay below it.
        #expect(diagnostics.isEmpty, "\(diagnostics.prefix(3))")
    }

    @Test func definitionLargerThanAWSLimit() {
        let comment = String(repeating: "x", count: 1_100_000)
        let diagnostics = StatesLanguageValidator.validate(machine(endPass("A"), extra: #""Comment": "\#(comment)","#))
        #expect(diagnostics.map(\.code) == ["SCHEMA_VALIDATION_FAILED"])
    }

    static let wrongValues: [JSONValue] = [.null, true, 0, -1, 1.5, "x", "$.x", "{% %}", [], [1], [:], ["a": 1]]

    /// Every value of the pizza definition replaced, one at a time, by every wrong value: never traps.
    @Test func wrongTypesAnywhere() throws {
        let pizza = try JSONValue(parsing: ValidationExampleTests.pizza)
        var replaced = 0
        func visit(_ value: JSONValue, rebuild: (JSONValue) -> JSONValue) {
            for wrong in Self.wrongValues {
                _ = StatesLanguageValidator.validate(rebuild(wrong))
                replaced += 1
            }
            switch value {
            case .object(let members):
                for (key, member) in members {
                    visit(member) { newValue in
                        var copy = members
                        copy[key] = newValue
                        return rebuild(.object(copy))
                    }
                }
            case .array(let items):
                for (index, item) in items.enumerated() {
                    visit(item) { newValue in
                        var copy = items
                        copy[index] = newValue
                        return rebuild(.array(copy))
                    }
                }
            default: break
            }
        }
        visit(pizza) { $0 }
        #expect(replaced > 1_000)
    }

    /// Every truncation of the pizza definition is one JSON syntax diagnostic with a line and column.
    @Test func everyTruncationIsAJSONError() {
        let text = Array(ValidationExampleTests.pizza.utf8)
        let end = text.lastIndex { $0 == UInt8(ascii: "}") } ?? 0
        #expect(end > 1_000)
        for length in 1..<end {
            let diagnostics = StatesLanguageValidator.validate(bytes: text[..<length])
            let codes = diagnostics.map(\.code)
            #expect(codes == ["INVALID_JSON_DESCRIPTION"] || codes == ["SCHEMA_VALIDATION_FAILED"], "prefix of \(length) bytes: \(codes)")
            if codes == ["INVALID_JSON_DESCRIPTION"] { #expect(diagnostics[0].message.contains("line")) }
        }
    }

    @Test func nonObjectStatesAndFieldsOfWrongType() {
        let definition = #"""
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:1:activity:a", "End": true,
              "Retry": [1, {"ErrorEquals": "E"}], "Catch": ["x"], "Parameters": 1, "ResultSelector": [], "TimeoutSeconds": null}}}
            """#
        let paths = Set(StatesLanguageValidator.validate(definition).map(\.path))
        #expect(
            paths.isSuperset(of: [
                "/States/A/Retry[0]", "/States/A/Retry[1]/ErrorEquals", "/States/A/Catch[0]", "/States/A/Parameters",
                "/States/A/ResultSelector", "/States/A/TimeoutSeconds",
            ]))
    }
}
