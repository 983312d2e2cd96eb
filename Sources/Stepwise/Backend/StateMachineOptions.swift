import StepFunctionsAPI

/// How ``StepFunctionsBackend/ensureStateMachine(_:options:)`` creates or updates a state machine.
public struct StateMachineOptions: Sendable, Hashable {
    /// The execution role. `nil` asks the backend for one (``StepFunctionsBackend/ensureExecutionRole(stateMachineName:definition:)``):
    /// on AWS a role trusted by `states.amazonaws.com`, elsewhere a fixed role the endpoint does not check.
    /// An existing machine keeps its role unless one is given here.
    public var roleArn: String?
    /// `STANDARD` (the default) or `EXPRESS`. Only used when the machine is created: AWS cannot change a
    /// machine's type.
    public var type: StateMachineType
    /// Tags given to a machine when it is created.
    public var tags: [String: String]
    /// Handlers placed on Lambda, activity name → function name: their steps lower to Lambda tasks
    /// (``LoweringConfiguration/lambdaTask(_:activityName:)``); set from placements with ``placing(_:)``.
    public var lambdaFunctions: [String: String] = [:]

    /// Options with the given role, type and tags.
    public init(roleArn: String? = nil, type: StateMachineType = .standard, tags: [String: String] = [:]) {
        self.roleArn = roleArn
        self.type = type
        self.tags = tags
    }
}

/// What ``StepFunctionsBackend/ensureStateMachine(_:options:)`` did.
public struct StateMachineDeployment: Sendable, Hashable {
    /// What happened to the state machine.
    public enum Change: String, Sendable, Hashable {
        /// It did not exist and was created.
        case created
        /// It existed with another definition or role, and was updated.
        case updated
        /// It existed with the same definition and role: nothing was written.
        case unchanged
    }

    /// The state machine's ARN.
    public var stateMachineArn: String
    /// Created, updated or unchanged.
    public var change: Change
    /// The ARNs of the activities the definition's Task states use, by activity name.
    public var activityArns: [String: String]
}
