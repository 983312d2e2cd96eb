import Foundation
import GRDB
public import StepFunctionsAPI
import Synchronization

// State machine aliases: a name routing StartExecution to one version, or splitting starts between two by weight.
extension StepwiseEngine {
    /// AWS's limit of aliases per state machine.
    public static let maxAliasesPerStateMachine = 100

    /// `CreateStateMachineAlias`: an alias of the machine whose versions `routingConfiguration` names.
    ///
    /// Idempotent as on AWS: creating an alias again with the same name, description and routing answers it;
    /// the same name with anything else is a `ConflictException`.
    ///
    /// - Throws: `ResourceNotFound` (a version that does not exist), `ConflictException`,
    ///   `ServiceQuotaExceededException` (100 aliases), `InvalidArn`, `ValidationException`.
    public func createStateMachineAlias(_ input: CreateStateMachineAliasInput) async throws(StepFunctionsError)
        -> CreateStateMachineAliasOutput
    {
        try input.validateRequest()
        let machine = try validateRoutingConfiguration(input.routingConfiguration).description
        let aliasArn = "\(machine):\(input.name)"
        let routing = input.routingConfiguration.map { AliasRoute(stateMachineVersionArn: $0.stateMachineVersionArn, weight: $0.weight) }
        let now = clock.now
        let name = input.name
        let description = input.description
        let alias = try await writeVersions { db throws in
            try Self.requireVersions(routing, in: db)
            if let existing = try StateMachineAliasRecord.fetchOne(db, key: aliasArn) {
                guard existing.description == description, existing.routing == routing else {
                    // AWS's words, also when only the description differs.
                    throw StepFunctionsError(
                        .conflictException,
                        "Failed to create alias because an alias with the same name and a different routing configuration already exists.")
                }
                return existing
            }
            let count = try StateMachineAliasRecord.filter(Column("stateMachineArn") == machine).fetchCount(db)
            guard count < Self.maxAliasesPerStateMachine else {
                // Wording a guess: the limit is AWS's (100 aliases per state machine).
                throw StepFunctionsError(
                    .serviceQuotaExceededException,
                    "The maximum number of aliases (\(Self.maxAliasesPerStateMachine)) has been reached for state machine '\(machine)'. Delete unused aliases with DeleteStateMachineAlias.")
            }
            let record = StateMachineAliasRecord(
                arn: aliasArn, stateMachineArn: machine, name: name, description: description, routing: routing,
                creationDate: now, updateDate: now)
            try record.insert(db)
            return record
        }
        return CreateStateMachineAliasOutput(stateMachineAliasArn: alias.arn, creationDate: alias.creationDate)
    }

    /// `DescribeStateMachineAlias`.
    ///
    /// - Throws: `ResourceNotFound`, `InvalidArn`, `ValidationException`.
    public func describeStateMachineAlias(_ input: DescribeStateMachineAliasInput) async throws(StepFunctionsError)
        -> DescribeStateMachineAliasOutput
    {
        try input.validateRequest()
        guard let alias = try stateMachineAlias(input.stateMachineAliasArn) else { throw Self.notFound(input.stateMachineAliasArn) }
        return DescribeStateMachineAliasOutput(
            stateMachineAliasArn: alias.arn, name: alias.name, description: alias.description,
            routingConfiguration: alias.routing.map {
                RoutingConfigurationListItem(stateMachineVersionArn: $0.stateMachineVersionArn, weight: $0.weight)
            },
            creationDate: alias.creationDate, updateDate: alias.updateDate)
    }

    /// `UpdateStateMachineAlias`: replaces the description and/or the routing (each only when given). Starts after
    /// the answer use the new routing.
    ///
    /// - Throws: `ResourceNotFound` (the alias or a version), `InvalidArn`, `ValidationException`.
    public func updateStateMachineAlias(_ input: UpdateStateMachineAliasInput) async throws(StepFunctionsError)
        -> UpdateStateMachineAliasOutput
    {
        try input.validateRequest()
        let aliasArn = input.stateMachineAliasArn
        let routing = input.routingConfiguration?.map {
            AliasRoute(stateMachineVersionArn: $0.stateMachineVersionArn, weight: $0.weight)
        }
        let description = input.description
        let now = clock.now
        let updated = try await writeVersions { db throws in
            guard var alias = try StateMachineAliasRecord.fetchOne(db, key: aliasArn) else {
                throw StepFunctionsError(.resourceNotFound, "Request references a resource that does not exist.", resourceName: aliasArn)
            }
            if let routing {
                try Self.requireVersions(routing, in: db)
                alias.routing = routing
            }
            if let description { alias.description = description }
            alias.updateDate = now
            try alias.update(db)
            return alias
        }
        return UpdateStateMachineAliasOutput(updateDate: updated.updateDate)
    }

    /// `DeleteStateMachineAlias` (executions started through it go on). Deleting an alias that does not exist succeeds,
    /// as on AWS.
    ///
    /// - Throws: `InvalidArn`, `ValidationException`.
    public func deleteStateMachineAlias(_ input: DeleteStateMachineAliasInput) async throws(StepFunctionsError)
        -> DeleteStateMachineAliasOutput
    {
        try input.validateRequest()
        let aliasArn = input.stateMachineAliasArn
        try await writeVersions { db throws in
            _ = try StateMachineAliasRecord.deleteOne(db, key: aliasArn)
        }
        return DeleteStateMachineAliasOutput()
    }

    /// `ListStateMachineAliases` of a machine (oldest first), or of a version ARN (the aliases routing to it),
    /// paginated (`maxResults` 1...1000, 100 when not given).
    ///
    /// - Throws: `StateMachineDoesNotExist`, `ResourceNotFound` (a version that does not exist), `InvalidToken`,
    ///   `InvalidArn`.
    public func listStateMachineAliases(_ input: ListStateMachineAliasesInput) async throws(StepFunctionsError)
        -> ListStateMachineAliasesOutput
    {
        try input.validateRequest()
        let version: String? = Self.unqualified(input.stateMachineArn) != nil ? input.stateMachineArn : nil
        let machineArn = Self.unqualified(input.stateMachineArn) ?? input.stateMachineArn
        guard state.withLock({ $0.machines[machineArn] != nil }) else { throw Self.machineDoesNotExist(machineArn) }
        if let version, try stateMachineVersion(version) == nil { throw Self.notFound(version) }
        var start = 0
        if let token = input.nextToken {
            guard token.hasPrefix("a:"), let offset = Int(token.dropFirst(2)), offset >= 0 else { throw Self.invalidToken(token) }
            start = offset
        }
        let all = try readVersions { db in
            try StateMachineAliasRecord.filter(Column("stateMachineArn") == machineArn)
                .order(Column("creationDate"), Column("name")).fetchAll(db)
        }
        let matching = version.map { version in all.filter { $0.routing.contains { $0.stateMachineVersionArn == version } } } ?? all
        let limit = Self.pageSize(input.maxResults)
        let lower = min(start, matching.count)
        let upper = min(lower + limit, matching.count)
        return ListStateMachineAliasesOutput(
            stateMachineAliases: matching[lower..<upper].map {
                StateMachineAliasListItem(stateMachineAliasArn: $0.arn, creationDate: $0.creationDate)
            },
            nextToken: upper < matching.count ? "a:\(upper)" : nil)
    }

    // MARK: Routing

    /// The version an alias routes a start to, for `roll` in `0..<100`: the first route takes rolls below its
    /// weight, the second the rest. A uniform roll thus honours the weights exactly in proportion.
    package static func route(_ routing: [(stateMachineVersionArn: String, weight: Int)], roll: Int) -> String? {
        var threshold = 0
        for route in routing {
            threshold += route.weight
            if roll < threshold { return route.stateMachineVersionArn }
        }
        return routing.last(where: { $0.weight > 0 })?.stateMachineVersionArn ?? routing.last?.stateMachineVersionArn
    }

    /// An alias's row, or nil.
    func stateMachineAlias(_ aliasArn: String) throws(StepFunctionsError) -> StateMachineAliasRecord? {
        try readVersions { db in try StateMachineAliasRecord.fetchOne(db, key: aliasArn) }
    }

    /// `ResourceNotFound` unless every version of `routing` exists.
    static func requireVersions(_ routing: [AliasRoute], in db: Database) throws {
        for route in routing where try !StateMachineVersionRecord.exists(db, key: route.stateMachineVersionArn) {
            throw notFound(route.stateMachineVersionArn)
        }
    }

    static func notFound(_ arn: String) -> StepFunctionsError {
        StepFunctionsError(.resourceNotFound, "Resource not found: '\(arn)'", resourceName: arn)
    }
}
