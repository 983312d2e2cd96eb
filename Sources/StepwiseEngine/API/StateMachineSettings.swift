import StepFunctionsAPI
import Foundation

/// A state machine's CloudWatch Logs settings (`loggingConfiguration`), as AWS stores and returns them.
///
/// The engine keeps no CloudWatch logs: it stores, validates and reports the settings, so tools that set
/// them (Terraform, the CDK, scripts) see what they set.
struct LoggingSettings: Sendable, Hashable, Codable {
    /// `level`, with AWS's values.
enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case all = "ALL"
        case error = "ERROR"
        case fatal = "FATAL"
        case off = "OFF"
    }

    /// Which events are logged (AWS's default: `OFF`).
    var level: Level
    /// Whether execution data (inputs, outputs) is logged (AWS's default: false).
    var includeExecutionData: Bool
    /// The CloudWatch Logs log group ARNs of `destinations` (at most one; required unless `level` is OFF).
    var logGroupArns: [String]
    /// True when the request listed `destinations` and the list was empty: AWS returns `"destinations": []` then,
    /// and no `destinations` when the request had none (LocalStack's test_sfn_api_logs,
    /// test_incomplete_logging_configuration, recorded against AWS). Nil otherwise (and in settings stored before).
    var listsNoDestination: Bool?

    /// Creates settings; the defaults are AWS's (logging off).
    init(
        level: Level = .off, includeExecutionData: Bool = false, logGroupArns: [String] = [],
        listsNoDestination: Bool? = nil
    ) {
        self.level = level
        self.includeExecutionData = includeExecutionData
        self.logGroupArns = logGroupArns
        self.listsNoDestination = logGroupArns.isEmpty && listsNoDestination == true ? true : nil
    }

    /// AWS's default: level `OFF`, no execution data, no destination.
static let off = LoggingSettings()

    /// Checks the settings as CreateStateMachine and UpdateStateMachine do.
    ///
    /// - Throws: `InvalidLoggingConfiguration` when a level other than `OFF` has no destination, when there is more
    ///   than one destination, or when a log group ARN is not a CloudWatch Logs log group ARN with the `:*` qualifier.
    func validate() throws(StepFunctionsError) {
        if logGroupArns.count > 1 || (level != .off && logGroupArns.isEmpty) {
            throw Self.invalid("Must specify exactly one Log Destination.")
        }
        for arn in logGroupArns {
            let parts = arn.arnFields
            guard parts.count >= 7, parts[0] == "arn", parts[2] == "logs", parts[5] == "log-group", !parts[6].isEmpty else {
                throw Self.invalid("Invalid Log Group ARN: '\(arn)'")
            }
            guard arn.hasSuffix(":*") else { throw Self.invalid("Log Group ARN must be provided with '*' qualifier.") }
        }
    }

    static func invalid(_ detail: String) -> StepFunctionsError {
        StepFunctionsError(.invalidLoggingConfiguration, "Invalid Logging Configuration: \(detail)")
    }
}

/// A state machine's (or activity's) server-side encryption settings (`encryptionConfiguration`).
///
/// The engine stores and reports them; its store is not encrypted with the key (there is no KMS locally).
struct EncryptionSettings: Sendable, Hashable, Codable {
    /// `AWS_OWNED_KEY` (AWS's default) or `CUSTOMER_MANAGED_KMS_KEY`.
    var type: String
    /// The KMS key (required with `CUSTOMER_MANAGED_KMS_KEY`).
    var kmsKeyId: String?
    /// How long a data key is reused, 60–900 seconds (customer managed keys only).
    var kmsDataKeyReusePeriodSeconds: Int?

    /// Creates settings; the default is AWS's (an AWS owned key).
    init(type: String = Self.awsOwnedKey, kmsKeyId: String? = nil, kmsDataKeyReusePeriodSeconds: Int? = nil) {
        self.type = type
        self.kmsKeyId = kmsKeyId
        self.kmsDataKeyReusePeriodSeconds = kmsDataKeyReusePeriodSeconds
    }

    /// `type` for data encrypted with a key AWS owns (the default).
static let awsOwnedKey = "AWS_OWNED_KEY"
    /// `type` for data encrypted with the customer managed KMS key `kmsKeyId`.
static let customerManagedKmsKey = "CUSTOMER_MANAGED_KMS_KEY"

    /// Checks the settings: a customer managed key needs `kmsKeyId`; an AWS owned key takes no key options.
    ///
    /// - Throws: `InvalidEncryptionConfiguration`.
    func validate() throws(StepFunctionsError) {
        switch type {
        case Self.customerManagedKmsKey:
            guard let kmsKeyId, !kmsKeyId.isEmpty else {
                throw Self.invalid("kmsKeyId is required when the encryption type is CUSTOMER_MANAGED_KMS_KEY.")
            }
        case Self.awsOwnedKey:
            if kmsKeyId != nil || kmsDataKeyReusePeriodSeconds != nil {
                throw Self.invalid("kmsKeyId and kmsDataKeyReusePeriodSeconds apply only to CUSTOMER_MANAGED_KMS_KEY.")
            }
        default:
            throw Self.invalid("Unknown encryption type: '\(type)'.")
        }
        if let seconds = kmsDataKeyReusePeriodSeconds, !(60...900).contains(seconds) {
            throw Self.invalid("kmsDataKeyReusePeriodSeconds must be between 60 and 900.")
        }
    }

    static func invalid(_ detail: String) -> StepFunctionsError {
        StepFunctionsError(.invalidEncryptionConfiguration, "Invalid Encryption Configuration: \(detail)")
    }
}

/// What a state machine is besides its definition and role: logging, tracing and encryption settings.
struct StateMachineSettings: Sendable, Hashable, Codable {
    /// CloudWatch Logs settings (`loggingConfiguration`; AWS's default: off).
    var logging: LoggingSettings
    /// X-Ray tracing (`tracingConfiguration.enabled`; AWS's default: false).
    var tracingEnabled: Bool
    /// Server-side encryption (`encryptionConfiguration`; AWS's default: an AWS owned key).
    var encryption: EncryptionSettings

    /// Creates settings; the defaults are AWS's.
    init(logging: LoggingSettings = .off, tracingEnabled: Bool = false, encryption: EncryptionSettings = .init()) {
        self.logging = logging
        self.tracingEnabled = tracingEnabled
        self.encryption = encryption
    }

    /// Checks every part.
    ///
    /// - Throws: `InvalidLoggingConfiguration`, `InvalidEncryptionConfiguration`.
    func validate() throws(StepFunctionsError) {
        try logging.validate()
        try encryption.validate()
    }
}

/// The machine an execution started on, as DescribeStateMachineForExecution reports it: the revision and its
/// settings (updating the machine later does not change it). Stored with the execution as JSON text.
struct MachineSnapshot: Codable, Sendable, Hashable {
    var revision: Int
    /// When that revision was made (the creation date for revision 1).
    var revisionDate: Date
    var settings: StateMachineSettings
    /// The version the execution runs, when started on a version or through an alias.
    var versionArn: String? = nil
    /// The alias the execution was started through.
    var aliasArn: String? = nil

    func encoded() -> String? {
        guard let data = try? JSONEncoder().encode(self) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// ``encoded()``, kept in the engine state for the next start with the same snapshot.
    func encoded(in state: inout EngineState) -> String? {
        if let text = state.encodedSnapshots[self] { return text }
        guard let text = encoded() else { return nil }
        if state.encodedSnapshots.count >= 256 { state.encodedSnapshots.removeAll(keepingCapacity: true) }
        state.encodedSnapshots[self] = text
        return text
    }

    static func decode(_ text: String?) -> MachineSnapshot? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(MachineSnapshot.self, from: Data(text.utf8))
    }
}
