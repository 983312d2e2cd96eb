import StepFunctionsAPI
import OrderedCollections
import Foundation
import StatesLanguage
import Synchronization

/// A parsed, validated definition with caches of its compiled paths and payload templates, shared by
/// every execution of that definition. `Sendable`: the caches live in a `Mutex`.
final class CompiledMachine: Sendable {
    let definition: StateMachineDefinition
    /// Whether any field can read the context object (`$$`): if not, states skip building it.
    let usesContext: Bool
    private let templates = Mutex<[JSONValue: PayloadTemplate]>([:])
    private let paths = Mutex<[String: JSONPath]>([:])

    /// Parses and validates a definition text.
    ///
    /// - Throws: `InvalidDefinition` with AWS's wording.
    init(definitionText: String) throws(StepFunctionsError) {
        let diagnostics = StatesLanguageValidator.validate(definitionText).filter { $0.severity == .error }
        if !diagnostics.isEmpty {
            let text = diagnostics.map { "\($0.code): \($0.message) at \($0.path)" }.joined(separator: ", ")
            throw .invalidDefinition("Invalid State Machine Definition: '\(text)'")
        }
        usesContext = definitionText.contains("$$") || definitionText.contains("$states")
        do {
            definition = try StateMachineDefinition(parsing: definitionText)
        } catch {
            throw .invalidDefinition("Invalid State Machine Definition: '\(error)'")
        }
    }

    /// The states of the flow at `path` (the main flow for an empty path).
    func flow(at path: [BranchStep]) -> (startAt: String, states: StatesTable)? {
        var startAt = definition.startAt
        var states = definition.states
        for step in path {
            switch states[step.state] {
            case .parallel(let parallel)?:
                guard parallel.branches.indices.contains(step.branch) else { return nil }
                startAt = parallel.branches[step.branch].startAt
                states = parallel.branches[step.branch].states
            case .map(let map)?:
                startAt = map.itemProcessor.startAt
                states = map.itemProcessor.states
            default:
                return nil
            }
        }
        return (startAt, states)
    }

    func payloadTemplate(_ template: JSONValue) throws(StatesError) -> PayloadTemplate {
        if let cached = templates.withLock({ $0[template] }) { return cached }
        let compiled: PayloadTemplate
        do {
            compiled = try PayloadTemplate(template)
        } catch {
            throw StatesError(StatesError.Name.runtime, cause: "\(error)")
        }
        templates.withLock { $0[template] = compiled }
        return compiled
    }

    func path(_ text: String) throws(StatesError) -> JSONPath {
        if let cached = paths.withLock({ $0[text] }) { return cached }
        let compiled: JSONPath
        do {
            compiled = try JSONPath(text)
        } catch {
            throw StatesError(StatesError.Name.runtime, cause: "Invalid path '\(text)': \(error.message)")
        }
        paths.withLock { $0[text] = compiled }
        return compiled
    }
}

/// The states of one flow, by name.
typealias StatesTable = OrderedDictionary<String, State>
