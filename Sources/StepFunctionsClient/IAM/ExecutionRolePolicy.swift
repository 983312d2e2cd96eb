import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// The IAM role a state machine runs with when Stepwise ensures one (the seed's `ensure-execution-role`): its
/// name, its trust policy (`states.amazonaws.com` may assume it) and the inline policy its definition needs.
///
/// The inline policy holds only what can be read from the definition itself:
/// - a Lambda function ARN as a Task `Resource`, or as the static `FunctionName` of `arn:aws:states:::lambda:invoke`
///   (`.waitForTaskToken` too): `lambda:InvokeFunction` on the function and its versions and aliases;
/// - `arn:aws:states:::states:startExecution` with a static `StateMachineArn`: `states:StartExecution` on it, and
///   for `.sync`/`.sync:2` also `states:DescribeExecution` and `states:StopExecution` on its executions and the
///   EventBridge rule Step Functions manages for them, as AWS's developer guide documents;
/// - activities need no permission (workers call `GetActivityTask` with their own credentials).
///
/// Resources chosen at run time (`FunctionName.$`, JSONata) and other service integrations are not derived: give
/// such machines a role of your own (`StateMachineOptions.roleArn`, `STEPWISE_ROLE_ARN`).
public struct ExecutionRolePolicy: Sendable, Hashable {
    /// One `Allow` statement.
    public struct Statement: Sendable, Hashable, Encodable {
        /// The actions allowed, sorted.
        public var actions: [String]
        /// The resources they are allowed on, sorted.
        public var resources: [String]

        enum CodingKeys: String, CodingKey { case effect = "Effect", actions = "Action", resources = "Resource" }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("Allow", forKey: .effect)
            try container.encode(actions, forKey: .actions)
            try container.encode(resources, forKey: .resources)
        }
    }

    /// The statements, in a stable order; empty when the definition needs no permission.
    public var statements: [Statement]

    /// The name of the inline policy Stepwise puts on the roles it ensures.
    public static let policyName = "StepwiseExecutionPolicy"
    /// The prefix of the role names Stepwise derives.
    public static let roleNamePrefix = "StepwiseExecutionRole-"

    /// The trust policy: `states.amazonaws.com` may assume the role.
    public static let trustPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#

    /// The policy `definition` (ASL JSON text) needs.
    /// - Throws: `DefinitionError` when the definition does not parse.
    public init(definition: String) throws {
        let parsed = try StateMachineDefinition(parsing: definition)
        var byActions: [[String]: Set<String>] = [:]
        for task in Self.tasks(parsed.states.values) {
            for (actions, resources) in Self.permissions(of: task) {
                byActions[actions, default: []].formUnion(resources)
            }
        }
        statements = byActions.map { Statement(actions: $0.key, resources: $0.value.sorted()) }
            .sorted { $0.actions.lexicographicallyPrecedes($1.actions) }
    }

    /// The policy document (JSON), or nil when there are no statements.
    public var document: String? {
        guard !statements.isEmpty else { return nil }
        struct Document: Encodable {
            var Version = "2012-10-17"
            var Statement: [ExecutionRolePolicy.Statement]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(Document(Statement: statements))).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `StepwiseExecutionRole-<machine name>`, within IAM's 64 characters and its name characters: a name that is
    /// too long or has other characters is shortened or cleaned and ends in 8 hex digits of its SHA-256, so that
    /// distinct machines keep distinct roles.
    public static func roleName(forStateMachine name: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+=,.@_-")
        let cleaned = String(name.map { allowed.contains($0) ? $0 : "-" })
        let whole = roleNamePrefix + cleaned
        if cleaned == name, whole.count <= 64 { return whole }
        let hash = String(SigV4.hexSHA256(Array(name.utf8)).prefix(8))
        return roleNamePrefix + cleaned.prefix(64 - roleNamePrefix.count - 9) + "-" + hash
    }

    // MARK: Derivation

    private static func tasks(_ states: some Sequence<State>) -> [TaskState] {
        var tasks: [TaskState] = []
        for state in states {
            switch state {
            case .task(let task): tasks.append(task)
            case .parallel(let parallel): for branch in parallel.branches { tasks += Self.tasks(branch.states.values) }
            case .map(let map): tasks += Self.tasks(map.itemProcessor.states.values)
            default: break
            }
        }
        return tasks
    }

    private static let lambdaActions = ["lambda:InvokeFunction"]
    private static let startActions = ["states:StartExecution"]
    private static let syncActions = ["states:DescribeExecution", "states:StopExecution"]
    private static let eventActions = ["events:DescribeRule", "events:PutRule", "events:PutTargets"]

    private static func permissions(of task: TaskState) -> [([String], [String])] {
        let resource = task.resource
        if let function = lambdaFunction(resource) { return [(lambdaActions, [function, function + ":*"])] }
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        // arn:<partition>:states:::<service>:<api>[.pattern]
        guard parts.count >= 7, parts[0] == "arn", parts[2] == "states", parts[3].isEmpty, parts[4].isEmpty else { return [] }
        let service = parts[5]
        let api = parts[6...].joined(separator: ":")
        if service == "lambda", api == "invoke" || api == "invoke.waitForTaskToken" {
            guard let name = staticParameter("FunctionName", of: task), let function = lambdaFunction(name) else { return [] }
            return [(lambdaActions, [function, function + ":*"])]
        }
        if service == "states", api.hasPrefix("startExecution") {
            guard let target = staticParameter("StateMachineArn", of: task) else { return [] }
            let targetParts = target.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard targetParts.count == 7, targetParts[0] == "arn", targetParts[2] == "states", targetParts[5] == "stateMachine" else {
                return []
            }
            var permissions = [(startActions, [target])]
            if api == "startExecution.sync" || api == "startExecution.sync:2" {
                let (partition, region, account, name) = (targetParts[1], targetParts[3], targetParts[4], targetParts[6])
                permissions.append((syncActions, ["arn:\(partition):states:\(region):\(account):execution:\(name):*"]))
                permissions.append(
                    (eventActions, ["arn:\(partition):events:\(region):\(account):rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"]))
            }
            return permissions
        }
        return []
    }

    /// The unqualified ARN of a Lambda function ARN (`arn:aws:lambda:r:a:function:name[:qualifier]`), else nil.
    private static func lambdaFunction(_ text: String) -> String? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 7 || parts.count == 8, parts[0] == "arn", parts[2] == "lambda", parts[5] == "function",
            !parts[3].isEmpty, !parts[4].isEmpty, !parts[6].isEmpty
        else { return nil }
        return parts[0..<7].joined(separator: ":")
    }

    /// A string member of `Parameters` or `Arguments` written as a constant (not a path or a JSONata expression).
    private static func staticParameter(_ name: String, of task: TaskState) -> String? {
        for payload in [task.parameters, task.arguments] {
            guard case .object(let object)? = payload, case .string(let value)? = object[name] else { continue }
            if value.hasPrefix("{%") { continue }
            return value
        }
        return nil
    }
}
