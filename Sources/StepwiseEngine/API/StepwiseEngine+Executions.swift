import Foundation
import GRDB
import StatesLanguage

extension StepwiseEngine {
    /// AWS's payload limit for inputs, outputs and task results (256 KiB).
    public static let maxPayloadBytes = 262_144

    /// `StartExecution`. Starting again with the name of a RUNNING execution and the same input returns
    /// that execution; any other reuse of a name fails with `ExecutionAlreadyExists`.
    ///
    /// Returns once the execution's first transition is durable.
    /// - Throws: `StateMachineDoesNotExist`, `InvalidName`, `InvalidExecutionInput`, `ExecutionAlreadyExists`.
    @discardableResult
    public func startExecution(
        stateMachineArn: String, name: String? = nil, input: String? = nil
    ) async throws(EngineError) -> StartExecutionResult {
        let name = name ?? UUID().uuidString.lowercased()
        try ResourceNames.validateName(name)
        let inputText = input ?? "{}"
        guard inputText.utf8.count <= Self.maxPayloadBytes else {
            throw .invalidExecutionInput("Invalid State Machine Execution Input: 'the input exceeds the maximum size of 262144 bytes'")
        }
        let inputValue: JSONValue
        do {
            inputValue = try JSONValue(parsing: inputText)
        } catch {
            throw .invalidExecutionInput("Invalid State Machine Execution Input: '\(error)'")
        }
        let now = clock.now
        // A version or alias ARN runs a version of the machine (an alias picks one by weight).
        let target = try resolveStartTarget(stateMachineArn)
        let stateMachineArn = target.machineArn
        let (arn, stored) = try await reserveExecutionName(stateMachineArn: stateMachineArn, name: name)
        let outcome: (StartExecutionResult, Bool) = try state.withLock { state throws(EngineError) in
            state.startingArns.remove(arn)
            guard let current = state.machines[stateMachineArn] else {
                throw .stateMachineDoesNotExist("State Machine Does Not Exist: '\(stateMachineArn)'")
            }
            let machine = target.machine(current)
            if let existing = state.executions[arn] ?? stored {
                if existing.status == ExecutionStatus.running.rawValue, existing.input == inputText {
                    return (StartExecutionResult(executionArn: arn, startDate: existing.startDate), false)
                }
                throw .executionAlreadyExists("Execution Already Exists: '\(arn)'")
            }
            state.executionMachines[arn] =
                try target.version == nil
                ? machineRevision(machine, state: &state) : compiledMachine(machine.definition, state: &state)
            let express = machine.type == StateMachineType.express.rawValue
            let record = ExecutionRecord(
                arn: arn, stateMachineArn: stateMachineArn, name: name, status: ExecutionStatus.running.rawValue,
                input: inputText, output: nil, error: nil, cause: nil, startDate: now, stopDate: nil,
                definition: machine.definition, roleArn: machine.roleArn, runtime: nil, eventCount: 0,
                machineSnapshot: MachineSnapshot(
                    revision: machine.revision, revisionDate: machine.updateDate ?? machine.creationDate,
                    settings: machine.settings ?? StateMachineSettings(), versionArn: target.version?.arn,
                    aliasArn: target.aliasArn
                ).encoded(),
                startSequence: state.nextStartSequence)
            state.nextStartSequence += 1
            state.executions[arn] = record
            state.runtimes[arn] = ExecutionRuntime(
                executionArn: arn, executionName: name, stateMachineArn: stateMachineArn,
                stateMachineName: machine.name, roleArn: machine.roleArn, startTime: now, input: inputValue,
                inputText: inputText, maxDurationSeconds: express ? Self.expressMaxDurationSeconds : nil)
            return (StartExecutionResult(executionArn: arn, startDate: now), true)
        }
        if outcome.1 {
            try await transitionDurably(outcome.0.executionArn, .start)
        }
        return outcome.0
    }

    /// Names the new execution and reserves its ARN while the store is asked whether a closed execution already
    /// has it (a concurrent start of the same name waits for the reservation, so both cannot miss each other).
    /// The caller removes the reservation under the engine lock in which it creates the execution.
    ///
    /// - Returns: the ARN and, when the store holds an execution with that ARN that memory does not, its row.
    private func reserveExecutionName(
        stateMachineArn: String, name: String
    ) async throws(EngineError) -> (String, ExecutionRecord?) {
        while true {
            let reserved: (String, Bool)? = try state.withLock { state throws(EngineError) in
                guard let machine = state.machines[stateMachineArn] else {
                    throw .stateMachineDoesNotExist("State Machine Does Not Exist: '\(stateMachineArn)'")
                }
                if machine.type == StateMachineType.express.rawValue {
                    // An EXPRESS execution's ARN carries a fresh id: it cannot collide.
                    let id = UUID().uuidString.lowercased()
                    return (names.expressExecutionArn(machineName: machine.name, name: name, id: id), false)
                }
                let arn = names.executionArn(machineName: machine.name, name: name)
                if state.executions[arn] != nil { return (arn, false) }
                guard state.startingArns.insert(arn).inserted else { return nil }
                return (arn, true)
            }
            guard let (arn, checkStore) = reserved else {
                await Task.yield()
                continue
            }
            guard checkStore else { return (arn, nil) }
            do {
                return (arn, try store.read { db in try ExecutionQueries.execution(arn, in: db) })
            } catch {
                state.withLock { _ = $0.startingArns.remove(arn) }
                throw .storage("The store could not be read: \(error)")
            }
        }
    }

    /// An execution's row: from memory while it runs (or its stop is not yet durable), else from the store.
    func executionRecord(_ arn: String) throws(EngineError) -> ExecutionRecord? {
        if let record = state.withLock({ $0.executions[arn] }) { return record }
        do {
            return try store.read { db in try ExecutionQueries.execution(arn, in: db) }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
    }

    /// `StopExecution`: the execution ends ABORTED with the given error and cause.
    ///
    /// - Throws: `ExecutionDoesNotExist`.
    @discardableResult
    public func stopExecution(executionArn: String, error: String? = nil, cause: String? = nil) async throws(EngineError)
        -> Date
    {
        guard try executionRecord(executionArn) != nil else {
            throw .executionDoesNotExist("Execution Does Not Exist: '\(executionArn)'")
        }
        try await transitionDurably(executionArn, .stop(error: error, cause: cause))
        return try executionRecord(executionArn)?.stopDate ?? clock.now
    }

    /// `DescribeExecution`.
    ///
    /// - Throws: `ExecutionDoesNotExist`.
    public func describeExecution(executionArn: String) throws(EngineError) -> ExecutionDescription {
        guard let record = try executionRecord(executionArn) else {
            throw .executionDoesNotExist("Execution Does Not Exist: '\(executionArn)'")
        }
        return Self.describe(record, now: clock.now)
    }

    /// `DescribeStateMachineForExecution`: the machine as the execution runs it (the definition snapshot
    /// taken when it started).
    ///
    /// - Throws: `ExecutionDoesNotExist`.
    public func describeStateMachineForExecution(executionArn: String) throws(EngineError) -> StateMachineDescription {
        guard let record = try executionRecord(executionArn) else {
            throw .executionDoesNotExist("Execution Does Not Exist: '\(executionArn)'")
        }
        let machine = state.withLock { $0.machines[record.stateMachineArn] }
        let name = machine?.name ?? String(record.stateMachineArn.split(separator: ":").last ?? "")
        // Executions started before v4 of the store have no snapshot: the machine as it is now stands in.
        let snapshot = MachineSnapshot.decode(record.machineSnapshot)
        let creationDate = machine?.creationDate ?? record.startDate
        return StateMachineDescription(
            stateMachineArn: record.stateMachineArn, name: name, status: "ACTIVE", definition: record.definition,
            roleArn: record.roleArn,
            type: machine?.type
                ?? (ResourceNames.isExpressExecutionArn(record.arn) ? StateMachineType.express : .standard).rawValue,
            creationDate: creationDate,
            revision: snapshot?.revision ?? machine?.revision ?? 1,
            revisionDate: snapshot?.revisionDate ?? machine?.updateDate ?? creationDate,
            settings: snapshot?.settings ?? machine?.settings ?? StateMachineSettings())
    }

    /// `ListExecutions` for a machine, newest first, optionally filtered by status and by whether the execution
    /// has been redriven (`redriveFilter`), paginated. Items carry no input or output.
    ///
    /// - Throws: `StateMachineDoesNotExist`, `InvalidToken`.
    public func listExecutions(
        stateMachineArn: String, statusFilter: ExecutionStatus? = nil, redriven: Bool? = nil, maxResults: Int = 100,
        nextToken: String? = nil
    ) throws(EngineError) -> Page<ExecutionDescription> {
        let known = state.withLock { $0.machines[stateMachineArn] != nil }
        return try ExecutionQueries.listExecutions(
            store.writer, stateMachineArn: stateMachineArn, knownMachine: known, statusFilter: statusFilter,
            redriven: redriven, maxResults: maxResults, nextToken: nextToken, now: clock.now)
    }

    /// `GetExecutionHistory`: the durable events, oldest first (or newest first with `reverseOrder`),
    /// paginated. EXPRESS executions keep no history here (AWS sends theirs to CloudWatch Logs): their
    /// ARNs are refused with `InvalidArn`, as on AWS.
    ///
    /// - Throws: `ExecutionDoesNotExist`, `InvalidToken`, `InvalidArn`.
    public func getExecutionHistory(
        executionArn: String, maxResults: Int = 1000, reverseOrder: Bool = false, nextToken: String? = nil
    ) throws(EngineError) -> Page<HistoryEvent> {
        if ResourceNames.isExpressExecutionArn(executionArn) { throw Self.expressNotSupported() }
        let inMemory = state.withLock { $0.executions[executionArn] != nil }
        return try ExecutionQueries.getExecutionHistory(
            store.writer, executionArn: executionArn, known: inMemory, maxResults: maxResults, reverseOrder: reverseOrder,
            nextToken: nextToken)
    }

    /// Waits until the execution has stopped (and that is durable), then describes it.
    ///
    /// - Throws: `ExecutionDoesNotExist`; a storage error when the engine has shut down (or shuts down) before
    ///   the execution stops.
    public func awaitExecution(executionArn: String) async throws(EngineError) -> ExecutionDescription {
        let outcome: Result<ExecutionDescription, EngineError>? = await withCheckedContinuation { continuation in
            let immediate: Result<ExecutionDescription, EngineError>?? = state.withLock { state in
                // Not in memory: stopped durably (or never started), so the store answers.
                guard state.executions[executionArn] != nil else { return .some(nil) }
                if let error = state.unsaved[executionArn] { return .failure(error) }
                if state.loopsStopped { return .failure(.storage("The engine has shut down.")) }
                state.completionWaiters[executionArn, default: []].append(continuation)
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
        if let outcome { return try outcome.get() }
        guard let record = try executionRecord(executionArn) else {
            throw .executionDoesNotExist("Execution Does Not Exist: '\(executionArn)'")
        }
        return Self.describe(record, now: clock.now)
    }

    /// Applies an input to an execution and waits until the transition is durable.
    func transitionDurably(_ arn: String, _ input: RuntimeInput) async throws(EngineError) {
        let error: (any Error)?? = await withCheckedContinuation { continuation in
            let applied = state.withLock { state in
                transition(arn, input, state: &state) { error in continuation.resume(returning: .some(error)) }
            }
            if !applied { continuation.resume(returning: nil) }
        }
        if case .some(.some(let failure)) = error { throw .storage("The store could not commit: \(failure)") }
    }
}
