public import StepFunctionsAPI
package import Foundation
import GRDB
import OrderedCollections
import StatesLanguage
import Synchronization

extension StepwiseEngine {
    /// AWS's payload limit for inputs, outputs and task results (256 KiB).
    public static let maxPayloadBytes = 262_144

    /// `StartExecution`. Starting again with the name of a RUNNING execution and the same input returns
    /// that execution; any other reuse of a name fails with `ExecutionAlreadyExists`.
    ///
    /// Returns once the execution's first transition is durable.
    /// - Throws: `StateMachineDoesNotExist`, `InvalidName`, `InvalidExecutionInput`, `ExecutionAlreadyExists`.
    @discardableResult
    package func startExecution(
        stateMachineArn: String, name: String? = nil, input: String? = nil, synchronous: Bool = false
    ) async throws(StepFunctionsError) -> StartExecutionOutput {
        // `arn#TestCase` runs a test case of the mock configuration (see setMockConfiguration).
        let (requestedArn, testCase) = try mockTestCase(stateMachineArn)
        // A name the engine makes up is a fresh UUID: no execution, open or closed, can have it already, so the
        // store is not asked (one read per start less).
        let generated = name == nil
        let name = name ?? RandomUUID.text()
        if !generated { try ResourceNames.validateName(name) }
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
        let target = try resolveStartTarget(requestedArn)
        let stateMachineArn = target.machineArn
        let (arn, stored) = try await reserveExecutionName(
            stateMachineArn: stateMachineArn, name: name, checkStore: !generated)
        let outcome: (StartExecutionOutput, Bool) = try state.withLock { state throws(StepFunctionsError) in
            state.startingArns.remove(arn)
            guard let current = state.machines[stateMachineArn] else {
                if state.deletingMachine(stateMachineArn) != nil { throw Self.machineDeleting(stateMachineArn) }
                throw .stateMachineDoesNotExist(stateMachineArn)
            }
            let machine = target.machine(current)
            if let existing = state.executions[arn] ?? stored {
                if existing.status == ExecutionStatus.running.rawValue, existing.input == inputText {
                    return (StartExecutionOutput(executionArn: arn, startDate: existing.startDate), false)
                }
                throw .executionAlreadyExists(arn)
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
                ).encoded(in: &state),
                startSequence: state.nextStartSequence)
            state.nextStartSequence += 1
            state.executions[arn] = record
            state.runtimes[arn] = ExecutionRuntime(
                executionArn: arn, executionName: name, stateMachineArn: stateMachineArn,
                stateMachineName: machine.name, roleArn: machine.roleArn, startTime: now, input: inputValue,
                inputText: inputText, maxDurationSeconds: express ? Self.expressMaxDurationSeconds : nil,
                versionArn: target.version?.arn, aliasArn: target.aliasArn, synchronous: synchronous ? true : nil)
            return (StartExecutionOutput(executionArn: arn, startDate: now), true)
        }
        if outcome.1 {
            if let testCase { registerMockTestCase(executionArn: outcome.0.executionArn, testCase: testCase) }
            try await transitionDurably(outcome.0.executionArn, .start)
            if clock.settlesBeforeAnswering { await settle(outcome.0.executionArn) }
        }
        return outcome.0
    }

    /// Names the new execution and reserves its ARN while the store is asked whether a closed execution already
    /// has it (a concurrent start of the same name waits for the reservation, so both cannot miss each other).
    /// The caller removes the reservation under the engine lock in which it creates the execution.
    ///
    /// - Returns: the ARN and, when the store holds an execution with that ARN that memory does not, its row.
    ///   With `checkStore` false (a name the engine generated), the store is not read.
    private func reserveExecutionName(
        stateMachineArn: String, name: String, checkStore: Bool
    ) async throws(StepFunctionsError) -> (String, ExecutionRecord?) {
        while true {
            let reserved: (String, Bool)? = try state.withLock { state throws(StepFunctionsError) in
                guard let machine = state.machines[stateMachineArn] else {
                    if state.deletingMachine(stateMachineArn) != nil { throw Self.machineDeleting(stateMachineArn) }
                    throw .stateMachineDoesNotExist(stateMachineArn)
                }
                if machine.type == StateMachineType.express.rawValue {
                    // An EXPRESS execution's ARN carries a fresh id: it cannot collide.
                    let id = RandomUUID.text()
                    return (names.expressExecutionArn(machineName: machine.name, name: name, id: id), false)
                }
                let arn = names.executionArn(machineName: machine.name, name: name)
                if state.executions[arn] != nil || !checkStore { return (arn, false) }
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
    func executionRecord(_ arn: String) throws(StepFunctionsError) -> ExecutionRecord? {
        if let record = state.withLock({ $0.executions[arn] }) { return record }
        do {
            return try store.read { db in try ExecutionQueries.execution(arn, in: db) }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
    }

    /// A row for reading only (describing, awaiting): from memory while it runs, else from the executions that
    /// closed a moment ago, else from the store. Not for a redrive, which needs the saved runtime.
    func executionRecordToRead(_ arn: String) throws(StepFunctionsError) -> ExecutionRecord? {
        if let record = state.withLock({ $0.executions[arn] ?? $0.recentlyClosed.record(arn) }) { return record }
        return try executionRecord(arn)
    }

    /// `StopExecution`: the execution ends ABORTED with the given error and cause.
    ///
    /// - Throws: `ExecutionDoesNotExist`.
    @discardableResult
    package func stopExecution(executionArn: String, error: String? = nil, cause: String? = nil) async throws(StepFunctionsError)
        -> Date
    {
        guard try executionRecord(executionArn) != nil else {
            throw .executionDoesNotExist(executionArn)
        }
        try await transitionDurably(executionArn, .stop(error: error, cause: cause))
        return try executionRecord(executionArn)?.stopDate ?? clock.now
    }

    /// `DescribeExecution`.
    ///
    /// - Throws: `ExecutionDoesNotExist`.
    package func describeExecution(executionArn: String) throws(StepFunctionsError) -> DescribeExecutionOutput {
        guard let record = try executionRecordToRead(executionArn) else {
            // A Distributed Map's child workflow execution.
            if let child = try describeMapRunExecution(executionArn) { return child }
            throw .executionDoesNotExist(executionArn)
        }
        let deleting = state.withLock { $0.deletingMachine(record.stateMachineArn) != nil }
        return Self.describe(record, now: clock.now, machineDeleting: deleting)
    }

    /// `DescribeStateMachineForExecution`: the machine as the execution runs it (the definition snapshot
    /// taken when it started). For a Map Run's child workflow execution, the Map Run's machine (AWS: "The state
    /// machine returned is the state machine associated with the Map Run"): its `ItemProcessor` as the definition,
    /// with the Map Run's ARN and label.
    ///
    /// - Throws: `ExecutionDoesNotExist`.
    package func describeStateMachineForExecution(executionArn: String) throws(StepFunctionsError)
        -> DescribeStateMachineForExecutionOutput
    {
        guard let record = try executionRecord(executionArn) else {
            let child: MapRunExecutionRecord?
            do {
                child = try store.read { db in try MapRunExecutionQueries.execution(executionArn, in: db) }
            } catch {
                throw StepFunctionsError(.internalFailure, "The store could not be read: \(error)")
            }
            guard let child, child.parentArn != executionArn else { throw .executionDoesNotExist(executionArn) }
            var parent = try describeStateMachineForExecution(executionArn: child.parentArn)
            // `stateMachine:<machine>/<label>`.
            let name = child.stateMachineArn.components(separatedBy: ":stateMachine:").last ?? child.stateMachineArn
            let label = name.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? name
            parent.stateMachineArn = child.stateMachineArn
            parent.name = name
            parent.definition = Self.itemProcessor(labelled: label, in: parent.definition) ?? parent.definition
            parent.variableReferences = VariableReferences.of(definition: parent.definition)
            parent.mapRunArn = child.mapRunArn
            parent.label = label
            parent.revisionId = nil
            return parent
        }
        let machine = state.withLock { $0.machines[record.stateMachineArn] }
        let name = machine?.name ?? String(record.stateMachineArn.split(separator: ":").last ?? "")
        // Executions started before v4 of the store have no snapshot: the machine as it is now stands in.
        let snapshot = MachineSnapshot.decode(record.machineSnapshot)
        let creationDate = machine?.creationDate ?? record.startDate
        let revision = snapshot?.revision ?? machine?.revision ?? 1
        let settings = snapshot?.settings ?? machine?.settings ?? StateMachineSettings()
        return DescribeStateMachineForExecutionOutput(
            stateMachineArn: record.stateMachineArn, name: name, definition: record.definition, roleArn: record.roleArn,
            updateDate: snapshot?.revisionDate ?? machine?.updateDate ?? creationDate,
            loggingConfiguration: settings.logging.wire,
            tracingConfiguration: TracingConfiguration(enabled: settings.tracingEnabled),
            revisionId: Self.revisionId(of: record.stateMachineArn, revision), encryptionConfiguration: settings.encryption.wire,
            variableReferences: VariableReferences.of(definition: record.definition))
    }

    /// The `ItemProcessor` (or legacy `Iterator`) of the Distributed Map labelled `label` (its `Label`, else its
    /// state name) anywhere in `definition`, as JSON text; nil when there is none.
    static func itemProcessor(labelled label: String, in definition: String) -> String? {
        func find(_ states: JSONValue?) -> JSONValue? {
            for (name, state) in states?.objectValue ?? [:] {
                if state["Type"]?.stringValue == "Map", let processor = state["ItemProcessor"] ?? state["Iterator"] {
                    if (state["Label"]?.stringValue ?? name) == label,
                        processor["ProcessorConfig"]?["Mode"]?.stringValue == "DISTRIBUTED"
                    {
                        return processor
                    }
                    if let found = find(processor["States"]) { return found }
                }
                for branch in state["Branches"]?.arrayValue ?? [] {
                    if let found = find(branch["States"]) { return found }
                }
            }
            return nil
        }
        guard let root = try? JSONValue(parsing: definition) else { return nil }
        return find(root["States"])?.jsonString()
    }

    /// `ListExecutions` for a machine, newest first, optionally filtered by status and by whether the execution
    /// has been redriven (`redriveFilter`), paginated. Items carry no input or output.
    ///
    /// - Throws: `StateMachineDoesNotExist`, `InvalidToken`.
    package func listExecutions(
        stateMachineArn: String, statusFilter: StepFunctionsAPI.ExecutionStatus? = nil, redriven: Bool? = nil,
        maxResults: Int = 100, nextToken: String? = nil
    ) throws(StepFunctionsError) -> ListExecutionsOutput {
        let known = state.withLock { $0.machines[stateMachineArn] != nil }
        return try ExecutionQueries.listExecutions(
            store.writer, stateMachineArn: stateMachineArn, knownMachine: known, statusFilter: statusFilter,
            redriven: redriven, maxResults: maxResults, nextToken: nextToken)
    }

    /// `GetExecutionHistory`: the durable events, oldest first (or newest first with `reverseOrder`),
    /// paginated. EXPRESS executions keep no history here (AWS sends theirs to CloudWatch Logs): their
    /// ARNs are refused with `InvalidArn`, as on AWS.
    ///
    /// - Throws: `ExecutionDoesNotExist`, `InvalidToken`, `InvalidArn`.
    package func getExecutionHistory(
        executionArn: String, maxResults: Int = 1000, reverseOrder: Bool = false, nextToken: String? = nil,
        includeData: Bool = true
    ) throws(StepFunctionsError) -> GetExecutionHistoryOutput {
        // Express executions are refused, except a Map Run's children (`express:<machine>/<label>:...`).
        try Self.refuseExpressExecution(executionArn)
        let inMemory = state.withLock { $0.executions[executionArn] != nil }
        return try ExecutionQueries.getExecutionHistory(
            store.writer, executionArn: executionArn, known: inMemory, maxResults: maxResults, reverseOrder: reverseOrder,
            nextToken: nextToken, includeData: includeData)
    }

    /// Waits until the execution has stopped (and that is durable), then describes it.
    ///
    /// A caller whose task is cancelled stops waiting at once and gets the execution as it is then (RUNNING, say):
    /// a wait never outlives its caller.
    ///
    /// - Throws: `ExecutionDoesNotExist`; a storage error when the engine has shut down (or shuts down) before
    ///   the execution stops.
    public func awaitExecution(executionArn: String) async throws(StepFunctionsError) -> DescribeExecutionOutput {
        let id = state.withLock { state in
            state.nextCompletionWaiterId += 1
            return state.nextCompletionWaiterId
        }
        let outcome: Result<DescribeExecutionOutput, StepFunctionsError>? = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate: Result<DescribeExecutionOutput, StepFunctionsError>?? = state.withLock { state in
                    // Not in memory: stopped durably (or never started), so the store answers.
                    guard state.executions[executionArn] != nil else { return .some(nil) }
                    if let error = state.unsaved[executionArn] { return .failure(error) }
                    if state.loopsStopped { return .failure(.storage("The engine has shut down.")) }
                    // Checked under the lock the cancellation handler takes: a cancellation is never missed.
                    if Task.isCancelled { return .some(nil) }
                    state.completionWaiters[executionArn, default: [:]][id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                let waiter = state.completionWaiters[executionArn]?.removeValue(forKey: id)
                if state.completionWaiters[executionArn]?.isEmpty == true { state.completionWaiters[executionArn] = nil }
                return waiter
            }
            waiter?.resume(returning: nil)
        }
        if let outcome { return try outcome.get() }
        guard let record = try executionRecordToRead(executionArn) else {
            throw .executionDoesNotExist(executionArn)
        }
        return Self.describe(record, now: clock.now)
    }

    /// Applies an input to an execution and waits until the transition is durable.
    /// Waits (at most ten seconds of real time) until `arn` has no input queued or being evaluated, then until
    /// everything submitted before is durable (an empty batch through the group committer, which writes in order).
    /// For clocks that settle before answering (``EngineClock/settlesBeforeAnswering``).
    func settle(_ arn: String) async {
        let limit = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < limit {
            let busy = state.withLock { state in
                state.mailboxes[arn].map { !$0.pending.isEmpty || $0.inFlight } ?? false
            }
            guard busy else { break }
            try? await Task.sleep(for: .microseconds(200))
        }
        try? await committer.commit(WriteBatch())
    }

    func transitionDurably(_ arn: String, _ input: RuntimeInput) async throws(StepFunctionsError) {
        let error: (any Error)?? = await withCheckedContinuation { continuation in
            let applied = state.withLock { state in
                transition(arn, input, state: &state) { error in continuation.resume(returning: .some(error)) }
            }
            if !applied { continuation.resume(returning: nil) }
        }
        if case .some(.some(let failure)) = error { throw .storage("The store could not commit: \(failure)") }
    }
}
