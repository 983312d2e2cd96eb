package import StepFunctionsAPI
public import Foundation
import GRDB
import StatesLanguage
import Synchronization

extension StepwiseEngine {
    /// How long after it stopped an execution can be redriven (AWS: 14 days).
    public static let redrivePeriod: TimeInterval = 14 * 24 * 3600
    /// The longest an execution may run, redrives included (AWS: one year).
    public static let maxExecutionTime: TimeInterval = 365 * 24 * 3600
    /// How many recent client tokens per execution answer a repeated RedriveExecution idempotently (AWS: 10).
    static let redriveTokensKept = 10
    /// How long a client token stays valid (AWS: 15 minutes).
    static let redriveTokenLifetime: TimeInterval = 15 * 60

    /// `RedriveExecution`: restarts a FAILED, TIMED_OUT or ABORTED execution from where it stopped, with the
    /// same ARN, definition and input. The steps that had not succeeded run again (their retry counters
    /// reset); the ones that had succeeded, including the succeeded branches of a Parallel state and the
    /// succeeded iterations of a Map state, are not run again. The history continues with `ExecutionRedriven`.
    ///
    /// A `clientToken` used for one of the execution's last 10 redrives within 15 minutes answers that redrive
    /// again instead of redriving anew.
    ///
    /// - Returns: the redrive date.
    /// - Throws: `ExecutionDoesNotExist`, `ExecutionNotRedrivable` (with AWS's reason, e.g. "Execution is
    ///   SUCCEEDED and cannot be redriven").
    @discardableResult
    package func redriveExecution(executionArn: String, clientToken: String? = nil) async throws(StepFunctionsError) -> Date {
        if ResourceNames.isExpressExecutionArn(executionArn) { throw Self.expressNotSupported() }
        let now = clock.now
        guard let current = try executionRecord(executionArn) else {
            throw .executionDoesNotExist(executionArn)
        }
        let check: (ExecutionRecord, Date?, Bool) = state.withLock { state in
            let record = state.executions[executionArn] ?? current
            if let clientToken,
                let earlier = state.redriveTokens[executionArn]?.last(where: {
                    $0.token == clientToken && now.timeIntervalSince($0.date) <= Self.redriveTokenLifetime
                })
            {
                return (record, earlier.date, false)
            }
            return (record, nil, state.deletingMachine(record.stateMachineArn) != nil)
        }
        if let repeated = check.1 { return repeated }
        if let reason = Self.redriveStatus(check.0, now: now, machineDeleting: check.2) { throw .executionNotRedrivable(reason) }
        // The stop must be durable before its position can be read back.
        _ = try await awaitExecution(executionArn: executionArn)
        let (stored, kept) = try stoppedPosition(executionArn)
        let position = try childHistoriesContinued(kept)
        let outcome: (Date, Bool) = try state.withLock { state throws(StepFunctionsError) in
            // In memory means RUNNING again (a concurrent redrive) or a stop not yet durable.
            guard state.executions[executionArn] == nil else {
                throw .executionNotRedrivable("Execution is RUNNING and cannot be redriven")
            }
            guard var record = stored else {
                throw .executionDoesNotExist(executionArn)
            }
            let deleting = state.deletingMachine(record.stateMachineArn) != nil
            if let reason = Self.redriveStatus(record, now: now, machineDeleting: deleting) { throw .executionNotRedrivable(reason) }
            guard var runtime = position else {
                throw .executionNotRedrivable("Execution was started before the launch of RedriveExecution")
            }
            runtime.nextEventId = record.eventCount + 1
            record.status = ExecutionStatus.running.rawValue
            record.stopDate = nil
            record.error = nil
            record.cause = nil
            record.output = nil
            record.redriveCount += 1
            record.redriveDate = now
            record.runtime = nil
            state.recentlyClosed.remove(executionArn)
            state.executions[executionArn] = record
            state.runtimes[executionArn] = runtime
            if let clientToken {
                var tokens = (state.redriveTokens[executionArn] ?? []).filter {
                    now.timeIntervalSince($0.date) <= Self.redriveTokenLifetime
                }
                tokens.append(RedriveToken(token: clientToken, date: now))
                state.redriveTokens[executionArn] = Array(tokens.suffix(Self.redriveTokensKept))
            }
            // Tokens past their lifetime answer nothing: drop them so the map stays as small as recent redrives.
            if state.redriveTokens.count > 1024 {
                state.redriveTokens = state.redriveTokens.filter { _, tokens in
                    tokens.contains { now.timeIntervalSince($0.date) <= Self.redriveTokenLifetime }
                }
            }
            return (now, true)
        }
        let count = state.withLock { $0.executions[executionArn]?.redriveCount } ?? 1
        try await transitionDurably(executionArn, .redrive(count: count))
        if clock.settlesBeforeAnswering { await settle(executionArn) }
        return outcome.0
    }

    /// A stopped execution's row and the position it was kept at, read from the store (nil when none was kept).
    private func stoppedPosition(_ executionArn: String) throws(StepFunctionsError) -> (ExecutionRecord?, ExecutionRuntime?) {
        let record: ExecutionRecord?
        do {
            record = try store.read { db in try ExecutionQueries.execution(executionArn, withRuntime: true, in: db) }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
        guard let record, let data = record.runtime else { return (record, nil) }
        do {
            return (record, try ExecutionRuntime.decode(data, input: record.input))
        } catch {
            throw .storage("The saved stop position of \(executionArn) could not be read: \(error)")
        }
    }

    /// The stopped position with each STANDARD Distributed Map child it holds set to continue its own history: the
    /// position was kept when the failure began, before the child's last events (its failure or abort) were
    /// recorded, so its next event id is read from the store (the child is redriven in place,
    /// ``Interpreter/redriveChildExecutions(_:)``).
    private func childHistoriesContinued(_ position: ExecutionRuntime?) throws(StepFunctionsError) -> ExecutionRuntime? {
        guard var runtime = position else { return nil }
        let children = runtime.frames.compactMap { id, frame -> (Int, String)? in
            guard let child = frame.childExecution, !child.arn.contains(":express:") else { return nil }
            return (id, child.arn)
        }
        guard !children.isEmpty else { return runtime }
        let last: [String: Int]
        do {
            last = try store.read { db in
                var found: [String: Int] = [:]
                for (_, arn) in children {
                    found[arn] = try Int.fetchOne(db, sql: "SELECT max(id) FROM historyEvent WHERE executionArn = ?", arguments: [arn])
                }
                return found
            }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
        for (id, arn) in children {
            guard let lastId = last[arn], var child = runtime.frames[id]?.childExecution else { continue }
            child.nextEventId = max(child.nextEventId, lastId + 1)
            runtime.frames[id]?.childExecution = child
        }
        return runtime
    }

    /// Why an execution cannot be redriven now (AWS's `redriveStatusReason` wording), or nil when it can.
    static func redriveStatus(_ record: ExecutionRecord, now: Date, machineDeleting: Bool = false) -> String? {
        let status = ExecutionStatus(rawValue: record.status) ?? .running
        switch status {
        case .running, .succeeded: return "Execution is \(status.rawValue) and cannot be redriven"
        case .failed, .timedOut, .aborted: break
        }
        if machineDeleting { return "State machine is in DELETING status." }
        if ResourceNames.isExpressExecutionArn(record.arn) {
            return "Redrive is not supported by EXPRESS state machines"
        }
        if record.eventCount + Interpreter.historyHeadroom >= Interpreter.maxHistoryEvents {
            return "Execution history event limit exceeded"
        }
        if now.timeIntervalSince(record.startDate) > maxExecutionTime {
            return "Execution has exceeded the max execution time"
        }
        if let stop = record.stopDate, now.timeIntervalSince(stop) > redrivePeriod {
            return "Execution redrivable period exceeded"
        }
        return nil
    }
}

/// A client token of a successful RedriveExecution, for idempotent repeats.
struct RedriveToken: Sendable {
    var token: String
    var date: Date
}
