import Foundation
import GRDB
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// GetActivityTask hands a task to a worker only once its start is durable: the `ActivityStarted` event and the task's
/// started row (the worker's name) are committed, together, before the poll answers. A crash at any moment then
/// either leaves the task queued (the poll got nothing) or handed with its start recorded.
@Suite("Activity starts are durable before the poll answers")
struct ActivityStartDurabilityTests {
    static func machine(_ activityArn: String, heartbeat: Int? = nil) -> String {
        let beat = heartbeat.map { #", "HeartbeatSeconds": \#($0)"# } ?? ""
        return #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(activityArn)"\#(beat), "End": true}}}"#
    }

    /// What another connection to the database file sees: only committed transactions.
    struct Committed {
        let reader: DatabaseQueue

        init(_ path: String) throws {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            reader = try DatabaseQueue(path: path, configuration: configuration)
        }

        func eventTypes(_ arn: String) throws -> [String] {
            try reader.read { db in
                try String.fetchAll(db, sql: "SELECT type FROM historyEvent WHERE executionArn = ? ORDER BY id", arguments: [arn])
            }
        }

        /// The task row's status and worker name.
        func task(_ token: String) throws -> (status: String, worker: String?)? {
            try reader.read { db in
                try Row.fetchOne(db, sql: "SELECT status, workerName FROM task WHERE token = ?", arguments: [token])
                    .map { ($0["status"], $0["workerName"]) }
            }
        }
    }

    /// Runs `body` with a started engine on a file database, and what another connection sees of it. The engine's
    /// clock is the system's: on a manual clock a poll also settles its execution before answering, which would hide
    /// a start answered before it is durable.
    func withFileEngine(_ body: (StepwiseEngine, Committed, String) async throws -> Void) async throws {
        let path = temporaryDatabasePath()
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        do {
            try await body(engine, try Committed(path), path)
            await engine.shutdown()
        } catch {
            await engine.shutdown()
            throw error
        }
    }

    @Test("the committed store holds the task's ActivityStarted and its started row when the poll returns", arguments: [false, true])
    func startCommittedBeforeAnswer(parkedFirst: Bool) async throws {
        try await withFileEngine { engine, committed, _ in
            let activity = try await engine.createActivity(name: "durable-start")
            let machine = try await engine.createStateMachine(
                name: "durable-start", definition: Self.machine(activity.activityArn, heartbeat: 30))
            for index in 0..<40 {
                let task: ActivityTask?
                let arn: String
                if parkedFirst {
                    // The poll waits first; the task is handed to it from the commit that schedules it.
                    (task, arn) = try await withThrowingTaskGroup(of: (ActivityTask?, String).self) { group in
                        group.addTask {
                            (try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "w\(index)"), "")
                        }
                        group.addTask {
                            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
                            return (nil, run.executionArn)
                        }
                        var task: ActivityTask?
                        var arn = ""
                        for try await (polled, started) in group {
                            if let polled { task = polled }
                            if !started.isEmpty { arn = started }
                        }
                        return (task, arn)
                    }
                } else {
                    let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
                    arn = run.executionArn
                    task = try await nextActivityTask(engine, activity.activityArn, workerName: "w\(index)")
                }
                let taken = try #require(task)
                // Read at once, from another connection: what a crash now would leave.
                #expect(try committed.eventTypes(arn).contains("ActivityStarted"))
                let row = try #require(try committed.task(taken.taskToken))
                #expect(row.status == "started")
                #expect(row.worker == "w\(index)")
                try await engine.sendTaskSuccess(taskToken: taken.taskToken, output: "{}")
                #expect(try await engine.awaitExecution(executionArn: arn).status == .succeeded)
            }
        }
    }

    @Test("a start the store refuses hands nothing out: the poll fails, the task stays queued, and the next poll gets it")
    func refusedStartIsNotHanded() async throws {
        try await withFileEngine { engine, committed, _ in
            let activity = try await engine.createActivity(name: "refused-start")
            let machine = try await engine.createStateMachine(name: "refused-start", definition: Self.machine(activity.activityArn))
            // The task's row carries this input: writing it again needs new pages, which a full disk refuses.
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: StorageFaultTests.bigInput("t"))
            #expect(try await eventually { engine.queuedTaskCount(resources: [activity.activityArn]) == 1 })

            try await engine.simulateFullDisk(true)
            let refused = await awsError {
                _ = try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "first", timeout: .zero)
            }
            #expect(refused == "InternalFailure")
            #expect(try !committed.eventTypes(run.executionArn).contains("ActivityStarted"))
            // Put back (by the poll, or read back from the store): queued again, for the next poll.
            #expect(try await eventually { engine.queuedTaskCount(resources: [activity.activityArn]) == 1 })

            try await engine.simulateFullDisk(false)
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "second", timeout: .zero))
            #expect(try committed.task(task.taskToken)?.worker == "second")
            #expect(try committed.eventTypes(run.executionArn).filter { $0 == "ActivityStarted" }.count == 1)
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .succeeded)
            #expect(types(try engine.allHistory(executionArn: run.executionArn)) == [
                "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
                "TaskStateExited", "ExecutionSucceeded",
            ])
        }
    }

    @Test("a task handed out again (its client was gone) is answered once its new worker's row is durable; one ActivityStarted")
    func redeliveredTask() async throws {
        try await withFileEngine { engine, committed, _ in
            let activity = try await engine.createActivity(name: "redelivered")
            let machine = try await engine.createStateMachine(name: "redelivered", definition: Self.machine(activity.activityArn))
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
            let first = try #require(try await nextActivityTask(engine, activity.activityArn, workerName: "gone"))
            #expect(try committed.task(first.taskToken)?.worker == "gone")
            await engine.redeliverActivityTask(taskToken: first.taskToken)
            let second = try #require(try await nextActivityTask(engine, activity.activityArn, workerName: "next"))
            #expect(second.taskToken == first.taskToken)
            let row = try #require(try committed.task(second.taskToken))
            #expect(row.status == "started")
            #expect(row.worker == "next")
            try await engine.sendTaskSuccess(taskToken: second.taskToken, output: "{}")
            #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .succeeded)
            #expect(try committed.eventTypes(run.executionArn).filter { $0 == "ActivityStarted" }.count == 1)
        }
    }

    @Test("many pollers share group commits: 500 queued tasks to 25 concurrent polls, each handed once, each start recorded")
    func concurrentPollsEachTaskOnce() async throws {
        try await withFileEngine { engine, committed, _ in
            let activity = try await engine.createActivity(name: "burst")
            let machine = try await engine.createStateMachine(name: "burst", definition: Self.machine(activity.activityArn))
            let count = 500
            var arns: [String] = []
            for _ in 0..<count {
                arns.append(try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}").executionArn)
            }
            #expect(try await eventually { engine.queuedTaskCount(resources: [activity.activityArn]) == count })
            let tokens = try await withThrowingTaskGroup(of: [String].self) { group in
                for poller in 0..<25 {
                    group.addTask {
                        var tokens: [String] = []
                        for _ in 0..<(count / 25) {
                            let task = try #require(
                                try await engine.getActivityTask(activityArn: activity.activityArn, workerName: "p\(poller)", timeout: .zero))
                            #expect(try committed.task(task.taskToken)?.status == "started")
                            tokens.append(task.taskToken)
                        }
                        return tokens
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(tokens.count == count)
            #expect(Set(tokens).count == count)
            for token in tokens { try await engine.sendTaskSuccess(taskToken: token, output: "{}") }
            for arn in arns {
                #expect(try await engine.awaitExecution(executionArn: arn).status == .succeeded)
                #expect(try committed.eventTypes(arn).filter { $0 == "ActivityStarted" }.count == 1)
            }
        }
    }
}
