/// The operations added to the protocol after its first release answer, by default, what an endpoint without them
/// answers (`UnknownOperationException`), so that test doubles and older backends keep compiling; the embedded engine,
/// the AWS client and the server's observed backend implement every one.
extension StepFunctionsBackend {
    public func publishStateMachineVersion(_ input: PublishStateMachineVersionInput) async throws -> PublishStateMachineVersionOutput { throw Self.unsupported(.publishStateMachineVersion) }
    public func listStateMachineVersions(_ input: ListStateMachineVersionsInput) async throws -> ListStateMachineVersionsOutput { throw Self.unsupported(.listStateMachineVersions) }
    public func deleteStateMachineVersion(_ input: DeleteStateMachineVersionInput) async throws -> DeleteStateMachineVersionOutput { throw Self.unsupported(.deleteStateMachineVersion) }
    public func createStateMachineAlias(_ input: CreateStateMachineAliasInput) async throws -> CreateStateMachineAliasOutput { throw Self.unsupported(.createStateMachineAlias) }
    public func describeStateMachineAlias(_ input: DescribeStateMachineAliasInput) async throws -> DescribeStateMachineAliasOutput { throw Self.unsupported(.describeStateMachineAlias) }
    public func updateStateMachineAlias(_ input: UpdateStateMachineAliasInput) async throws -> UpdateStateMachineAliasOutput { throw Self.unsupported(.updateStateMachineAlias) }
    public func deleteStateMachineAlias(_ input: DeleteStateMachineAliasInput) async throws -> DeleteStateMachineAliasOutput { throw Self.unsupported(.deleteStateMachineAlias) }
    public func listStateMachineAliases(_ input: ListStateMachineAliasesInput) async throws -> ListStateMachineAliasesOutput { throw Self.unsupported(.listStateMachineAliases) }
    public func testState(_ input: TestStateInput) async throws -> TestStateOutput { throw Self.unsupported(.testState) }

    private static func unsupported(_ operation: StepFunctionsOperation) -> StepFunctionsError {
        StepFunctionsError(.unknownOperationException, "This backend does not implement \(operation.rawValue)")
    }
}
