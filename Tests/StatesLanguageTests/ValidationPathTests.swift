import Testing

@testable import StatesLanguage

/// JSONPath syntax, reference paths and intrinsic function syntax/arity where each field requires them.
@Suite struct ValidationPathTests {
    static let schema = "SCHEMA_VALIDATION_FAILED"

    /// A Pass state `A` with `fields`, ending.
    static func pass(_ fields: String) -> String { machine(#""A": {"Type": "Pass", "End": true, \#(fields)}"#) }

    static let cases: [InvalidCase] = [
        InvalidCase(name: "InputPath unclosed bracket", definition: pass(#""InputPath": "$.a[""#), code: schema, path: "/States/A/InputPath"),
        InvalidCase(name: "OutputPath trailing dot", definition: pass(#""OutputPath": "$.a.""#), code: schema, path: "/States/A/OutputPath"),
        InvalidCase(name: "ResultPath filter", definition: pass(#""ResultPath": "$.a[?(@.b > 1)]""#), code: schema, path: "/States/A/ResultPath"),
        InvalidCase(name: "ResultPath slice", definition: pass(#""ResultPath": "$.a[1:2]""#), code: schema, path: "/States/A/ResultPath"),
        InvalidCase(
            name: "Parameters path with bad syntax", definition: pass(#""Parameters": {"x.$": "$.a[?("}"#), code: schema,
            path: "/States/A/Parameters/x.$"),
        InvalidCase(
            name: "unknown intrinsic function", definition: pass(#""Parameters": {"x.$": "States.Nope($.a)"}"#), code: schema,
            path: "/States/A/Parameters/x.$"),
        InvalidCase(
            name: "intrinsic with too few arguments", definition: pass(#""Parameters": {"x.$": "States.MathAdd(1)"}"#), code: schema,
            path: "/States/A/Parameters/x.$"),
        InvalidCase(
            name: "intrinsic with too many arguments", definition: pass(#""Parameters": {"x.$": "States.UUID(1)"}"#), code: schema,
            path: "/States/A/Parameters/x.$"),
        InvalidCase(
            name: "intrinsic not closed", definition: pass(#""Parameters": {"x.$": "States.Format('{}', $.a"}"#), code: schema,
            path: "/States/A/Parameters/x.$"),
        InvalidCase(
            name: "nested intrinsic arity", definition: pass(#""Parameters": {"x.$": "States.Format('{}', States.ArrayLength())"}"#), code: schema,
            path: "/States/A/Parameters/x.$"),
        InvalidCase(
            name: "intrinsic in Assign", definition: pass(#""Assign": {"x.$": "States.Hash($.a)"}"#), code: schema, path: "/States/A/Assign/x.$"),
        InvalidCase(
            name: "intrinsic in Fail CausePath",
            definition: machine(#""F": {"Type": "Fail", "CausePath": "States.Format($.a"}"#, startAt: "F"),
            code: schema, path: "/States/F/CausePath"),
        InvalidCase(
            name: "Variable with bad syntax",
            definition: choiceMachine(rule: #"{"Variable": "$..", "IsPresent": true}"#),
            code: schema, path: "/States/C/Choices[0]/Variable"),
    ]

    @Test(arguments: cases)
    func reportsTheRule(_ testCase: InvalidCase) {
        expectDiagnostic(testCase.definition, code: testCase.code, path: testCase.path, severity: testCase.severity)
    }

    /// Paths AWS accepts in each kind of field.
    static let valid: [String] = [
        pass(#""InputPath": "$.store.book[?(@.price < 10)]", "OutputPath": "$..author""#),
        pass(#""InputPath": "$['a b'][0]", "ResultPath": "$.x['y'][2].z""#),
        pass(#""InputPath": "$$.Execution.Input", "OutputPath": "$.items[1:3]""#),
        pass(
            #""Parameters": {"u.$": "$.a[0,1]", "w.$": "$.a[*].b", "m.$": "States.MathAdd($.n, 1)", "f.$": "States.Format('{} and {}', States.ArrayLength($.a), $.b)"}"#
        ),
        pass(
            #""Parameters": {"j.$": "States.JsonMerge($.a, $.b, false)", "s.$": "States.StringSplit($.csv, ',')", "r.$": "States.ArrayRange(1, 9, 2)"}"#
        ),
        pass(#""ResultPath": "$""#),
        machine(#""F": {"Type": "Fail", "ErrorPath": "$$.Execution.Name", "CausePath": "States.Format('bad {}', $.why)"}"#, startAt: "F"),
    ]

    @Test(arguments: valid)
    func acceptsValidPaths(_ definition: String) {
        expectClean(definition)
    }
}
