import Foundation
import Synchronization

extension StepwiseEngine {
    /// Puts back on its queue an activity task handed to a poll whose client was gone before the answer could reach
    /// it (`stepwise serve` calls it when a long poll's connection closed as the task was handed out): the next poll
    /// gets it, instead of the execution waiting for ever on a task no worker has. Stepwise's own; AWS has no such call.
    ///
    /// The `ActivityStarted` event already recorded stays (the next worker's start is not recorded again). Does
    /// nothing for a token that is unknown, already answered, or not started.
    public func redeliverActivityTask(taskToken: String) async {
        state.withLock { state in
            guard var entry = state.tasks[taskToken], entry.record.status == .started,
                !entry.record.resource.hasSuffix(".waitForTaskToken")
            else { return }
            entry.record.status = .queued
            entry.record.workerName = nil
            entry.startingPoll = nil
            state.tasks[taskToken] = entry
            committer.submit(WriteBatch(tasks: [entry.record]))
            dispatch(token: taskToken, state: &state)
        }
    }
}
