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
        _ = try mapErrors { () throws(EngineError) in try engine.describeStateMachine(stateMachineArn: input.stateMachineArn) }
        guard metadata[input.stateMachineArn]?.type == .express else { throw StepFunctionsError.stateMachineTypeNotSupported() }
        let started = try await mapErrors { () async throws(EngineError) in
            try await engine.startExecution(stateMachineArn: input.stateMachineArn, name: input.name, input: input.input)
        }
        let done = try await mapErrors { () async throws(EngineError) in
            try await engine.awaitExecution(executionArn: started.executionArn)
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
            startDate: done.startDate, stopDate: done.stopDate ?? done.startDate, status: status,
            error: done.error, cause: done.cause,
            input: withData ? done.input : nil, inputDetails: .init(included: withData),
            output: withData ? done.output : nil, outputDetails: done.output == nil ? nil : .init(included: withData),
            billingDetails: BillingDetails(
                billedMemoryUsedInMB: 64,
                billedDurationInMilliseconds: Int(((done.stopDate ?? done.startDate).timeIntervalSince(done.startDate) * 1000).rounded(.up))))
    }

    public func stopExecution(_ input: StopExecutionInput) async throws -> StopExecutionOutput {
        let stopDate = try await mapErrors { () async throws(EngineError) in
            try await engine.stopExecution(executionArn: input.executionArn, error: input.error, cause: input.cause)
        }
        return StopExecutionOutput(stopDate: stopDate)
    }

    public func describeExecution(_ input: DescribeExecutionInput) async throws -> DescribeExecutionOutput {
        let execution = try mapErrors { () throws(EngineError) in try engine.describeExecution(executionArn: input.executionArn) }
        let withData = input.includedData != .metadataOnly
        let redrive = Self.redriveStatus(execution.status)
        return DescribeExecutionOutput(
            executionArn: execution.executionArn, stateMachineArn: execution.stateMachineArn, name: execution.name,
            status: Self.status(execution.status), startDate: execution.startDate, stopDate: execution.stopDate,
            input: withData ? execution.input : nil, inputDetails: .init(included: withData),
            output: withData ? execution.output : nil,
            outputDetails: execution.output == nil ? nil : .init(included: withData),
            error: execution.error, cause: execution.cause, redriveCount: 0,
            redriveStatus: redrive.status, redriveStatusReason: redrive.reason)
    }

    public func listExecutions(_ input: ListExecutionsInput) async throws -> ListExecutionsOutput {
        guard let machineArn = input.stateMachineArn else {
            if input.mapRunArn != nil {
                throw StepFunctionsError(.resourceNotFound, "Resource not found: '\(input.mapRunArn ?? "")'", resourceName: input.mapRunArn)
            }
            throw StepFunctionsError(.validationException, "Must provide a StateMachine ARN or MapRun ARN")
        }
        let filter = input.statusFilter.flatMap { EngineExecutionStatus(rawValue: $0.rawValue) }
        if input.statusFilter == .pendingRedrive || input.redriveFilter == .redriven {
            _ = try mapErrors { () throws(EngineError) in try engine.listExecutions(stateMachineArn: machineArn, maxResults: 1) }
            return ListExecutionsOutput(executions: [])
        }
        let page = try mapErrors { () throws(EngineError) in
            try engine.listExecutions(
                stateMachineArn: machineArn, statusFilter: filter, maxResults: input.maxResults ?? 0, nextToken: input.nextToken)
        }
        return ListExecutionsOutput(
            executions: page.items.map { item in
                ExecutionListItem(
                    executionArn: item.executionArn, stateMachineArn: item.stateMachineArn, name: item.name,
                    status: Self.status(item.status), startDate: item.startDate, stopDate: item.stopDate)
            },
            nextToken: page.nextToken)
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

    /// RedriveExecution: the engine cannot restart a stopped execution yet, so every redrive is refused with AWS's
    /// `ExecutionNotRedrivable` and the reason.
    public func redriveExecution(_ input: RedriveExecutionInput) async throws -> RedriveExecutionOutput {
        let execution = try mapErrors { () throws(EngineError) in try engine.describeExecution(executionArn: input.executionArn) }
        let reason = Self.redriveStatus(execution.status).reason
        throw StepFunctionsError(.executionNotRedrivable, reason)
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
        let current = metadata[input.resourceArn]?.tags ?? []
        let merged = Self.merged(current, input.tags)
        try Self.checkTagCount(merged.count, resource: input.resourceArn)
        metadata.update(input.resourceArn) { $0.tags = merged }
        return TagResourceOutput()
    }

    public func untagResource(_ input: UntagResourceInput) async throws -> UntagResourceOutput {
        try requireTaggable(input.resourceArn)
        let keys = Set(input.tagKeys)
        metadata.update(input.resourceArn) { entry in entry.tags.removeAll { keys.contains($0.key ?? "") } }
        return UntagResourceOutput()
    }

    public func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput {
        try requireTaggable(input.resourceArn)
        return ListTagsForResourceOutput(tags: metadata[input.resourceArn]?.tags ?? [])
    }

    /// `ResourceNotFound` unless the ARN names an existing state machine or activity.
    private func requireTaggable(_ arn: String) throws {
        let arnValue = try ResourceARN.taggable(parsing: arn)
        let exists: Bool =
            switch arnValue.resource {
            case .activity: (try? engine.describeActivity(activityArn: arn)) != nil
            default: (try? engine.describeStateMachine(stateMachineArn: arn)) != nil
            }
        guard exists else { throw StepFunctionsError.resourceNotFound(arn) }
    }
}
