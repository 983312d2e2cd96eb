import StatesLanguage
import StepFunctionsAPI

// The wire shapes of requests read into what the engine stores, and back. Only settings are stored in a form of their
// own (compact, with AWS's defaults left out); every answer is a wire shape.

extension LoggingSettings {
    /// The settings of a request's logging configuration (a missing level is `OFF`, a missing flag false).
    /// - Throws: `InvalidLoggingConfiguration` for a destination without a CloudWatch Logs log group.
    init(wire configuration: LoggingConfiguration) throws(StepFunctionsError) {
        var arns: [String] = []
        for destination in configuration.destinations ?? [] {
            guard let arn = destination.cloudWatchLogsLogGroup?.logGroupArn else {
                throw Self.invalid("Log Destination must be a CloudWatch Logs log group.")
            }
            arns.append(arn)
        }
        self.init(
            level: configuration.level.flatMap { Level(rawValue: $0.rawValue) } ?? .off,
            includeExecutionData: configuration.includeExecutionData ?? false, logGroupArns: arns,
            listsNoDestination: configuration.destinations?.isEmpty)
    }

    /// The logging configuration as AWS returns it: level and flag always, destinations when there are any (an
    /// empty list when the request gave one).
    var wire: LoggingConfiguration {
        LoggingConfiguration(
            level: LogLevel(rawValue: level.rawValue), includeExecutionData: includeExecutionData,
            destinations: logGroupArns.isEmpty
                ? (listsNoDestination == true ? [] : nil)
                : logGroupArns.map { LogDestination(cloudWatchLogsLogGroup: CloudWatchLogsLogGroup(logGroupArn: $0)) })
    }
}

extension EncryptionSettings {
    /// The settings of a request's encryption configuration (validated by ``validate()``).
    init(wire configuration: EncryptionConfiguration) {
        self.init(
            type: configuration.type.rawValue, kmsKeyId: configuration.kmsKeyId,
            kmsDataKeyReusePeriodSeconds: configuration.kmsDataKeyReusePeriodSeconds)
    }

    /// The encryption configuration as AWS returns it (`AWS_OWNED_KEY` when never set).
    var wire: EncryptionConfiguration {
        EncryptionConfiguration(
            kmsKeyId: kmsKeyId, kmsDataKeyReusePeriodSeconds: kmsDataKeyReusePeriodSeconds, type: EncryptionType(rawValue: type))
    }
}

extension StepwiseEngine {
    /// Whether tracing is enabled. AWS: `enabled` is optional ("Required: No") and tracing is off by default, so an
    /// empty configuration turns it off.
    static func tracingEnabled(_ configuration: TracingConfiguration) -> Bool {
        configuration.enabled ?? false
    }

    /// The machine type of a request (`STANDARD` when not given); another value is AWS's `ValidationException`.
    static func machineType(_ type: StepFunctionsAPI.StateMachineType?) throws(StepFunctionsError) -> StateMachineType {
        guard let type else { return .standard }
        guard let known = StateMachineType(rawValue: type.rawValue) else {
            throw StepFunctionsError(
                .validationException,
                "1 validation error detected: Value '\(type.rawValue)' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]")
        }
        return known
    }

    /// A request's tags as the engine keeps them (a missing key or value is empty; ``validateTags(_:)`` checks them).
    static func resourceTags(_ tags: [Tag]?) -> [ResourceTag] {
        (tags ?? []).map { ResourceTag(key: $0.key ?? "", value: $0.value ?? "") }
    }

    /// The `revisionId` AWS reports for a machine's revision: none for a machine never updated (revision 1), else a
    /// UUID, as AWS's are. It is derived from the machine's ARN and the revision's number (the store keeps numbers),
    /// so every read answers the same one.
    static func revisionId(of machineArn: String, _ revision: Int) -> String? {
        guard revision > 1 else { return nil }
        var hex = Array(Digest.sha256("\(machineArn)#\(revision)").prefix(32))
        hex[12] = "5"  // a name-based UUID's version,
        hex[16] = "8"  // and RFC 4122's variant
        let text = String(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(text.dropFirst(range.lowerBound).prefix(range.count))
        }.joined(separator: "-")
    }
}
