import Foundation
import StepFunctionsAPI

/// What a StartExecution ARN names: the machine, and for a version or alias ARN the version that runs.
struct StartTarget: Sendable {
    /// The unqualified state machine ARN.
    var machineArn: String
    /// The version that runs (a version ARN, or the version an alias routed to).
    var version: StateMachineVersionRecord?
    /// The alias the start went through.
    var aliasArn: String?

    /// The machine record the execution runs: the machine itself, or the version's snapshot under the machine's
    /// name and ARN.
    func machine(_ current: StateMachineRecord) -> StateMachineRecord {
        guard let version else { return current }
        var machine = current
        machine.definition = version.definition
        machine.roleArn = version.roleArn
        machine.revision = version.revision
        machine.updateDate = version.revision > 1 ? version.revisionDate : nil
        machine.settings = version.settings
        return machine
    }
}

extension StepwiseEngine {
    /// Resolves a StartExecution ARN. An alias picks one of its versions at random by weight.
    ///
    /// - Throws: `StateMachineDoesNotExist` for a version or alias that does not exist (what StartExecution answers).
    func resolveStartTarget(_ arn: String) throws(StepFunctionsError) -> StartTarget {
        guard let machineArn = Self.unqualified(arn) else { return StartTarget(machineArn: arn) }
        do throws(StepFunctionsError) {
            let qualifier = StateMachineQualifier(String(arn.dropFirst(machineArn.count + 1)))
            if qualifier.isVersion {
                guard let version = try stateMachineVersion(arn) else { throw Self.machineDoesNotExist(arn) }
                return StartTarget(machineArn: machineArn, version: version)
            }
            guard let alias = try stateMachineAlias(arn),
                let chosen = Self.route(alias.routing.map { ($0.stateMachineVersionArn, $0.weight) }, roll: Int.random(in: 0..<100)),
                let version = try stateMachineVersion(chosen)
            else { throw Self.machineDoesNotExist(arn) }
            return StartTarget(machineArn: machineArn, version: version, aliasArn: arn)
        } catch {
            throw error
        }
    }

    /// The version and alias an execution started through (DescribeExecution's `stateMachineVersionArn` and
    /// `stateMachineAliasArn`); both nil for an execution of the machine itself or one that does not exist.
    public func versionAndAlias(ofExecution executionArn: String) -> (versionArn: String?, aliasArn: String?) {
        guard let record = try? executionRecord(executionArn), let snapshot = MachineSnapshot.decode(record.machineSnapshot) else {
            return (nil, nil)
        }
        return (snapshot.versionArn, snapshot.aliasArn)
    }

    /// Deletes a machine's versions and aliases (DeleteStateMachine).
    func deleteVersionsAndAliases(of machineArn: String) async throws(StepFunctionsError) {
        do {
            try await writeVersions { db throws in try VersionRecords.deleteAll(of: machineArn, in: db) }
        } catch {
            throw .storage(error.message)
        }
    }
}
