import Foundation
import OrderedCollections
public import StatesLanguage
public import StepFunctionsAPI

// What EXPRESS machines may not do, as AWS refuses it: activities, the `.sync` and `.waitForTaskToken` patterns and
// Distributed Maps in their definitions (refused when the machine is created or updated), and DescribeExecution or GetExecutionHistory
// of their executions (AWS sends Express histories to CloudWatch Logs), except the children of a Map Run.
extension StepwiseEngine {
    /// The diagnostics of what an EXPRESS machine's definition may not contain, at every depth (Parallel branches,
    /// Map processors): Task states on activities, and resources with `.sync` (any version) or `.waitForTaskToken`.
    /// An empty list when the definition has none (or is not JSON: the definition's own validation reports that).
    ///
    /// The messages are AWS's `SCHEMA_VALIDATION_FAILED: ... at /States/<name>/Resource`, as it answers them.
    public static func expressDefinitionDiagnostics(_ definition: String) -> [Diagnostic] {
        guard case .object(let root)? = try? JSONValue(parsing: definition) else { return [] }
        var diagnostics: [Diagnostic] = []
        collectExpressDiagnostics(root, at: "", into: &diagnostics)
        return diagnostics
    }

    /// `InvalidDefinition` when an EXPRESS machine's definition uses what Express workflows do not support.
    public static func checkExpressDefinition(_ definition: String) throws(StepFunctionsError) {
        let diagnostics = expressDefinitionDiagnostics(definition)
        if !diagnostics.isEmpty { throw StepFunctionsError.invalidDefinition(diagnostics) }
    }

    private static func collectExpressDiagnostics(_ machine: JSONObject, at path: String, into diagnostics: inout [Diagnostic]) {
        guard case .object(let states)? = machine["States"] else { return }
        for (name, value) in states {
            guard case .object(let state) = value else { continue }
            let statePath = "\(path)/States/\(name)"
            if state["Type"] == .string("Task"), case .string(let resource)? = state["Resource"] {
                if let reason = unsupportedInExpress(resource) {
                    diagnostics.append(
                        Diagnostic(
                            code: "SCHEMA_VALIDATION_FAILED", path: "\(statePath)/Resource",
                            message: "Express state machine does not support \(reason)"))
                }
            }
            if case .array(let branches)? = state["Branches"] {
                for (index, branch) in branches.enumerated() {
                    if case .object(let branch) = branch {
                        collectExpressDiagnostics(branch, at: "\(statePath)/Branches[\(index)]", into: &diagnostics)
                    }
                }
            }
            for key in ["ItemProcessor", "Iterator"] {
                if case .object(let processor)? = state[key] {
                    if case .object(let config)? = processor["ProcessorConfig"], config["Mode"] == .string("DISTRIBUTED") {
                        diagnostics.append(
                            Diagnostic(
                                code: "SCHEMA_VALIDATION_FAILED", path: "\(statePath)/\(key)/ProcessorConfig/Mode",
                                message: "The field 'Mode' with value 'DISTRIBUTED' is not supported inside 'EXPRESS' state machines"))
                    }
                    collectExpressDiagnostics(processor, at: "\(statePath)/\(key)", into: &diagnostics)
                }
            }
        }
    }

    /// Why a Task resource cannot run in an EXPRESS machine, or nil when it can.
    private static func unsupportedInExpress(_ resource: String) -> String? {
        let parts = resource.arnFields
        if parts.count >= 7, parts[0] == "arn", parts[2] == "states", parts[5] == "activity" { return "Activity ARN" }
        // AWS's words, with their trailing space ("…service integration  at /States/…").
        if resource.hasSuffix(".waitForTaskToken") { return "'.waitForTaskToken' service integration " }
        if let last = parts.last, last == "sync" || last.hasSuffix(".sync") || (parts.count >= 2 && parts[parts.count - 2].hasSuffix(".sync")) {
            return "'.sync' service integration"
        }
        return nil
    }

    /// ``checkExpressDefinition(_:)`` for the engine's own operations.
    static func expressDefinitionAllowed(_ definition: String) throws(StepFunctionsError) {
        do throws(StepFunctionsError) {
            try checkExpressDefinition(definition)
        } catch {
            throw error
        }
    }

    /// `InvalidArn` for an EXPRESS execution's ARN, which DescribeExecution, GetExecutionHistory, StopExecution and
    /// DescribeStateMachineForExecution do not take on AWS — except a Map Run's child (its machine part is `<machine>/<Map label>`), which AWS describes.
    public static func refuseExpressExecution(_ executionArn: String) throws(StepFunctionsError) {
        let parts = executionArn.arnFields
        guard parts.count == 9, parts[0] == "arn", parts[2] == "states", parts[5] == "express", !parts[6].contains("/") else { return }
        // The wording AWS answers (as GetExecutionHistory here has always answered it).
        throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: express'")
    }
}
