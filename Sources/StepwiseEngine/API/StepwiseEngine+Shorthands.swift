package import StepFunctionsAPI

// Shorthands for the package's own tests and test kit: the same operations with their members as arguments.
extension StepwiseEngine {
    /// `CreateStateMachine` with the engine's default role.
    @discardableResult
    package func createStateMachine(
        name: String, definition: String, roleArn: String? = nil, type: StepFunctionsAPI.StateMachineType? = nil,
        tags: [ResourceTag] = []
    ) async throws(StepFunctionsError) -> CreateStateMachineOutput {
        try await createStateMachine(
            CreateStateMachineInput(
                name: name, definition: definition, roleArn: roleArn ?? Self.defaultRoleArn, type: type,
                tags: tags.isEmpty ? nil : tags.map { Tag(key: $0.key, value: $0.value) }))
    }

    /// `UpdateStateMachine` of the definition or role.
    @discardableResult
    package func updateStateMachine(
        stateMachineArn: String, definition: String? = nil, roleArn: String? = nil
    ) async throws(StepFunctionsError) -> UpdateStateMachineOutput {
        try await updateStateMachine(
            UpdateStateMachineInput(stateMachineArn: stateMachineArn, definition: definition, roleArn: roleArn))
    }

    /// `CreateActivity`.
    @discardableResult
    package func createActivity(name: String, tags: [ResourceTag] = []) async throws(StepFunctionsError) -> CreateActivityOutput {
        try await createActivity(
            CreateActivityInput(name: name, tags: tags.isEmpty ? nil : tags.map { Tag(key: $0.key, value: $0.value) }))
    }
}
