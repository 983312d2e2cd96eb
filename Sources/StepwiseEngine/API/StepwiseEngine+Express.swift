import Foundation

extension StepwiseEngine {
    /// The longest an EXPRESS execution runs (AWS: five minutes); it then ends TIMED_OUT.
    public static let expressMaxDurationSeconds = 300

    /// `StartSyncExecution`: runs an execution of an EXPRESS machine to its end and returns its result.
    /// The execution's own failure is a result (status `FAILED` or `TIMED_OUT`), not an error.
    ///
    /// - Throws: `StateMachineDoesNotExist`, `StateMachineTypeNotSupported` (a STANDARD machine),
    ///   `InvalidName`, `InvalidExecutionInput`.
    public func startSyncExecution(
        stateMachineArn: String, name: String? = nil, input: String? = nil
    ) async throws(EngineError) -> SyncExecutionResult {
        // A version or alias ARN names a version of the machine, of the machine's type.
        let machineArn = Self.unqualified(stateMachineArn) ?? stateMachineArn
        guard let machine = state.withLock({ $0.machines[machineArn] }) else {
            throw .stateMachineDoesNotExist("State Machine Does Not Exist: '\(stateMachineArn)'")
        }
        guard machine.type == StateMachineType.express.rawValue else {
            throw EngineError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")
        }
        let started = try await startExecution(stateMachineArn: stateMachineArn, name: name, input: input)
        let done = try await awaitExecution(executionArn: started.executionArn)
        let stop = done.stopDate ?? done.startDate
        let milliseconds = max(stop.timeIntervalSince(done.startDate) * 1000, 0)
        let billed = max(Int((milliseconds / 100).rounded(.up)) * 100, 100)
        return SyncExecutionResult(
            executionArn: done.executionArn, stateMachineArn: done.stateMachineArn, name: done.name,
            startDate: done.startDate, stopDate: stop, status: done.status == .aborted ? .failed : done.status,
            input: done.input, output: done.output, error: done.error, cause: done.cause,
            billedMemoryUsedInMB: 64, billedDurationInMilliseconds: billed)
    }

    /// AWS's answer to an operation that EXPRESS executions do not support.
    static func expressNotSupported() -> EngineError {
        .invalidArn("Invalid Arn: 'Resource type not valid in this context: express'")
    }
}
