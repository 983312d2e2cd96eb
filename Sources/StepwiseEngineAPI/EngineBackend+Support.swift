import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine

extension EngineError {
    /// The AWS error of the same name; the engine's storage failures are AWS's `InternalFailure` (HTTP 500).
    var apiError: StepFunctionsError {
        if name == "InternalServerError" { return StepFunctionsError(.internalFailure, message) }
        return StepFunctionsError(StepFunctionsError.Code(rawValue: name), message)
    }
}

extension EngineBackend {
    /// Runs an engine call, rethrowing its ``EngineError`` as AWS's error.
    func mapErrors<T>(_ body: () throws(EngineError) -> T) throws(StepFunctionsError) -> T {
        do { return try body() } catch { throw error.apiError }
    }

    /// Runs an async engine call, rethrowing its ``EngineError`` as AWS's error.
    func mapErrors<T>(_ body: () async throws(EngineError) -> T) async throws(StepFunctionsError) -> T {
        do { return try await body() } catch { throw error.apiError }
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

    /// The logging configuration reported (the engine keeps none, as AWS's default): level `OFF`, no execution data.
    static var logging: LoggingConfiguration {
        var logging = LoggingConfiguration()
        logging.level = .off
        logging.includeExecutionData = false
        return logging
    }

    /// The tracing configuration reported (the engine keeps none, as AWS's default): disabled.
    static var tracing: TracingConfiguration { TracingConfiguration(enabled: false) }

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
