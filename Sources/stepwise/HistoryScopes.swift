import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// Where each event of a history happens: the state it concerns, inside which Map iterations and Parallel branches.
///
/// Computed from what GetExecutionHistory shows: `previousEventId` links an event to the one before it in its
/// branch or iteration, `MapIteration*` events carry the Map's name and the iteration's index, and the definition
/// tells which branch a Parallel's first state starts. Events are placed in id order (one call per event).
struct HistoryScopes {
    /// One level of nesting: an iteration of a Map state, or a branch of a Parallel state (indexes from 0).
    struct Segment: Hashable {
        var state: String
        var index: Int
        var isBranch: Bool

        /// `Each[2]` for a Map iteration, `Both#1` for a Parallel branch.
        var text: String { isBranch ? "\(state)#\(index)" : "\(state)[\(index)]" }
    }

    /// Where one event happens.
    struct Placement: Equatable {
        /// The iterations and branches around the event, outermost first.
        var path: [Segment]
        /// The state the event concerns, if any (a Map iteration's own events concern the iteration).
        var state: String?

        /// `Each[2]/Bake`, `Both#1/Left`, `Bake`, or `""` for the execution's own events.
        var label: String { (path.map(\.text) + (state.map { [$0] } ?? [])).joined(separator: "/") }
    }

    private var scope: [Int: [Segment]] = [:]
    private var iterationScope: [Int: [Segment]] = [:]
    private var stateOf: [Int: String] = [:]
    private var types: [Int: String] = [:]
    private var openers: [(scope: [Segment], name: String)] = []
    private var parallelNames: [Int: String] = [:]
    private var branchesSeen: [Int: [String]] = [:]
    private let branchStarts: [String: [String]]
    /// The state each iteration or branch is in (entered, not yet exited or aborted), with its type (`Task`, `Wait`...),
    /// in the order they were entered: where a failure's `…StateAborted` events belong.
    private var open: OrderedDictionary<[Segment], (name: String, type: String)> = [:]
    /// The iteration the last `MapIterationAborted` named: its state's aborted event follows.
    private var abortedIteration: [Segment]?

    /// - Parameter definition: the execution's definition (ASL JSON), to number Parallel branches as the definition
    ///   orders them; without it, branches are numbered in the order they start.
    init(definition: String?) {
        var starts: [String: [String]] = [:]
        if let definition, case .object(let root)? = try? JSONValue(parsing: definition) {
            Self.collectBranchStarts(root, into: &starts, depth: 0)
        }
        branchStarts = starts
    }

    /// Places the next event (events must come in id order).
    mutating func place(_ event: HistoryEvent) -> Placement {
        let type = event.type.rawValue
        let previous = event.previousEventId ?? 0
        let previousType = types[previous] ?? ""
        let around = scope[previous] ?? []
        let named = event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name
        var path = around
        var state: String? = named ?? (type.hasPrefix("Execution") ? nil : stateOf[previous])

        if let iteration = Self.iterationDetails(event) {
            let segment = Segment(state: iteration.name ?? "", index: iteration.index ?? 0, isBranch: false)
            if type == "MapIterationStarted" {
                iterationScope[event.id] = around + [segment]
            } else if let position = around.lastIndex(of: segment)
                // AWS chains a Map's MapIterationAborted to the event another iteration failed at.
                ?? around.lastIndex(where: { $0.state == segment.state && !$0.isBranch })
            {
                path = Array(around[..<position])
            }
            abortedIteration = type == "MapIterationAborted" ? path + [segment] : nil
            types[event.id] = type
            scope[event.id] = path
            return Placement(path: path + [segment], state: nil)
        } else if type == "EvaluationFailed", let name = event.evaluationFailedEventDetails?.state,
            let placed = open.keys.last(where: { open[$0]?.name == name })
        {
            // AWS chains it to the event before the state's Entered event: it belongs where the state it names is.
            path = placed
            state = name
        } else if let kind = Self.abortedKind(type), let (placed, name) = abortedScope(kind, around: around) {
            // A state stopped by a failure elsewhere: AWS chains its event to the failure (in another branch or
            // iteration), so it is placed where that state was entered.
            path = placed
            state = name
        } else if previousType == "MapIterationStarted" {
            path = iterationScope[previous] ?? around
        } else if previousType == "ParallelStateStarted", type.hasSuffix("StateEntered"), let entered = named {
            let parallel = parallelNames[previous] ?? ""
            var index = branchStarts[parallel]?.firstIndex(of: entered)
            if index == nil {
                branchesSeen[previous, default: []].append(entered)
                index = (branchesSeen[previous]?.count ?? 1) - 1
            }
            path = around + [Segment(state: parallel, index: index ?? 0, isBranch: true)]
        } else if Self.closers.contains(type) {
            // The end of a Map or Parallel state: back in the scope its Entered event was in.
            let exited = event.stateExitedEventDetails?.name
            if let opener = openers.last(where: { opener in
                (exited == nil || opener.name == exited)
                    && around.starts(with: opener.scope)
                    && (around.count == opener.scope.count || around[opener.scope.count].state == opener.name)
            }) {
                path = opener.scope
                state = opener.name
            }
        }
        if type == "MapStateEntered" || type == "ParallelStateEntered", let named { openers.append((path, named)) }
        if type.hasSuffix("StateEntered"), let named {
            open[path] = (named, String(type.dropLast("StateEntered".count)))
        } else if type.hasSuffix("StateExited") || Self.abortedKind(type) != nil {
            open[path] = nil
        }
        if type == "ParallelStateStarted" { parallelNames[event.id] = state ?? "" }
        types[event.id] = type
        scope[event.id] = path
        if let state { stateOf[event.id] = state }
        return Placement(path: path, state: state)
    }

    /// Events that end a Map or Parallel state (their previous event may be inside an iteration or a branch).
    private static let closers: Set<String> = [
        "MapStateSucceeded", "MapStateFailed", "MapStateAborted", "MapStateExited", "ParallelStateSucceeded",
        "ParallelStateFailed", "ParallelStateAborted", "ParallelStateExited", "MapRunSucceeded", "MapRunFailed",
        "MapRunAborted",
    ]

    /// `Task` for `TaskStateAborted` (and Wait, Map, Parallel); nil for any other event.
    private static func abortedKind(_ type: String) -> String? {
        guard type.hasSuffix("StateAborted") else { return nil }
        return String(type.dropLast("StateAborted".count))
    }

    /// Where a `…StateAborted` event belongs: the iteration the `MapIterationAborted` before it named, else the scope of
    /// its previous event when a state of that kind is open there, else the first other open branch or iteration of the
    /// same kind beside it (AWS: the failed branch's task first, then the others in order).
    private mutating func abortedScope(_ kind: String, around: [Segment]) -> ([Segment], String)? {
        if let iteration = abortedIteration.take(), let state = open[iteration], state.type == kind {
            return (iteration, state.name)
        }
        if let state = open[around], state.type == kind { return (around, state.name) }
        let siblings = open.filter { path, state in
            state.type == kind && !path.isEmpty && around.starts(with: path.dropLast())
        }
        guard let first = siblings.min(by: { $0.key.last?.index ?? 0 < $1.key.last?.index ?? 0 }) else { return nil }
        return (first.key, first.value.name)
    }

    private static func iterationDetails(_ event: HistoryEvent) -> MapIterationEventDetails? {
        event.mapIterationStartedEventDetails ?? event.mapIterationSucceededEventDetails ?? event.mapIterationFailedEventDetails
            ?? event.mapIterationAbortedEventDetails
    }

    /// Every Parallel state's branches' `StartAt`, by the Parallel's name, through nested branches and processors.
    private static func collectBranchStarts(_ machine: JSONObject, into starts: inout [String: [String]], depth: Int) {
        guard depth < 100, case .object(let states)? = machine["States"] else { return }
        for (name, value) in states {
            guard case .object(let state) = value else { continue }
            if case .array(let branches)? = state["Branches"] {
                var names: [String] = []
                for case .object(let branch) in branches {
                    if case .string(let start)? = branch["StartAt"] { names.append(start) } else { names.append("") }
                    collectBranchStarts(branch, into: &starts, depth: depth + 1)
                }
                if starts[name] == nil { starts[name] = names }
            }
            for key in ["ItemProcessor", "Iterator"] {
                if case .object(let processor)? = state[key] { collectBranchStarts(processor, into: &starts, depth: depth + 1) }
            }
        }
    }
}
