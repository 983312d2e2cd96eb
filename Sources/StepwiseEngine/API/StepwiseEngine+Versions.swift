import StatesLanguage
import Foundation
import GRDB
public import StepFunctionsAPI
import Synchronization

// State machine versions: immutable snapshots of a machine's revision, stored (not held in memory: a machine may have
// 1,000 of them) and read when an execution starts on one.
extension StepwiseEngine {
    /// AWS's limit of versions per state machine.
    public static let maxVersionsPerStateMachine = 1000

    /// `PublishStateMachineVersion`: snapshots the machine's current revision as its next version.
    ///
    /// Idempotent as on AWS: when a version of the current revision exists, it is answered and nothing is created.
    /// With `revisionId`, publishes only if the machine's revision is that one (`INITIAL` names a machine never
    /// updated). Version numbers are never reused, even after their version is deleted.
    ///
    /// - Throws: `StateMachineDoesNotExist`, `ConflictException` (another revision), `ServiceQuotaExceededException`
    ///   (1,000 versions), `InvalidArn`, `ValidationException`.
    public func publishStateMachineVersion(_ input: PublishStateMachineVersionInput) async throws(StepFunctionsError)
        -> PublishStateMachineVersionOutput
    {
        try input.validateRequest()
        let machineArn = input.stateMachineArn
        guard let machine = state.withLock({ $0.machines[machineArn] }) else { throw Self.machineDoesNotExist(machineArn) }
        if let given = input.revisionId {
            let current = Self.revisionId(of: machineArn, machine.revision) ?? "INITIAL"
            guard given == current else {
                // Wording a guess: AWS documents the ConflictException, not its message.
                throw StepFunctionsError(
                    .conflictException,
                    "Failed to publish the State Machine version for revision \(given). The current State Machine revision is \(current).")
            }
        }
        let now = clock.now
        let version = try await writeVersions { db throws in
            if let existing = try StateMachineVersionRecord
                .filter(Column("stateMachineArn") == machineArn && Column("revision") == machine.revision).fetchOne(db)
            {
                return existing
            }
            let count = try StateMachineVersionRecord.filter(Column("stateMachineArn") == machineArn).fetchCount(db)
            guard count < Self.maxVersionsPerStateMachine else {
                // Wording a guess: the limit is AWS's (1,000 versions per state machine).
                throw StepFunctionsError(
                    .serviceQuotaExceededException,
                    "The maximum number of versions (\(Self.maxVersionsPerStateMachine)) has been reached for state machine '\(machineArn)'. Delete unused versions with DeleteStateMachineVersion.")
            }
            let last = try VersionCounterRecord.fetchOne(db, key: machineArn)?.lastVersion ?? 0
            try VersionCounterRecord(stateMachineArn: machineArn, lastVersion: last + 1).insert(db, onConflict: .replace)
            let record = StateMachineVersionRecord(
                arn: "\(machineArn):\(last + 1)", stateMachineArn: machineArn, version: last + 1,
                definition: machine.definition, roleArn: machine.roleArn, type: machine.type, description: input.description,
                creationDate: now, revision: machine.revision, revisionDate: machine.updateDate ?? machine.creationDate,
                settings: machine.settings)
            try record.insert(db)
            return record
        }
        // The machine may have been deleted meanwhile: its versions go with it.
        if state.withLock({ $0.machines[machineArn] == nil }) {
            try? await writeVersions { db throws in try VersionRecords.deleteAll(of: machineArn, in: db) }
            throw Self.machineDoesNotExist(machineArn)
        }
        return PublishStateMachineVersionOutput(creationDate: version.creationDate, stateMachineVersionArn: version.arn)
    }

    /// `ListStateMachineVersions`: newest first, paginated (`maxResults` 1...1000, 100 when not given). An unknown
    /// machine has no versions.
    ///
    /// - Throws: `InvalidToken`, `InvalidArn`, `ValidationException`.
    public func listStateMachineVersions(_ input: ListStateMachineVersionsInput) async throws(StepFunctionsError)
        -> ListStateMachineVersionsOutput
    {
        try input.validateRequest()
        let limit = Self.pageSize(input.maxResults)
        // The token is the version number the next page starts below.
        var below = Int.max
        if let token = input.nextToken {
            guard token.hasPrefix("v:"), let number = Int(token.dropFirst(2)), number > 0 else { throw Self.invalidToken(token) }
            below = number
        }
        let machineArn = input.stateMachineArn
        let bound = below
        let rows = try readVersions { db in
            try StateMachineVersionRecord
                .filter(Column("stateMachineArn") == machineArn && Column("version") < bound)
                .order(Column("version").desc).limit(limit + 1).fetchAll(db)
        }
        let page = rows.prefix(limit)
        return ListStateMachineVersionsOutput(
            stateMachineVersions: page.map { StateMachineVersionListItem(stateMachineVersionArn: $0.arn, creationDate: $0.creationDate) },
            nextToken: rows.count > limit ? page.last.map { "v:\($0.version)" } : nil)
    }

    /// `DeleteStateMachineVersion`: deletes a version no alias routes to (executions running on it go on). Deleting
    /// a version that does not exist succeeds.
    ///
    /// - Throws: `ConflictException` while an alias routes to the version, `InvalidArn`, `ValidationException`.
    public func deleteStateMachineVersion(_ input: DeleteStateMachineVersionInput) async throws(StepFunctionsError)
        -> DeleteStateMachineVersionOutput
    {
        try input.validateRequest()
        let versionArn = input.stateMachineVersionArn
        guard let machineArn = Self.unqualified(versionArn) else { return DeleteStateMachineVersionOutput() }
        try await writeVersions { db throws in
            let aliases = try StateMachineAliasRecord.filter(Column("stateMachineArn") == machineArn).fetchAll(db)
            let referencing = aliases.filter { $0.routing.contains { $0.stateMachineVersionArn == versionArn } }.map(\.name)
            guard referencing.isEmpty else {
                throw StepFunctionsError(
                    .conflictException,
                    "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [\(referencing.joined(separator: ", "))]")
            }
            _ = try StateMachineVersionRecord.deleteOne(db, key: versionArn)
        }
        return DeleteStateMachineVersionOutput()
    }

    /// `DescribeStateMachine` of a version ARN (`<machine>:<number>`): the version as it was published. Answers nil
    /// for an unqualified ARN (the machine itself).
    ///
    /// - Throws: `StateMachineDoesNotExist` for a version that does not exist, `InvalidArn` for an alias ARN.
    public func describeStateMachineVersion(_ input: DescribeStateMachineInput) throws(StepFunctionsError) -> DescribeStateMachineOutput? {
        let arn = try ResourceARN.stateMachine(parsing: input.stateMachineArn, allowQualified: true)
        guard case .stateMachine(let name, let qualifier?) = arn.resource else { return nil }
        guard StateMachineQualifier(qualifier).isVersion else {
            // Wording a guess: DescribeStateMachine takes a machine or version ARN; aliases have DescribeStateMachineAlias.
            throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(input.stateMachineArn)'")
        }
        guard let version = try stateMachineVersion(input.stateMachineArn) else { throw Self.machineDoesNotExist(input.stateMachineArn) }
        let settings = version.settings ?? StateMachineSettings()
        return DescribeStateMachineOutput(
            stateMachineArn: version.arn, name: name, status: .active, definition: version.definition,
            roleArn: version.roleArn, type: StepFunctionsAPI.StateMachineType(rawValue: version.type),
            creationDate: version.creationDate, loggingConfiguration: Self.wireLogging(settings.logging),
            tracingConfiguration: TracingConfiguration(enabled: settings.tracingEnabled),
            revisionId: Self.revisionId(of: version.stateMachineArn, version.revision), description: version.description,
            encryptionConfiguration: EncryptionConfiguration(
                kmsKeyId: settings.encryption.kmsKeyId,
                kmsDataKeyReusePeriodSeconds: settings.encryption.kmsDataKeyReusePeriodSeconds,
                type: EncryptionType(rawValue: settings.encryption.type)),
            variableReferences: VariableReferences.of(definition: version.definition))
    }

    // MARK: Helpers shared with aliases and StartExecution

    /// A version's row, or nil.
    func stateMachineVersion(_ versionArn: String) throws(StepFunctionsError) -> StateMachineVersionRecord? {
        try readVersions { db in try StateMachineVersionRecord.fetchOne(db, key: versionArn) }
    }

    /// The machine ARN of a qualified ARN (`...:stateMachine:<name>:<qualifier>`), or nil when it has no qualifier.
    static func unqualified(_ arn: String) -> String? {
        let parts = arn.arnFields
        guard parts.count == 8 else { return nil }
        return parts[0..<7].joined(separator: ":")
    }

    /// `StateMachineDeleting` (the message is ours; AWS documents the exception as "The specified state machine is
    /// being deleted.").
    static func machineDeleting(_ arn: String) -> StepFunctionsError {
        .stateMachineDeleting("State Machine Is Being Deleted: '\(arn)'")
    }

    static func machineDoesNotExist(_ arn: String) -> StepFunctionsError {
        StepFunctionsError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arn)'")
    }

    static func invalidToken(_ token: String) -> StepFunctionsError {
        StepFunctionsError(.invalidToken, "Invalid Token: '\(token)'")
    }

    /// A page size as the list operations take it: 1...1000, 100 when absent or 0.
    static func pageSize(_ maxResults: Int?) -> Int {
        guard let maxResults, maxResults > 0 else { return 100 }
        return min(maxResults, 1000)
    }

    /// The logging configuration as AWS returns it: level and flag always, destinations when there are any.
    static func wireLogging(_ settings: LoggingSettings) -> LoggingConfiguration {
        settings.wire
    }

    /// Runs one write transaction on the versions and aliases; their own errors pass through, the store's are
    /// `InternalFailure`.
    @discardableResult
    func writeVersions<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StepFunctionsError) -> T {
        do {
            return try await store.writer.write(body)
        } catch let error as StepFunctionsError {
            throw error
        } catch {
            throw StepFunctionsError(.internalFailure, "The store could not commit: \(error)")
        }
    }

    /// Reads the versions and aliases from the latest committed state.
    /// The version published from the machine's current revision, if any.
    func publishedVersion(of machine: StateMachineRecord) throws(StepFunctionsError) -> StateMachineVersionRecord? {
        let (arn, revision) = (machine.arn, machine.revision)
        return try readVersions { db in
            try StateMachineVersionRecord.filter(Column("stateMachineArn") == arn && Column("revision") == revision).fetchOne(db)
        }
    }

    func readVersions<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StepFunctionsError) -> T {
        do {
            return try store.read(body)
        } catch let error as StepFunctionsError {
            throw error
        } catch {
            throw StepFunctionsError(.internalFailure, "The store could not be read: \(error)")
        }
    }
}
