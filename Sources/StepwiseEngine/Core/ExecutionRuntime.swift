import Foundation
import OrderedCollections
import StatesLanguage

/// The persisted position of a running execution: one frame per active flow (the main flow, each running
/// Parallel branch and Map iteration), with its current state, input, variables and what it waits for.
///
/// A value type: the driver hands a copy to the group committer, which encodes it off the hot path.
struct ExecutionRuntime: Codable, Sendable {
    var executionArn: String
    var executionName: String
    var stateMachineArn: String
    var stateMachineName: String
    var roleArn: String
    var startTime: Date
    /// The execution's input (`$$.Execution.Input`). Not saved with the runtime: the execution's row keeps it, and
    /// ``decode(_:input:)`` puts it back. (Saved, it was written again by every commit of the execution, up to
    /// 256 KiB each time.)
    var input: JSONValue = .null
    /// The input text exactly as given to StartExecution, until `ExecutionStarted` and the first state's
    /// `StateEntered` record it; never saved (the execution's row keeps it, and ``decode(_:input:)`` puts it back for
    /// a runtime saved between the two).
    var inputText: String?
    /// The id the next history event gets.
    var nextEventId = 1
    var frames: [Int: Frame] = [:]
    var nextFrameId = 0
    var nextSequence = 0
    /// The longest the execution may run whatever its TimeoutSeconds (EXPRESS: 300 seconds); nil for none.
    var maxDurationSeconds: Int?
    /// The execution-level `TimeoutSeconds` timer, if any.
    var executionTimer: String?
    /// The version that runs and the alias the start went through, for a start by version or alias ARN (recorded in
    /// `ExecutionStarted`); nil otherwise and in runtimes saved before they were kept.
    var versionArn: String?
    var aliasArn: String?
    /// True for an execution StartSyncExecution started; nil otherwise. Its context object's Execution has no
    /// RedriveCount (LocalStack's express/test_express_sync.snapshot.json, test_query_runtime_memory, recorded against
    /// AWS), while an Express execution StartExecution started has one (express/test_express_async.snapshot.json).
    var synchronous: Bool?

    /// What is saved: everything but the input, which the execution's row keeps.
    enum CodingKeys: String, CodingKey {
        case executionArn, executionName, stateMachineArn, stateMachineName, roleArn, startTime, nextEventId, frames
        case nextFrameId, nextSequence, maxDurationSeconds, executionTimer, versionArn, aliasArn, synchronous
    }

    /// A saved runtime, its input put back from the execution's row (`inputText`, the text StartExecution was given).
    /// Runtimes saved before the input was left out carry it too; the row's is used.
    ///
    /// Read with the engine's own parser and ``JSONTreeDecoder``, not `JSONDecoder`: the values it holds (states'
    /// inputs, variables, results) keep their objects' members in order, so an execution resumed after a restart or a
    /// redrive writes them as it would have without one. (`JSONDecoder` does not expose member order; they came
    /// back sorted.) The document may nest as deep as `Codable` goes (``JSONValue/maximumCodableDepth``): it holds
    /// values of the parser's own limit inside its structure.
    static func decode(_ data: Data, input inputText: String) throws -> ExecutionRuntime {
        let tree = try JSONValue(parsing: data, maximumDepth: JSONValue.maximumCodableDepth)
        var runtime = try JSONTreeDecoder(dates: .deferredToDate).decode(ExecutionRuntime.self, from: tree)
        runtime.input = try JSONValue(parsing: inputText)
        // Saved before its first state was entered (only ExecutionStarted recorded): that state records the text.
        if runtime.nextEventId == 2 { runtime.inputText = inputText }
        return runtime
    }

    /// A fresh id for a timer or task belonging to this execution.
    mutating func makeId(_ kind: String) -> String {
        nextSequence += 1
        return "\(executionArn)#\(kind)\(nextSequence)"
    }
}

/// One step from an enclosing definition to a nested branch: the Parallel/Map state's name and, for a
/// Parallel, the branch index (-1 for a Map's item processor).
struct BranchStep: Codable, Sendable, Hashable {
    var state: String
    var branch: Int
}

/// One active flow of an execution.
struct Frame: Codable, Sendable {
    /// The fields, shared by copies until one of them changes: a frame is copied far more often than it changes
    /// (each look at `rt.frames[id]` copies it), and a copy then costs one retain, not one per field. Encoded and
    /// decoded as the frame itself, with the same keys as before.
    private final class Storage: Codable, @unchecked Sendable {
        var id: Int
        var parentId: Int?
        var path: [BranchStep]
        var index: Int
        var mapItem: JSONValue?
        var variables: JSONObject = [:]
        var inheritsVariables: Bool = true
        var lastEventId: Int
        var stateName: String
        var stateInput: JSONValue
        var inputText: String?
        var enteredTime: Date
        var enteredEventId: Int?
        var retryCount: Int = 0
        var retrierAttempts: [Int] = []
        var waiting: Waiting = .nothing
        var detached: Bool?
        var childExecution: ChildExecution?

        init(
            id: Int, parentId: Int?, path: [BranchStep], index: Int, mapItem: JSONValue?, variables: JSONObject,
            inheritsVariables: Bool, lastEventId: Int, stateName: String, stateInput: JSONValue, inputText: String?,
            enteredTime: Date, enteredEventId: Int?, retryCount: Int, retrierAttempts: [Int], waiting: Waiting,
            detached: Bool?, childExecution: ChildExecution?
        ) {
            self.id = id
            self.parentId = parentId
            self.path = path
            self.index = index
            self.mapItem = mapItem
            self.variables = variables
            self.inheritsVariables = inheritsVariables
            self.lastEventId = lastEventId
            self.stateName = stateName
            self.stateInput = stateInput
            self.inputText = inputText
            self.enteredTime = enteredTime
            self.enteredEventId = enteredEventId
            self.retryCount = retryCount
            self.retrierAttempts = retrierAttempts
            self.waiting = waiting
            self.detached = detached
            self.childExecution = childExecution
        }

        func copy() -> Storage {
            Storage(
                id: id, parentId: parentId, path: path, index: index, mapItem: mapItem, variables: variables,
                inheritsVariables: inheritsVariables, lastEventId: lastEventId, stateName: stateName,
                stateInput: stateInput, inputText: inputText, enteredTime: enteredTime, enteredEventId: enteredEventId,
                retryCount: retryCount, retrierAttempts: retrierAttempts, waiting: waiting, detached: detached,
                childExecution: childExecution
            )
        }
    }

    private var storage: Storage

    init(
        id: Int,
        parentId: Int? = nil,
        path: [BranchStep],
        index: Int,
        mapItem: JSONValue? = nil,
        variables: JSONObject = [:],
        inheritsVariables: Bool = true,
        lastEventId: Int,
        stateName: String,
        stateInput: JSONValue,
        enteredTime: Date,
        enteredEventId: Int? = nil,
        retryCount: Int = 0,
        retrierAttempts: [Int] = [],
        waiting: Waiting = .nothing,
        detached: Bool? = nil,
        childExecution: ChildExecution? = nil
    ) {
        storage = Storage(
            id: id, parentId: parentId, path: path, index: index, mapItem: mapItem, variables: variables,
            inheritsVariables: inheritsVariables, lastEventId: lastEventId, stateName: stateName,
            stateInput: stateInput, inputText: nil, enteredTime: enteredTime, enteredEventId: enteredEventId,
            retryCount: retryCount, retrierAttempts: retrierAttempts, waiting: waiting, detached: detached,
            childExecution: childExecution
        )
    }

    init(from decoder: any Decoder) throws { storage = try Storage(from: decoder) }

    func encode(to encoder: any Encoder) throws { try storage.encode(to: encoder) }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    var id: Int {
        get { storage.id }
        set {
            makeUnique()
            storage.id = newValue
        }
    }

    /// The frame that runs the Parallel/Map state this frame belongs to (nil for the main flow).
    var parentId: Int? {
        get { storage.parentId }
        set {
            makeUnique()
            storage.parentId = newValue
        }
    }

    /// How to find this frame's states in the definition.
    var path: [BranchStep] {
        get { storage.path }
        _modify {
            makeUnique()
            yield &storage.path
        }
    }

    /// The branch index or Map iteration index (0 for the main flow).
    var index: Int {
        get { storage.index }
        set {
            makeUnique()
            storage.index = newValue
        }
    }

    /// For a Map iteration: the item, for `$$.Map.Item.Value`.
    var mapItem: JSONValue? {
        get { storage.mapItem }
        _modify {
            makeUnique()
            yield &storage.mapItem
        }
    }

    /// Variables declared in this scope (outer scopes are read through the parent chain).
    var variables: JSONObject {
        get { storage.variables }
        _modify {
            makeUnique()
            yield &storage.variables
        }
    }

    /// Whether outer scopes are visible (false for the main flow).
    var inheritsVariables: Bool {
        get { storage.inheritsVariables }
        set {
            makeUnique()
            storage.inheritsVariables = newValue
        }
    }

    /// The last event this flow recorded (the next event's previousEventId).
    var lastEventId: Int {
        get { storage.lastEventId }
        set {
            makeUnique()
            storage.lastEventId = newValue
        }
    }

    /// The current state's name.
    var stateName: String {
        get { storage.stateName }
        _modify {
            makeUnique()
            yield &storage.stateName
        }
    }

    /// The raw input of the current state.
    ///
    /// Any change to it forgets ``inputText``.
    var stateInput: JSONValue {
        get { storage.stateInput }
        _modify {
            makeUnique()
            storage.inputText = nil
            yield &storage.stateInput
        }
    }

    /// The text the current state's input came as, where it is not the input's compact JSON (an execution's input
    /// given with spaces, say): AWS records a value that no state has changed as the text it was given (its
    /// `StateEntered` input, and the output of states that pass it on unchanged), and a changed one as compact
    /// JSON. Nil otherwise (nearly always); set after ``stateInput`` (whose change forgets it).
    var inputText: String? {
        get { storage.inputText }
        set {
            makeUnique()
            storage.inputText = newValue
        }
    }

    var enteredTime: Date {
        get { storage.enteredTime }
        set {
            makeUnique()
            storage.enteredTime = newValue
        }
    }

    /// The id of the current state's `<Type>StateEntered` event, named in the cause of its runtime errors.
    var enteredEventId: Int? {
        get { storage.enteredEventId }
        set {
            makeUnique()
            storage.enteredEventId = newValue
        }
    }

    /// `$$.State.RetryCount`: retries of the current state so far.
    var retryCount: Int {
        get { storage.retryCount }
        set {
            makeUnique()
            storage.retryCount = newValue
        }
    }

    /// Attempts used per retrier of the current state.
    var retrierAttempts: [Int] {
        get { storage.retrierAttempts }
        _modify {
            makeUnique()
            yield &storage.retrierAttempts
        }
    }

    var waiting: Waiting {
        get { storage.waiting }
        _modify {
            makeUnique()
            yield &storage.waiting
        }
    }

    /// A child workflow of a Distributed Map (or a flow inside one): on AWS it runs as an execution of its own,
    /// so its events are not part of this execution's history (nil: false, for states saved before).
    var detached: Bool? {
        get { storage.detached }
        set {
            makeUnique()
            storage.detached = newValue
        }
    }

    /// The child workflow execution this frame runs as (set on the first frame of each Distributed Map child; its
    /// inner flows find it through their parents).
    var childExecution: ChildExecution? {
        get { storage.childExecution }
        _modify {
            makeUnique()
            yield &storage.childExecution
        }
    }

    /// Whether the frame waits for nothing: it runs at the next `.advance`.
    var isIdle: Bool {
        if case .nothing = storage.waiting { return true }
        return false
    }
}

/// What a frame waits for.
enum Waiting: Codable, Sendable {
    /// Nothing: the frame is being advanced.
    case nothing
    /// A task's answer, by token.
    case task(TaskWait)
    /// A Wait state's timer.
    case waitTimer(String)
    /// A Retry interval's timer.
    case retryTimer(String)
    /// Parallel branches or Map iterations.
    case children(ChildrenWait)
}

struct TaskWait: Codable, Sendable {
    var token: String
    var resource: String
    /// True for an activity ARN (Activity* events), false for other resources (Task* events).
    var isActivity: Bool
    var timeoutTimer: String?
    var heartbeatTimer: String?
    var heartbeatSeconds: Int?
    var started = false
    /// `TaskSubmitted` is recorded (optional: runtimes saved before it decode without it).
    var submitted: Bool?
}

struct ChildrenWait: Codable, Sendable {
    var isMap: Bool
    /// The effective input after InputPath (ResultPath merges the result into it).
    var effectiveInput: JSONValue
    /// Map: the items (already selected by ItemsPath/Items). Parallel: one entry per branch (unused).
    var items: [JSONValue]
    var results: [JSONValue?]
    /// Running children: index → frame id.
    var running: [Int: Int] = [:]
    var nextIndex = 0
    var succeeded = 0
    var failed = 0
    var maxConcurrency: Int
    var toleratedFailureCount: Int?
    var toleratedFailurePercentage: Double?
    /// A Distributed Map's Map Run (what `MapRunRedriven` names when the execution is redriven).
    var mapRunArn: String?
    /// A batched Distributed Map: how many items its batches hold (what ToleratedFailurePercentage divides by).
    /// Nil for other Maps (the item count is `items.count`) and for states saved before it was kept.
    var itemTotal: Int?
    /// A Distributed Map's Map Run: its counts (nil for other Maps and for states saved before it was kept).
    var mapRun: MapRunProgress?
    /// A Distributed Map that started as many children as one transition may: the timer that starts more.
    var continueTimer: String?
    /// A Distributed Map with a `ResultWriter`: the children that failed within the tolerated failures (their
    /// results are written to `FAILED_<n>.json`). Nil otherwise.
    var failedIndexes: Set<Int>?
    /// A Distributed Map whose children's results are not held here: each is in its child execution's row
    /// (``MapRunExecutionRecord/itemIndex``), read in index order when the Map Run ends (``collectMapRun(_:_:)``).
    /// Nil for other Maps and for states saved before results moved out (they keep `results`).
    var resultsInStore: Bool?
    /// With `resultsInStore`: how many children the Map Run has (`results` stays empty).
    var childTotal: Int?
    /// With `resultsInStore`: the timer, due at once, that reads the results once the last child's end is durable.
    var collectTimer: String?
    /// A Distributed Map reading its items from a file as it starts its children (`items` stays empty).
    var itemCursor: ItemCursor?
    /// With `itemCursor` and an `ItemBatcher`: how the batches are built as the children start.
    var itemBatching: ItemBatching?
    /// A Parallel's branch results that are the text a branch passed on unchanged (`Frame.inputText`), by branch
    /// index; nil for none (nearly always).
    var resultTexts: [Int: String]?

    /// How many children the Map or Parallel state runs.
    var childCount: Int { childTotal ?? results.count }
}
