import StatesLanguage
import StepFunctionsAPI

/// A handle on one execution whose output decodes as `Output`: await its result, describe it, read its history,
/// stop it. Works the same on every backend.
public struct Execution<Output: Decodable & Sendable>: Sendable {
    /// The execution's ARN.
    public let executionArn: String
    /// The backend the execution runs on.
    public let backend: any StepFunctionsBackend

    /// A handle on `executionArn` at `backend`.
    public init(executionArn: String, backend: any StepFunctionsBackend) {
        self.executionArn = executionArn
        self.backend = backend
    }

    /// Waits until the execution stops and decodes its output.
    /// - Parameter maxPollInterval: on backends that poll (AWS), the longest gap between two `DescribeExecution`
    ///   calls; the embedded engine does not poll.
    /// - Throws: ``WorkflowFailure`` with the execution's error and cause when it failed, timed out or was
    ///   aborted; `DecodingError` when the output does not decode as `Output`.
    public func result(maxPollInterval: Duration = .seconds(2)) async throws -> Output {
        let described = try await backend.awaitExecution(executionArn: executionArn, maxInterval: maxPollInterval)
        guard described.status == .succeeded else {
            throw WorkflowFailure(
                executionArn: executionArn, status: described.status.rawValue, error: described.error ?? "",
                cause: described.cause ?? "")
        }
        return try TaskCoding.decode(Output.self, from: try JSONValue(parsing: described.output ?? "null"))
    }

    /// The execution's description (status, dates, input, output, error and cause).
    public func describe() async throws -> DescribeExecutionOutput {
        try await backend.describeExecution(DescribeExecutionInput(executionArn: executionArn))
    }

    /// The execution's whole history, every page, oldest first (or newest first with `reverseOrder`).
    public func history(reverseOrder: Bool = false, includeExecutionData: Bool = true) async throws -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        var token: String?
        repeat {
            let page = try await backend.getExecutionHistory(
                GetExecutionHistoryInput(
                    executionArn: executionArn, maxResults: 1000, reverseOrder: reverseOrder, nextToken: token,
                    includeExecutionData: includeExecutionData))
            events += page.events
            token = page.nextToken
        } while token != nil
        return events
    }

    /// Stops the execution (`StopExecution`): it ends `ABORTED` with `error` and `cause`.
    public func stop(error: String? = nil, cause: String? = nil) async throws {
        let input = StopExecutionInput(executionArn: executionArn, error: error, cause: cause)
        try input.validateRequest()
        _ = try await backend.stopExecution(input)
    }
}
