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

    /// AWS allows 50 tags per resource.
    static func checkTagCount(_ count: Int, resource: String) throws(StepFunctionsError) {
        guard count <= 50 else {
            throw StepFunctionsError(.tooManyTags, "Too many tags: the resource can have at most 50 tags", resourceName: resource)
        }
    }

    /// `current` with `added` applied: a tag with an existing key replaces its value.
    static func merged(_ current: [Tag], _ added: [Tag]) -> [Tag] {
        var result = current
        for tag in added {
            if let index = result.firstIndex(where: { $0.key == tag.key }) { result[index] = tag } else { result.append(tag) }
        }
        return result
    }

    /// The logging configuration AWS reports: `{"level": "OFF", "includeExecutionData": false}` unless set.
    static func logging(_ entry: ResourceMetadata.Entry?) -> LoggingConfiguration {
        var logging = entry?.loggingConfiguration ?? LoggingConfiguration()
        if logging.level == nil { logging.level = .off }
        if logging.includeExecutionData == nil { logging.includeExecutionData = false }
        return logging
    }

    /// The tracing configuration AWS reports: `{"enabled": false}` unless set.
    static func tracing(_ entry: ResourceMetadata.Entry?) -> TracingConfiguration {
        TracingConfiguration(enabled: entry?.tracingConfiguration?.enabled ?? false)
    }

    /// The `revisionId` of an engine revision (AWS uses opaque strings).
    static func revisionId(_ revision: Int) -> String { "revision-\(revision)" }

    static func status(_ status: EngineExecutionStatus) -> StepFunctionsAPI.ExecutionStatus {
        StepFunctionsAPI.ExecutionStatus(rawValue: status.rawValue)
    }

    /// `redriveStatus` and `redriveStatusReason` of DescribeExecution. The engine cannot redrive, so stopped
    /// executions are reported `NOT_REDRIVABLE` with that reason rather than promising a redrive that would fail.
    static func redriveStatus(_ status: EngineExecutionStatus) -> (status: ExecutionRedriveStatus, reason: String) {
        switch status {
        case .running, .succeeded: (.notRedrivable, "Execution is \(status.rawValue) and cannot be redriven")
        case .failed, .timedOut, .aborted: (.notRedrivable, "Redrive is not supported by this server (stepwise serve) yet")
        }
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
