import Foundation
import StatesLanguage
import Stepwise
import Testing

@Suite("Task handlers")
struct HandlerTests {
    @Test("a typed handler runs on JSON the way a worker runs it")
    func invokeOnJSON() async throws {
        let output = try await Fetch().invoke(jsonText: #""basil""#)
        #expect(output == ["name": "basil"])
    }

    @Test("a Swift error is named after its type, with its description as the cause")
    func swiftErrorNaming() async throws {
        let failure = await #expect(throws: TaskFailure.self) { try await Fetch().invoke(json: .string("")) }
        #expect(failure?.error == "FetchError")
        #expect(failure?.error == ErrorName.of(FetchError.self).rawValue)
        #expect(failure?.cause == "the item name is empty")
    }

    @Test("a named failure keeps its error and cause")
    func namedFailure() async throws {
        let handler = AnyTaskHandler(TaskDefaults(activityName: "fails")) { _, _ in
            throw TaskFailure(error: "PizzaBurnt", cause: "too long in the oven")
        }
        let failure = await #expect(throws: TaskFailure.self) { try await handler.run(.null, context: .testing()) }
        #expect(failure == TaskFailure(error: "PizzaBurnt", cause: "too long in the oven"))
        #expect(failure?.errorOutput == ["Error": "PizzaBurnt", "Cause": "too long in the oven"])
    }

    @Test("input that does not decode fails with DecodingError")
    func decodingFailure() async throws {
        let failure = await #expect(throws: TaskFailure.self) { try await Fetch().invoke(json: ["not": "a string"]) }
        #expect(failure?.error == "DecodingError")
        #expect(failure?.cause.isEmpty == false)
    }

    @Test("heartbeats from the handler reach the context")
    func heartbeat() async throws {
        let counter = Counter()
        let context = TaskContext.testing(heartbeat: { await counter.increment() })
        _ = try await Fetch().invoke(json: .string("oregano"), context: context)
        #expect(await counter.value == 1)
    }

    @Test("defaults travel with the handler: activity name, retry, catch, timeout, heartbeat")
    func defaults() {
        #expect(Validate.activityName == "Validate")
        let defaults = Fetch.taskDefaults
        #expect(defaults.activityName == "fetch-item")
        #expect(defaults.timeout == .milliseconds(90_500))
        #expect(defaults.retry.first?.retrier.json == [
            "ErrorEquals": ["States.Timeout", "FetchError"], "IntervalSeconds": 2, "MaxAttempts": 5, "BackoffRate": 1.5,
            "MaxDelaySeconds": 30, "JitterStrategy": "FULL",
        ])
    }

    @Test("a closure handler runs typed and as JSON")
    func closureHandler() async throws {
        let double = TaskFunction<Int, Int>("double") { value, _ in value * 2 }
        #expect(try await double.run(21) == 42)
        #expect(try await AnyTaskHandler(double).run(5, context: .testing()) == 10)
        #expect(AnyTaskHandler(double).activityName == "double")
    }

    @Test("dates travel as RFC 3339 timestamps")
    func dates() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(try TaskCoding.encode(date) == "2023-11-14T22:13:20Z")
        #expect(try TaskCoding.decode(Date.self, from: "2023-11-14T22:13:20Z") == date)
    }

    @Test("Parallel outputs encode as the JSON array of branch outputs")
    func branchOutputs() throws {
        let outputs = BranchOutputs(Summary(total: 1), "two", [3])
        let json = try TaskCoding.encode(outputs)
        #expect(json == [["total": 1], "two", [3]])
        let back = try TaskCoding.decode(BranchOutputs<Summary, String, [Int]>.self, from: json)
        #expect(back.values.0 == Summary(total: 1) && back.values.1 == "two" && back.values.2 == [3])
    }

    @Test(
        "error name constants are AWS's names",
        arguments: [
            (ErrorName.all, "States.ALL"), (.timeout, "States.Timeout"), (.taskFailed, "States.TaskFailed"),
            (.heartbeatTimeout, "States.HeartbeatTimeout"), (.branchFailed, "States.BranchFailed"),
            (.noChoiceMatched, "States.NoChoiceMatched"),
        ])
    func errorNames(name: ErrorName, expected: String) {
        #expect(name.rawValue == expected)
    }
}

actor Counter {
    var value = 0
    func increment() { value += 1 }
}
