import OrderedCollections
import StatesLanguage
import Testing

@testable import StepwiseEngine

/// Payload templates and Assign blocks are found by the state field they come from (the identity of the
/// definition's storage), not by hashing their JSON on every transition; equal templates elsewhere, and templates
/// built at run time, still get the right compiled form.
@Suite struct CompiledMachineSiteTests {
    static let definition = """
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Parameters": {"x.$": "$.a"}, "Assign": {"seen.$": "$.a"}, "Next": "B"},
          "B": {"Type": "Pass", "Parameters": {"x.$": "$.b"}, "Assign": {"seen.$": "$.b"}, "Next": "C"},
          "C": {"Type": "Pass", "Parameters": {"x.$": "$.a"}, "End": true}}}
        """

    static func parameters(_ machine: CompiledMachine, _ name: String) -> JSONValue? {
        guard case .pass(let pass)? = machine.definition.states[name] else { return nil }
        return pass.parameters
    }

    static func assign(_ machine: CompiledMachine, _ name: String) -> JSONValue? {
        guard case .pass(let pass)? = machine.definition.states[name] else { return nil }
        return pass.assign
    }

    @Test("each state's template and Assign block evaluates as its own, equal ones alike")
    func eachStateItsOwn() throws {
        let machine = try CompiledMachine(definitionText: Self.definition)
        let scope = EvaluationScope(input: ["a": 1, "b": 2])
        for _ in 0..<3 {
            let a = try #require(Self.parameters(machine, "A"))
            let b = try #require(Self.parameters(machine, "B"))
            let c = try #require(Self.parameters(machine, "C"))
            #expect(try machine.payloadTemplate(a).evaluate(in: scope) == ["x": 1])
            #expect(try machine.payloadTemplate(b).evaluate(in: scope) == ["x": 2])
            #expect(try machine.payloadTemplate(c).evaluate(in: scope) == ["x": 1])
            #expect(try machine.assignment(#require(Self.assign(machine, "A"))).evaluate(in: scope) == ["seen": 1])
            #expect(try machine.assignment(#require(Self.assign(machine, "B"))).evaluate(in: scope) == ["seen": 2])
        }
    }

    @Test("a template built at run time (not a field of the definition) compiles and evaluates")
    func builtAtRunTime() throws {
        let machine = try CompiledMachine(definitionText: Self.definition)
        let scope = EvaluationScope(input: ["a": 1, "b": 2])
        var built: JSONObject = ["y.$": "$.b"]
        #expect(try machine.payloadTemplate(.object(built)).evaluate(in: scope) == ["y": 2])
        built["z"] = 3
        // The fields without `.$` first (see TemplateMemberOrder).
        #expect(try machine.payloadTemplate(.object(built)).evaluate(in: scope) == ["z": 3, "y": 2])
        #expect(try machine.payloadTemplate([:]).evaluate(in: scope) == [:])
        #expect(try machine.assignment(["v.$": "$.a"]).evaluate(in: scope) == ["v": 1])
        #expect(throws: StatesError.self) { try machine.payloadTemplate(["bad.$": "not a path"]) }
    }
}
