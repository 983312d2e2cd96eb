import Foundation
import OrderedCollections
import StatesLanguage

extension Interpreter {
    /// Starts every branch of a Parallel state with the same effective input.
    mutating func startParallel(
        _ rt: inout ExecutionRuntime, _ fid: Int, _ parallel: ParallelState, _ base: EvaluationScope
    ) throws(StatesError) -> Outcome {
        guard let machine, let frame = rt.frames[fid] else { return .blocked }
        let input: JSONValue
        if machine.definition.effectiveQueryLanguage(of: .parallel(parallel)) == .jsonata {
            input = try Self.jsonata(parallel.arguments, ["input": base.input, "context": base.context], base, field: "Arguments") ?? base.input
        } else {
            let effective = try Flow.inputPath(parallel.inputPath, base, machine: machine)
            var inner = base
            inner.input = effective
            input = try Flow.template(parallel.parameters, inner, machine: machine) ?? effective
        }
        emit(&rt, frame: fid, "ParallelStateStarted", nil)
        let count = parallel.branches.count
        var wait = ChildrenWait(
            isMap: false, effectiveInput: input, items: [], results: Array(repeating: nil, count: count), maxConcurrency: 0)
        for (index, branch) in parallel.branches.enumerated() {
            let child = spawn(&rt, parent: fid, step: BranchStep(state: frame.stateName, branch: index), index: index,
                              startAt: branch.startAt, input: input, item: nil)
            // The Parallel's input passed on unchanged: each branch's first state records the text it came as.
            if let text = frame.inputText, input == frame.stateInput { rt.frames[child]?.inputText = text }
            wait.running[index] = child
        }
        wait.nextIndex = count
        rt.frames[fid]?.waiting = .children(wait)
        if count == 0 {
            emitSucceeded(&rt, fid, "ParallelStateSucceeded")
            return finishWithResult(&rt, fid, .parallel(parallel), result: .array([]))
        }
        return .blocked
    }

    /// Starts a Map state: selects the items and launches iterations up to MaxConcurrency.
    mutating func startMap(
        _ rt: inout ExecutionRuntime, _ fid: Int, _ map: MapState, _ base: EvaluationScope
    ) throws(StatesError) -> Outcome {
        guard let machine else { return .blocked }
        let distributed = Self.isDistributed(map)
        if distributed { try Self.checkDistributedSupport(map) }
        let effective = try Flow.inputPath(map.inputPath, base, machine: machine)
        var inner = base
        inner.input = effective
        let jsonata = machine.definition.effectiveQueryLanguage(of: .map(map)) == .jsonata
        let selected: JSONValue?
        // A JSONL or CSV file stays where it is: the children read their items from it as they start.
        var cursor: (position: ItemCursor, count: Int)?
        // Batches read from a cursor: how many items they hold.
        var batchedItems: Int?
        if distributed, let reader = map.itemReader {
            let source: MapItemSource
            do throws(StatesError) {
                source = try readItems(reader, inner, jsonata: jsonata, lazily: mapRunResultReader != nil)
            } catch {
                throw itemReaderFailed(&rt, fid, map, error)
            }
            switch source {
            case .items(let values): selected = .array(values)
            case .cursor(let position, let count):
                selected = .array([])
                cursor = (position, count)
            }
        } else if jsonata {
            do throws(StatesError) {
                selected = try Self.jsonata(map.items, ["input": base.input, "context": base.context], base, field: "Items")
                    ?? base.input
            } catch where error.location != nil {
                throw mapItemsFailed(&rt, fid, map, error)
            }
        } else if let items = map.items {
            selected = items
        } else if let path = map.itemsPath, path != "$" {
            selected = try Flow.value(at: path, inner, machine: machine)
        } else {
            selected = effective
        }
        guard case .array(var items)? = selected else {
            if jsonata { throw mapItemsFailed(&rt, fid, map, Self.mapItemsNotArray(map, selected)) }
            throw StatesError(
                StatesError.Name.runtime,
                cause: "Map state input does not reference a JSON array: '\(map.itemsPath ?? "$")'")
        }
        var batching: ItemBatching?
        if distributed, let batcher = map.itemBatcher {
            batching = try itemBatching(rt, fid, map, batcher: batcher, effectiveInput: effective, base: base)
        }
        if var batches = batching, var source = cursor {
            // The batches are read from the object as the children start; one pass now counts them (and checks that
            // every item fits a batch), holding one batch at a time.
            batches.itemLimit = source.count
            var position = source.position
            var reader: ItemFileReader?
            defer { reader?.close() }
            var count = 0
            var items = 0
            while let batch = try nextBatch(
                rt, fid, map, effectiveInput: effective, cursor: &position, reader: &reader, batching: &batches)
            {
                count += 1
                items += Self.itemCount(map, batch)
            }
            source.count = count
            cursor = source
            batches.nextItem = 0
            batching = batches
            batchedItems = items
        } else if let batches = batching {
            // Each child gets a batch (ItemSelector already applied); launchIterations passes them on unchanged.
            items = try batchInputs(rt, fid, map, batching: batches, items: items, effectiveInput: effective)
        }
        var concurrency = map.maxConcurrency?.intValue ?? 0
        if case .expression(let text)? = map.maxConcurrency {
            concurrency = try Self.expressionInt(text, name: "MaxConcurrency", base, minimum: 0)
        }
        if let path = map.maxConcurrencyPath {
            concurrency = try Self.nonNegativeInteger(at: path, name: "MaxConcurrencyPath", inner, machine: machine)
        }
        let childCount = cursor?.count ?? items.count
        // With an ItemReader the length is 0 (AWS's histories): the items are read by the Map Run, not the state. A
        // failure threshold that cannot be read fails the state after it (AWS's histories).
        emit(&rt, frame: fid, "MapStateStarted", ["length": .int(distributed && map.itemReader != nil ? 0 : childCount)])
        // Failure thresholds are a Distributed Map's: an inline Map fails as soon as one iteration fails (AWS: "In this
        // mode, if any iteration fails, the Map state fails"), whatever ToleratedFailure* it carries.
        var failureCount = distributed ? map.toleratedFailureCount?.intValue : nil
        if distributed, case .expression(let text)? = map.toleratedFailureCount {
            failureCount = try Self.expressionInt(text, name: "ToleratedFailureCount", base, minimum: 0)
        }
        if distributed, let path = map.toleratedFailureCountPath {
            failureCount = try Self.toleratedFailureCount(at: path, inner, machine: machine)
        }
        var failurePercentage = distributed ? map.toleratedFailurePercentage?.doubleValue : nil
        if distributed, case .expression(let text)? = map.toleratedFailurePercentage {
            let value = try Self.expressionNumber(text, name: "ToleratedFailurePercentage", base, minimum: 0)
            guard value <= 100 else {
                throw JSONataFailure.outOfRange(
                    JSONata.expressionText(text) ?? text, field: "ToleratedFailurePercentage", requirement: "a number of at most 100", value: .double(value))
            }
            failurePercentage = value
        }
        if distributed, let path = map.toleratedFailurePercentagePath {
            failurePercentage = try Self.percentage(at: path, inner, machine: machine)
        }
        let itemTotal = batchedItems ?? (Self.isBatched(map) ? items.reduce(0) { $0 + Self.itemCount(map, $1) } : childCount)
        var mapRun: MapRunProgress?
        if distributed {
            let run = newMapRun(rt, fid, map, children: childCount, items: itemTotal)
            emitMapRunStarted(&rt, fid, run)
            mapRun = run
        }
        // A Distributed Map's results are its children's rows, read when the Map Run ends: the saved state does not
        // grow with the items.
        let resultsInStore = distributed && mapRunResultReader != nil
        var wait = ChildrenWait(
            isMap: true, effectiveInput: effective, items: items,
            results: resultsInStore ? [] : Array(repeating: nil, count: items.count),
            maxConcurrency: max(concurrency, 0), toleratedFailureCount: failureCount,
            toleratedFailurePercentage: failurePercentage, mapRunArn: mapRun?.arn)
        wait.mapRun = mapRun
        if Self.isBatched(map) || distributed { wait.itemTotal = itemTotal }
        if resultsInStore {
            wait.resultsInStore = true
            wait.childTotal = childCount
            wait.itemCursor = cursor?.position
            if cursor != nil { wait.itemBatching = batching }
        }
        if childCount == 0 {
            var written: JSONValue?
            if distributed, let writer = map.resultWriter {
                do throws(StatesError) {
                    written = try writeResults(rt, fid, map, writer, wait: wait, results: .held([], inputs: [], failed: []))
                } catch {
                    stopMapRun(rt, &wait, status: "FAILED")
                    if distributed { emit(&rt, frame: fid, "MapRunFailed", ["error": .string(error.error), "cause": .string(error.cause)]) }
                    emit(&rt, frame: fid, "MapStateFailed", nil)
                    throw error
                }
            }
            recordMapRun(rt, wait, status: "SUCCEEDED")
            let beforeRun = rt.frames[fid]?.lastEventId
            if distributed { emit(&rt, frame: fid, "MapRunSucceeded", nil) }
            emitSucceeded(&rt, fid, "MapStateSucceeded", chainingNextTo: beforeRun)
            return finishWithResult(&rt, fid, .map(map), result: written ?? .array([]))
        }
        do throws(StatesError) {
            try launchIterations(&rt, fid, map, &wait)
        } catch {
            // As when a later item's input cannot be built (completeChild): the children already started stop,
            // and the Map Run and the Map state record their failure before the state fails.
            abortIterations(&rt, fid, map, wait)
            stopMapRun(rt, &wait, status: "FAILED")
            if distributed {
                emit(&rt, frame: fid, "MapRunFailed", ["error": .string(error.error), "cause": .string(error.cause)])
            }
            emit(&rt, frame: fid, "MapStateFailed", nil)
            throw error
        }
        recordMapRun(rt, wait, status: "RUNNING")
        rt.frames[fid]?.waiting = .children(wait)
        return .blocked
    }

    /// Starts Map iterations while there are items left and MaxConcurrency allows.
    mutating func launchIterations(
        _ rt: inout ExecutionRuntime, _ fid: Int, _ map: MapState, _ wait: inout ChildrenWait, after previous: Int? = nil
    ) throws(StatesError) {
        guard machine != nil, let frame = rt.frames[fid] else { return }
        let distributed = Self.isDistributed(map)
        // Batches already carry their selected items.
        let selects = !(distributed && map.itemBatcher != nil)
        let limit = Self.concurrencyLimit(wait, distributed: distributed)
        var fileReader: ItemFileReader?
        defer { fileReader?.close() }
        // Iterations started together follow the same event (MapStateStarted, or the end that freed their slots), not
        // each other, as AWS chains them. After an iteration ends, that is its last event, not its
        // MapIterationSucceeded, recorded against AWS (LocalStack's test_assign_reference_variables
        // BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE, MaxConcurrency 1: PassStateExited #13, MapIterationSucceeded #14
        // after #13, MapIterationStarted #15 after #13).
        let anchor = previous ?? frame.lastEventId
        while wait.nextIndex < wait.childCount, limit == 0 || wait.running.count < limit {
            if distributed, mapRunLaunches >= mapRunLaunchLimit {
                // Enough for one transition: the rest start in the next ones (a timer due now), so that a wide
                // Map neither holds the engine for long nor keeps StartExecution from answering.
                if wait.continueTimer == nil {
                    let id = rt.makeId("m")
                    wait.continueTimer = id
                    result.newTimers.append((id, now))
                }
                break
            }
            let index = wait.nextIndex
            let item: JSONValue
            if var cursor = wait.itemCursor, var batching = wait.itemBatching {
                guard let batch = try nextBatch(
                    rt, fid, map, effectiveInput: wait.effectiveInput, cursor: &cursor, reader: &fileReader, batching: &batching)
                else {
                    throw LocalItemReader.failure("The object '\(cursor.key)' ended before its batch \(index + 1)")
                }
                wait.itemCursor = cursor
                wait.itemBatching = batching
                item = batch
            } else if var cursor = wait.itemCursor {
                if fileReader == nil { fileReader = try cursor.open(s3: s3Client) }
                guard var reader = fileReader.take(), let next = try cursor.next(&reader) else {
                    throw LocalItemReader.failure("The object '\(cursor.key)' ended before its item \(index + 1)")
                }
                fileReader = reader
                wait.itemCursor = cursor
                item = next
            } else {
                guard index < wait.items.count else { break }
                item = wait.items[index]
            }
            var input = item
            if selects {
                input = try selectItem(rt, fid, map, effectiveInput: wait.effectiveInput, index: index, item: item)
            }
            if !distributed {
                emit(&rt, frame: fid, "MapIterationStarted", ["name": .string(frame.stateName), "index": .int(index)],
                     previous: anchor)
            }
            let child = spawn(&rt, parent: fid, step: BranchStep(state: frame.stateName, branch: -1), index: index,
                              startAt: map.itemProcessor.startAt, input: input, item: item, detached: distributed)
            wait.running[index] = child
            wait.nextIndex += 1
            if distributed, let run = wait.mapRun {
                let sequence = (run.launched ?? 0) + 1
                wait.mapRun?.launched = sequence
                startChildExecution(
                    &rt, child, run: run, express: map.itemProcessor.processorConfig?.executionType == .express,
                    input: input, itemCount: Self.itemCount(map, item), sequence: sequence)
            }
            if distributed {
                mapRunLaunches += 1
                wait.mapRun?.executions.running += 1
                wait.mapRun?.items.running += Self.itemCount(map, item)
            }
        }
    }

    /// Creates a child frame and makes it ready to run.
    mutating func spawn(
        _ rt: inout ExecutionRuntime, parent: Int, step: BranchStep, index: Int, startAt: String, input: JSONValue,
        item: JSONValue?, detached: Bool = false
    ) -> Int {
        let id = rt.nextFrameId
        rt.nextFrameId += 1
        let parentFrame = rt.frames[parent]
        var frame = Frame(
            id: id, parentId: parent, path: (parentFrame?.path ?? []) + [step], index: index, mapItem: item,
            lastEventId: parentFrame?.lastEventId ?? 0, stateName: startAt, stateInput: input, enteredTime: now)
        if parentFrame?.detached == true || detached { frame.detached = true }
        // A Distributed Map's child workflow starts a scope of its own: AWS, "Distributed Map states cannot currently
        // reference variables in outer scopes" (values go in through ItemSelector).
        if detached { frame.inheritsVariables = false }
        rt.frames[id] = frame
        ready.append(id)
        return id
    }

    mutating func childSucceeded(
        _ rt: inout ExecutionRuntime, parent: Int, child: Frame, output: JSONValue, outputText: String? = nil
    ) {
        // No copy of the parent frame is bound here: it would share `wait`'s storage and make each result written
        // below copy every result (quadratic in the items).
        guard case .children(var wait)? = rt.frames[parent]?.waiting, let state = currentState(rt, parent) else { return }
        rt.frames[parent]?.waiting = .nothing  // keeps `wait` uniquely referenced: no copy of the results
        wait.running[child.index] = nil
        if wait.resultsInStore != true { wait.results[child.index] = output }
        if !wait.isMap, let outputText {
            var texts = wait.resultTexts ?? [:]
            texts[child.index] = outputText
            wait.resultTexts = texts
        }
        wait.succeeded += 1
        endChildExecution(rt, child, .succeeded, output: output)
        if case .map(let map) = state {
            Self.countChildEnded(&wait, items: Self.itemCount(map, child.mapItem ?? .null), succeeded: true)
        } else {
            // A Parallel records nothing per branch: its ParallelStateSucceeded follows the last event of the branch
            // that ended last (AWS: ParallelStateExited #19 follows #17, the last branch's PassStateExited).
            rt.frames[parent]?.lastEventId = child.lastEventId
        }
        completeChild(&rt, parent, state, &wait, child: child, failed: false)
    }

    mutating func childFailed(_ rt: inout ExecutionRuntime, parent: Int, child: Frame, error: StatesError) {
        guard case .children(var wait)? = rt.frames[parent]?.waiting, let state = currentState(rt, parent) else { return }
        let parentName = rt.frames[parent]?.stateName ?? ""
        rt.frames[parent]?.waiting = .nothing
        wait.running[child.index] = nil
        endChildExecution(rt, child, .failed, error: error.reportedError, cause: error.cause)
        // The event the branch or iteration failed at: AWS chains everything the failure records to it (the aborted
        // states, MapIterationFailed/Aborted, ParallelStateFailed/MapStateFailed), not to one another.
        let anchor = child.lastEventId
        guard case .map(let map) = state else {
            // One failing branch stops the others; the Parallel state fails with the branch's error.
            recordFailedChildState(&rt, parent: parent, child: child, anchor: anchor)
            abortAnchor = (anchor, childRoot(rt, parent))
            for (_, sibling) in wait.running.sorted(by: { $0.key < $1.key }) { abortFrame(&rt, sibling) }
            abortAnchor = nil
            rt.frames[parent]?.waiting = .nothing
            closeFailedChildren(&rt, parent, "ParallelStateFailed", error, anchor: anchor)
            handleError(&rt, parent, error)
            return
        }
        // Thresholds count items (AWS: failed items over all items): a failed batch fails each item it holds.
        let childItems = Self.itemCount(map, child.mapItem ?? .null)
        wait.failed += childItems
        Self.countChildEnded(&wait, items: childItems, succeeded: false)
        let tolerant = wait.toleratedFailureCount != nil || wait.toleratedFailurePercentage != nil
        // The item total is counted once, when the Map starts (not per failure: that is quadratic in the batches).
        let items = wait.itemTotal
            ?? (Self.isBatched(map) ? wait.items.reduce(0) { $0 + Self.itemCount(map, $1) } : wait.items.count)
        let total = Double(max(items, 1))
        // When both thresholds are set, the Map fails as soon as EITHER is exceeded.
        let withinCount = wait.toleratedFailureCount.map { wait.failed <= $0 } ?? true
        let withinPercentage = wait.toleratedFailurePercentage.map { Double(wait.failed) * 100 / total <= $0 } ?? true
        if tolerant, withinCount && withinPercentage {
            failurePosition = nil
            if wait.resultsInStore != true { wait.results[child.index] = error.errorOutput }
            completeChild(&rt, parent, state, &wait, child: child, failed: true)
            return
        }
        let distributed = Self.isDistributed(map)
        // An iteration that reached a Fail state is recorded failed after the ones it cut (measured on AWS,
        // floci-io/floci AslExecutorParallelCutTest: "a failing iteration records, for each iteration it cuts,
        // MapIterationAborted and then the *StateAborted of the state it was in, all chained to the failing
        // iteration's last event and ahead of MapIterationFailed and MapStateFailed"); one whose task failed or timed
        // out, before them (below).
        let failedAtFailState: Bool
        if let machine, case .fail? = machine.flow(at: child.path)?.states[child.stateName] {
            failedAtFailState = true
        } else {
            failedAtFailState = false
        }
        if !distributed {
            if !failedAtFailState {
                emit(&rt, frame: parent, "MapIterationFailed", ["name": .string(parentName), "index": .int(child.index)],
                     previous: anchor)
            }
            // AWS, an inline Map whose iteration's task timed out: MapIterationFailed, the failed iteration's Task
            // state aborted, then each other running iteration's MapIterationAborted and its state's aborted event, in
            // index order, all chained to the failure, then MapStateFailed (also chained to it).
            recordFailedChildState(&rt, parent: parent, child: child, anchor: anchor)
            abortAnchor = (anchor, childRoot(rt, parent))
        }
        for (index, sibling) in wait.running.sorted(by: { $0.key < $1.key }) {
            if !distributed {
                emit(&rt, frame: parent, "MapIterationAborted", ["name": .string(parentName), "index": .int(index)],
                     previous: anchor)
            }
            abortFrame(&rt, sibling)
        }
        abortAnchor = nil
        if !distributed, failedAtFailState {
            emit(&rt, frame: parent, "MapIterationFailed", ["name": .string(parentName), "index": .int(child.index)],
                 previous: anchor)
        }
        if distributed { stopMapRun(rt, &wait, status: "FAILED") }
        rt.frames[parent]?.waiting = .nothing
        // A Distributed Map without ToleratedFailure* tolerates none (AWS: "The default percentage value is zero, which
        // means that the workflow fails if any one of its child workflow executions fails"), so its Map Run fails with
        // the threshold's error too, not the child's.
        let failure = tolerant || distributed
            ? StatesError(
                StatesError.Name.exceedToleratedFailureThreshold,
                cause: "The specified tolerated failure threshold was exceeded")
            : error
        if distributed {
            emit(&rt, frame: parent, "MapRunFailed", ["error": .string(failure.reportedError), "cause": .string(failure.cause)])
            emit(&rt, frame: parent, "MapStateFailed", nil)
        } else {
            closeFailedChildren(&rt, parent, "MapStateFailed", failure, anchor: anchor)
        }
        handleError(&rt, parent, failure)
    }

    /// Records that a Parallel or inline Map failed with one of its branches or iterations: `ParallelStateFailed` or
    /// `MapStateFailed`, chained to the event the child failed at, unless the state's Retry takes the error. AWS
    /// writes neither for an attempt it retries: the next attempt's `ParallelStateStarted`/`MapStateStarted` follows
    /// the failure directly (a Map retried twice: MapStateStarted, …, MapIterationFailed, MapStateStarted, …,
    /// MapIterationFailed, MapStateFailed).
    private mutating func closeFailedChildren(
        _ rt: inout ExecutionRuntime, _ parent: Int, _ type: String, _ error: StatesError, anchor: Int
    ) {
        if retries(rt, parent, error) {
            rt.frames[parent]?.lastEventId = anchor
        } else {
            emit(&rt, frame: parent, type, nil, previous: anchor)
        }
    }

    /// Whether the state's Retry takes this error now (decided as ``handleError(_:_:_:)`` decides it).
    func retries(_ rt: ExecutionRuntime, _ fid: Int, _ error: StatesError) -> Bool {
        guard let frame = rt.frames[fid], let state = currentState(rt, fid) else { return false }
        let retriers: [Retrier]
        switch state {
        case .task(let s): retriers = s.retry
        case .parallel(let s): retriers = s.retry
        case .map(let s): retriers = s.retry
        default: return false
        }
        var counter = RetryCounter(attempts: frame.retrierAttempts)
        if case .retry = counter.decide(errorName: error.error, retriers: retriers) { return true }
        return false
    }

    /// The failed branch's or iteration's own state, when it is a Task, is closed as AWS closes it once the Parallel or
    /// Map fails: `TaskStateAborted` after its `TaskFailed` (or `TaskTimedOut`), chained to that event. (A Fail
    /// state, or a nested Parallel or Map that recorded its own failure, has nothing more.)
    private mutating func recordFailedChildState(_ rt: inout ExecutionRuntime, parent: Int, child: Frame, anchor: Int) {
        guard let machine, case .task? = machine.flow(at: child.path)?.states[child.stateName] else { return }
        emit(&rt, frame: parent, "TaskStateAborted", nil, previous: anchor)
    }

    /// Stops a Map's running iterations (an inline Map records `MapIterationAborted` for each, in index order).
    mutating func abortIterations(_ rt: inout ExecutionRuntime, _ fid: Int, _ map: MapState, _ wait: ChildrenWait) {
        let name = rt.frames[fid]?.stateName ?? ""
        for (index, child) in wait.running.sorted(by: { $0.key < $1.key }) {
            // The iteration's MapIterationAborted, then what its state records (as when an iteration fails).
            if !Self.isDistributed(map) {
                emit(&rt, frame: fid, "MapIterationAborted", ["name": .string(name), "index": .int(index)],
                     previous: abortPrevious(rt, fid))
            }
            abortFrame(&rt, child)
        }
    }

    /// Records a finished child and, when it was the last, completes the Parallel/Map state.
    private mutating func completeChild(
        _ rt: inout ExecutionRuntime, _ parent: Int, _ state: State, _ wait: inout ChildrenWait, child: Frame,
        failed: Bool
    ) {
        let name = rt.frames[parent]?.stateName ?? ""
        if case .map(let map) = state {
            if map.resultWriter != nil, Self.isDistributed(map), wait.resultsInStore != true {
                // A child that failed and succeeds when the execution is redriven is written as SUCCEEDED.
                var failedIndexes = wait.failedIndexes ?? []
                if failed { failedIndexes.insert(child.index) } else { failedIndexes.remove(child.index) }
                wait.failedIndexes = failedIndexes
            }
            if !Self.isDistributed(map) {
                emit(&rt, frame: parent, failed ? "MapIterationFailed" : "MapIterationSucceeded",
                     ["name": .string(name), "index": .int(child.index)], previous: child.lastEventId)
            }
            do throws(StatesError) {
                try launchIterations(&rt, parent, map, &wait, after: Self.isDistributed(map) ? nil : child.lastEventId)
            } catch {
                rt.frames[parent]?.waiting = .children(wait)
                abortIterations(&rt, parent, map, wait)
                stopMapRun(rt, &wait, status: "FAILED")
                rt.frames[parent]?.waiting = .nothing
                if Self.isDistributed(map) {
                    emit(&rt, frame: parent, "MapRunFailed", ["error": .string(error.error), "cause": .string(error.cause)])
                }
                emit(&rt, frame: parent, "MapStateFailed", nil)
                handleError(&rt, parent, error)
                return
            }
        }
        let done = wait.running.isEmpty && wait.nextIndex >= wait.childCount
        if done, wait.resultsInStore == true {
            // The results are read once this transition (the last child's end) is written: a timer due at once.
            if wait.collectTimer == nil {
                let id = rt.makeId("m")
                wait.collectTimer = id
                result.newTimers.append((id, now))
            }
            recordMapRun(rt, wait, status: "RUNNING")
            rt.frames[parent]?.waiting = .children(wait)
            return
        }
        if wait.mapRun != nil { recordMapRun(rt, wait, status: done ? "SUCCEEDED" : "RUNNING") }
        rt.frames[parent]?.waiting = .children(wait)
        guard done else { return }
        finishChildren(
            &rt, parent, state, &wait,
            collected: .held(wait.results, inputs: wait.items, failed: wait.failedIndexes ?? []))
    }

    /// Completes a Parallel or Map state whose children all ended, with their results (a Distributed Map's
    /// `ResultWriter` writes them first). A Distributed Map's results are visited one at a time (read from its
    /// children's rows): without a `ResultWriter` they are its result, which fails the Map with
    /// `States.DataLimitExceeded` as soon as it passes the 256 KiB payload quota (AWS's quota on a state's result;
    /// its guide points to a `ResultWriter` for larger results), so no more than that is built.
    mutating func finishChildren(
        _ rt: inout ExecutionRuntime, _ parent: Int, _ state: State, _ wait: inout ChildrenWait, collected: MapRunResultSource
    ) {
        let isMap = wait.isMap
        let results: JSONValue
        var beforeRun: Int?
        if case .map(let map) = state, Self.isDistributed(map) {
            do throws(StatesError) {
                if let writer = map.resultWriter {
                    results = try writeResults(rt, parent, map, writer, wait: wait, results: collected)
                    if writer.resource != nil { noteResultsWritten(rt, &wait) }
                } else {
                    results = try Self.collectResults(
                        collected, limit: StepwiseEngine.maxPayloadBytes, stateName: rt.frames[parent]?.stateName ?? "")
                    noteResultsReturned(rt, &wait)
                }
            } catch {
                failMapRun(&rt, parent, map, &wait, error)
                return
            }
            beforeRun = rt.frames[parent]?.lastEventId
            emit(&rt, frame: parent, "MapRunSucceeded", nil)
        } else {
            // An inline Map's or a Parallel's results are held in the parent's state.
            results = .array((collected.heldResults ?? []).map { $0 ?? .null })
        }
        // A branch that passed its input's text on: the Parallel's result is recorded with that text in its place (AWS:
        // `[[[1, 2, 3], [4, 5, 6]]]` from a branch given `[[1, 2, 3], [4, 5, 6]]`; LocalStack's
        // test_base_scenarios.snapshot.json, test_parallel_state_nested).
        if !isMap, let texts = wait.resultTexts, !texts.isEmpty, case .array(let values) = results {
            let parts = values.enumerated().map { texts[$0.offset] ?? $0.element.jsonString() }
            parallelResultTexts[parent] = (results, "[" + parts.joined(separator: ",") + "]")
        }
        let succeeded = rt.nextEventId
        emitSucceeded(&rt, parent, isMap ? "MapStateSucceeded" : "ParallelStateSucceeded", chainingNextTo: beforeRun)
        let outcome = finishWithResult(&rt, parent, state, result: results)
        // The state's own failure after its children succeeded (its ResultSelector, ResultPath or OutputPath) follows
        // the Succeeded event, as floci-io/floci#3167 measured it in us-east-1 (ParallelStateSucceeded #6,
        // ExecutionFailed #7 after #6), unless the failure recorded an event of its own.
        if case .failed = outcome, rt.nextEventId == succeeded + 1 { rt.frames[parent]?.lastEventId = succeeded }
        apply(&rt, parent, outcome)
    }

    /// `MapStateSucceeded` / `ParallelStateSucceeded`: the event after it (the state's `StateExited`) is chained to
    /// the event before it, as recorded against AWS (LocalStack's test_context_object test_items_path:
    /// MapIterationSucceeded #7, MapStateSucceeded #8 after #7, MapStateExited #9 after #7). A Distributed Map's
    /// MapStateExited follows the event before MapRunSucceeded (`chainingNextTo`), recorded against AWS (LocalStack's
    /// test_assign_reference_variables MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH: MapRunStarted #6, MapRunSucceeded #7
    /// after #6, MapStateSucceeded #8 after #7, MapStateExited #9 after #6).
    mutating func emitSucceeded(_ rt: inout ExecutionRuntime, _ fid: Int, _ type: String, chainingNextTo next: Int? = nil) {
        let before = rt.frames[fid]?.lastEventId
        emit(&rt, frame: fid, type, nil)
        if let restored = next ?? before { rt.frames[fid]?.lastEventId = restored }
    }
}
