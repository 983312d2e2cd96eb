import Stepwise
import StepwiseEngine
import StepwiseEngineAPI

extension StepwiseEngine {
    /// Runs `workflow` through the Stepwise API on this engine and answers the execution's ARN and typed output.
    func execute<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input
    ) async throws -> (executionArn: String, output: Output) {
        let execution = try await EngineBackend(engine: self).startExecution(workflow, input: input)
        return (execution.executionArn, try await execution.result())
    }
}
