// What the examples (pizza, batch) share; not part of the library.
package import StepFunctionsAPI
package import Stepwise

extension StepFunctionsBackend {
    /// Runs `workflow` on `input` and prints its status, output or error, and its history, one line per
    /// event (`id type name`). Returns whether the execution succeeded.
    package func runAndPrint<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input, options: StateMachineOptions = .init()
    ) async throws -> Bool {
        let execution = try await startExecution(workflow, input: input, options: options)
        let result = try await awaitExecution(executionArn: execution.executionArn)
        print("status: \(result.status.rawValue)")
        if let output = result.output { print("output: \(output)") }
        if let error = result.error { print("error: \(error): \(result.cause ?? "")") }
        for event in try await execution.history() {
            print(event.summaryLine)
        }
        return result.status == .succeeded
    }
}

extension HistoryEvent {
    /// `id type name`: the event's id, its type, and the state it concerns when it names one.
    package var summaryLine: String {
        let name =
            stateEnteredEventDetails?.name ?? stateExitedEventDetails?.name ?? mapIterationStartedEventDetails?.name
            ?? mapIterationSucceededEventDetails?.name ?? mapIterationFailedEventDetails?.name
            ?? mapIterationAbortedEventDetails?.name
        return "\(id) \(type.rawValue)\(name.map { " \($0)" } ?? "")"
    }
}
