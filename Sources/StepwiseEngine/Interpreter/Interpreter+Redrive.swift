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
            if case .children = frame.waiting {
                rt.frames[fid] = frame
                continue
            }
            frame.waiting = .nothing
            frame.retryCount = 0
            frame.retrierAttempts = []
            frame.enteredTime = now
            rt.frames[fid] = frame
            ready.append(fid)
        }
        if let seconds = machine?.definition.timeoutSeconds {
            let id = rt.makeId("x")
            rt.executionTimer = id
            result.newTimers.append((id, now.addingTimeInterval(Double(seconds))))
        }
    }
}
