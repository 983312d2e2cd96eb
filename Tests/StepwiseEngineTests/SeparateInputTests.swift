import Foundation
import GRDB
import StatesLanguage
import StepFunctionsAPI
@testable import StepwiseEngine
import StepwiseTesting
import Testing

/// A long execution input is written once, when the execution starts (in `executionInput`), not in the execution's row
/// nor in its saved runtime, which every commit of a running execution writes again; every read puts it back. The saved
/// runtime does not keep a task's input either (the task's row does).
@Suite("Engine: a long execution input is written once and read back wherever the execution is read")
struct SeparateInputTests {
    /// An input of about `bytes` bytes whose `tag` a state reads through `$$.Execution.Input`, with `marker` once.
    static func longInput(tag: String, bytes: Int = 6000) -> String {
        #"{"tag": "\#(tag)", "marker": "ONCE-IN-THE-INPUT", "pad": "\#(String(repeating: "p", count: bytes))"}"#
    }

    /// A Task state on `activityArn` (its result set aside), then a Pass state that reads the execution's input.
    static func definition(_ activityArn: String) -> String {
        """
        {"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "\(activityArn)", "ResultPath": "$.result", "Next": "P"},
          "P": {"Type": "Pass", "Parameters": {"tag.$": "$$.Execution.Input.tag", "result.$": "$.result"}, "End": true}}}
        """  // its paths come out result, tag: a Java HashMap's order, as AWS gives them (RecordedScenarioOrderTests)
    }

    /// How many times `text` occurs in `value`.
    static func occurrences(of text: String, in value: String) -> Int {
        value.components(separatedBy: text).count - 1
    }

    @Test("a long input is stored beside the row, left out of the saved runtime, and read back after a restart")
    func writtenOnce() async throws {
        let path = temporaryDatabasePath()
        var engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let activity = try await engine.createActivity(name: "Work")
        let machine = try await engine.createStateMachine(name: "Long", definition: Self.definition(activity.activityArn))
        let input = Self.longInput(tag: "long")
        let short = #"{"tag": "short"}"#
        #expect(input.utf8.count >= EngineStore.separateInputBytes)
        #expect(short.utf8.count < EngineStore.separateInputBytes)
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "long", input: input)
        let shortRun = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "short", input: short)
        #expect(try engine.describeExecution(executionArn: run.executionArn).input == input)
        // Until the Task state has scheduled its activity (the start may be committed before it).
        let deadline = ContinuousClock.now + .seconds(60)
        while try !engine.getExecutionHistory(executionArn: run.executionArn).events.contains(where: { $0.type == .activityScheduled }),
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(10))
        }

        try engine.store.read { db in
            let row = try #require(try Row.fetchOne(
                db, sql: "SELECT input, CAST(runtime AS TEXT) AS runtime FROM execution WHERE arn = ?", arguments: [run.executionArn]))
            #expect((row["input"] as String).isEmpty)
            // The frame waiting for the task keeps the state's input (here the execution's input), once: not the
            // execution's input itself, parsed and as text, nor the task's input (its row has it).
            #expect(Self.occurrences(of: "ONCE-IN-THE-INPUT", in: row["runtime"] as String) == 1)
            #expect(try String.fetchOne(db, sql: "SELECT text FROM executionInput WHERE arn = ?", arguments: [run.executionArn]) == input)
            // A short input stays in its row.
            #expect(try String.fetchOne(db, sql: "SELECT input FROM execution WHERE arn = ?", arguments: [shortRun.executionArn]) == short)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM executionInput") == 1)
        }
        await engine.shutdown()

        // A new engine resumes both from the store: `$$.Execution.Input` is the row's input again.
        engine = try StepwiseEngine(location: .file(path))
        engine.start()
        #expect(try engine.describeExecution(executionArn: run.executionArn).input == input)
        var inputs: [JSONValue] = []
        for _ in 0..<2 {
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            inputs.append(try JSONValue(parsing: task.input))
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: #"{"ok": true}"#)
        }
        #expect(Set(inputs.map { $0.jsonString() }) == Set([try JSONValue(parsing: input).jsonString(), try JSONValue(parsing: short).jsonString()]))
        let done = try await engine.awaitExecution(executionArn: run.executionArn)
        #expect(done.status == .succeeded)
        // {"tag.$", "result.$"} comes out result first, as AWS orders `.$` fields (see TemplateMemberOrder).
        #expect(done.output == #"{"result":{"ok":true},"tag":"long"}"#)
        #expect(try await engine.awaitExecution(executionArn: shortRun.executionArn).output == #"{"result":{"ok":true},"tag":"short"}"#)
        let started = try engine.getExecutionHistory(executionArn: run.executionArn).events.first
        #expect(started?.executionStartedEventDetails?.input == input)
        await engine.shutdown()

        // Read with no engine, as `stepwise describe` reads.
        let reader = try StoreReader(path: path)
        #expect(try reader.describeExecution(executionArn: run.executionArn).input == input)
        #expect(try reader.describeExecution(executionArn: shortRun.executionArn).input == short)
    }

    @Test("a row from before v14, the input in the row and in its saved runtime, resumes as it was")
    func rowsFromBefore() async throws {
        let path = temporaryDatabasePath()
        var engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let activity = try await engine.createActivity(name: "Work")
        let machine = try await engine.createStateMachine(name: "Old", definition: Self.definition(activity.activityArn))
        let input = Self.longInput(tag: "old")
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "old", input: input)
        await engine.shutdown()
        // As v13 wrote it: the input in the row, and in the saved runtime (parsed, and as text).
        try await rewindSchema(of: path, """
            UPDATE execution SET input = (SELECT text FROM executionInput WHERE arn = execution.arn);
            UPDATE execution SET runtime = CAST(json_set(CAST(runtime AS TEXT), '$.input', json(input), '$.inputText', input) AS BLOB);
            DELETE FROM executionInput;
            """)
        engine = try StepwiseEngine(location: .file(path))
        engine.start()
        #expect(try engine.describeExecution(executionArn: run.executionArn).input == input)
        let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
        try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "1")
        #expect(try await engine.awaitExecution(executionArn: run.executionArn).output == #"{"result":1,"tag":"old"}"#)
        await engine.shutdown()
    }

    @Test("a failed execution of a long input is redriven from the store with its input")
    func redriven() async throws {
        let path = temporaryDatabasePath()
        var engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let activity = try await engine.createActivity(name: "Flaky")
        let machine = try await engine.createStateMachine(name: "Redriven", definition: Self.definition(activity.activityArn))
        let input = Self.longInput(tag: "redriven")
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "r", input: input)
        let first = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
        try await engine.sendTaskFailure(taskToken: first.taskToken, error: "Flaky", cause: "first try")
        #expect(try await engine.awaitExecution(executionArn: run.executionArn).status == .failed)
        await engine.shutdown()

        // Nothing of it in memory: the redrive reads the stop position and the input from the store.
        engine = try StepwiseEngine(location: .file(path))
        engine.start()
        _ = try await engine.redriveExecution(executionArn: run.executionArn)
        let second = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
        // Members in their order (JSONDecoder's reading of the saved state gave them back sorted).
        #expect(try JSONValue(parsing: second.input) == JSONValue(parsing: input))
        try await engine.sendTaskSuccess(taskToken: second.taskToken, output: "2")
        let done = try await engine.awaitExecution(executionArn: run.executionArn)
        #expect(done.status == .succeeded)
        #expect(done.output == #"{"result":2,"tag":"redriven"}"#)
        #expect(done.input == input)
        await engine.shutdown()
    }

    @Test("the retention purge deletes a long input with its execution")
    func purgedWithItsExecution() async throws {
        let clock = ManualEngineClock()
        let engine = try StepwiseEngine(location: .file(temporaryDatabasePath()), clock: clock, retention: .seconds(90 * 86_400))
        engine.start()
        let machine = try await engine.createStateMachine(
            name: "Quick", definition: #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        let old = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "old", input: Self.longInput(tag: "old"))
        #expect(try await engine.awaitExecution(executionArn: old.executionArn).status == .succeeded)
        clock.advance(to: clock.now.addingTimeInterval(50 * 86_400))
        let kept = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "kept", input: Self.longInput(tag: "kept"))
        #expect(try await engine.awaitExecution(executionArn: kept.executionArn).status == .succeeded)
        func stored() throws -> [String] {
            try engine.store.read { db in try String.fetchAll(db, sql: "SELECT arn FROM executionInput ORDER BY arn") }
        }
        #expect(try stored() == [kept.executionArn, old.executionArn].sorted())
        clock.advance(to: clock.now.addingTimeInterval(41 * 86_400))
        #expect(try await engine.purgeExpiredExecutions() == 1)
        #expect(try stored() == [kept.executionArn])
        #expect(try engine.describeExecution(executionArn: kept.executionArn).input == Self.longInput(tag: "kept"))
        await engine.shutdown()
    }
}

/// An execution's saved state is read back with its values' object members in their order: a run resumed after a
/// restart, or redriven, writes its data as a run without one does (`JSONDecoder` gave them back sorted).
@Suite("Engine: a resumed execution's data keeps its objects' member order")
struct RuntimeMemberOrderTests {
    static let input = #"{"zebra": 1, "apple": {"yak": 2, "bee": [{"z": 0, "a": 1}]}, "mango": null}"#

    @Test("after a restart, a state's input, its variables and the task's result come out in the order they went in")
    func afterRestart() async throws {
        let path = temporaryDatabasePath()
        var engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let activity = try await engine.createActivity(name: "Work")
        let definition = """
            {"StartAt": "Keep", "States": {
              "Keep": {"Type": "Pass", "Assign": {"kept": {"zz.$": "$.zebra", "aa.$": "$.apple"}}, "Next": "T"},
              "T": {"Type": "Task", "Resource": "\(activity.activityArn)", "ResultPath": "$.result", "Next": "Out"},
              "Out": {"Type": "Pass", "Parameters": {"all.$": "$", "kept.$": "$kept"}, "End": true}}}
            """
        let machine = try await engine.createStateMachine(name: "Order", definition: definition)
        let result = #"{"qux": 1, "baz": {"y": 2, "b": 3}}"#
        // Without a restart: what the output should be.
        let straight = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "straight", input: Self.input)
        let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
        try await engine.sendTaskSuccess(taskToken: task.taskToken, output: result)
        let expected = try #require(try await engine.awaitExecution(executionArn: straight.executionArn).output)
        #expect(expected == #"{"all":{"zebra":1,"apple":{"yak":2,"bee":[{"z":0,"a":1}]},"mango":null,"result":{"qux":1,"baz":{"y":2,"b":3}}},"kept":{"zz":1,"aa":{"yak":2,"bee":[{"z":0,"a":1}]}}}"#)

        let resumed = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "resumed", input: Self.input)
        await engine.shutdown()
        engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let again = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
        try await engine.sendTaskSuccess(taskToken: again.taskToken, output: result)
        #expect(try await engine.awaitExecution(executionArn: resumed.executionArn).output == expected)
        await engine.shutdown()
    }

    @Test("a saved state holding a value nested as deep as an input may be is read back")
    func deepValue() async throws {
        let path = temporaryDatabasePath()
        var engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let activity = try await engine.createActivity(name: "Deep")
        let machine = try await engine.createStateMachine(
            name: "Deep", definition: #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(activity.activityArn)", "ResultPath": null, "End": true}}}"#)
        // The deepest input the parser takes: the saved state holds it a few levels further down.
        let depth = JSONValue.maximumNestingDepth - 1
        let input = #"{"d":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "deep", input: input)
        await engine.shutdown()
        engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
        try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
        let done = try await engine.awaitExecution(executionArn: run.executionArn)
        #expect(done.status == .succeeded)
        #expect(done.output == input)
        await engine.shutdown()
    }
}

/// A database a later version has migrated (this one's v14 changed where a long input lives: an older version would
/// read such an execution's input as empty) is refused by every way of opening it, naming why.
@Suite("Engine: a database written by a newer version of Stepwise is not opened")
struct NewerDatabaseTests {
    @Test("the engine, the read-only engine and the store reader refuse it, naming the unknown schema change")
    func refused() async throws {
        let path = temporaryDatabasePath()
        var engine = try StepwiseEngine(location: .file(path))
        engine.start()
        _ = try await engine.createStateMachine(
            name: "Kept", definition: #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        await engine.shutdown()
        try await rewindSchema(of: path, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")

        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "opened"
            } catch let error as StepFunctionsError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        for opened in [
            message { _ = try StepwiseEngine(location: .file(path)) },
            message { _ = try StepwiseEngine(location: .readOnlyFile(path)) },
            message { _ = try StoreReader(path: path) },
        ] {
            #expect(opened.contains(path) && opened.contains("newer version of Stepwise") && opened.contains("v99-from-the-future"), "\(opened)")
        }
        // Refused before anything was written: without the unknown change, it opens with its data.
        try await rewindSchema(of: path, "DELETE FROM grdb_migrations WHERE identifier = 'v99-from-the-future'")
        engine = try StepwiseEngine(location: .file(path))
        engine.start()
        #expect(try await engine.listStateMachines().stateMachines.map(\.name) == ["Kept"])
        await engine.shutdown()
    }
}
