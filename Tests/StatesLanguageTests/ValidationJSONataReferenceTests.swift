import Foundation
import Testing

@testable import StatesLanguage

/// A JSONata expression is evaluated with no context item (the input is `$states.input`, a variable `$name`), and AWS
/// refuses a definition whose expression reads the top-level context: `UNSUPPORTED_JSONATA_EXPRESSION: Reference to
/// 'phone' at the top level is not supported.` at the field. Every expression here is one floci-io/floci measured
/// against AWS (us-east-1, ValidateStateMachineDefinition) in #2670, #2699, #2745 and #2786.
@Suite struct ValidationJSONataReferenceTests {
    static func diagnostics(output expression: String) -> [Diagnostic] {
        let text = expression.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let definition = machine(
            #""E": {"Type": "Pass", "Output": {"v": "{% \#(text) %}"}, "End": true}"#, startAt: "E",
            extra: #""QueryLanguage": "JSONata","#)
        return StatesLanguageValidator.validate(definition)
    }

    static func topLevel(_ name: String) -> String { "Reference to '\(name)' at the top level is not supported." }

    /// Expressions AWS refuses naming `phone`.
    static let readsPhone: [String] = [
        "phone", "phone[0].number", "phone.number.street", "-phone", "phone ? 1 : 2", "$states.input.a ? phone : 2",
        "phone & 'x'", "phone in $states.input.b", "$sum(phone)", "phone(1)", "phone ~> $string()", "[1..phone]",
        "(phone)", "(phone).other", "[phone].other", "[phone, 1]", "{phone: 1}", "($x := phone; $x)",
        "$map($states.input.a, function($y){ phone })", "$count(phone[inner])", "phone.**.deeper",
    ]

    @Test(arguments: readsPhone)
    func refusesATopLevelName(_ expression: String) {
        let found = Self.diagnostics(output: expression)
        #expect(found.map(\.code) == ["UNSUPPORTED_JSONATA_EXPRESSION"], "\(expression): \(found)")
        #expect(found.map(\.message) == [Self.topLevel("phone")], "\(expression)")
        #expect(found.map(\.path) == ["/States/E/Output/v"], "\(expression)")
    }

    /// Expressions AWS accepts: the name is not read from the top-level context.
    static let anchored: [String] = [
        "$states.input.phone", "$states.input.a.phone", "$states.input.a[0].phone", "$states.input.a.phone[0]",
        "$states.input.items[phone > 3]", "$states.input.a^(phone)", "$states.input.a{'k': phone}",
        "$states.input.a.(phone)", "$states.input.a.$phone", "$phone", "$states.input.a ~> $string()",
        "$states.input ~> |phone|{'b': 1}|", "**.phone", "{'k': 1}.phone", "$states.input.a[0][phone]",
        "$states.input.a[$ > 1]", "function($x){ $x.phone }", "$map($states.input.a, function($x){ $x.phone })",
        "'phone'", "1 + 1", "$now()",
    ]

    @Test(arguments: anchored)
    func acceptsAnAnchoredName(_ expression: String) {
        #expect(Self.diagnostics(output: expression).isEmpty, "\(expression)")
    }

    @Test(arguments: ["$", "$.phone", "$[0]", "$string($)", "$map($states.input.a, function($x){ $ })"])
    func refusesTheContextItemAsDollar(_ expression: String) {
        #expect(Self.diagnostics(output: expression).map(\.message) == [Self.topLevel("$")], "\(expression)")
    }

    @Test(arguments: ["$$", "$$.phone"])
    func refusesTheRootWithItsOwnMessage(_ expression: String) {
        let found = Self.diagnostics(output: expression)
        #expect(found.map(\.code) == ["UNSUPPORTED_JSONATA_EXPRESSION"])
        #expect(found.map(\.message) == ["Reference to '$$' is not supported."], "\(expression)")
    }

    @Test func reportsEachDistinctNameOnceInWritingOrder() {
        let cases: [(String, [String])] = [
            ("aaa + bbb", ["aaa", "bbb"]), ("[bbb, aaa]", ["bbb", "aaa"]), ("aaa + aaa", ["aaa"]),
            ("(aaa; bbb)", ["aaa", "bbb"]), ("$number(aaa) + $number(bbb)", ["aaa", "bbb"]),
        ]
        for (expression, names) in cases {
            let found = Self.diagnostics(output: expression)
            #expect(found.map(\.message) == names.map(Self.topLevel), "\(expression)")
            #expect(found.allSatisfy { $0.path == "/States/E/Output/v" })
        }
    }

    /// Locations as AWS writes them for these diagnostics: an array index is `[0]` after its field.
    @Test(arguments: [
        (#""E": {"Type": "Pass", "Output": {"a": {"b": ["{% phone %}"]}}, "End": true}"#, "/States/E/Output/a/b[0]"),
        (#""E": {"Type": "Pass", "Assign": {"v": "{% phone %}"}, "End": true}"#, "/States/E/Assign/v"),
        (#""E": {"Type": "Pass", "Assign": {"Next": "{% phone %}"}, "End": true}"#, "/States/E/Assign/Next"),
        (#""E": {"Type": "Wait", "Seconds": "{% phone %}", "End": true}"#, "/States/E/Seconds"),
        (#""E": {"Type": "Fail", "Cause": "{% phone %}"}"#, "/States/E/Cause"),
        (
            #""E": {"Type": "Choice", "Choices": [{"Condition": "{% phone = 1 %}", "Next": "F"}], "Default": "F"}, "F": {"Type": "Pass", "End": true}"#,
            "/States/E/Choices[0]/Condition"
        ),
        (
            #""E": {"Type": "Map", "Items": "{% phone %}", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}"#,
            "/States/E/Items"
        ),
        (
            #""E": {"Type": "Map", "Items": "{% $states.input.a %}", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Output": {"v": "{% phone %}"}, "End": true}}}, "End": true}"#,
            "/States/E/ItemProcessor/States/I/Output/v"
        ),
        (
            #""E": {"Type": "Map", "ItemSelector": {"Next": "{% phone %}"}, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}"#,
            "/States/E/ItemSelector/Next"
        ),
        (
            #""E": {"Type": "Map", "ItemBatcher": {"BatchInput": {"Comment": "{% phone %}"}}, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}"#,
            "/States/E/ItemBatcher/BatchInput/Comment"
        ),
        (
            #""E": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Output": {"v": "{% phone %}"}, "End": true}}}], "End": true}"#,
            "/States/E/Branches[0]/States/B/Output/v"
        ),
        (
            #""E": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f", "Payload": {"Comment": "{% phone %}"}}, "End": true}"#,
            "/States/E/Arguments/Payload/Comment"
        ),
        (
            #""E": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"}, "Catch": [{"ErrorEquals": ["States.ALL"], "Output": {"v": "{% phone %}"}, "Next": "F"}], "End": true}, "F": {"Type": "Pass", "End": true}"#,
            "/States/E/Catch[0]/Output/v"
        ),
    ])
    func locatesTheFieldAsAWSDoes(_ states: String, _ location: String) {
        let found = StatesLanguageValidator.validate(machine(states, startAt: "E", extra: #""QueryLanguage": "JSONata","#))
        #expect(found.map(\.message) == [Self.topLevel("phone")], "\(found)")
        #expect(found.map(\.path) == [location])
    }

    @Test func anEarlierAssignDoesNotBindTheBareName() {
        let states = #""A": {"Type": "Pass", "Assign": {"phone": "{% 1 %}"}, "Next": "E"}, "E": {"Type": "Pass", "Output": {"v": "{% PHONE %}"}, "End": true}"#
        let refused = StatesLanguageValidator.validate(
            machine(states.replacingOccurrences(of: "PHONE", with: "phone"), extra: #""QueryLanguage": "JSONata","#))
        #expect(refused.map(\.message) == [Self.topLevel("phone")])
        #expect(
            StatesLanguageValidator.validate(
                machine(states.replacingOccurrences(of: "PHONE", with: "$phone"), extra: #""QueryLanguage": "JSONata","#)
            ).isEmpty)
    }

    /// Not JSONata: a JSONPath machine, and fields AWS keeps as text (Comment, ErrorEquals, CSVHeaders).
    @Test func leavesTextFieldsAndJSONPathAlone() {
        #expect(StatesLanguageValidator.validate(machine(#""A": {"Type": "Pass", "Parameters": {"v": "{% phone %}"}, "End": true}"#)).isEmpty)
        #expect(
            StatesLanguageValidator.validate(
                machine(#""A": {"Type": "Pass", "Comment": "{% phone %}", "End": true}"#, extra: #""QueryLanguage": "JSONata","#)
            ).isEmpty)
        #expect(
            StatesLanguageValidator.validate(
                machine(
                    #""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"}, "Retry": [{"ErrorEquals": ["{% phone %}"]}], "End": true}"#,
                    extra: #""QueryLanguage": "JSONata","#)
            ).isEmpty)
    }

    /// `$states.errorOutput` exists only in a catcher's own `Output` and `Assign` (floci-io/floci#2786; the same
    /// answer is quoted in sst/sst#6110).
    @Test func errorOutputOutsideACatcherDoesNotExist() {
        let found = Self.diagnostics(output: "$states.errorOutput")
        #expect(found.map(\.code) == ["UNSUPPORTED_JSONATA_EXPRESSION"])
        #expect(found.map(\.message) == ["Field '$states.errorOutput' does not exist."])
        #expect(found.map(\.path) == ["/States/E/Output/v"])
        for field in [#""Output": "{% $states.errorOutput %}""#, #""Assign": {"lastError": "{% $states.errorOutput %}"}"#] {
            let definition = machine(
                #""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"}, "Catch": [{"ErrorEquals": ["States.ALL"], \#(field), "Next": "H"}], "Next": "H"}, "H": {"Type": "Pass", "End": true}"#,
                extra: #""QueryLanguage": "JSONata","#)
            #expect(StatesLanguageValidator.validate(definition).isEmpty, "\(field)")
        }
    }

    /// Definitions stored by an earlier version are compiled without the JSONata checks, so a stored machine whose
    /// expression reads a top-level name still loads (its executions fail when they reach it, as before).
    @Test func storedDefinitionsAreNotCheckedAgain() {
        let definition = machine(
            #""A": {"Type": "Pass", "Output": {"n": "{% phone %}"}, "End": true}"#, extra: #""QueryLanguage": "JSONata","#)
        #expect(!StatesLanguageValidator.validate(definition).isEmpty)
        #expect(StatesLanguageValidator.validate(definition, jsonataSyntax: false).isEmpty)
    }
}
