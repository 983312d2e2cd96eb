import StepFunctionsAPI
import StepwiseEngine

/// The Map Run operations: the engine answers them with the wire shapes already.
extension EngineBackend {
    public func describeMapRun(_ input: DescribeMapRunInput) async throws -> DescribeMapRunOutput {
        try await engine.describeMapRun(input)
    }

    public func listMapRuns(_ input: ListMapRunsInput) async throws -> ListMapRunsOutput {
        try await engine.listMapRuns(input)
    }

    public func updateMapRun(_ input: UpdateMapRunInput) async throws -> UpdateMapRunOutput {
        try await engine.updateMapRun(input)
    }
}
