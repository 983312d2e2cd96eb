public import StepFunctionsAPI
import Foundation
import GRDB

/// Read-only access to an engine's database file, without starting an engine: no recovery runs, no execution
/// advances, nothing is written. What `stepwise executions`, `describe` and `history` use, so that reading never
/// does pending work as a side effect (an engine running on the same file goes on undisturbed: SQLite's WAL mode
/// lets readers and the writer work at once).
///
/// Answers with the wire shapes of `StepFunctionsAPI` and AWS's error names (`ExecutionDoesNotExist`, `StateMachineDoesNotExist`,
/// `InvalidToken`), from the latest committed state of the file.
///
/// `Sendable`: GRDB's `DatabasePool` serializes its own access.
public final class StoreReader: Sendable {
    private let reader: any DatabaseReader
    private let clock: any EngineClock

    /// Opens an existing database file read-only.
    ///
    /// - Throws: `ResourceNotFound` when there is no file at `path`; a storage error when it cannot be opened or
    ///   was last written by an older version of Stepwise (open it once with an engine to bring it up to date).
    public init(path: String, clock: any EngineClock = SystemEngineClock()) throws(StepFunctionsError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StepFunctionsError(.resourceNotFound, "No Stepwise database at '\(path)'")
        }
        self.clock = clock
        var configuration = Configuration()
        configuration.readonly = true
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .storage("The database at '\(path)' could not be opened read-only: \(error)")
        }
        let current: Bool
        do {
            current = try pool.read { db in try Schema.isCurrent(db) }
        } catch let newer as Schema.NewerDatabase {
            throw .storage("The database at '\(path)' cannot be read: \(newer)")
        } catch {
            throw .storage("The database at '\(path)' could not be read: \(error)")
        }
        guard current else {
            throw .storage(
                "The database at '\(path)' was written by another version of Stepwise: open it with an engine once "
                    + "(stepwise serve or run) to bring it up to date.")
        }
        reader = pool
    }

    /// `DescribeExecution`.
    ///
    /// - Throws: `ExecutionDoesNotExist`, `InvalidArn` (an EXPRESS execution, as the engine answers it).
    public func describeExecution(executionArn: String) throws(StepFunctionsError) -> DescribeExecutionOutput {
        try StepwiseEngine.refuseExpressExecution(executionArn)
        let record: ExecutionRecord?
        do {
            record = try reader.read { db in try ExecutionQueries.execution(executionArn, in: db) }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
        guard let record else { throw .executionDoesNotExist(executionArn) }
        return StepwiseEngine.describe(record, now: clock.now)
    }

    /// `ListExecutions` for a machine, newest first, optionally filtered, paginated (as the engine answers it).
    ///
    /// - Throws: `StateMachineDoesNotExist`, `InvalidToken`, `StateMachineTypeNotSupported` (an EXPRESS machine).
    public func listExecutions(
        stateMachineArn: String, statusFilter: StepFunctionsAPI.ExecutionStatus? = nil, redriven: Bool? = nil,
        maxResults: Int = 100, nextToken: String? = nil
    ) throws(StepFunctionsError) -> ListExecutionsOutput {
        let type: String?
        do {
            type = try reader.read { db in try StateMachineRecord.fetchOne(db, key: stateMachineArn)?.type }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
        // As the engine answers it: AWS keeps no list of an EXPRESS machine's executions.
        if type == StateMachineType.express.rawValue { throw .stateMachineTypeNotSupported() }
        return try ExecutionQueries.listExecutions(
            reader, stateMachineArn: stateMachineArn, knownMachine: type != nil, statusFilter: statusFilter,
            redriven: redriven, maxResults: maxResults, nextToken: nextToken)
    }

    /// `GetExecutionHistory`, oldest first (newest first with `reverseOrder`), paginated.
    ///
    /// - Throws: `ExecutionDoesNotExist`, `InvalidToken`, `InvalidArn` (an EXPRESS execution keeps no history).
    public func getExecutionHistory(
        executionArn: String, maxResults: Int = 1000, reverseOrder: Bool = false, nextToken: String? = nil,
        includeData: Bool = true
    ) throws(StepFunctionsError) -> GetExecutionHistoryOutput {
        if ResourceNames.isExpressExecutionArn(executionArn) { throw StepwiseEngine.expressNotSupported() }
        return try ExecutionQueries.getExecutionHistory(
            reader, executionArn: executionArn, known: false, maxResults: maxResults, reverseOrder: reverseOrder,
            nextToken: nextToken, includeData: includeData)
    }

    /// `DescribeStateMachine`.
    ///
    /// - Throws: `StateMachineDoesNotExist`.
    public func describeStateMachine(stateMachineArn: String) throws(StepFunctionsError) -> DescribeStateMachineOutput {
        let record: StateMachineRecord?
        do {
            record = try reader.read { db in try StateMachineRecord.fetchOne(db, key: stateMachineArn) }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
        guard let record else { throw .stateMachineDoesNotExist(stateMachineArn) }
        return ExecutionQueries.describe(machine: record)
    }

    /// `ListStateMachines`, sorted by name, paginated (the token is the last name of the previous page).
    ///
    /// - Throws: `InvalidToken`.
    public func listStateMachines(maxResults: Int = 100, nextToken: String? = nil) throws(StepFunctionsError)
        -> ListStateMachinesOutput
    {
        let limit = maxResults <= 0 ? 100 : min(maxResults, 1000)
        var after: String?
        if let nextToken {
            guard nextToken.hasPrefix("n:") else { throw StepFunctionsError(.invalidToken, "Invalid Token: '\(nextToken)'") }
            after = String(nextToken.dropFirst(2))
        }
        let records: [StateMachineRecord]
        do {
            records = try reader.read { [after] db in
                try StateMachineRecord.fetchAll(
                    db, sql: "SELECT * FROM stateMachine WHERE name > ? ORDER BY name LIMIT ?",
                    arguments: [after ?? "", limit + 1])
            }
        } catch {
            throw .storage("The store could not be read: \(error)")
        }
        let page = records.prefix(limit)
        let items = page.map {
            StateMachineListItem(
                stateMachineArn: $0.arn, name: $0.name, type: StepFunctionsAPI.StateMachineType(rawValue: $0.type),
                creationDate: $0.creationDate)
        }
        return ListStateMachinesOutput(
            stateMachines: items, nextToken: records.count > limit ? page.last.map { "n:\($0.name)" } : nil)
    }
}
