import Stepwise
import StepwiseEngine

extension StepwiseEngine {
    /// Runs `workflow` through the Stepwise API on this engine and answers the execution's ARN and typed output.
    func executeWithArn<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input
    ) async throws -> (executionArn: String, output: Output) {
        let execution = try await self.startExecution(workflow, input: input)
        return (execution.executionArn, try await execution.result())
    }
}

extension StepwiseEngine {
    /// Runs `body` while an `ActivityWorker` in this process serves `handlers` (one slot each) from this engine.
    func servingHere<T>(_ handlers: [AnyTaskHandler], _ body: () async throws -> T) async throws -> T {
        try await servingHere(handlers.map { Placement($0) }, body)
    }

    /// Runs `body` while an `ActivityWorker` in this process serves `placements` from this engine.
    func servingHere<T>(_ placements: [Placement], _ body: () async throws -> T) async throws -> T {
        try await ActivityWorker(backend: self, placements: placements).serving(body)
    }
}
