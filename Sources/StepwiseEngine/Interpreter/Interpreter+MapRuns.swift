import Foundation
import StatesLanguage

/// A Distributed Map's Map Run as the parent execution keeps it (in the Map state's ``ChildrenWait``).
struct MapRunProgress: Codable, Sendable, Hashable {
    var arn: String
    /// The state machine of the child workflows (`stateMachine:<machine>/<label>`).
    var childMachineArn: String
    var startDate: Date
    /// When the MapRunStarted event was recorded (its event id): the Map Run's order within its execution.
    var sequence: Int
    var items = MapRunTally()
    var executions = MapRunTally()
    var redriveCount = 0
    var redriveDate: Date?
    /// How many child executions it has started (their start order; nil for states saved before it was kept).
    var launched: Int?
    /// The child workflow execution whose Map state started it, for a Distributed Map nested in another's children
    /// (nil: the execution itself). DescribeMapRun and ListMapRuns name it (AWS: "the execution in which the Map Run
    /// was started").
    var executionArn: String?
}

/// New settings for a running Map Run (UpdateMapRun); nil members stay as they are.
struct MapRunUpdate: Sendable, Hashable {
    var mapRunArn: String
    var maxConcurrency: Int?
    var toleratedFailureCount: Int?
    var toleratedFailurePercentage: Double?
}

extension Interpreter {
    /// AWS runs at most 10,000 child workflows of a Distributed Map at once (also when MaxConcurrency is 0 or larger).
    static let maxMapRunConcurrency = 10_000
    /// The most Distributed Map children a transition that answers a caller starts; a timer due at once starts
    /// the next ones.
    static let mapRunLaunchesPerStep = 1_000
    /// The most Distributed Map children a transition that only continues a Map Run starts.
    static let mapRunLaunchesPerContinuation = 10_000

    /// The number of children that may run at once (0: no limit, for an inline Map).
    static func concurrencyLimit(_ wait: ChildrenWait, distributed: Bool) -> Int {
        let most = distributed ? maxMapRunConcurrency : maxInlineMapConcurrency
        return wait.maxConcurrency == 0 ? most : min(wait.maxConcurrency, most)
    }

    /// "In this mode, the Map state supports up to 40 concurrent iterations" (AWS, Inline Map): an Inline Map
    /// with no MaxConcurrency (or a larger one) runs 40 iterations at a time, so its history grows as theirs end
    /// (and a wide Map reaches the 25,000-event limit there, as on AWS) and its runtime holds 40 iterations, not
    /// one per item.
    static let maxInlineMapConcurrency = 40

    /// The Map Run's progress when a Distributed Map starts (its ARN names the machine, the Map's label or name,
    /// and a run id; its children's machine is `<machine>/<label>`).
    func newMapRun(_ rt: ExecutionRuntime, _ fid: Int, _ map: MapState, children: Int, items: Int) -> MapRunProgress {
        let label = map.label ?? rt.frames[fid]?.stateName ?? ""
        let prefix = rt.stateMachineArn.components(separatedBy: ":stateMachine:").first ?? ""
        let runId = RandomUUID.text()
        var progress = MapRunProgress(
            arn: prefix + ":mapRun:" + rt.stateMachineName + "/" + label + ":" + runId,
            childMachineArn: prefix + ":stateMachine:" + rt.stateMachineName + "/" + label,
            startDate: now, sequence: rt.nextEventId)
        progress.items.total = items
        progress.executions.total = children
        if let root = childRoot(rt, fid) { progress.executionArn = rt.frames[root]?.childExecution?.arn }
        return progress
    }

    /// Writes the Map Run as it is now with this transition.
    mutating func recordMapRun(_ rt: ExecutionRuntime, _ wait: ChildrenWait, status: String) {
        guard let run = wait.mapRun else { return }
        result.mapRuns[run.arn] = MapRunRecord(
            arn: run.arn, executionArn: run.executionArn ?? rt.executionArn, stateMachineArn: run.childMachineArn, status: status,
            startDate: run.startDate, stopDate: status == "RUNNING" ? nil : now, maxConcurrency: wait.maxConcurrency,
            toleratedFailureCount: wait.toleratedFailureCount ?? 0,
            toleratedFailurePercentage: wait.toleratedFailurePercentage ?? 0, itemCounts: run.items,
            executionCounts: run.executions, redriveCount: run.redriveCount, redriveDate: run.redriveDate,
            startSequence: run.sequence)
    }

    /// Counts a child that ended (its items with it).
    static func countChildEnded(_ wait: inout ChildrenWait, items: Int, succeeded: Bool) {
        guard wait.mapRun != nil else { return }
        wait.mapRun?.executions.running -= 1
        wait.mapRun?.items.running -= items
        if succeeded {
            wait.mapRun?.executions.succeeded += 1
            wait.mapRun?.items.succeeded += items
        } else {
            wait.mapRun?.executions.failed += 1
            wait.mapRun?.items.failed += items
        }
    }

    /// A Map Run that stops (failed, or its execution stopped): the running children count as aborted, and the
    /// timer that would start more is cancelled.
    mutating func stopMapRun(_ rt: ExecutionRuntime, _ wait: inout ChildrenWait, status: String) {
        wait.mapRun?.executions.abortRunning()
        wait.mapRun?.items.abortRunning()
        if let timer = wait.continueTimer { result.cancelledTimers.append(timer) }
        if let timer = wait.collectTimer { result.cancelledTimers.append(timer) }
        wait.continueTimer = nil
        wait.collectTimer = nil
        recordMapRun(rt, wait, status: status)
    }

    /// The execution ends: every Map Run still running ends ABORTED.
    mutating func closeMapRuns(_ rt: inout ExecutionRuntime) {
        for fid in rt.frames.keys.sorted() {
            guard case .children(var wait)? = rt.frames[fid]?.waiting, wait.mapRun != nil else { continue }
            for child in wait.running.values.sorted() {
                guard let frame = rt.frames[child] else { continue }
                endChildExecution(rt, frame, .aborted)
            }
            stopMapRun(rt, &wait, status: "ABORTED")
        }
    }

    /// The timer a Distributed Map set to start more children fired: starts them (false when `id` is another timer).
    mutating func continueMapRun(_ rt: inout ExecutionRuntime, timer id: String) -> Bool {
        guard let fid = rt.frames.first(where: { entry in
            if case .children(let wait) = entry.value.waiting { return wait.continueTimer == id || wait.collectTimer == id }
            return false
        })?.key else { return false }
        guard case .children(var wait)? = rt.frames[fid]?.waiting, case .map(let map)? = currentState(rt, fid) else {
            return true
        }
        rt.frames[fid]?.waiting = .nothing  // `wait` stays uniquely referenced
        if wait.collectTimer == id {
            collectMapRun(&rt, fid, map, &wait)
            return true
        }
        wait.continueTimer = nil
        mapRunLaunchLimit = Self.mapRunLaunchesPerContinuation
        // Up to 10,000 children (their rows and events) per continuation: not while earlier ones wait to be written.
        mapRunBackpressure?()
        relaunch(&rt, fid, map, &wait)
        return true
    }

    /// Every child of a Map Run whose results are in the store ended: completes the Map state with their results,
    /// read from the store in item order as they are used (``finishChildren(_:_:_:_:collected:)``). A Map state
    /// without a reader of the store fails.
    private mutating func collectMapRun(_ rt: inout ExecutionRuntime, _ fid: Int, _ map: MapState, _ wait: inout ChildrenWait) {
        wait.collectTimer = nil
        guard let reader = mapRunResultReader, let arn = wait.mapRun?.arn ?? wait.mapRunArn else {
            rt.frames[fid]?.waiting = .children(wait)
            failMapRun(&rt, fid, map, &wait, StatesError(
                StatesError.Name.runtime, cause: "The Map Run's results could not be read from the store: no store here."))
            return
        }
        let count = wait.childCount
        let inputs = map.resultWriter != nil
        let source = MapRunResultSource(count: count) { visit in try reader(arn, count, inputs, visit) }
        recordMapRun(rt, wait, status: "SUCCEEDED")
        rt.frames[fid]?.waiting = .children(wait)
        guard let state = currentState(rt, fid) else { return }
        finishChildren(&rt, fid, state, &wait, collected: source)
    }

    /// UpdateMapRun: new MaxConcurrency and tolerated failures for a running Map Run, in force at once (more
    /// children start when the concurrency grows; the thresholds apply from the next failure).
    mutating func updateMapRun(_ rt: inout ExecutionRuntime, _ update: MapRunUpdate) {
        guard let fid = rt.frames.first(where: { entry in
            if case .children(let wait) = entry.value.waiting { return wait.mapRun?.arn == update.mapRunArn }
            return false
        })?.key, case .children(var wait)? = rt.frames[fid]?.waiting, case .map(let map)? = currentState(rt, fid)
        else {
            result.ignored = true
            return
        }
        rt.frames[fid]?.waiting = .nothing
        if let value = update.maxConcurrency { wait.maxConcurrency = value }
        if let value = update.toleratedFailureCount { wait.toleratedFailureCount = value }
        if let value = update.toleratedFailurePercentage { wait.toleratedFailurePercentage = value }
        relaunch(&rt, fid, map, &wait)
    }

    /// Starts what the Map Run may start now and records it; a child input that cannot be built fails the Map.
    private mutating func relaunch(_ rt: inout ExecutionRuntime, _ fid: Int, _ map: MapState, _ wait: inout ChildrenWait) {
        do throws(StatesError) {
            try launchIterations(&rt, fid, map, &wait)
        } catch {
            rt.frames[fid]?.waiting = .children(wait)
            abortIterations(&rt, fid, map, wait)
            stopMapRun(rt, &wait, status: "FAILED")
            rt.frames[fid]?.waiting = .nothing
            emit(&rt, frame: fid, "MapRunFailed", ["error": .string(error.error), "cause": .string(error.cause)])
            emit(&rt, frame: fid, "MapStateFailed", nil)
            handleError(&rt, fid, error)
            return
        }
        recordMapRun(rt, wait, status: "RUNNING")
        rt.frames[fid]?.waiting = .children(wait)
    }

    /// RedriveExecution: the Map Run runs again (its failed children are started anew).
    mutating func redriveMapRun(_ rt: inout ExecutionRuntime, _ fid: Int, count: Int) {
        guard case .children(var wait)? = rt.frames[fid]?.waiting, wait.mapRun != nil else { return }
        wait.mapRun?.redriveCount = count
        wait.mapRun?.redriveDate = now
        // Children not started yet start from a timer due at once; a Map Run whose children had all ended (it stopped
        // while its results were to be read) reads them from one.
        if wait.nextIndex < wait.childCount, wait.continueTimer == nil {
            let id = rt.makeId("m")
            wait.continueTimer = id
            result.newTimers.append((id, now))
        } else if wait.resultsInStore == true, wait.running.isEmpty, wait.nextIndex >= wait.childCount, wait.collectTimer == nil {
            let id = rt.makeId("m")
            wait.collectTimer = id
            result.newTimers.append((id, now))
        }
        recordMapRun(rt, wait, status: "RUNNING")
        rt.frames[fid]?.waiting = .children(wait)
    }
}
