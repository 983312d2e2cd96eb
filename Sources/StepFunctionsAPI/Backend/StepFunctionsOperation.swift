/// The operations of the Step Functions API, named as in `X-Amz-Target: AWSStepFunctions.<Operation>`.
public enum StepFunctionsOperation: String, CaseIterable, Sendable, Hashable {
    case createStateMachine = "CreateStateMachine"
    case updateStateMachine = "UpdateStateMachine"
    case describeStateMachine = "DescribeStateMachine"
    case deleteStateMachine = "DeleteStateMachine"
    case listStateMachines = "ListStateMachines"
    case validateStateMachineDefinition = "ValidateStateMachineDefinition"
    case describeStateMachineForExecution = "DescribeStateMachineForExecution"
    case createActivity = "CreateActivity"
    case describeActivity = "DescribeActivity"
    case deleteActivity = "DeleteActivity"
    case listActivities = "ListActivities"
    case getActivityTask = "GetActivityTask"
    case startExecution = "StartExecution"
    case startSyncExecution = "StartSyncExecution"
    case stopExecution = "StopExecution"
    case describeExecution = "DescribeExecution"
    case listExecutions = "ListExecutions"
    case getExecutionHistory = "GetExecutionHistory"
    case redriveExecution = "RedriveExecution"
    case sendTaskSuccess = "SendTaskSuccess"
    case sendTaskFailure = "SendTaskFailure"
    case sendTaskHeartbeat = "SendTaskHeartbeat"
    case tagResource = "TagResource"
    case untagResource = "UntagResource"
    case listTagsForResource = "ListTagsForResource"
    case publishStateMachineVersion = "PublishStateMachineVersion"
    case listStateMachineVersions = "ListStateMachineVersions"
    case deleteStateMachineVersion = "DeleteStateMachineVersion"
    case createStateMachineAlias = "CreateStateMachineAlias"
    case describeStateMachineAlias = "DescribeStateMachineAlias"
    case updateStateMachineAlias = "UpdateStateMachineAlias"
    case deleteStateMachineAlias = "DeleteStateMachineAlias"
    case listStateMachineAliases = "ListStateMachineAliases"
    case testState = "TestState"
    case describeMapRun = "DescribeMapRun"
    case listMapRuns = "ListMapRuns"
    case updateMapRun = "UpdateMapRun"

    /// The operation an `X-Amz-Target` header names, or `nil` for anything else.
    public init?(target: String) {
        guard target.hasPrefix(StepFunctionsCoding.targetPrefix) else { return nil }
        self.init(rawValue: String(target.dropFirst(StepFunctionsCoding.targetPrefix.count)))
    }

    /// The `X-Amz-Target` header value for this operation.
    public var target: String { StepFunctionsCoding.targetPrefix + rawValue }

    /// The request shape of this operation.
    public var inputType: any StepFunctionsRequest.Type {
        switch self {
        case .createStateMachine: CreateStateMachineInput.self
        case .updateStateMachine: UpdateStateMachineInput.self
        case .describeStateMachine: DescribeStateMachineInput.self
        case .deleteStateMachine: DeleteStateMachineInput.self
        case .listStateMachines: ListStateMachinesInput.self
        case .validateStateMachineDefinition: ValidateStateMachineDefinitionInput.self
        case .describeStateMachineForExecution: DescribeStateMachineForExecutionInput.self
        case .createActivity: CreateActivityInput.self
        case .describeActivity: DescribeActivityInput.self
        case .deleteActivity: DeleteActivityInput.self
        case .listActivities: ListActivitiesInput.self
        case .getActivityTask: GetActivityTaskInput.self
        case .startExecution: StartExecutionInput.self
        case .startSyncExecution: StartSyncExecutionInput.self
        case .stopExecution: StopExecutionInput.self
        case .describeExecution: DescribeExecutionInput.self
        case .listExecutions: ListExecutionsInput.self
        case .getExecutionHistory: GetExecutionHistoryInput.self
        case .redriveExecution: RedriveExecutionInput.self
        case .sendTaskSuccess: SendTaskSuccessInput.self
        case .sendTaskFailure: SendTaskFailureInput.self
        case .sendTaskHeartbeat: SendTaskHeartbeatInput.self
        case .tagResource: TagResourceInput.self
        case .untagResource: UntagResourceInput.self
        case .listTagsForResource: ListTagsForResourceInput.self
        case .publishStateMachineVersion: PublishStateMachineVersionInput.self
        case .listStateMachineVersions: ListStateMachineVersionsInput.self
        case .deleteStateMachineVersion: DeleteStateMachineVersionInput.self
        case .createStateMachineAlias: CreateStateMachineAliasInput.self
        case .describeStateMachineAlias: DescribeStateMachineAliasInput.self
        case .updateStateMachineAlias: UpdateStateMachineAliasInput.self
        case .deleteStateMachineAlias: DeleteStateMachineAliasInput.self
        case .listStateMachineAliases: ListStateMachineAliasesInput.self
        case .testState: TestStateInput.self
        case .describeMapRun: DescribeMapRunInput.self
        case .listMapRuns: ListMapRunsInput.self
        case .updateMapRun: UpdateMapRunInput.self
        }
    }

    /// The response shape of this operation.
    public var outputType: any StepFunctionsShape.Type {
        switch self {
        case .createStateMachine: CreateStateMachineOutput.self
        case .updateStateMachine: UpdateStateMachineOutput.self
        case .describeStateMachine: DescribeStateMachineOutput.self
        case .deleteStateMachine: DeleteStateMachineOutput.self
        case .listStateMachines: ListStateMachinesOutput.self
        case .validateStateMachineDefinition: ValidateStateMachineDefinitionOutput.self
        case .describeStateMachineForExecution: DescribeStateMachineForExecutionOutput.self
        case .createActivity: CreateActivityOutput.self
        case .describeActivity: DescribeActivityOutput.self
        case .deleteActivity: DeleteActivityOutput.self
        case .listActivities: ListActivitiesOutput.self
        case .getActivityTask: GetActivityTaskOutput.self
        case .startExecution: StartExecutionOutput.self
        case .startSyncExecution: StartSyncExecutionOutput.self
        case .stopExecution: StopExecutionOutput.self
        case .describeExecution: DescribeExecutionOutput.self
        case .listExecutions: ListExecutionsOutput.self
        case .getExecutionHistory: GetExecutionHistoryOutput.self
        case .redriveExecution: RedriveExecutionOutput.self
        case .sendTaskSuccess: SendTaskSuccessOutput.self
        case .sendTaskFailure: SendTaskFailureOutput.self
        case .sendTaskHeartbeat: SendTaskHeartbeatOutput.self
        case .tagResource: TagResourceOutput.self
        case .untagResource: UntagResourceOutput.self
        case .listTagsForResource: ListTagsForResourceOutput.self
        case .publishStateMachineVersion: PublishStateMachineVersionOutput.self
        case .listStateMachineVersions: ListStateMachineVersionsOutput.self
        case .deleteStateMachineVersion: DeleteStateMachineVersionOutput.self
        case .createStateMachineAlias: CreateStateMachineAliasOutput.self
        case .describeStateMachineAlias: DescribeStateMachineAliasOutput.self
        case .updateStateMachineAlias: UpdateStateMachineAliasOutput.self
        case .deleteStateMachineAlias: DeleteStateMachineAliasOutput.self
        case .listStateMachineAliases: ListStateMachineAliasesOutput.self
        case .testState: TestStateOutput.self
        case .describeMapRun: DescribeMapRunOutput.self
        case .listMapRuns: ListMapRunsOutput.self
        case .updateMapRun: UpdateMapRunOutput.self
        }
    }

    /// Decodes a JSON request body, validates it as AWS does (``StepFunctionsRequest/validateRequest()``), calls the
    /// backend and encodes its response. Throws ``StepFunctionsError`` for bad requests and whatever the backend throws.
    public func invoke(on backend: some StepFunctionsBackend, body: some Collection<UInt8>) async throws -> [UInt8] {
        switch self {
        case .createStateMachine: try await Self.call(body, backend.createStateMachine)
        case .updateStateMachine: try await Self.call(body, backend.updateStateMachine)
        case .describeStateMachine: try await Self.call(body, backend.describeStateMachine)
        case .deleteStateMachine: try await Self.call(body, backend.deleteStateMachine)
        case .listStateMachines: try await Self.call(body, backend.listStateMachines)
        case .validateStateMachineDefinition: try await Self.call(body, backend.validateStateMachineDefinition)
        case .describeStateMachineForExecution: try await Self.call(body, backend.describeStateMachineForExecution)
        case .createActivity: try await Self.call(body, backend.createActivity)
        case .describeActivity: try await Self.call(body, backend.describeActivity)
        case .deleteActivity: try await Self.call(body, backend.deleteActivity)
        case .listActivities: try await Self.call(body, backend.listActivities)
        case .getActivityTask: try await Self.call(body, backend.getActivityTask)
        case .startExecution: try await Self.call(body, backend.startExecution)
        case .startSyncExecution: try await Self.call(body, backend.startSyncExecution)
        case .stopExecution: try await Self.call(body, backend.stopExecution)
        case .describeExecution: try await Self.call(body, backend.describeExecution)
        case .listExecutions: try await Self.call(body, backend.listExecutions)
        case .getExecutionHistory: try await Self.call(body, backend.getExecutionHistory)
        case .redriveExecution: try await Self.call(body, backend.redriveExecution)
        case .sendTaskSuccess: try await Self.call(body, backend.sendTaskSuccess)
        case .sendTaskFailure: try await Self.call(body, backend.sendTaskFailure)
        case .sendTaskHeartbeat: try await Self.call(body, backend.sendTaskHeartbeat)
        case .tagResource: try await Self.call(body, backend.tagResource)
        case .untagResource: try await Self.call(body, backend.untagResource)
        case .listTagsForResource: try await Self.call(body, backend.listTagsForResource)
        case .publishStateMachineVersion: try await Self.call(body, backend.publishStateMachineVersion)
        case .listStateMachineVersions: try await Self.call(body, backend.listStateMachineVersions)
        case .deleteStateMachineVersion: try await Self.call(body, backend.deleteStateMachineVersion)
        case .createStateMachineAlias: try await Self.call(body, backend.createStateMachineAlias)
        case .describeStateMachineAlias: try await Self.call(body, backend.describeStateMachineAlias)
        case .updateStateMachineAlias: try await Self.call(body, backend.updateStateMachineAlias)
        case .deleteStateMachineAlias: try await Self.call(body, backend.deleteStateMachineAlias)
        case .listStateMachineAliases: try await Self.call(body, backend.listStateMachineAliases)
        case .testState: try await Self.call(body, backend.testState)
        case .describeMapRun: try await Self.call(body, backend.describeMapRun)
        case .listMapRuns: try await Self.call(body, backend.listMapRuns)
        case .updateMapRun: try await Self.call(body, backend.updateMapRun)
        }
    }

    private static func call<Input: StepFunctionsRequest, Output: Encodable>(
        _ body: some Collection<UInt8>, _ method: (Input) async throws -> Output
    ) async throws -> [UInt8] {
        let input = try RequestDecoding.decode(Input.self, from: body)
        try input.validateRequest()
        return try StepFunctionsCoding.encode(try await method(input))
    }
}
