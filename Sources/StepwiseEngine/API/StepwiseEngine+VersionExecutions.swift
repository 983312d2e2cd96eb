import Foundation
import GRDB
public import StepFunctionsAPI
import Synchronization

extension StepwiseEngine {
    /// `ListExecutions` of a version or alias ARN: the executions that ran that version, or were started through that
    /// alias, newest first, with the same filters and paging as for a machine. Answers nil for an unqualified ARN
    /// (the machine's own listing answers it).
    ///
    /// - Throws: `StateMachineDoesNotExist` (a version or alias that does not exist), `InvalidToken`.
    public func listQualifiedExecutions(_ input: ListExecutionsInput) throws(StepFunctionsError) -> ListExecutionsOutput? {
        guard let qualified = input.stateMachineArn, let machineArn = Self.unqualified(qualified) else { return nil }
        let qualifier = StateMachineQualifier(String(qualified.dropFirst(machineArn.count + 1)))
        let exists = qualifier.isVersion ? try stateMachineVersion(qualified) != nil : try stateMachineAlias(qualified) != nil
        guard exists else { throw Self.machineDoesNotExist(qualified) }
        var before = Int.max
        if let token = input.nextToken {
            guard token.hasPrefix("x:"), let sequence = Int(token.dropFirst(2)), sequence >= 0 else { throw Self.invalidToken(token) }
            before = sequence
        }
        let limit = Self.pageSize(input.maxResults)
        let key = qualifier.isVersion ? "$.versionArn" : "$.aliasArn"
        var sql = """
            SELECT arn, name, status, startDate, stopDate, redriveCount, redriveDate, machineSnapshot, startSequence \
            FROM execution WHERE stateMachineArn = ? AND json_extract(machineSnapshot, '\(key)') = ? AND startSequence < ?
            """
        var arguments: StatementArguments = [machineArn, qualified, before]
        if let status = input.statusFilter {
            sql += " AND status = ?"
            arguments += [status.rawValue]
        }
        if let redrive = input.redriveFilter { sql += redrive == .redriven ? " AND redriveCount > 0" : " AND redriveCount = 0" }
        sql += " ORDER BY startSequence DESC LIMIT ?"
        arguments += [limit + 1]
        let query = sql
        let bound = arguments
        let rows = try readVersions { db in
            try Row.fetchAll(db, sql: query, arguments: bound).map { row in
                QualifiedExecutionRow(
                    arn: row["arn"], name: row["name"], status: row["status"], startDate: row["startDate"], stopDate: row["stopDate"],
                    redriveCount: row["redriveCount"], redriveDate: row["redriveDate"], machineSnapshot: row["machineSnapshot"],
                    startSequence: row["startSequence"])
            }
        }
        let page = rows.prefix(limit)
        let items = page.map { row -> ExecutionListItem in
            // A running execution's status is in memory before the store has it.
            let status = state.withLock { $0.executions[row.arn]?.status } ?? row.status
            let snapshot = MachineSnapshot.decode(row.machineSnapshot)
            return ExecutionListItem(
                executionArn: row.arn, stateMachineArn: machineArn, name: row.name,
                status: StepFunctionsAPI.ExecutionStatus(rawValue: status), startDate: row.startDate, stopDate: row.stopDate,
                stateMachineVersionArn: snapshot?.versionArn, stateMachineAliasArn: snapshot?.aliasArn,
                redriveCount: row.redriveCount, redriveDate: row.redriveDate)
        }
        let last = page.last?.startSequence
        return ListExecutionsOutput(executions: items, nextToken: rows.count > limit ? last.map { "x:\($0)" } : nil)
    }
}

/// The columns of an execution a qualified ListExecutions reads.
private struct QualifiedExecutionRow: Sendable {
    var arn: String
    var name: String
    var status: String
    var startDate: Date
    var stopDate: Date?
    var redriveCount: Int
    var redriveDate: Date?
    var machineSnapshot: String?
    var startSequence: Int
}
