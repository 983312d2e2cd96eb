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
        _ reader: any DatabaseReader, stateMachineArn: String, knownMachine: Bool, statusFilter: ExecutionStatus?,
        redriven: Bool?, maxResults: Int, nextToken: String?, now: Date
    ) throws(StepFunctionsError) -> Page<ExecutionDescription> {
        let before = try executionCursor(nextToken)
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
            var description = StepwiseEngine.describe(record, now: now)
            description.input = ""
            description.output = nil
            return description
        }
        let next = records.count > limit ? page.last.map(executionToken(after:)) : nil
        return Page(items: items, nextToken: next)
    }

    /// `GetExecutionHistory` from the store, oldest first (newest first with `reverseOrder`), paginated.
    ///
    /// - Parameter known: the execution is known to exist (else the store is asked).
    /// - Throws: `ExecutionDoesNotExist`, `InvalidToken`.
    static func getExecutionHistory(
        _ reader: any DatabaseReader, executionArn: String, known: Bool, maxResults: Int, reverseOrder: Bool,
        nextToken: String?
    ) throws(StepFunctionsError) -> Page<HistoryEvent> {
        let limit = maxResults <= 0 ? 1000 : min(maxResults, 1000)
        let after = try eventCursor(nextToken)
        let records: [EventRecord]?
        do {
            records = try reader.read { db in
                guard try known || execution(executionArn, in: db) != nil else { return nil }
                return try events(executionArn, reverse: reverseOrder, after: after, limit: limit, in: db)
            }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
        guard let records else { throw .executionDoesNotExist(executionArn) }
        let page = records.prefix(limit)
        let next = records.count > limit ? page.last.map { "e:\($0.id)" } : nil
        return Page(items: page.map(historyEvent), nextToken: next)
    }

    /// A machine's description from its row.
    static func describe(machine record: StateMachineRecord) -> StateMachineDescription {
        StateMachineDescription(
            stateMachineArn: record.arn, name: record.name, status: "ACTIVE", definition: record.definition,
            roleArn: record.roleArn, type: record.type, creationDate: record.creationDate, revision: record.revision,
            revisionDate: record.updateDate ?? record.creationDate, settings: record.settings ?? StateMachineSettings())
    }
}
