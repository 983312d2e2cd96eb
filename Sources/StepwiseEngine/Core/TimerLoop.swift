import Foundation
import Synchronization

extension StepwiseEngine {
    /// Fires due timers (Wait states, retry intervals, task and execution timeouts) in due order, then
    /// sleeps on the injected clock until the next one or until a new timer is armed.
    func timerLoop() async {
        while !Task.isCancelled {
            let now = clock.now
            let next: Date? = state.withLock { state in
                while let (due, id) = state.timerHeap.first {
                    guard let entry = state.timers[id], entry.due == due else {
                        _ = state.timerHeap.pop()
                        continue
                    }
                    if due > now { return due }
                    _ = state.timerHeap.pop()
                    state.timers[id] = nil
                    if entry.advances {
                        _ = transition(entry.executionArn, .advance, state: &state)
                    } else if !transition(entry.executionArn, .timerFired(id: id), state: &state) {
                        committer.submit(WriteBatch(deletedTimers: [id]))
                    }
                }
                return nil
            }
            await withTaskGroup(of: Void.self) { group in
                if let next {
                    group.addTask { try? await self.clock.sleep(until: next) }
                }
                group.addTask { await self.timerWake.wait() }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
