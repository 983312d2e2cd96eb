import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine

/// The AWS Step Functions API answered by the embedded engine: what `stepwise serve` puts behind HTTP.
///
/// Requests arrive validated (``StepFunctionsRequest/validateRequest()``); this adapter maps each operation onto
/// ``StepwiseEngine``, each ``EngineError`` onto AWS's error of the same name. The engine stores types, tags,
/// redrives and the logging, tracing and encryption settings (validated and reported as AWS does; it sends no
/// logs or traces anywhere).
///
/// ```swift
/// let engine = try StepwiseEngine(location: .file(path))
/// let backend = EngineBackend(engine: engine)
/// let app = buildApplication(backend: backend)
/// ```
public struct EngineBackend: StepFunctionsBackend {
    /// The engine answering the operations.
    public let engine: StepwiseEngine
    /// The longest a `GetActivityTask` waits for a task (AWS: 60 seconds).
    public var pollTimeout: Duration

    /// Creates the adapter.
    /// - Parameters:
    ///   - engine: the engine (started separately with ``StepwiseEngine/run()``).
    ///   - pollTimeout: how long `GetActivityTask` waits.
    public init(engine: StepwiseEngine, pollTimeout: Duration = .seconds(60)) {
        self.engine = engine
        self.pollTimeout = pollTimeout
    }

    // MARK: State machines

    public func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput {
        try Self.checkDefinition(input.definition)
        let type = try Self.engineType(input.type)
        var settings = StateMachineSettings()
        if let logging = input.loggingConfiguration { settings.logging = try Self.engineLogging(logging) }
        if let tracing = input.tracingConfiguration { settings.tracingEnabled = try Self.engineTracing(tracing) }
        if let encryption = input.encryptionConfiguration { settings.encryption = Self.engineEncryption(encryption) }
        let chosen = settings
        let created = try await mapErrors { () async throws(EngineError) in
            try await engine.createStateMachine(
                name: input.name, definition: input.definition, roleArn: input.roleArn, type: type,
                tags: Self.engineTags(input.tags ?? []), settings: chosen)
        }
        // `publish` publishes the first version (or answers the existing one when the create was idempotent).
        let version = try await Self.publishIfAsked(input.publish, input.versionDescription, created.stateMachineArn, engine)
        return CreateStateMachineOutput(
            stateMachineArn: created.stateMachineArn, creationDate: created.creationDate, stateMachineVersionArn: version)
    }

    public func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput {
        guard input.definition != nil || input.roleArn != nil || input.loggingConfiguration != nil
            || input.tracingConfiguration != nil || input.encryptionConfiguration != nil
        else {
            throw StepFunctionsError(.missingRequiredParameter, "Either the definition, the roleArn, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified")
        }
        if let definition = input.definition { try Self.checkDefinition(definition) }
        let logging = try input.loggingConfiguration.map { configuration throws(StepFunctionsError) in
            try Self.engineLogging(configuration)
        }
        let tracing = try input.tracingConfiguration.map { configuration throws(StepFunctionsError) in
            try Self.engineTracing(configuration)
        }
        let encryption = input.encryptionConfiguration.map(Self.engineEncryption)
        let updateDate = try await mapErrors { () async throws(EngineError) in
            try await engine.updateStateMachine(
                stateMachineArn: input.stateMachineArn, definition: input.definition, roleArn: input.roleArn,
                logging: logging, tracingEnabled: tracing, encryption: encryption)
        }
        let revision = try? engine.describeStateMachine(stateMachineArn: input.stateMachineArn).revision
        let version = try await Self.publishIfAsked(input.publish, input.versionDescription, input.stateMachineArn, engine)
        return UpdateStateMachineOutput(
            updateDate: updateDate, revisionId: revision.map(Self.revisionId), stateMachineVersionArn: version)
    }

    public func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput {
        if let version = try engine.describeStateMachineVersion(input) { return version }
        let machine = try mapErrors { () throws(EngineError) in
            try engine.describeStateMachine(stateMachineArn: input.stateMachineArn)
        }
        return DescribeStateMachineOutput(
            stateMachineArn: machine.stateMachineArn, name: machine.name, status: .active,
            definition: machine.definition, roleArn: machine.roleArn, type: StepFunctionsAPI.StateMachineType(rawValue: machine.type),
            creationDate: machine.creationDate,
            loggingConfiguration: Self.wireLogging(machine.settings.logging),
            tracingConfiguration: TracingConfiguration(enabled: machine.settings.tracingEnabled),
            revisionId: machine.revision > 1 ? Self.revisionId(machine.revision) : nil,
            encryptionConfiguration: Self.wireEncryption(machine.settings.encryption))
    }

    public func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> DeleteStateMachineOutput {
        try await mapErrors { () async throws(EngineError) in
            try await engine.deleteStateMachine(stateMachineArn: input.stateMachineArn)
        }
        return DeleteStateMachineOutput()
    }

    public func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput {
        let page = try mapErrors { () throws(EngineError) in
            try engine.listStateMachines(maxResults: input.maxResults ?? 0, nextToken: input.nextToken)
        }
        return ListStateMachinesOutput(
            stateMachines: page.items.map { item in
                StepFunctionsAPI.StateMachineListItem(
                    stateMachineArn: item.stateMachineArn, name: item.name,
                    type: StepFunctionsAPI.StateMachineType(rawValue: item.type), creationDate: item.creationDate)
            },
            nextToken: page.nextToken)
    }

    public func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws
        -> ValidateStateMachineDefinitionOutput
    {
        ValidateStateMachineDefinitionOutput(
            diagnostics: StatesLanguageValidator.validate(input.definition), severity: input.severity,
            maxResults: input.maxResults)
    }

    public func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws
        -> DescribeStateMachineForExecutionOutput
    {
        let machine = try mapErrors { () throws(EngineError) in
            try engine.describeStateMachineForExecution(executionArn: input.executionArn)
        }
        return DescribeStateMachineForExecutionOutput(
            stateMachineArn: machine.stateMachineArn, name: machine.name, definition: machine.definition,
            roleArn: machine.roleArn, updateDate: machine.revisionDate,
            loggingConfiguration: Self.wireLogging(machine.settings.logging),
            tracingConfiguration: TracingConfiguration(enabled: machine.settings.tracingEnabled),
            revisionId: machine.revision > 1 ? Self.revisionId(machine.revision) : nil,
            encryptionConfiguration: Self.wireEncryption(machine.settings.encryption))
    }

    // MARK: Activities

    public func createActivity(_ input: CreateActivityInput) async throws -> CreateActivityOutput {
        let created = try await mapErrors { () async throws(EngineError) in
            try await engine.createActivity(
                name: input.name, tags: Self.engineTags(input.tags ?? []),
                encryption: input.encryptionConfiguration.map(Self.engineEncryption) ?? EncryptionSettings())
        }
        return CreateActivityOutput(activityArn: created.activityArn, creationDate: created.creationDate)
    }

    public func describeActivity(_ input: DescribeActivityInput) async throws -> DescribeActivityOutput {
        let activity = try mapErrors { () throws(EngineError) in
            try engine.describeActivity(activityArn: input.activityArn)
        }
        return DescribeActivityOutput(
            activityArn: activity.activityArn, name: activity.name, creationDate: activity.creationDate,
            encryptionConfiguration: Self.wireEncryption(activity.encryption))
    }

    public func deleteActivity(_ input: DeleteActivityInput) async throws -> DeleteActivityOutput {
        try await mapErrors { () async throws(EngineError) in try await engine.deleteActivity(activityArn: input.activityArn) }
        return DeleteActivityOutput()
    }

    public func listActivities(_ input: ListActivitiesInput) async throws -> ListActivitiesOutput {
        let page = try mapErrors { () throws(EngineError) in
            try engine.listActivities(maxResults: input.maxResults ?? 0, nextToken: input.nextToken)
        }
        return ListActivitiesOutput(
            activities: page.items.map {
                ActivityListItem(activityArn: $0.activityArn, name: $0.name, creationDate: $0.creationDate)
            },
            nextToken: page.nextToken)
    }

    public func getActivityTask(_ input: GetActivityTaskInput) async throws -> GetActivityTaskOutput {
        let task = try await mapErrors { () async throws(EngineError) in
            try await engine.getActivityTask(activityArn: input.activityArn, workerName: input.workerName, timeout: pollTimeout)
        }
        guard let task else { return GetActivityTaskOutput() }
        return GetActivityTaskOutput(taskToken: task.taskToken, input: task.input)
    }
}
