import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine

extension EngineBackend {
    public func startExecution(_ input: StartExecutionInput) async throws -> StartExecutionOutput {
        let started = try await mapErrors { () async throws(EngineError) in
            try await engine.startExecution(stateMachineArn: input.stateMachineArn, name: input.name, input: input.input)
        }
        return StartExecutionOutput(executionArn: started.executionArn, startDate: started.startDate)
    }

    /// Runs an `EXPRESS` machine's execution to its end and answers its result; `STANDARD` machines answer
    /// `StateMachineTypeNotSupported`, as on AWS.
    public func startSyncExecution(_ input: StartSyncExecutionInput) async throws -> StartSyncExecutionOutput {
        let done = try await mapErrors { () async throws(EngineError) in
            try await engine.startSyncExecution(stateMachineArn: input.stateMachineArn, name: input.name, input: input.input)
        }
        let withData = input.includedData != .metadataOnly
        let status: SyncExecutionStatus =
            switch done.status {
            case .succeeded: .succeeded
            case .timedOut: .timedOut
            default: .failed
            }
        return StartSyncExecutionOutput(
            executionArn: done.executionArn, stateMachineArn: done.stateMachineArn, name: done.name,
            startDate: done.startDate, stopDate: done.stopDate, status: status,
            error: done.error, cause: done.cause,
            input: withData ? done.input : nil, inputDetails: .init(included: withData),
            output: withData ? done.output : nil, outputDetails: done.output == nil ? nil : .init(included: withData),
            billingDetails: BillingDetails(
                billedMemoryUsedInMB: done.billedMemoryUsedInMB,
                billedDurationInMilliseconds: done.billedDurationInMilliseconds))
    }

    public func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput {
        let stopDate = try await mapErrors { () async throws(EngineError) in
            try await engine.stopExecution(executionArn: input.executionArn, error: input.error, cause: input.cause)
        }
        return StopExecutionOutput(stopDate: stopDate)
    }

    public func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput {
        try StepwiseEngine.refuseExpressExecution(input.executionArn)
        return try describedExecution(input)
    }

    /// DescribeExecution without the Express refusal: what awaiting any execution answers.
    private func describedExecution(_ input: DescribeExecutionInput) throws -> DescribeExecutionOutput {
        let execution = try mapErrors { () throws(EngineError) in try engine.describeExecution(executionArn: input.executionArn) }
        let withData = input.includedData != .metadataOnly
        let (versionArn, aliasArn) = engine.versionAndAlias(ofExecution: input.executionArn)
        return DescribeExecutionOutput(
            executionArn: execution.executionArn, stateMachineArn: execution.stateMachineArn, name: execution.name,
            status: Self.status(execution.status), startDate: execution.startDate, stopDate: execution.stopDate,
            input: withData ? execution.input : nil, inputDetails: .init(included: withData),
            output: withData ? execution.output : nil,
            outputDetails: execution.output == nil ? nil : .init(included: withData),
            error: execution.error, cause: execution.cause, stateMachineVersionArn: versionArn,
            stateMachineAliasArn: aliasArn, redriveCount: execution.redriveCount,
            redriveDate: execution.redriveDate, redriveStatus: ExecutionRedriveStatus(rawValue: execution.redriveStatus.rawValue),
            redriveStatusReason: execution.redriveStatusReason)
    }

    public func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput {
        guard let machineArn = input.stateMachineArn else {
            if input.mapRunArn != nil {
                throw StepFunctionsError(.resourceNotFound, "Resource not found: '\(input.mapRunArn ?? "")'", resourceName: input.mapRunArn)
            }
            throw StepFunctionsError(.validationException, "Must provide a StateMachine ARN or MapRun ARN")
        }
        // A version or alias ARN lists the executions of that version, or started through that alias.
        if let page = try engine.listQualifiedExecutions(input) { return page }
        let filter = input.statusFilter.flatMap { EngineExecutionStatus(rawValue: $0.rawValue) }
        if input.statusFilter == .pendingRedrive {
            // A redrive restarts the execution at once: none waits to be redriven.
            _ = try mapErrors { () throws(EngineError) in try engine.listExecutions(stateMachineArn: machineArn, maxResults: 1) }
            return ListExecutionsOutput(executions: [])
        }
        let redriven = input.redriveFilter.map { $0 == .redriven }
        let page = try mapErrors { () throws(EngineError) in
            try engine.listExecutions(
                stateMachineArn: machineArn, statusFilter: filter, redriven: redriven, maxResults: input.maxResults ?? 0,
                nextToken: input.nextToken)
        }
        let items = page.items
        let nextToken = page.nextToken
        return ListExecutionsOutput(
            executions: items.map { item in
                ExecutionListItem(
                    executionArn: item.executionArn, stateMachineArn: item.stateMachineArn, name: item.name,
                    status: Self.status(item.status), startDate: item.startDate, stopDate: item.stopDate,
                    redriveCount: item.redriveCount > 0 ? item.redriveCount : nil, redriveDate: item.redriveDate)
            },
            nextToken: nextToken)
    }

    public func getExecutionHistory(_ input: GetExecutionHistoryInput) async throws -> GetExecutionHistoryOutput {
        let page = try mapErrors { () throws(EngineError) in
            try engine.getExecutionHistory(
                executionArn: input.executionArn, maxResults: input.maxResults ?? 0,
                reverseOrder: input.reverseOrder ?? false, nextToken: input.nextToken)
        }
        let includeData = input.includeExecutionData ?? true
        let events = try page.items.map { try Self.wireEvent($0, includeData: includeData) }
        return GetExecutionHistoryOutput(events: events, nextToken: page.nextToken)
    }

    /// RedriveExecution: the engine restarts a FAILED, TIMED_OUT or ABORTED execution from where it stopped.
    public func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput {
        let redriveDate = try await mapErrors { () async throws(EngineError) in
            try await engine.redriveExecution(executionArn: input.executionArn, clientToken: input.clientToken)
        }
        return RedriveExecutionOutput(redriveDate: redriveDate)
    }

    // MARK: Task tokens

    public func sendTaskSuccess(_ input: SendTaskSuccessInput) async throws -> SendTaskSuccessOutput {
        try await mapErrors { () async throws(EngineError) in
            try await engine.sendTaskSuccess(taskToken: input.taskToken, output: input.output)
        }
        return SendTaskSuccessOutput()
    }

    public func sendTaskFailure(_ input: SendTaskFailureInput) async throws -> SendTaskFailureOutput {
        try await mapErrors { () async throws(EngineError) in
            try await engine.sendTaskFailure(taskToken: input.taskToken, error: input.error, cause: input.cause)
        }
        return SendTaskFailureOutput()
    }

    public func sendTaskHeartbeat(_ input: SendTaskHeartbeatInput) async throws -> SendTaskHeartbeatOutput {
        try await mapErrors { () async throws(EngineError) in try await engine.sendTaskHeartbeat(taskToken: input.taskToken) }
        return SendTaskHeartbeatOutput()
    }

    // MARK: Tags

    public func tagResource(_ input: TagResourceInput) async throws -> TagResourceOutput {
        try requireTaggable(input.resourceArn)
        try await mapErrors { () async throws(EngineError) in
            try await engine.tagResource(resourceArn: input.resourceArn, tags: Self.engineTags(input.tags))
        }
        return TagResourceOutput()
    }

    public func untagResource(_ input: UntagResourceInput) async throws -> UntagResourceOutput {
        try requireTaggable(input.resourceArn)
        try await mapErrors { () async throws(EngineError) in
            try await engine.untagResource(resourceArn: input.resourceArn, tagKeys: input.tagKeys)
        }
        return UntagResourceOutput()
    }

    public func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput {
        try requireTaggable(input.resourceArn)
        let tags = try mapErrors { () throws(EngineError) in try engine.listTagsForResource(resourceArn: input.resourceArn) }
        return ListTagsForResourceOutput(tags: Self.wireTags(tags))
    }

    /// `InvalidArn` unless the ARN names a state machine or activity (the engine answers `ResourceNotFound` for
    /// one that does not exist).
    private func requireTaggable(_ arn: String) throws {
        _ = try ResourceARN.taggable(parsing: arn)
    }
}

// MARK: The Stepwise layer's hooks

extension EngineBackend {
    /// Answers the moment the execution's end is durable; no polling.
    public func awaitExecution(executionArn: String, maxInterval: Duration) async throws -> DescribeExecutionOutput {
        _ = try await mapErrors { () async throws(EngineError) in try await engine.awaitExecution(executionArn: executionArn) }
        return try describedExecution(DescribeExecutionInput(executionArn: executionArn))
    }

    /// The engine's polls take no task once their caller is cancelled.
    public var activityPollCancellationIsSafe: Bool { true }

    /// The engine does not check roles: a fixed role in the engine's own account.
    public func ensureExecutionRole(stateMachineName: String, definition: String) async throws -> String {
        "arn:aws:iam::\(engine.names.account):role/StepwiseExecutionRole"
    }
}
