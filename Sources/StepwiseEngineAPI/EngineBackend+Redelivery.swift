import StepFunctionsAPI
import StepwiseEngine

extension EngineBackend {
    /// The engine puts the task back on its queue (see ``StepwiseEngine/redeliverActivityTask(taskToken:)``).
    public func redeliverActivityTask(taskToken: String) async {
        engine.redeliverActivityTask(taskToken: taskToken)
    }
}
