import Foundation
import StatesLanguage

extension Interpreter {
    /// RedriveExecution: `rt` is the position the execution stopped at (kept when it failed, timed out or was
    /// aborted). Records `ExecutionRedriven`, then runs again every flow that had not finished: each re-enters
    /// the state it was in, with its retry counters reset. Parallel and Map states keep the results of the
    /// branches and iterations that had succeeded and wait only for the others.
    mutating func redrive(_ rt: inout ExecutionRuntime, count: Int) {
        emit(&rt, frame: nil, "ExecutionRedriven", ["redriveCount": .int(count)], previous: rt.nextEventId - 1)
        let redriven = rt.nextEventId - 1
        for fid in rt.frames.keys.sorted() {
            guard var frame = rt.frames[fid] else { continue }
            frame.lastEventId = redriven
            if case .children(let wait) = frame.waiting {
                rt.frames[fid] = frame
                if let mapRunArn = wait.mapRunArn {
                    emit(&rt, frame: fid, "MapRunRedriven", ["mapRunArn": .string(mapRunArn), "redriveCount": .int(count)])
                    redriveMapRun(&rt, fid, count: count)
                }
                continue
            }
            frame.waiting = .nothing
            frame.retryCount = 0
            frame.retrierAttempts = []
            frame.enteredTime = now
            rt.frames[fid] = frame
            ready.append(fid)
        }
        redriveChildExecutions(&rt)
        if let seconds = Self.executionTimeout(machine?.definition.timeoutSeconds, limit: rt.maxDurationSeconds) {
            let id = rt.makeId("x")
            rt.executionTimer = id
            result.newTimers.append((id, now.addingTimeInterval(Double(seconds))))
        }
    }

    /// Records that the state a frame is in was stopped while it waited (`TaskStateAborted`, `WaitStateAborted`,
    /// `MapStateAborted` after `MapRunAborted`, `ParallelStateAborted`), when a sibling branch or iteration failed;
    /// nothing for a frame between states. StopExecution records none of them (AWS: only `ExecutionAborted`).
    mutating func recordAbortedState(_ rt: inout ExecutionRuntime, _ fid: Int) {
        guard let frame = rt.frames[fid], let state = currentState(rt, fid) else { return }
        switch state {
        case .task, .wait, .map, .parallel:
            if case .nothing = frame.waiting { return }
            // A sibling's failure chains these to the event it failed at (``abortAnchor``); a child execution's
            // events keep their own chain.
            let previous = abortPrevious(rt, fid)
            if case .map(let map) = state, Self.isDistributed(map) {
                emit(&rt, frame: fid, "MapRunAborted", nil, previous: previous)
            }
            emit(&rt, frame: fid, state.typeName + "StateAborted", nil, previous: previous)
        default:
            return
        }
    }
}
