import Foundation
public import StepFunctionsAPI

// Versions, aliases and TestState pass straight through: nothing here concerns the observability parts.
extension ObservedBackend {
    public func publishStateMachineVersion(_ input: PublishStateMachineVersionInput) async throws -> PublishStateMachineVersionOutput { try await base.publishStateMachineVersion(input) }
    public func listStateMachineVersions(_ input: ListStateMachineVersionsInput) async throws -> ListStateMachineVersionsOutput { try await base.listStateMachineVersions(input) }
    public func deleteStateMachineVersion(_ input: DeleteStateMachineVersionInput) async throws -> DeleteStateMachineVersionOutput { try await base.deleteStateMachineVersion(input) }
    public func createStateMachineAlias(_ input: CreateStateMachineAliasInput) async throws -> CreateStateMachineAliasOutput { try await base.createStateMachineAlias(input) }
    public func describeStateMachineAlias(_ input: DescribeStateMachineAliasInput) async throws -> DescribeStateMachineAliasOutput { try await base.describeStateMachineAlias(input) }
    public func updateStateMachineAlias(_ input: UpdateStateMachineAliasInput) async throws -> UpdateStateMachineAliasOutput { try await base.updateStateMachineAlias(input) }
    public func deleteStateMachineAlias(_ input: DeleteStateMachineAliasInput) async throws -> DeleteStateMachineAliasOutput { try await base.deleteStateMachineAlias(input) }
    public func listStateMachineAliases(_ input: ListStateMachineAliasesInput) async throws -> ListStateMachineAliasesOutput { try await base.listStateMachineAliases(input) }
    public func testState(_ input: TestStateInput) async throws -> TestStateOutput { try await base.testState(input) }
}
