import Foundation
import Logging
import StepFunctionsAPI
import Synchronization

extension StepFunctionsClient {
    /// The IAM client of this client's configuration: its IAM endpoint when roles are ensured, else `endpoint` or
    /// AWS's global IAM endpoint for the configured region.
    public func iamClient(endpoint: String? = nil) -> IAMClient {
        let (awsEndpoint, signingRegion) = IAMClient.defaultEndpoint(region: configuration.region)
        if let endpoint { return IAMClient(endpoint: endpoint, signingRegion: signingRegion, client: self) }
        if case .ensure(let iamEndpoint, let region) = configuration.executionRole {
            return IAMClient(endpoint: iamEndpoint, signingRegion: region, client: self)
        }
        return IAMClient(endpoint: awsEndpoint, signingRegion: signingRegion, client: self)
    }

    /// The execution role of a new state machine, as ``StepFunctionsClientConfiguration/executionRole`` says: a fixed
    /// role, the placeholder role, or (on AWS) the role `StepwiseExecutionRole-<name>` ensured through IAM, as the
    /// seed's `ensure-execution-role` does:
    ///
    /// 1. `GetRole`; when there is none, `CreateRole` with the trust policy for `states.amazonaws.com` (a concurrent
    ///    creator's `EntityAlreadyExists` is answered with its role). An existing role that does not trust
    ///    `states.amazonaws.com` gets the trust policy (`UpdateAssumeRolePolicy`).
    /// 2. `PutRolePolicy` of ``ExecutionRolePolicy`` for `definition` (or, when it needs nothing, the inline policy
    ///    is deleted), so the role allows what the current definition calls.
    ///
    /// The role is remembered as new: `CreateStateMachine` and `UpdateStateMachine` with it retry while IAM's
    /// change has not reached Step Functions.
    /// - Throws: ``IAMError`` (such as `AccessDenied` when the caller may not manage roles), `DefinitionError`.
    public func ensureExecutionRole(stateMachineName: String, definition: String) async throws -> String {
        switch configuration.executionRole {
        case .placeholder:
            return ExecutionRoleSource.placeholderRoleArn
        case .fixed(let arn):
            return arn
        case .ensure:
            let policy = try ExecutionRolePolicy(definition: definition)
            let iam = iamClient()
            let roleName = ExecutionRolePolicy.roleName(forStateMachine: stateMachineName)
            let role = try await ensureRole(roleName, iam: iam)
            try await putPolicy(policy, roleName: roleName, iam: iam)
            _ = ensuredRoles.withLock { $0.insert(role.arn) }
            logger.debug("execution role ensured", metadata: ["role": "\(role.arn)"])
            return role.arn
        }
    }

    /// Gives a role Stepwise manages (named `StepwiseExecutionRole-...`, see ``ensureExecutionRole(stateMachineName:definition:)``)
    /// the permissions of a new definition of its machine, as an update of the machine needs; any other role, or a
    /// client that does not ensure roles, is left alone.
    /// - Returns: whether the role's policy was replaced.
    @discardableResult
    public func refreshExecutionRolePolicy(roleArn: String, definition: String) async throws -> Bool {
        guard case .ensure = configuration.executionRole, let slash = roleArn.lastIndex(of: "/") else { return false }
        let roleName = String(roleArn[roleArn.index(after: slash)...])
        guard roleName.hasPrefix(ExecutionRolePolicy.roleNamePrefix) else { return false }
        try await putPolicy(try ExecutionRolePolicy(definition: definition), roleName: roleName, iam: iamClient())
        return true
    }

    /// ``refreshExecutionRolePolicy(roleArn:definition:)``, for the Stepwise layer's update of a state machine.
    public func refreshExecutionRole(roleArn: String, definition: String) async throws {
        try await refreshExecutionRolePolicy(roleArn: roleArn, definition: definition)
    }

    /// `PutRolePolicy` of the policy, or `DeleteRolePolicy` when it has no statements (IAM refuses empty policies).
    private func putPolicy(_ policy: ExecutionRolePolicy, roleName: String, iam: IAMClient) async throws {
        if let document = policy.document {
            try await iam.putRolePolicy(roleName: roleName, policyName: ExecutionRolePolicy.policyName, policyDocument: document)
        } else {
            do {
                try await iam.deleteRolePolicy(roleName: roleName, policyName: ExecutionRolePolicy.policyName)
            } catch IAMError.Code.noSuchEntity {}
        }
    }

    /// The role `roleName`, created trusting `states.amazonaws.com` when missing, or given that trust when it lacks it.
    private func ensureRole(_ roleName: String, iam: IAMClient) async throws -> IAMRole {
        do {
            let role = try await iam.getRole(name: roleName)
            if !(role.assumeRolePolicyDocument ?? "").contains("states.amazonaws.com") {
                try await iam.updateAssumeRolePolicy(roleName: roleName, policyDocument: ExecutionRolePolicy.trustPolicy)
            }
            return role
        } catch IAMError.Code.noSuchEntity {
            do {
                return try await iam.createRole(
                    name: roleName, assumeRolePolicyDocument: ExecutionRolePolicy.trustPolicy,
                    description: "Execution role of a Step Functions state machine, managed by Stepwise")
            } catch IAMError.Code.entityAlreadyExists {
                return try await iam.getRole(name: roleName)  // created concurrently by another caller
            }
        }
    }

    /// Runs `operation`; while it fails because Step Functions may not (yet) assume `roleArn`, a role this client
    /// ensured, retries with backoff (0.5 s doubling to 5 s) until ``StepFunctionsClientConfiguration/rolePropagationTimeout``.
    func waitingForRolePropagation<T>(_ roleArn: String?, _ operation: () async throws -> T) async throws -> T {
        guard let roleArn, ensuredRoles.withLock({ $0.contains(roleArn) }) else { return try await operation() }
        var waited = Duration.zero
        var delay = Duration.milliseconds(500)
        while true {
            do {
                return try await operation()
            } catch let error as StepFunctionsError where Self.isRoleNotYetAssumable(error) && waited < configuration.rolePropagationTimeout {
                logger.debug("waiting for the execution role to propagate", metadata: ["role": "\(roleArn)", "error": "\(error)"])
                try await sleep(delay)
                waited += delay
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    /// Whether Step Functions refused a role it cannot assume (yet): `AccessDeniedException` "... is not authorized
    /// to assume the provided role" or "Neither the global service principal states.amazonaws.com, nor the regional
    /// one is authorized to assume the provided role", or an `InvalidArn` about the role.
    static func isRoleNotYetAssumable(_ error: StepFunctionsError) -> Bool {
        let message = error.message.lowercased()
        switch error.code {
        case .accessDeniedException: return message.contains("assume") && message.contains("role")
        case .invalidArn: return message.contains("role")
        default: return false
        }
    }
}
