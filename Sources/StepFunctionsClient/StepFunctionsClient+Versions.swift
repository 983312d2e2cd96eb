import Foundation
public import StepFunctionsAPI

// The version, alias and TestState operations of `StepFunctionsBackend`, each one AWS JSON 1.0 call with standard
// retries.
extension StepFunctionsClient {
    /// Calls `PublishStateMachineVersion`.
    public func publishStateMachineVersion(_ input: PublishStateMachineVersionInput) async throws -> PublishStateMachineVersionOutput { try await call(.publishStateMachineVersion, input) }
    /// Calls `ListStateMachineVersions`.
    public func listStateMachineVersions(_ input: ListStateMachineVersionsInput) async throws -> ListStateMachineVersionsOutput { try await call(.listStateMachineVersions, input) }
    /// Calls `DeleteStateMachineVersion`.
    public func deleteStateMachineVersion(_ input: DeleteStateMachineVersionInput) async throws -> DeleteStateMachineVersionOutput { try await call(.deleteStateMachineVersion, input) }
    /// Calls `CreateStateMachineAlias`.
    public func createStateMachineAlias(_ input: CreateStateMachineAliasInput) async throws -> CreateStateMachineAliasOutput { try await call(.createStateMachineAlias, input) }
    /// Calls `DescribeStateMachineAlias`.
    public func describeStateMachineAlias(_ input: DescribeStateMachineAliasInput) async throws -> DescribeStateMachineAliasOutput { try await call(.describeStateMachineAlias, input) }
    /// Calls `UpdateStateMachineAlias`.
    public func updateStateMachineAlias(_ input: UpdateStateMachineAliasInput) async throws -> UpdateStateMachineAliasOutput { try await call(.updateStateMachineAlias, input) }
    /// Calls `DeleteStateMachineAlias`.
    public func deleteStateMachineAlias(_ input: DeleteStateMachineAliasInput) async throws -> DeleteStateMachineAliasOutput { try await call(.deleteStateMachineAlias, input) }
    /// Calls `ListStateMachineAliases`.
    public func listStateMachineAliases(_ input: ListStateMachineAliasesInput) async throws -> ListStateMachineAliasesOutput { try await call(.listStateMachineAliases, input) }
    /// Calls `TestState`.
    public func testState(_ input: TestStateInput) async throws -> TestStateOutput { try await call(.testState, input) }
}
