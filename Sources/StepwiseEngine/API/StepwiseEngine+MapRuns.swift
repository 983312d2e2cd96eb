import Foundation
import GRDB
public import StepFunctionsAPI
import Synchronization

/// The Map Run operations, with the `StepFunctionsBackend` signatures (wire shapes, ``StepFunctionsError``).
///
/// A Map Run is written in the transaction of every transition that changes it, so these read the store: what they
/// answer is durable.
extension StepwiseEngine {
    /// `DescribeMapRun`: a Map Run's status, settings and item and child workflow counts.
    ///
    /// - Throws: `InvalidArn` for an ARN that names no Map Run, `ResourceNotFound` for an unknown one.
    public func describeMapRun(_ input: DescribeMapRunInput) async throws(StepFunctionsError) -> DescribeMapRunOutput {
        try input.validateRequest()
        let record = try mapRunRecord(input.mapRunArn)
        return DescribeMapRunOutput(
            mapRunArn: record.arn, executionArn: record.executionArn, status: MapRunStatus(rawValue: record.status),
            startDate: record.startDate, stopDate: record.stopDate, maxConcurrency: record.maxConcurrency,
            toleratedFailurePercentage: record.toleratedFailurePercentage,
            toleratedFailureCount: record.toleratedFailureCount, itemCounts: Self.wireCounts(record.itemCounts),
            executionCounts: Self.wireCounts(record.executionCounts), redriveCount: record.redriveCount,
            redriveDate: record.redriveDate)
    }

    /// `ListMapRuns`: the Map Runs an execution started, oldest first, paginated. A Map Run child workflow execution
    /// lists those its own Distributed Map states started.
    ///
    /// - Throws: `ExecutionDoesNotExist`, `InvalidArn`, `InvalidToken`.
    public func listMapRuns(_ input: ListMapRunsInput) async throws(StepFunctionsError) -> ListMapRunsOutput {
        try input.validateRequest()
        let limit = (input.maxResults ?? 0) <= 0 ? 100 : min(input.maxResults ?? 100, 1000)
        let after = try Self.mapRunCursor(input.nextToken)
        let arn = input.executionArn
        let inMemory = state.withLock { $0.executions[arn] != nil }
        let records: [MapRunRecord]?
        do {
            records = try store.read { db in
                guard try inMemory || ExecutionQueries.execution(arn, in: db) != nil
                    || MapRunExecutionQueries.execution(arn, in: db) != nil
                else { return nil }
                return try MapRunQueries.mapRuns(of: arn, afterSequence: after, limit: limit, in: db)
            }
        } catch {
            throw StepFunctionsError(.internalFailure, "The store could not be read: \(error)")
        }
        guard let records else { throw StepFunctionsError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'") }
        let page = records.prefix(limit)
        return ListMapRunsOutput(
            mapRuns: page.map {
                MapRunListItem(
                    executionArn: $0.executionArn, mapRunArn: $0.arn, stateMachineArn: $0.stateMachineArn,
                    startDate: $0.startDate, stopDate: $0.stopDate)
            },
            nextToken: records.count > limit ? page.last.map { "m:\($0.startSequence)" } : nil)
    }

    /// `UpdateMapRun`: changes a running Map Run's MaxConcurrency and tolerated failures, in force at once (more
    /// children start when the concurrency grows; a threshold applies from the next failed item). Answers once the
    /// change is durable.
    ///
    /// - Throws: `InvalidArn`, `ResourceNotFound`, `ValidationException` (no setting given, a value out of range, or
    ///   a Map Run that is no longer running).
    public func updateMapRun(_ input: UpdateMapRunInput) async throws(StepFunctionsError) -> UpdateMapRunOutput {
        try input.validateRequest()
        let record = try mapRunRecord(input.mapRunArn)
        let update = MapRunUpdate(
            mapRunArn: record.arn, maxConcurrency: input.maxConcurrency, toleratedFailureCount: input.toleratedFailureCount,
            toleratedFailurePercentage: input.toleratedFailurePercentage)
        // The Map Run runs in its top-level execution, also when a child workflow execution started it.
        let executionArn = try topLevelExecution(record.executionArn)
        let outcome: (any Error)?? = await withCheckedContinuation { continuation in
            let applied = state.withLock { state in
                transition(executionArn, .updateMapRun(update), state: &state) { error in
                    continuation.resume(returning: .some(error))
                }
            }
            if !applied { continuation.resume(returning: nil) }
        }
        if case .some(.some(let failure)) = outcome {
            throw StepFunctionsError(.internalFailure, "The store could not commit: \(failure)")
        }
        guard outcome != nil else {
            // AWS's reason code; the message wording is a guess.
            throw StepFunctionsError(
                .validationException, "The Map Run '\(record.arn)' has completed and cannot be updated",
                reason: "CANNOT_UPDATE_COMPLETED_MAP_RUN")
        }
        return UpdateMapRunOutput()
    }

    /// `ListExecutions` with a `mapRunArn`: the Map Run's child workflow executions, newest first, with their
    /// Map Run and item counts, paginated.
    ///
    /// - Throws: `InvalidArn`, `ResourceNotFound` (no such Map Run), `InvalidToken`.
    func listMapRunExecutions(_ input: ListExecutionsInput, mapRunArn: String) throws(StepFunctionsError) -> ListExecutionsOutput {
        guard mapRunArn.contains(":mapRun:") else {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: mapRunArn'")
        }
        let limit = (input.maxResults ?? 0) <= 0 ? 100 : min(input.maxResults ?? 100, 1000)
        var before: Int?
        if let token = input.nextToken {
            guard token.hasPrefix("c:"), let sequence = Int(token.dropFirst(2)), sequence >= 0 else {
                throw StepFunctionsError(.invalidToken, "Invalid Token: '\(token)'")
            }
            before = sequence
        }
        _ = try mapRunRecord(mapRunArn)
        // A STANDARD child redriven in place counts its redrives; an EXPRESS one is started anew (never redriven).
        let redriven: Bool? = input.redriveFilter.map { $0 == .redriven }
        let records: [MapRunExecutionRecord]
        do {
            records = try store.read { [before] db in
                try MapRunExecutionQueries.executions(
                    of: mapRunArn, status: input.statusFilter?.rawValue, redriven: redriven, before: before, limit: limit, in: db)
            }
        } catch {
            throw StepFunctionsError(.internalFailure, "The store could not be read: \(error)")
        }
        let page = records.prefix(limit)
        return ListExecutionsOutput(
            executions: page.map {
                ExecutionListItem(
                    executionArn: $0.arn, stateMachineArn: $0.stateMachineArn, name: $0.name,
                    status: StepFunctionsAPI.ExecutionStatus(rawValue: $0.status), startDate: $0.startDate,
                    stopDate: $0.stopDate, mapRunArn: $0.mapRunArn, itemCount: $0.itemCount,
                    redriveCount: $0.redriveCount, redriveDate: $0.redriveDate)
            },
            nextToken: records.count > limit ? page.last.map { "c:\($0.sequence)" } : nil)
    }

    /// `DescribeExecution` of a Map Run's child workflow execution (nil when `arn` names none), with its `mapRunArn`.
    func describeMapRunExecution(_ arn: String) throws(StepFunctionsError) -> DescribeExecutionOutput? {
        let record: MapRunExecutionRecord?
        do {
            record = try store.read { db in try MapRunExecutionQueries.execution(arn, in: db) }
        } catch {
            throw StepFunctionsError(.internalFailure, "The store could not be read: \(error)")
        }
        guard let record else { return nil }
        let data = CloudWatchEventsExecutionDataDetails(included: true)
        return DescribeExecutionOutput(
            executionArn: record.arn, stateMachineArn: record.stateMachineArn, name: record.name,
            status: StepFunctionsAPI.ExecutionStatus(rawValue: record.status), startDate: record.startDate,
            stopDate: record.stopDate, input: record.input, inputDetails: data, output: record.output,
            outputDetails: record.output == nil ? nil : data, mapRunArn: record.mapRunArn, error: record.error,
            cause: record.cause, redriveCount: record.redriveCount, redriveDate: record.redriveDate)
    }

    /// The execution whose transitions run `arn`: the parent of a Map Run child workflow execution, else `arn`.
    func topLevelExecution(_ arn: String) throws(StepFunctionsError) -> String {
        do {
            return try store.read { db in try MapRunExecutionQueries.execution(arn, in: db)?.parentArn } ?? arn
        } catch {
            throw StepFunctionsError(.internalFailure, "The store could not be read: \(error)")
        }
    }

    /// A Map Run's row.
    /// - Throws: `ResourceNotFound`.
    func mapRunRecord(_ arn: String) throws(StepFunctionsError) -> MapRunRecord {
        let record: MapRunRecord?
        do {
            record = try store.read { db in try MapRunQueries.mapRun(arn, in: db) }
        } catch {
            throw StepFunctionsError(.internalFailure, "The store could not be read: \(error)")
        }
        guard let record else { throw StepFunctionsError(.resourceNotFound, "Resource not found: '\(arn)'", resourceName: arn) }
        return record
    }

    /// The start sequence a ListMapRuns token continues after (0 without a token).
    static func mapRunCursor(_ token: String?) throws(StepFunctionsError) -> Int {
        guard let token else { return 0 }
        guard token.hasPrefix("m:"), let sequence = Int(token.dropFirst(2)), sequence >= 0 else {
            throw StepFunctionsError(.invalidToken, "Invalid Token: '\(token)'")
        }
        return sequence
    }

    static func wireCounts(_ tally: MapRunTally) -> MapRunCounts {
        MapRunCounts(
            pending: tally.pending, running: tally.running, succeeded: tally.succeeded, failed: tally.failed,
            timedOut: tally.timedOut, aborted: tally.aborted, total: tally.total, resultsWritten: tally.resultsWritten,
            failuresNotRedrivable: 0, pendingRedrive: 0)
    }
}

/// Reads a finished Map Run's results from the store: (Map Run ARN, child count, with inputs, visitor) → each item's
/// result in item order, one at a time, until the visitor returns false.
typealias MapRunResultReader = @Sendable (
    _ mapRunArn: String, _ count: Int, _ inputs: Bool, _ visit: (MapRunItemResult) throws -> Bool
) throws -> Void

extension StepwiseEngine {
    /// The interpreter's reader of Map Run results: a read of the store on the evaluation thread. It runs in the
    /// transition a timer due at once starts after the Map Run's last child ended; it first waits for the
    /// transitions already submitted (the children's ends among them) to be written. The rows are visited as they
    /// are read (``MapRunExecutionQueries/forEachResult(of:count:inputs:in:_:)``), so what the visitor keeps is all
    /// that is held.
    func mapRunResultReader() -> MapRunResultReader {
        let store = self.store
        let committer = self.committer
        return { mapRunArn, count, inputs, visit in
            committer.waitForSubmitted()
            try store.writer.read { db in
                try MapRunExecutionQueries.forEachResult(of: mapRunArn, count: count, inputs: inputs, in: db, visit)
            }
        }
    }
}
