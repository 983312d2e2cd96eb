import StatesLanguage
import StepFunctionsAPI
import Foundation
import GRDB

extension ExecutionQueries {
    /// `ListExecutions` from the store: newest first, filtered by status and by whether the execution has been
    /// redriven, one SQL page at a time. Items carry no input or output.
    ///
    /// - Parameter knownMachine: the machine exists (else it must have stored executions, or the call fails).
    /// - Throws: `StateMachineDoesNotExist`, `InvalidToken`.
    static func listExecutions(
        _ reader: any DatabaseReader, stateMachineArn: String, knownMachine: Bool, statusFilter: StepFunctionsAPI.ExecutionStatus?,
        redriven: Bool?, maxResults: Int, nextToken: String?
    ) throws(StepFunctionsError) -> ListExecutionsOutput {
        let request = "\(stateMachineArn)|\(statusFilter?.rawValue ?? "")|\(redriven.map { $0 ? "1" : "0" } ?? "")"
        let before = try executionCursor(nextToken, request: request)
        let limit = maxResults <= 0 ? 100 : min(maxResults, 1000)
        let records: [ExecutionRecord]?
        do {
            records = try reader.read { db in
                guard try knownMachine || hasExecutions(of: stateMachineArn, in: db) else { return nil }
                return try executions(
                    of: stateMachineArn, status: statusFilter?.rawValue, redriven: redriven, before: before,
                    limit: limit, in: db)
            }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
        guard let records else {
            throw .stateMachineDoesNotExist(stateMachineArn)
        }
        let page = records.prefix(limit)
        let items = page.map { record in
            // The snapshot is read only for executions started on a version or through an alias (listColumns).
            let snapshot = MachineSnapshot.decode(record.machineSnapshot)
            return ExecutionListItem(
                executionArn: record.arn, stateMachineArn: record.stateMachineArn, name: record.name,
                status: StepFunctionsAPI.ExecutionStatus(rawValue: record.status), startDate: record.startDate,
                stopDate: record.stopDate, stateMachineVersionArn: snapshot?.versionArn, stateMachineAliasArn: snapshot?.aliasArn,
                redriveCount: record.redriveCount, redriveDate: record.redriveDate)
        }
        let next = records.count > limit ? page.last.map { executionToken(after: $0, request: request) } : nil
        return ListExecutionsOutput(executions: items, nextToken: next)
    }

    /// `GetExecutionHistory` from the store, oldest first (newest first with `reverseOrder`), paginated.
    ///
    /// - Parameter known: the execution is known to exist (else the store is asked).
    /// - Throws: `ExecutionDoesNotExist`, `InvalidToken`.
    static func getExecutionHistory(
        _ reader: any DatabaseReader, executionArn: String, known: Bool, maxResults: Int, reverseOrder: Bool,
        nextToken: String?, includeData: Bool
    ) throws(StepFunctionsError) -> GetExecutionHistoryOutput {
        let limit = maxResults <= 0 ? 1000 : min(maxResults, 1000)
        let after = try eventCursor(nextToken)
        let records: [EventRecord]?
        do {
            records = try reader.read { db in
                guard try known || execution(executionArn, in: db) != nil
                    || MapRunExecutionQueries.execution(executionArn, in: db) != nil
                else { return nil }
                return try events(executionArn, reverse: reverseOrder, after: after, limit: limit, in: db)
            }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
        guard let records else { throw .executionDoesNotExist(executionArn) }
        let page = records.prefix(limit)
        let next = records.count > limit ? page.last.map { "e:\($0.id)" } : nil
        return GetExecutionHistoryOutput(events: try wireEvents(page, includeData: includeData), nextToken: next)
    }

    /// A machine's description from its row.
    static func describe(machine record: StateMachineRecord, deleting: Bool = false) -> DescribeStateMachineOutput {
        let settings = record.settings ?? StateMachineSettings()
        return DescribeStateMachineOutput(
            stateMachineArn: record.arn, name: record.name, status: deleting ? .deleting : .active, definition: record.definition,
            roleArn: record.roleArn, type: StepFunctionsAPI.StateMachineType(rawValue: record.type),
            creationDate: record.creationDate, loggingConfiguration: settings.logging.wire,
            tracingConfiguration: TracingConfiguration(enabled: settings.tracingEnabled),
            revisionId: StepwiseEngine.revisionId(of: record.arn, record.revision),
            encryptionConfiguration: settings.encryption.wire,
            variableReferences: VariableReferences.of(definition: record.definition))
    }
}
