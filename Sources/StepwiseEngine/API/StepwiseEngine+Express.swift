public import StepFunctionsAPI
import Foundation
import Synchronization

extension StepwiseEngine {
    /// The longest an EXPRESS execution runs (AWS: five minutes); it then ends TIMED_OUT.
    public static let expressMaxDurationSeconds = 300

    /// `StartSyncExecution`: runs an execution of an EXPRESS machine to its end and returns its result.
    /// The execution's own failure is a result (status `FAILED` or `TIMED_OUT`), not an error.
    ///
    /// - Throws: `StateMachineDoesNotExist`, `StateMachineTypeNotSupported` (a STANDARD machine),
    ///   `InvalidName`, `InvalidExecutionInput`.
    public func startSyncExecution(_ input: StartSyncExecutionInput) async throws(StepFunctionsError)
        -> StartSyncExecutionOutput
    {
        let stateMachineArn = input.stateMachineArn
        // A version or alias ARN names a version of the machine, of the machine's type.
        let machineArn = Self.unqualified(stateMachineArn) ?? stateMachineArn
        let (found, deleting) = state.withLock { state in (state.machines[machineArn], state.deletingMachine(machineArn) != nil) }
        guard let machine = found else {
            if deleting { throw Self.machineDeleting(machineArn) }
            throw .stateMachineDoesNotExist(stateMachineArn)
        }
        guard machine.type == StateMachineType.express.rawValue else { throw .stateMachineTypeNotSupported() }
        let started = try await startExecution(
            stateMachineArn: stateMachineArn, name: input.name, input: input.input, synchronous: true)
        let done = try await awaitExecution(executionArn: started.executionArn)
        let stop = done.stopDate ?? done.startDate
        let milliseconds = max(stop.timeIntervalSince(done.startDate) * 1000, 0)
        let billed = max(Int((milliseconds / 100).rounded(.up)) * 100, 100)
        let withData = input.includedData != .metadataOnly
        let status: SyncExecutionStatus =
            switch done.status {
            case .succeeded: .succeeded
            case .timedOut: .timedOut
            default: .failed
            }
        return StartSyncExecutionOutput(
            executionArn: done.executionArn, stateMachineArn: done.stateMachineArn, name: done.name,
            startDate: done.startDate, stopDate: stop, status: status, error: done.error, cause: done.cause,
            input: withData ? done.input : nil, inputDetails: .init(included: withData),
            // outputDetails is there without an output too: AWS answers a FAILED execution with it (LocalStack's
            // express/test_express_sync.snapshot.json, test_base[BASE_RAISE_FAILURE], recorded against AWS).
            output: withData ? done.output : nil, outputDetails: .init(included: withData),
            billingDetails: BillingDetails(billedMemoryUsedInMB: 64, billedDurationInMilliseconds: billed))
    }

    /// AWS's answer to an operation that EXPRESS executions do not support.
    static func expressNotSupported() -> StepFunctionsError {
        .invalidArn("Invalid Arn: 'Resource type not valid in this context: express'")
    }
}
