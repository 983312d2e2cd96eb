import OrderedCollections
import StepFunctionsAPI
import Foundation
import GRDB
import StatesLanguage

/// The reads that answer DescribeExecution, ListExecutions and GetExecutionHistory from the store (closed
/// executions live only there), shared by the engine and ``StoreReader``. Every query is served by an index and
/// bounded by a page size.
enum ExecutionQueries {
    /// An execution's definition: the one its row refers to (a long one, stored once; see
    /// ``EngineStore/sharedDefinitionBytes``), or the one in the row.
    static let definitionColumn = """
        COALESCE((SELECT text FROM definitionText WHERE hash = execution.definitionHash), execution.definition) \
        AS definition
        """
    /// An execution's input: the one stored beside the row (a long one, written once; see
    /// ``EngineStore/separateInputBytes``) when the row's is empty, or the one in the row.
    static let inputColumn = """
        CASE WHEN execution.input = '' THEN (SELECT text FROM executionInput WHERE executionInput.arn = execution.arn) \
        ELSE execution.input END AS input
        """
    /// The execution columns without the runtime state (which can be large and is read only to redrive).
    static let summaryColumns = columns(runtime: "NULL AS runtime")
    /// Every execution column, the runtime state included.
    static let allColumns = columns(runtime: "runtime")

    private static func columns(runtime: String) -> String {
        """
        arn, stateMachineArn, name, status, \(inputColumn), output, error, cause, startDate, stopDate, \(definitionColumn), \
        roleArn, \(runtime), eventCount, redriveCount, redriveDate, machineSnapshot, startSequence
        """
    }
    /// What ListExecutions needs: no input, output or definition, and the machine snapshot only of an execution started
    /// on a version or through an alias (its version and alias ARNs are listed).
    static let listColumns = """
        arn, stateMachineArn, name, status, '' AS input, NULL AS output, NULL AS error, NULL AS cause, startDate, \
        stopDate, '' AS definition, roleArn, NULL AS runtime, eventCount, redriveCount, redriveDate, \
        CASE WHEN instr(machineSnapshot, '"versionArn"') > 0 THEN machineSnapshot END AS machineSnapshot, startSequence
        """

    /// One execution's row (the runtime state only when `withRuntime`).
    static func execution(_ arn: String, withRuntime: Bool = false, in db: Database) throws -> ExecutionRecord? {
        let columns = withRuntime ? allColumns : summaryColumns
        // A cached statement: StartExecution asks this for every new name.
        return try ExecutionRecord.fetchOne(
            db, SQLRequest<ExecutionRecord>(sql: "SELECT \(columns) FROM execution WHERE arn = ?", arguments: [arn], cached: true))
    }

    /// Whether any execution of the machine is stored (ListExecutions answers for a deleted machine while its
    /// executions remain).
    static func hasExecutions(of machineArn: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT 1 FROM execution WHERE stateMachineArn = ? LIMIT 1", arguments: [machineArn]) ?? false
    }

    /// A page of a machine's executions, newest first, starting below the start sequence `before`; `limit + 1`
    /// rows are read, so the caller can tell whether another page follows.
    static func executions(
        of machineArn: String, status: String?, redriven: Bool?, before: Int?, limit: Int, in db: Database
    ) throws -> [ExecutionRecord] {
        var sql = "SELECT \(listColumns) FROM execution WHERE stateMachineArn = ?"
        var arguments: StatementArguments = [machineArn]
        if let status {
            sql += " AND status = ?"
            arguments += [status]
        }
        if let redriven { sql += redriven ? " AND redriveCount > 0" : " AND redriveCount = 0" }
        if let before {
            sql += " AND startSequence < ?"
            arguments += [before]
        }
        sql += " ORDER BY startSequence DESC LIMIT ?"
        arguments += [limit + 1]
        return try ExecutionRecord.fetchAll(db, sql: sql, arguments: arguments)
    }

    /// A page of an execution's history events, oldest first (newest first with `reverse`), after the event id
    /// `after`; `limit + 1` rows are read.
    static func events(_ arn: String, reverse: Bool, after: Int?, limit: Int, in db: Database) throws -> [EventRecord] {
        var sql = "SELECT * FROM historyEvent WHERE executionArn = ?"
        var arguments: StatementArguments = [arn]
        if let after {
            sql += reverse ? " AND id < ?" : " AND id > ?"
            arguments += [after]
        }
        sql += reverse ? " ORDER BY id DESC LIMIT ?" : " ORDER BY id ASC LIMIT ?"
        arguments += [limit + 1]
        return try EventRecord.fetchAll(db, sql: sql, arguments: arguments)
    }

    /// The ListExecutions page token after an item (opaque to callers, like AWS's): the start sequence to continue
    /// below, and a tag of the request it belongs to (`request`: the machine and the filters).
    static func executionToken(after record: ExecutionRecord, request: String) -> String {
        "x:\(record.startSequence):\(tag(request))"
    }

    /// The start sequence a ListExecutions token continues below. A token of another request (another machine or
    /// other filters) is `InvalidToken`: AWS asks to "keep all other arguments unchanged" with a token.
    static func executionCursor(_ token: String?, request: String) throws(StepFunctionsError) -> Int? {
        guard let token else { return nil }
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "x", let sequence = Int(parts[1]), sequence >= 0, parts[2] == tag(request) else {
            throw StepFunctionsError(.invalidToken, "Invalid Token: '\(token)'")
        }
        return sequence
    }

    /// 32 bits of FNV-1a over the request's text, in hex: the same in every process (tokens outlive a restart).
    private static func tag(_ request: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in request.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return String(hash, radix: 16)
    }

    /// The event id a GetExecutionHistory token continues after.
    static func eventCursor(_ token: String?) throws(StepFunctionsError) -> Int? {
        guard let token else { return nil }
        guard token.hasPrefix("e:"), let id = Int(token.dropFirst(2)) else {
            throw StepFunctionsError(.invalidToken, "Invalid Token: '\(token)'")
        }
        return id
    }

    /// The wire events of stored rows. Each row's details are AWS's JSON text: it is read once, with the event's
    /// other members, into the wire's typed event. Without execution data, inputs and outputs are left out.
    static func wireEvents(_ records: some Sequence<EventRecord>, includeData: Bool) throws(StepFunctionsError)
        -> [StepFunctionsAPI.HistoryEvent]
    {
        let decoder = StepFunctionsCoding.makeDecoder()
        var events: [StepFunctionsAPI.HistoryEvent] = []
        for record in records {
            var text = #"{"timestamp":\#(record.timestamp),"type":\#(JSONValue.string(record.type).jsonString()),"id":\#(record.id),"#
                + #""previousEventId":\#(record.previousEventId)"#
            if var details = record.details {
                if !includeData { details = withoutData(details) }
                text += ",\(JSONValue.string(HistoryEvent.detailsKey(for: record.type)).jsonString()):" + details
            }
            text += "}"
            do {
                events.append(try decoder.decode(StepFunctionsAPI.HistoryEvent.self, from: Data(text.utf8)))
            } catch {
                throw .storage("The stored event \(record.id) of \(record.executionArn) could not be read: \(error)")
            }
        }
        return events
    }

    /// Details JSON text without `input`, `output`, `inputDetails` and `outputDetails`.
    private static func withoutData(_ details: String) -> String {
        guard case .object(var object)? = try? JSONValue(parsing: details) else { return details }
        for field in ["input", "output", "inputDetails", "outputDetails"] { object.removeValue(forKey: field) }
        return JSONValue.object(object).jsonString()
    }
}
