import Foundation
import StepFunctionsAPI
import Testing

import StatesLanguage
import StepwiseEngine
import StepwiseTesting

/// "In this mode, the Map state supports up to 40 concurrent iterations" (AWS, Inline Map). Before, an Inline Map
/// without MaxConcurrency launched every iteration at once: 100,000 items from JSONata wrote 100,000
/// `MapIterationStarted` events past the 25,000-event limit and took the server from 61 to 626 MiB.
@Suite struct InlineMapConcurrencyTests {
    static func definition(items: String, maxConcurrency: String = "") -> String {
        """
        {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "{% \(items) %}"\(maxConcurrency),
          "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
          "End": true}}}
        """
    }

    /// The most iterations running at once, read from the history (started and not yet ended).
    static func mostRunning(_ events: [HistoryEvent]) -> Int {
        var running = 0
        var most = 0
        for event in events {
            switch event.type.rawValue {
            case "MapIterationStarted": running += 1
            case "MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted": running -= 1
            default: break
            }
            most = max(most, running)
        }
        return most
    }

    @Test("no MaxConcurrency, or a larger one: 40 at a time; a smaller one is kept; every item runs, in order")
    func fortyAtATime() async throws {
        try await withTestEngine { engine, _ in
            for (name, setting, expected) in [("None", "", 40), ("Large", #", "MaxConcurrency": 500"#, 40), ("Small", #", "MaxConcurrency": 5"#, 5)] {
                let result = try await engine.runToCompletion(
                    definition: Self.definition(items: "[1..100]", maxConcurrency: setting), input: "{}", machineName: "Inline\(name)")
                #expect(result.status == .succeeded)
                #expect(try JSONValue(parsing: result.output ?? "") == .array((1...100).map { .int($0) }))
                let events = try engine.allHistory(executionArn: result.executionArn)
                #expect(Self.mostRunning(events) == expected, "\(name)")
                #expect(events.filter { $0.type.rawValue == "MapIterationStarted" }.count == 100)
            }
        }
    }

    @Test("a Map wider than the history allows fails at the 25,000-event limit, not past it")
    func wideMapStopsAtTheHistoryLimit() async throws {
        try await withTestEngine { engine, _ in
            let result = try await engine.runToCompletion(definition: Self.definition(items: "[1..30000]"), input: "{}")
            #expect(result.status == .failed)
            #expect(result.error == "States.Runtime")
            let events = try engine.allHistory(executionArn: result.executionArn)
            #expect(events.count <= 25_000)
            #expect(events.last?.type.rawValue == "ExecutionFailed")
        }
    }
}
