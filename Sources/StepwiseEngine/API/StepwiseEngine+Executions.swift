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
        let outcome: (StartExecutionResult, Bool) = try state.withLock { state throws(EngineError) in
            guard let machine = state.machines[stateMachineArn] else {
                throw .stateMachineDoesNotExist("State Machine Does Not Exist: '\(stateMachineArn)'")
            }
            let express = machine.type == StateMachineType.express.rawValue
            let arn = express
                ? names.expressExecutionArn(machineName: machine.name, name: name, id: UUID().uuidString.lowercased())
                : names.executionArn(machineName: machine.name, name: name)
            if let existing = state.executions[arn] {
                if existing.status == ExecutionStatus.running.rawValue, existing.input == inputText {
                    return (StartExecutionResult(executionArn: arn, startDate: existing.startDate), false)
                }
                throw .executionAlreadyExists("Execution Already Exists: '\(arn)'")
            }
            _ = try compiledMachine(machine.definition, state: &state)
            let record = ExecutionRecord(
                arn: arn, stateMachineArn: stateMachineArn, name: name, status: ExecutionStatus.running.rawValue,
                input: inputText, output: nil, error: nil, cause: nil, startDate: now, stopDate: nil,
                definition: machine.definition, roleArn: machine.roleArn, runtime: nil, eventCount: 0,
                machineSnapshot: MachineSnapshot(
                    revision: machine.revision, revisionDate: machine.updateDate ?? machine.creationDate,
                    settings: machine.settings ?? StateMachineSettings()
                ).encoded())
            state.executions[arn] = record
            state.executionsByMachine[stateMachineArn, default: []].append(arn)
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

    /// `StopExecution`: the execution ends ABORTED with the given error and cause.
    ///
    /// - Throws: `ExecutionDoesNotExist`.
    @discardableResult
    public func stopExecution(executionArn: String, error: String? = nil, cause: String? = nil) async throws(EngineError)
        -> Date
    {
        let exists = state.withLock { $0.executions[executionArn] != nil }
        guard exists else { throw .executionDoesNotExist("Execution Does Not Exist: '\(executionArn)'") }
        try await transitionDurably(executionArn, .stop(error: error, cause: cause))
        return state.withLock { $0.executions[executionArn]?.stopDate } ?? clock.now
    }

    /// `DescribeExecution`.
    ///
    /// - Throws: `ExecutionDoesNotExist`.
    public func describeExecution(executionArn: String) throws(EngineError) -> ExecutionDescription {
        guard let record = state.withLock({ $0.executions[executionArn] }) else {
            throw .executionDoesNotExist("Execution Does Not Exist: '\(executionArn)'")
        }
        return Self.describe(record, now: clock.now)
    }

    /// `DescribeStateMachineForExecution`: the machine as the execution runs it (the definition snapshot
    /// taken when it started).
    ///
    /// - Throws: `ExecutionDoesNotExist`.
    public func describeStateMachineForExecution(executionArn: String) throws(EngineError) -> StateMachineDescription {
        let found: (ExecutionRecord, StateMachineRecord?)? = state.withLock { state in
            guard let record = state.executions[executionArn] else { return nil }
            return (record, state.machines[record.stateMachineArn])
        }
        guard let (record, machine) = found else {
            throw .executionDoesNotExist("Execution Does Not Exist: '\(executionArn)'")
        }
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
        let records: [ExecutionRecord]? = state.withLock { state in
            guard state.machines[stateMachineArn] != nil || state.executionsByMachine[stateMachineArn] != nil else {
                return nil
            }
            let arns = state.executionsByMachine[stateMachineArn] ?? []
            return arns.reversed().compactMap { state.executions[$0] }
        }
        guard let records else {
            throw .stateMachineDoesNotExist("State Machine Does Not Exist: '\(stateMachineArn)'")
        }
        let items = records.filter { record in
            (statusFilter == nil || record.status == statusFilter?.rawValue)
                && (redriven == nil || redriven == (record.redriveCount > 0))
        }.map { record in
            var description = Self.describe(record, now: clock.now)
            description.input = ""
            description.output = nil
            return description
        }
        return try paginate(items, maxResults: maxResults, nextToken: nextToken)
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
        guard state.withLock({ $0.executions[executionArn] != nil }) else {
            throw .executionDoesNotExist("Execution Does Not Exist: '\(executionArn)'")
        }
        let limit = maxResults <= 0 ? 1000 : min(maxResults, 1000)
        var cursor: Int?
        if let nextToken {
            guard nextToken.hasPrefix("e:"), let id = Int(nextToken.dropFirst(2)) else {
                throw EngineError("InvalidToken", "Invalid Token: '\(nextToken)'")
            }
            cursor = id
        }
        let after = cursor
        let order = reverseOrder ? "DESC" : "ASC"
        let comparison = reverseOrder ? "<" : ">"
        let records: [EventRecord]
        do {
            records = try store.read { db in
                var sql = "SELECT * FROM historyEvent WHERE executionArn = ?"
                var arguments: StatementArguments = [executionArn]
                if let after {
                    sql += " AND id \(comparison) ?"
                    arguments += [after]
                }
                sql += " ORDER BY id \(order) LIMIT ?"
                arguments += [limit + 1]
                return try EventRecord.fetchAll(db, sql: sql, arguments: arguments)
            }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
        let page = records.prefix(limit)
        let events = page.map { record in
            HistoryEvent(
                id: record.id, previousEventId: record.previousEventId,
                timestamp: Date(timeIntervalSince1970: record.timestamp), type: record.type,
                details: record.details.flatMap { try? JSONValue(parsing: $0) })
        }
        let next = records.count > limit ? page.last.map { "e:\($0.id)" } : nil
        return Page(items: events, nextToken: next)
    }

    /// Waits until the execution has stopped (and that is durable), then describes it.
    ///
    /// - Throws: `ExecutionDoesNotExist`; a storage error when the engine has shut down (or shuts down) before
    ///   the execution stops.
    public func awaitExecution(executionArn: String) async throws(EngineError) -> ExecutionDescription {
        let outcome: Result<ExecutionDescription, EngineError> = await withCheckedContinuation { continuation in
            let immediate: Result<ExecutionDescription, EngineError>? = state.withLock { state in
                guard let record = state.executions[executionArn] else {
                    return .failure(.executionDoesNotExist("Execution Does Not Exist: '\(executionArn)'"))
                }
                if state.durablyStopped.contains(executionArn) { return .success(Self.describe(record, now: clock.now)) }
                if let error = state.unsaved[executionArn] { return .failure(error) }
                if state.loopsStopped { return .failure(.storage("The engine has shut down.")) }
                state.completionWaiters[executionArn, default: []].append(continuation)
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
        return try outcome.get()
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
