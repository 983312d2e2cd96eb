import Foundation
import StepFunctionsAPI
import Synchronization
import StepwiseEngine
import StepwiseTesting
import Testing

/// A poll that ends (its time limit, its caller cancelled) as a task is handed to it must not deadlock the engine.
/// Swift runs a cancellation handler holding its task's status lock, and resuming the task's continuation takes the
/// same lock: the parked poll's handler took the engine lock while `dispatch`, holding the engine lock, resumed it, and
/// every later call waited for ever (found as a hung `pizza --fast --on-lambda` under load, where 60-second polls last
/// 60 ms). The race needs both at the same instant, so this test makes many of them: polls that end at once
/// (a zero time limit, or cancelled) while tasks are handed out. It fails, rather than hangs, if the engine stops
/// answering.
@Suite("Engine: polls ending as tasks are handed out", .timeLimit(.minutes(2)))
struct PollCancellationRaceTests {
    @Test("polls that time out or are cancelled while tasks are dispatched: every task is handed out once, nothing hangs")
    func pollsEndingWhileTasksAreDispatched() async throws {
        try await withTestEngine { engine, _ in
            let activity = try await engine.createActivity(name: "crossing")
            let definition = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(activity.activityArn)", "End": true}}}"#
            let machine = try await engine.createStateMachine(name: "Crossing", definition: definition)
            let executions = 200
            let progress = Progress()
            let received = await withTaskGroup(of: [String].self) { group in
                group.addTask {
                    for index in 0..<executions {
                        _ = try? await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "run-\(index)")
                    }
                    return []
                }
                for poller in 0..<4 {
                    group.addTask {
                        var tokens: [String] = []
                        while progress.received < executions, !Task.isCancelled {
                            var got: String?
                            if poller % 2 == 0 {
                                // A zero time limit: the poll's own deadline cancels its parked wait at once.
                                got = try? await engine.getActivityTask(activityArn: activity.activityArn, timeout: .zero)?.taskToken
                            } else {
                                // A caller that gives up: the poll is cancelled from outside.
                                let poll = Task { try? await engine.getActivityTask(activityArn: activity.activityArn) }
                                await Task.yield()
                                poll.cancel()
                                got = (await poll.value ?? nil)?.taskToken
                            }
                            if let got {
                                tokens.append(got)
                                progress.add()
                            }
                        }
                        return tokens
                    }
                }
                var all: [String] = []
                for await tokens in group { all += tokens }
                return all
            }
            // Every task was handed out, each to one poll only.
            #expect(Set(received).count == received.count)
            #expect(received.count == executions, "\(engine.debugSnapshot)")
            // The engine still answers.
            let list = try engine.listStateMachines()
            #expect(list.stateMachines.count == 1)
        }
    }
}

/// How many tasks the polls received in all. `Sendable`: a `Mutex`.
private final class Progress: Sendable {
    private let count = Mutex(0)

    func add() { count.withLock { $0 += 1 } }

    var received: Int { count.withLock { $0 } }
}
