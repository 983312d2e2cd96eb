import Foundation
import StatesLanguage
import StepwiseEngine

/// A clock that runs `factor` times faster than real time, for the examples' `--fast`: with a factor of
/// 1000, a two-minute wait takes 0.12 s.
public struct ScaledClock: EngineClock {
    /// How many times faster than real time.
    public let factor: Double
    let start = Date()

    /// A clock `factor` times faster than real time, starting now.
    public init(factor: Double) { self.factor = factor }

    public var now: Date { start.addingTimeInterval(Date().timeIntervalSince(start) * factor) }

    public func sleep(until deadline: Date) async throws {
        let real = deadline.timeIntervalSince(now) / factor
        if real > 0 {
            try await Task.sleep(for: .nanoseconds(Int64(min(real, 86_400) * 1e9)))
        } else {
            try Task.checkCancellation()
        }
    }
}

extension StepwiseEngine {
    /// Runs `workflow` on `input` and prints its status, output or error, and its history, one line per
    /// event (`id type name`). Returns whether the execution succeeded.
    public func runAndPrint<Input, Output>(_ workflow: Workflow<Input, Output>, input: Input) async throws -> Bool {
        let arn = try await ensureStateMachine(workflow)
        let started = try await startExecution(stateMachineArn: arn, input: try TaskCoding.encode(input).jsonString())
        let result = try await awaitExecution(executionArn: started.executionArn)
        print("status: \(result.status.rawValue)")
        if let output = result.output { print("output: \(output)") }
        if let error = result.error { print("error: \(error): \(result.cause ?? "")") }
        for event in try getExecutionHistory(executionArn: started.executionArn).items {
            let name = event.details?["name"]?.stringValue.map { " \($0)" } ?? ""
            print("\(event.id) \(event.type)\(name)")
        }
        return result.status == .succeeded
    }
}
