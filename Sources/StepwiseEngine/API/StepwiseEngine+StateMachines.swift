package import StepFunctionsAPI
import Foundation
import Synchronization

extension StepwiseEngine {
    /// The role recorded when a caller gives none (the engine does not use roles).
    public static let defaultRoleArn = "arn:aws:iam::123456789012:role/StepwiseLocal"

    /// `CreateStateMachine`: validates the definition and settings and stores them.
    ///
    /// As on AWS, creating is idempotent on the name, definition, type and settings: creating again with the same
    /// ones returns the existing machine (a different role or tags are ignored, not applied); any other reuse of
    /// the name fails. `tags` are added to a new machine's tags. The type (`STANDARD` or `EXPRESS`) cannot be
    /// changed later.
    ///
    /// - Returns: the state machine ARN and creation date.
    /// - Throws: `InvalidName`, `InvalidDefinition`, `InvalidLoggingConfiguration`, `InvalidEncryptionConfiguration`,
    ///   `StateMachineAlreadyExists`, `TooManyTags`.
    @discardableResult
    func addStateMachine(
        name: String, definition: String, roleArn: String? = nil, type: StateMachineType = .standard,
        tags: [ResourceTag] = [], settings: StateMachineSettings = .init()
    ) async throws(StepFunctionsError) -> CreateStateMachineOutput {
        try ResourceNames.validateName(name)
        try Self.validateTags(tags)
        guard tags.count <= Self.maxTagsPerResource else { throw Self.tooManyTags(names.stateMachineArn(name)) }
        let compiled = try CompiledMachine(definitionText: definition)
        if type == .express { try Self.expressDefinitionAllowed(definition) }
        try settings.validate()
        let arn = names.stateMachineArn(name)
        let role = roleArn ?? Self.defaultRoleArn
        let stored: StateMachineSettings? = settings == StateMachineSettings() ? nil : settings
        let (record, tagSet, isNew): (StateMachineRecord, [ResourceTag], Bool) = try state.withLock { state throws(StepFunctionsError) in
            if state.deletingMachine(arn) != nil { throw Self.machineDeleting(arn) }
            if let existing = state.machines[arn] {
                guard existing.definition == definition, existing.type == type.rawValue, existing.settings == stored else {
                    throw .stateMachineAlreadyExists(arn)
                }
                return (existing, [], false)
            }
            let record = StateMachineRecord(
                arn: arn, name: name, definition: definition, roleArn: role, type: type.rawValue,
                creationDate: clock.now, updateDate: nil, revision: 1, settings: stored)
            state.machines[arn] = record
            state.machineRevisions[arn] = (record.revision, compiled)
            return (record, try Self.addTags(tags, to: arn, state: &state) ?? [], true)
        }
        guard isNew else { return CreateStateMachineOutput(stateMachineArn: arn, creationDate: record.creationDate) }
        var batch = WriteBatch(machines: [record])
        if !tagSet.isEmpty { batch.tagSets[arn] = tagSet }
        try await durable(batch)
        return CreateStateMachineOutput(stateMachineArn: arn, creationDate: record.creationDate)
    }

    /// `UpdateStateMachine`: replaces the definition, role and/or settings (each only when given; a given logging
    /// configuration replaces the whole previous one). Running executions keep the machine they started on.
    ///
    /// - Throws: `StateMachineDoesNotExist`, `InvalidDefinition`, `InvalidArn`, `InvalidLoggingConfiguration`,
    ///   `InvalidEncryptionConfiguration`.
    @discardableResult
    func reviseStateMachine(
        stateMachineArn: String, definition: String? = nil, roleArn: String? = nil, logging: LoggingSettings? = nil,
        tracingEnabled: Bool? = nil, encryption: EncryptionSettings? = nil
    ) async throws(StepFunctionsError) -> (updateDate: Date, revision: Int) {
        let compiled = try definition.map { text throws(StepFunctionsError) in try CompiledMachine(definitionText: text) }
        try logging?.validate()
        try encryption?.validate()
        let now = clock.now
        let (record, changed): (StateMachineRecord, Bool) = try state.withLock { state throws(StepFunctionsError) in
            guard var record = state.machines[stateMachineArn] else {
                throw .stateMachineDoesNotExist(stateMachineArn)
            }
            if let definition {
                if record.type == StateMachineType.express.rawValue { try Self.expressDefinitionAllowed(definition) }
                record.definition = definition
            }
            if let roleArn { record.roleArn = roleArn }
            var settings = record.settings ?? StateMachineSettings()
            if let logging { settings.logging = logging }
            if let tracingEnabled { settings.tracingEnabled = tracingEnabled }
            if let encryption { settings.encryption = encryption }
            record.settings = settings == StateMachineSettings() ? nil : settings
            // An update that changes nothing makes no new revision (so publishing after it answers the version
            // already published for the revision, as PublishStateMachineVersion documents).
            if record == state.machines[stateMachineArn] { return (record, false) }
            record.updateDate = now
            record.revision += 1
            state.machines[stateMachineArn] = record
            // The new revision's compiled machine: the new definition's, or the same one under a new revision.
            if let machine = compiled ?? state.machineRevisions[stateMachineArn]?.machine {
                state.machineRevisions[stateMachineArn] = (record.revision, machine)
            } else {
                state.machineRevisions[stateMachineArn] = nil
            }
            return (record, true)
        }
        guard changed else { return (record.updateDate ?? record.creationDate, record.revision) }
        try await durable(WriteBatch(machines: [record]))
        return (now, record.revision)
    }

    /// `DescribeStateMachine`.
    ///
    /// - Throws: `StateMachineDoesNotExist`.
    package func describeStateMachine(stateMachineArn: String) throws(StepFunctionsError) -> DescribeStateMachineOutput {
        let (record, deleting) = state.withLock { state in
            if let machine = state.machines[stateMachineArn] { return (Optional(machine), false) }
            let deleting = state.deletingMachine(stateMachineArn)
            return (deleting, deleting != nil)
        }
        guard let record else { throw .stateMachineDoesNotExist(stateMachineArn) }
        return ExecutionQueries.describe(machine: record, deleting: deleting)
    }

    /// `DeleteStateMachine`: removes the machine, its versions and aliases. With executions of it still running, it is
    /// DELETING until the last of them ends (AWS: "A state machine is deleted only when all its executions are
    /// completed"): described so, and StartExecution and a CreateStateMachine of its name get StateMachineDeleting.
    /// As on AWS, each of those executions fails at its next state transition (`States.Runtime`, "State machine NAME has
    /// been deleted."; Express executions go on). Deleting a machine that does not exist succeeds, as on AWS.
    package func deleteStateMachine(stateMachineArn: String) async throws(StepFunctionsError) {
        let existed = state.withLock { state in
            state.tags[stateMachineArn] = nil
            state.machineRevisions[stateMachineArn] = nil
            guard let record = state.machines.removeValue(forKey: stateMachineArn) else { return false }
            if state.hasRunningExecutions(of: stateMachineArn) { state.deletingMachines[stateMachineArn] = record }
            return true
        }
        if existed { try await durable(WriteBatch(deletedMachines: [stateMachineArn], tagSets: [stateMachineArn: []])) }
        // Its versions and aliases go with it.
        try await deleteVersionsAndAliases(of: stateMachineArn)
    }

    /// `ListStateMachines`, sorted by name, paginated.
    package func listStateMachines(maxResults: Int = 100, nextToken: String? = nil) throws(StepFunctionsError)
        -> ListStateMachinesOutput
    {
        let all = state.withLock { $0.machines.values.sorted { $0.name < $1.name } }
        let items = all.map {
            StateMachineListItem(
                stateMachineArn: $0.arn, name: $0.name, type: StepFunctionsAPI.StateMachineType(rawValue: $0.type),
                creationDate: $0.creationDate)
        }
        let page = try paginate(items, maxResults: maxResults, nextToken: nextToken) { $0.name ?? "" }
        return ListStateMachinesOutput(stateMachines: page.items, nextToken: page.nextToken)
    }

    /// `CreateActivity`. As on AWS it is idempotent on the name: creating an existing activity again returns it
    /// unchanged (different tags or encryption settings are ignored). A new activity gets `tags` and `encryption`.
    ///
    /// - Throws: `InvalidName`, `TooManyTags`, `InvalidEncryptionConfiguration`.
    @discardableResult
    func addActivity(
        name: String, tags: [ResourceTag] = [], encryption: EncryptionSettings = .init()
    ) async throws(StepFunctionsError) -> CreateActivityOutput {
        try ResourceNames.validateName(name)
        try Self.validateTags(tags)
        try encryption.validate()
        let arn = names.activityArn(name)
        guard tags.count <= Self.maxTagsPerResource else { throw Self.tooManyTags(arn) }
        let (record, isNew, tagSet): (ActivityRecord, Bool, [ResourceTag]?) = try state.withLock { state throws(StepFunctionsError) in
            if let existing = state.activities[arn] { return (existing, false, nil) }
            let record = ActivityRecord(
                arn: arn, name: name, creationDate: clock.now, encryption: encryption == EncryptionSettings() ? nil : encryption)
            state.activities[arn] = record
            return (record, true, try Self.addTags(tags, to: arn, state: &state))
        }
        var batch = WriteBatch(activities: isNew ? [record] : [])
        if let tagSet { batch.tagSets[arn] = tagSet }
        if !batch.isEmpty { try await durable(batch) }
        return CreateActivityOutput(activityArn: arn, creationDate: record.creationDate)
    }

    /// `DescribeActivity`.
    ///
    /// - Throws: `ActivityDoesNotExist`.
    package func describeActivity(activityArn: String) throws(StepFunctionsError) -> DescribeActivityOutput {
        guard let record = state.withLock({ $0.activities[activityArn] }) else {
            throw .activityDoesNotExist(activityArn)
        }
        return DescribeActivityOutput(
            activityArn: record.arn, name: record.name, creationDate: record.creationDate,
            encryptionConfiguration: (record.encryption ?? EncryptionSettings()).wire)
    }

    /// `DeleteActivity` (succeeds for an unknown ARN, as on AWS).
    package func deleteActivity(activityArn: String) async throws(StepFunctionsError) {
        let existed = state.withLock { state in
            state.tags[activityArn] = nil
            return state.activities.removeValue(forKey: activityArn) != nil
        }
        if existed { try await durable(WriteBatch(deletedActivities: [activityArn], tagSets: [activityArn: []])) }
    }

    /// `ListActivities`, sorted by name, paginated.
    package func listActivities(maxResults: Int = 100, nextToken: String? = nil) throws(StepFunctionsError)
        -> ListActivitiesOutput
    {
        let all = state.withLock { $0.activities.values.sorted { $0.name < $1.name } }
        let items = all.map { ActivityListItem(activityArn: $0.arn, name: $0.name, creationDate: $0.creationDate) }
        let page = try paginate(items, maxResults: maxResults, nextToken: nextToken) { $0.name ?? "" }
        return ListActivitiesOutput(activities: page.items, nextToken: page.nextToken)
    }

    /// Commits a batch and waits until it is durable.
    func durable(_ batch: WriteBatch) async throws(StepFunctionsError) {
        do {
            try await committer.commit(batch)
        } catch {
            restoreResources(of: batch, after: error)
            throw .storage("The store could not commit: \(error)")
        }
    }

    /// Pagination of a list sorted by name, with an opaque token: the last name returned.
    func paginate<Item>(_ items: [Item], maxResults: Int, nextToken: String?, name: (Item) -> String)
        throws(StepFunctionsError) -> (items: [Item], nextToken: String?)
    {
        let limit = maxResults <= 0 ? 100 : min(maxResults, 1000)
        var start = 0
        if let nextToken {
            // A cursor, not an offset: the page goes on after the last name returned, so an item deleted meanwhile
            // does not shift the ones after it out of the listing (nor one created meanwhile repeat one).
            guard nextToken.hasPrefix("n:"), let data = Data(base64Encoded: String(nextToken.dropFirst(2))),
                let last = String(data: data, encoding: .utf8)
            else {
                throw StepFunctionsError(.invalidToken, "Invalid Token: '\(nextToken)'")
            }
            start = items.firstIndex { name($0) > last } ?? items.count
        }
        let end = min(start + limit, items.count)
        let token = end < items.count && end > start ? "n:" + Data(name(items[end - 1]).utf8).base64EncodedString() : nil
        return (Array(items[start..<end]), token)
    }
}
