import Foundation
import StatesLanguage
public import StepFunctionsAPI
import Synchronization

/// The engine answers the AWS Step Functions API itself: what `stepwise serve` puts behind HTTP, what workers and the
/// Stepwise API call. Requests that arrive over HTTP have been validated (``StepFunctionsRequest/validateRequest()``);
/// errors are AWS's, with AWS's codes and wordings. The engine stores types, tags, redrives and the logging, tracing
/// and encryption settings (validated and reported as AWS does; it sends no logs or traces anywhere).
extension StepwiseEngine: StepFunctionsBackend {
    // MARK: State machines

    public func createStateMachine(_ input: CreateStateMachineInput) async throws(StepFunctionsError) -> CreateStateMachineOutput {
        try Self.checkDefinition(input.definition)
        let type = try Self.machineType(input.type)
        var settings = StateMachineSettings()
        if let logging = input.loggingConfiguration { settings.logging = try LoggingSettings(wire: logging) }
        if let tracing = input.tracingConfiguration { settings.tracingEnabled = Self.tracingEnabled(tracing) }
        if let encryption = input.encryptionConfiguration { settings.encryption = EncryptionSettings(wire: encryption) }
        let existing = state.withLock { $0.machines[names.stateMachineArn(input.name)] }
        var created = try await addStateMachine(
            name: input.name, definition: input.definition, roleArn: input.roleArn, type: type,
            tags: Self.resourceTags(input.tags), settings: settings)
        if let existing {
            // AWS: "CreateStateMachine's idempotency check is based on the state machine name, definition, type,
            // LoggingConfiguration, and TracingConfiguration. The check is also based on the publish and
            // versionDescription parameters." A create that publishes is another request than one that did not (no
            // version of the machine's revision), or than one that published with another description. (The store
            // does not keep the first create's request: a create without publish is answered as a repeat even after
            // a version was published some other way, so a deploy script that creates and then publishes can run
            // again.)
            if input.publish == true {
                guard let published = try publishedVersion(of: existing), published.description == input.versionDescription
                else {
                    throw .stateMachineAlreadyExists(existing.arn)
                }
            }
        }
        // `publish` publishes the first version (or answers the existing one when the create was idempotent).
        created.stateMachineVersionArn = try await publishIfAsked(
            input.publish, input.versionDescription, created.stateMachineArn)
        return created
    }

    public func updateStateMachine(_ input: UpdateStateMachineInput) async throws(StepFunctionsError) -> UpdateStateMachineOutput {
        guard input.definition != nil || input.roleArn != nil || input.loggingConfiguration != nil
            || input.tracingConfiguration != nil || input.encryptionConfiguration != nil
        else {
            throw StepFunctionsError(
                .missingRequiredParameter,
                "Either the definition, the roleArn, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified")
        }
        if let definition = input.definition { try Self.checkDefinition(definition) }
        let logging = try input.loggingConfiguration.map { configuration throws(StepFunctionsError) in
            try LoggingSettings(wire: configuration)
        }
        let tracing = input.tracingConfiguration.map(Self.tracingEnabled)
        let (updateDate, revision) = try await reviseStateMachine(
            stateMachineArn: input.stateMachineArn, definition: input.definition, roleArn: input.roleArn,
            logging: logging, tracingEnabled: tracing, encryption: input.encryptionConfiguration.map(EncryptionSettings.init(wire:)))
        let version = try await publishIfAsked(input.publish, input.versionDescription, input.stateMachineArn)
        return UpdateStateMachineOutput(
            updateDate: updateDate, revisionId: Self.revisionId(of: input.stateMachineArn, revision), stateMachineVersionArn: version)
    }

    public func describeStateMachine(_ input: DescribeStateMachineInput) async throws(StepFunctionsError) -> DescribeStateMachineOutput {
        try Self.refuseMapLabelArn(input.stateMachineArn)
        if let version = try describeStateMachineVersion(input) { return version }
        return try describeStateMachine(stateMachineArn: input.stateMachineArn)
    }

    public func deleteStateMachine(_ input: DeleteStateMachineInput) async throws(StepFunctionsError) -> DeleteStateMachineOutput {
        try Self.refuseMapLabelArn(input.stateMachineArn)
        try await deleteStateMachine(stateMachineArn: input.stateMachineArn)
        return DeleteStateMachineOutput()
    }

    /// AWS (DescribeStateMachine, DeleteStateMachine): "If you provide a qualified state machine ARN that refers to a
    /// Distributed Map state, the request fails with ValidationException." Such an ARN names the Map by its label after
    /// a slash: `arn:aws:states:us-east-1:123456789012:stateMachine:myStateMachine/mapStateLabel`. (The message is ours.)
    static func refuseMapLabelArn(_ arn: String) throws(StepFunctionsError) {
        let fields = arn.arnFields
        guard fields.count >= 7, fields[5] == "stateMachine", fields[6].contains("/") else { return }
        throw StepFunctionsError(
            .validationException,
            "Invalid Arn: '\(arn)': a qualified state machine ARN that refers to a Distributed Map state is not supported here")
    }

    public func listStateMachines(_ input: ListStateMachinesInput) async throws(StepFunctionsError) -> ListStateMachinesOutput {
        try listStateMachines(maxResults: input.maxResults ?? 0, nextToken: input.nextToken)
    }

    public func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws
        -> ValidateStateMachineDefinitionOutput
    {
        // `type: EXPRESS` checks what CreateStateMachine refuses in an Express machine as well.
        let express = input.type == .express ? Self.expressDefinitionDiagnostics(input.definition) : []
        return ValidateStateMachineDefinitionOutput(
            diagnostics: StatesLanguageValidator.validate(input.definition) + express, severity: input.severity,
            maxResults: input.maxResults)
    }

    public func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws(StepFunctionsError)
        -> DescribeStateMachineForExecutionOutput
    {
        try Self.refuseExpressExecution(input.executionArn)
        return try describeStateMachineForExecution(executionArn: input.executionArn)
    }

    // MARK: Activities

    public func createActivity(_ input: CreateActivityInput) async throws(StepFunctionsError) -> CreateActivityOutput {
        try await addActivity(
            name: input.name, tags: Self.resourceTags(input.tags),
            encryption: input.encryptionConfiguration.map(EncryptionSettings.init(wire:)) ?? EncryptionSettings())
    }

    public func describeActivity(_ input: DescribeActivityInput) async throws(StepFunctionsError) -> DescribeActivityOutput {
        try describeActivity(activityArn: input.activityArn)
    }

    public func deleteActivity(_ input: DeleteActivityInput) async throws(StepFunctionsError) -> DeleteActivityOutput {
        try await deleteActivity(activityArn: input.activityArn)
        return DeleteActivityOutput()
    }

    public func listActivities(_ input: ListActivitiesInput) async throws(StepFunctionsError) -> ListActivitiesOutput {
        try listActivities(maxResults: input.maxResults ?? 0, nextToken: input.nextToken)
    }

    /// Waits up to ``activityPollTimeout`` for a task; a poll whose calling task is cancelled takes none.
    public func getActivityTask(_ input: GetActivityTaskInput) async throws(StepFunctionsError) -> GetActivityTaskOutput {
        let task = try await getActivityTask(
            activityArn: input.activityArn, workerName: input.workerName, timeout: activityPollTimeout)
        guard let task else { return GetActivityTaskOutput() }
        return GetActivityTaskOutput(taskToken: task.taskToken, input: task.input)
    }

    // MARK: Executions

    public func startExecution(_ input: StartExecutionInput) async throws(StepFunctionsError) -> StartExecutionOutput {
        try await startExecution(stateMachineArn: input.stateMachineArn, name: input.name, input: input.input)
    }

    public func stopExecution(_ input: StopExecutionInput) async throws(StepFunctionsError) -> StopExecutionOutput {
        try Self.refuseExpressExecution(input.executionArn)
        return StopExecutionOutput(
            stopDate: try await stopExecution(executionArn: input.executionArn, error: input.error, cause: input.cause))
    }

    public func describeExecution(_ input: DescribeExecutionInput) async throws(StepFunctionsError) -> DescribeExecutionOutput {
        try Self.refuseExpressExecution(input.executionArn)
        var execution = try describeExecution(executionArn: input.executionArn)
        let (versionArn, aliasArn) = versionAndAlias(ofExecution: input.executionArn)
        execution.stateMachineVersionArn = versionArn
        execution.stateMachineAliasArn = aliasArn
        if input.includedData == .metadataOnly {
            execution.input = nil
            execution.output = nil
            execution.inputDetails = .init(included: false)
            if execution.outputDetails != nil { execution.outputDetails = .init(included: false) }
        }
        return execution
    }

    public func listExecutions(_ input: ListExecutionsInput) async throws(StepFunctionsError) -> ListExecutionsOutput {
        if input.stateMachineArn != nil, input.mapRunArn != nil {
            // AWS documents that only one may be given; the wording is a guess.
            throw StepFunctionsError(.validationException, "Must provide either a StateMachine ARN or a MapRun ARN, not both")
        }
        guard let machineArn = input.stateMachineArn else {
            if let mapRunArn = input.mapRunArn { return try listMapRunExecutions(input, mapRunArn: mapRunArn) }
            throw StepFunctionsError(.validationException, "Must provide a StateMachine ARN or MapRun ARN")
        }
        // AWS keeps no list of an EXPRESS machine's executions (they go to CloudWatch Logs).
        let type = state.withLock { $0.machines[Self.unqualified(machineArn) ?? machineArn]?.type }
        if type == StateMachineType.express.rawValue {
            if Self.unqualified(machineArn) != nil { _ = try listQualifiedExecutions(ListExecutionsInput(stateMachineArn: machineArn, maxResults: 1)) }
            throw .stateMachineTypeNotSupported()
        }
        // A version or alias ARN lists the executions of that version, or started through that alias.
        if let page = try listQualifiedExecutions(input) { return page }
        if input.statusFilter == .pendingRedrive {
            // A redrive restarts the execution at once: none waits to be redriven.
            _ = try listExecutions(stateMachineArn: machineArn, maxResults: 1)
            return ListExecutionsOutput(executions: [])
        }
        return try listExecutions(
            stateMachineArn: machineArn, statusFilter: input.statusFilter, redriven: input.redriveFilter.map { $0 == .redriven },
            maxResults: input.maxResults ?? 0, nextToken: input.nextToken)
    }

    public func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws(StepFunctionsError) -> GetExecutionHistoryOutput {
        // What DescribeExecution shows of a running execution (its memory) may still be on its way to the store; the
        // history is read once everything submitted so far is durable, so it never lags behind a status already
        // answered (a barrier through the group committer, which writes in order; none when no engine loop runs).
        if state.withLock({ $0.executions[input.executionArn] != nil }) { await committer.barrier() }
        return try getExecutionHistory(
            executionArn: input.executionArn, maxResults: input.maxResults ?? 0, reverseOrder: input.reverseOrder ?? false,
            nextToken: input.nextToken, includeData: input.includeExecutionData ?? true)
    }

    /// RedriveExecution: restarts a FAILED, TIMED_OUT or ABORTED execution from where it stopped.
    public func redriveExecution(_ input: RedriveExecutionInput) async throws(StepFunctionsError) -> RedriveExecutionOutput {
        RedriveExecutionOutput(
            redriveDate: try await redriveExecution(executionArn: input.executionArn, clientToken: input.clientToken))
    }

    // MARK: Task tokens

    public func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws(StepFunctionsError) -> SendTaskSuccessOutput {
        try await sendTaskSuccess(taskToken: input.taskToken, output: input.output)
        return SendTaskSuccessOutput()
    }

    public func sendTaskFailure(_ input: SendTaskFailureInput) async throws(StepFunctionsError) -> SendTaskFailureOutput {
        try await sendTaskFailure(taskToken: input.taskToken, error: input.error, cause: input.cause)
        return SendTaskFailureOutput()
    }

    public func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws(StepFunctionsError) -> SendTaskHeartbeatOutput {
        try await sendTaskHeartbeat(taskToken: input.taskToken)
        return SendTaskHeartbeatOutput()
    }

    // MARK: Tags

    public func tagResource(_ input: TagResourceInput) async throws(StepFunctionsError) -> TagResourceOutput {
        try Self.requireTaggableArn(input.resourceArn)
        try await tagResource(resourceArn: input.resourceArn, tags: Self.resourceTags(input.tags))
        return TagResourceOutput()
    }

    public func untagResource(_ input: UntagResourceInput) async throws(StepFunctionsError) -> UntagResourceOutput {
        try Self.requireTaggableArn(input.resourceArn)
        try await untagResource(resourceArn: input.resourceArn, tagKeys: input.tagKeys)
        return UntagResourceOutput()
    }

    public func listTagsForResource(_ input: ListTagsForResourceInput) async throws(StepFunctionsError) -> ListTagsForResourceOutput {
        try Self.requireTaggableArn(input.resourceArn)
        let tags = try listTagsForResource(resourceArn: input.resourceArn)
        return ListTagsForResourceOutput(tags: tags.map { Tag(key: $0.key, value: $0.value) })
    }

    // MARK: The Stepwise layer's hooks

    /// Answers the moment the execution's end is durable; no polling. A cancelled caller stops waiting at once
    /// (`CancellationError`), as a client's polling does.
    public func awaitExecution(executionArn: String, maxInterval: Duration) async throws -> DescribeExecutionOutput {
        let output = try await awaitExecution(executionArn: executionArn)
        if output.status == .running { try Task.checkCancellation() }
        return output
    }

    /// The engine's polls take no task once their caller is cancelled.
    public var activityPollCancellationIsSafe: Bool { true }

    /// The engine does not check roles: a fixed role in the engine's own account.
    public func ensureExecutionRole(stateMachineName: String, definition: String) async throws -> String {
        "arn:aws:iam::\(names.account):role/StepwiseExecutionRole"
    }

    /// AWS's `InvalidDefinition` unless the definition validates without errors.
    static func checkDefinition(_ definition: String) throws(StepFunctionsError) {
        let diagnostics = StatesLanguageValidator.validate(definition)
        if diagnostics.contains(where: { $0.severity == .error }) { throw StepFunctionsError.invalidDefinition(diagnostics) }
    }

    /// `InvalidArn` unless the ARN names a state machine or activity (the engine answers `ResourceNotFound` for one
    /// that does not exist).
    static func requireTaggableArn(_ arn: String) throws(StepFunctionsError) {
        _ = try ResourceARN.taggable(parsing: arn)
    }
}

extension StepwiseEngine {
    /// Publishes a version after CreateStateMachine or UpdateStateMachine when `publish` is true; answers its ARN.
    func publishIfAsked(_ publish: Bool?, _ description: String?, _ machineArn: String) async throws(StepFunctionsError)
        -> String?
    {
        guard publish == true else { return nil }
        return try await publishStateMachineVersion(
            PublishStateMachineVersionInput(stateMachineArn: machineArn, description: description)
        ).stateMachineVersionArn
    }
}
