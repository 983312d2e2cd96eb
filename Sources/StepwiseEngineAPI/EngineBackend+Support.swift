import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine

extension EngineBackend {
    /// Runs an engine call (the engine throws AWS's errors).
    func mapErrors<T>(_ body: () throws(StepFunctionsError) -> T) throws(StepFunctionsError) -> T {
        try body()
    }

    /// Runs an async engine call (the engine throws AWS's errors).
    func mapErrors<T>(_ body: () async throws(StepFunctionsError) -> T) async throws(StepFunctionsError) -> T {
        try await body()
    }

    /// AWS's `InvalidDefinition` unless the definition validates without errors.
    static func checkDefinition(_ definition: String) throws(StepFunctionsError) {
        let diagnostics = StatesLanguageValidator.validate(definition)
        if diagnostics.contains(where: { $0.severity == .error }) { throw StepFunctionsError.invalidDefinition(diagnostics) }
    }

    /// The engine's tags for the wire's (a missing key or value is empty; the engine validates them).
    static func engineTags(_ tags: [Tag]) -> [ResourceTag] {
        tags.map { ResourceTag(key: $0.key ?? "", value: $0.value ?? "") }
    }

    /// The wire's tags for the engine's.
    static func wireTags(_ tags: [ResourceTag]) -> [Tag] {
        tags.map { Tag(key: $0.key, value: $0.value) }
    }

    /// The engine's machine type (`STANDARD` when not given); another value is AWS's `ValidationException`.
    static func engineType(_ type: StepFunctionsAPI.StateMachineType?) throws(StepFunctionsError) -> EngineStateMachineType {
        guard let type else { return .standard }
        guard let engineType = EngineStateMachineType(rawValue: type.rawValue) else {
            throw StepFunctionsError(.validationException, "1 validation error detected: Value '\(type.rawValue)' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")
        }
        return engineType
    }

    /// The engine's logging settings for the wire's (a missing level is `OFF`, a missing flag false).
    /// - Throws: `InvalidLoggingConfiguration` for a destination without a CloudWatch Logs log group.
    static func engineLogging(_ configuration: LoggingConfiguration) throws(StepFunctionsError) -> LoggingSettings {
        var arns: [String] = []
        for destination in configuration.destinations ?? [] {
            guard let arn = destination.cloudWatchLogsLogGroup?.logGroupArn else {
                throw StepFunctionsError(
                    .invalidLoggingConfiguration, "Invalid Logging Configuration: Log Destination must be a CloudWatch Logs log group.")
            }
            arns.append(arn)
        }
        return LoggingSettings(
            level: configuration.level.flatMap { LoggingSettings.Level(rawValue: $0.rawValue) } ?? .off,
            includeExecutionData: configuration.includeExecutionData ?? false, logGroupArns: arns)
    }

    /// Whether tracing is enabled; `enabled` must be given.
    /// - Throws: `InvalidTracingConfiguration` when `enabled` is missing.
    static func engineTracing(_ configuration: TracingConfiguration) throws(StepFunctionsError) -> Bool {
        guard let enabled = configuration.enabled else {
            throw StepFunctionsError(.invalidTracingConfiguration, "Invalid Tracing Configuration: enabled must be set to true or false.")
        }
        return enabled
    }

    /// The engine's encryption settings for the wire's (the engine validates them).
    static func engineEncryption(_ configuration: EncryptionConfiguration) -> EncryptionSettings {
        EncryptionSettings(
            type: configuration.type.rawValue, kmsKeyId: configuration.kmsKeyId,
            kmsDataKeyReusePeriodSeconds: configuration.kmsDataKeyReusePeriodSeconds)
    }

    /// The logging configuration as AWS returns it: level and flag always, destinations when there are any.
    static func wireLogging(_ settings: LoggingSettings) -> LoggingConfiguration {
        LoggingConfiguration(
            level: LogLevel(rawValue: settings.level.rawValue), includeExecutionData: settings.includeExecutionData,
            destinations: settings.logGroupArns.isEmpty
                ? nil : settings.logGroupArns.map { LogDestination(cloudWatchLogsLogGroup: CloudWatchLogsLogGroup(logGroupArn: $0)) })
    }

    /// The encryption configuration as AWS returns it (`AWS_OWNED_KEY` when never set).
    static func wireEncryption(_ settings: EncryptionSettings) -> EncryptionConfiguration {
        EncryptionConfiguration(
            kmsKeyId: settings.kmsKeyId, kmsDataKeyReusePeriodSeconds: settings.kmsDataKeyReusePeriodSeconds,
            type: EncryptionType(rawValue: settings.type))
    }

    /// The `revisionId` of an engine revision (AWS uses opaque strings).
    static func revisionId(_ revision: Int) -> String { "revision-\(revision)" }

    static func status(_ status: EngineExecutionStatus) -> StepFunctionsAPI.ExecutionStatus {
        StepFunctionsAPI.ExecutionStatus(rawValue: status.rawValue)
    }

    /// The wire form of an engine history event; without execution data, inputs and outputs are left out.
    static func wireEvent(_ event: EngineHistoryEvent, includeData: Bool) throws -> StepFunctionsAPI.HistoryEvent {
        var json = event.awsJSON
        if !includeData, case .object(var object) = json, let key = event.detailsKey, case .object(var details)? = object[key] {
            for field in ["input", "output", "inputDetails", "outputDetails"] { details.removeValue(forKey: field) }
            object[key] = .object(details)
            json = .object(object)
        }
        return try StepFunctionsCoding.makeDecoder().decode(StepFunctionsAPI.HistoryEvent.self, from: Data(json.jsonBytes()))
    }
}
