import Foundation
import StepFunctionsAPI
import StepwiseEngine

// Versions, aliases and TestState: the engine implements them with the protocol's own shapes and errors.
extension EngineBackend {
    public func publishStateMachineVersion(_ input: PublishStateMachineVersionInput) async throws -> PublishStateMachineVersionOutput { try await engine.publishStateMachineVersion(input) }
    public func listStateMachineVersions(_ input: ListStateMachineVersionsInput) async throws -> ListStateMachineVersionsOutput { try await engine.listStateMachineVersions(input) }
    public func deleteStateMachineVersion(_ input: DeleteStateMachineVersionInput) async throws -> DeleteStateMachineVersionOutput { try await engine.deleteStateMachineVersion(input) }
    public func createStateMachineAlias(_ input: CreateStateMachineAliasInput) async throws -> CreateStateMachineAliasOutput { try await engine.createStateMachineAlias(input) }
    public func describeStateMachineAlias(_ input: DescribeStateMachineAliasInput) async throws -> DescribeStateMachineAliasOutput { try await engine.describeStateMachineAlias(input) }
    public func updateStateMachineAlias(_ input: UpdateStateMachineAliasInput) async throws -> UpdateStateMachineAliasOutput { try await engine.updateStateMachineAlias(input) }
    public func deleteStateMachineAlias(_ input: DeleteStateMachineAliasInput) async throws -> DeleteStateMachineAliasOutput { try await engine.deleteStateMachineAlias(input) }
    public func listStateMachineAliases(_ input: ListStateMachineAliasesInput) async throws -> ListStateMachineAliasesOutput { try await engine.listStateMachineAliases(input) }
    public func testState(_ input: TestStateInput) async throws -> TestStateOutput { try await engine.testState(input) }
}

extension EngineBackend {
    /// Publishes a version after CreateStateMachine or UpdateStateMachine when `publish` is true; answers its ARN.
    static func publishIfAsked(_ publish: Bool?, _ description: String?, _ machineArn: String, _ engine: StepwiseEngine) async throws
        -> String?
    {
        guard publish == true else { return nil }
        return try await engine.publishStateMachineVersion(
            PublishStateMachineVersionInput(stateMachineArn: machineArn, description: description)
        ).stateMachineVersionArn
    }
}
