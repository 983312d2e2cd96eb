import StepFunctionsAPI
import OrderedCollections
import Foundation
import StatesLanguage
import Synchronization

/// A parsed, validated definition with caches of its compiled paths and payload templates, shared by
/// every execution of that definition. `Sendable`: the caches live in a `Mutex`.
final class CompiledMachine: Sendable {
    let definition: StateMachineDefinition
    /// The text it was compiled from.
    let definitionText: String
    /// The key the store keeps the text under, once, when it is long enough to be kept out of execution rows (its
    /// SHA-256; see ``EngineStore/sharedDefinitionBytes``); nil for a shorter one. Computed once per compiled
    /// definition, not at every start.
    let sharedDefinitionKey: String?
    /// Whether any field can read the context object (`$$`): if not, states skip building it.
    let usesContext: Bool
    /// Compiled payload templates and `Assign` blocks, keyed by the state field they come from: by the identity of
    /// the definition's own storage of that field's object (see ``site(of:)``), so a transition finds its
    /// template without hashing the JSON value (as a cache keyed by the value would, on every use).
    private let templates = Mutex<[UInt: [(template: JSONValue, compiled: PayloadTemplate)]]>([:])
    private let assignments = Mutex<[UInt: [(block: JSONValue, compiled: Assignment)]]>([:])
    /// Templates that are not a field of the definition (built at run time), by value.
    private let otherTemplates = Mutex<[JSONValue: PayloadTemplate]>([:])
    private let paths = Mutex<[String: JSONPath]>([:])

    /// Parses and validates a definition text.
    ///
    /// - Parameter stored: the text comes from the store (a machine, version or execution created earlier), not from
    ///   a request: it was validated when it was created, and is not validated again, so that a rule added since
    ///   (AWS refuses more than an earlier version did) does not stop a machine from starting, or its running
    ///   executions from resuming, after an upgrade.
    /// - Throws: `InvalidDefinition` with AWS's wording.
    init(definitionText: String, stored: Bool = false) throws(StepFunctionsError) {
        let diagnostics = stored ? [] : StatesLanguageValidator.validate(definitionText).filter { $0.severity == .error }
        if !diagnostics.isEmpty {
            let text = diagnostics.map { "\($0.code): \($0.message) at \($0.path)" }.joined(separator: ", ")
            throw .invalidDefinition("Invalid State Machine Definition: '\(text)'")
        }
        usesContext = definitionText.contains("$$") || definitionText.contains("$states")
        self.definitionText = definitionText
        sharedDefinitionKey =
            definitionText.utf8.count >= EngineStore.sharedDefinitionBytes ? Digest.sha256(definitionText) : nil
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

    /// Where a template or Assign block lives: the address of its object's value storage, shared by every copy of
    /// the state taken from this definition (the machine keeps the definition, so the address stays its own). Nil
    /// for a value that is not a non-empty object. A hit is confirmed with `==`, which answers at once for the
    /// same storage.
    private static func site(of value: JSONValue) -> UInt? {
        guard case .object(let object) = value, !object.isEmpty else { return nil }
        return object.values.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { UInt(bitPattern: $0) } }
    }

    /// The compiled form of a state's payload template (Parameters, ResultSelector, ItemSelector, ...).
    func payloadTemplate(_ template: JSONValue) throws(StatesError) -> PayloadTemplate {
        let site = Self.site(of: template)
        if let site, let hit = templates.withLock({ $0[site]?.first(where: { $0.template == template }) }) {
            return hit.compiled
        }
        if site == nil, let hit = otherTemplates.withLock({ $0[template] }) { return hit }
        let compiled: PayloadTemplate
        do {
            compiled = try PayloadTemplate(template)
        } catch {
            throw StatesError(StatesError.Name.runtime, cause: "\(error)")
        }
        if let site {
            templates.withLock { $0[site, default: []].append((template, compiled)) }
        } else {
            otherTemplates.withLock { entries in
                if entries.count >= 1_024 { entries.removeAll(keepingCapacity: true) }
                entries[template] = compiled
            }
        }
        return compiled
    }

    /// The compiled form of a state's `Assign` block, found like ``payloadTemplate(_:)``.
    func assignment(_ block: JSONValue) throws(StatesError) -> Assignment {
        guard let site = Self.site(of: block) else { return try Self.compileAssignment(block, cached: true) }
        if let hit = assignments.withLock({ $0[site]?.first(where: { $0.block == block }) }) { return hit.compiled }
        let compiled = try Self.compileAssignment(block, cached: false)
        assignments.withLock { $0[site, default: []].append((block, compiled)) }
        return compiled
    }

    private static func compileAssignment(_ block: JSONValue, cached: Bool) throws(StatesError) -> Assignment {
        do {
            return cached ? try Assignment.cached(block) : try Assignment(block)
        } catch {
            throw StatesError(StatesError.Name.runtime, cause: error.description)
        }
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
