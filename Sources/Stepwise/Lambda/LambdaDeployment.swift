import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepFunctionsClient

/// What ``StepFunctionsClient/ensureStateMachine(_:placements:package:options:functionRoleArn:)`` did.
/// `Sendable`, `Hashable`: a value.
public struct LambdaDeployment: Sendable, Hashable {
    /// The state machine: created, updated or unchanged.
    public var stateMachine: StateMachineDeployment
    /// The ARN of each function of a Lambda placement, by function name.
    public var functionArns: [String: String]
    /// The execution role the functions run with (nil when no handler is placed on Lambda).
    public var functionRoleArn: String?
}

extension StepFunctionsClient {
    /// The name of the inline policy that lets a state machine's role invoke the functions of its Lambda placements.
    public static let invokeFunctionsPolicyName = "StepwiseInvokeFunctions"

    /// The role functions run with when the client does not manage IAM (`stepwise serve`, Step Functions Local):
    /// such endpoints record the role without checking it.
    public static let placeholderFunctionRoleArn = "arn:aws:iam::123456789012:role/StepwiseLambdaRole"

    /// Deploys a workflow whose handlers are placed on Lambda: the functions first, then the state machine that
    /// invokes them.
    ///
    /// 1. The functions' execution role: `functionRoleArn`, else (when this client manages IAM roles, as on AWS)
    ///    `StepwiseLambdaRole`, ensured with ``LambdaClient/ensureFunctionRole(name:iam:)``, else a placeholder
    ///    the endpoint does not check.
    /// 2. Each `.onLambda` placement's function, created or brought up to date from `package` (the executable's
    ///    zip, ``LambdaPackage/zip(bootstrap:)``) with ``LambdaClient/ensureFunction(_:zipFile:reservedConcurrency:)``:
    ///    handler = the activity name (``LambdaRuntime`` serves it by `_HANDLER`), timeout, memory, and reserved
    ///    concurrency = `maxConcurrency` (removed when it is nil).
    /// 3. The state machine, lowered with the placements (``StepFunctionsBackend/ensureStateMachine(_:options:)``).
    /// 4. When this client manages IAM roles, the machine's role is granted `lambda:InvokeFunction` on those
    ///    functions (and their versions and aliases) in the inline policy ``invokeFunctionsPolicyName``, so a role
    ///    given in `options` works too.
    ///
    /// Idempotent: a second call with the same package and settings writes no new code.
    /// - Throws: ``LambdaError``, ``IAMError``, ``StepFunctionsError`` or ``LoweringError``.
    @discardableResult
    public func ensureStateMachine<Input, Output>(
        _ workflow: Workflow<Input, Output>, placements: [Placement], package: [UInt8], options: StateMachineOptions = .init(),
        functionRoleArn: String? = nil
    ) async throws -> LambdaDeployment {
        let onLambda = placements.compactMap { placement in placement.lambda.map { (placement.handler.activityName, $0) } }
        let managesRoles: Bool = if case .ensure = configuration.executionRole { true } else { false }
        let lambda = lambdaClient()
        var roleArn: String?
        var functionArns: [String: String] = [:]
        if !onLambda.isEmpty {
            let role: String
            if let functionRoleArn {
                role = functionRoleArn
            } else if managesRoles {
                role = try await lambda.ensureFunctionRole()
            } else {
                role = Self.placeholderFunctionRoleArn
            }
            roleArn = role
            for (activityName, settings) in onLambda {
                let request = LambdaFunctionRequest(
                    functionName: settings.functionName, roleArn: role, handler: activityName, timeoutSeconds: settings.timeoutSeconds,
                    memorySize: settings.memorySize)
                functionArns[settings.functionName] = try await lambda.ensureFunction(
                    request, zipFile: package, reservedConcurrency: settings.maxConcurrency)
            }
        }
        let deployment = try await ensureStateMachine(workflow, options: options.placing(placements))
        if managesRoles, !functionArns.isEmpty {
            let machine = try await describeStateMachine(DescribeStateMachineInput(stateMachineArn: deployment.stateMachineArn))
            try await grantInvoke(roleArn: machine.roleArn, functionArns: functionArns.values.sorted())
        }
        return LambdaDeployment(stateMachine: deployment, functionArns: functionArns, functionRoleArn: roleArn)
    }

    /// The inline policy allowing `lambda:InvokeFunction` on `functionArns` and their qualified forms.
    public static func invokeFunctionsPolicy(_ functionArns: [String]) -> String {
        let resources = functionArns.flatMap { [JSONValue.string($0), .string($0 + ":*")] }
        let policy: JSONValue = [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": .array(resources)]],
        ]
        return policy.jsonString()
    }

    private func grantInvoke(roleArn: String, functionArns: [String]) async throws {
        guard let slash = roleArn.lastIndex(of: "/") else { return }
        let roleName = String(roleArn[roleArn.index(after: slash)...])
        try await iamClient().putRolePolicy(
            roleName: roleName, policyName: Self.invokeFunctionsPolicyName, policyDocument: Self.invokeFunctionsPolicy(functionArns))
    }
}
