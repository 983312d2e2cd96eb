import StatesLanguage
import StepFunctionsAPI

// The Stepwise API over any backend: the embedded engine (`StepwiseEngine`), `stepwise serve` or AWS
// (`StepFunctionsClient`). Written once against `StepFunctionsBackend`, so user code does not change between them.

extension StepFunctionsBackend {
    /// Creates the workflow's state machine, or updates it when its definition or role changed, after creating
    /// the activities its handlers need (the seed's `ensure-state-machine`). Idempotent. ``startExecution(_:input:name:options:)``
    /// remembers what this did, and does not ensure again until the workflow changes.
    ///
    /// Activity ARNs come from `CreateActivity`, so the lowered Task states name this backend's region and
    /// account.
    /// - Throws: ``LoweringError``, or the backend's ``StepFunctionsError``.
    @discardableResult
    public func ensureStateMachine<Input, Output>(
        _ workflow: Workflow<Input, Output>, options: StateMachineOptions = .init()
    ) async throws -> StateMachineDeployment {
        let fingerprint = try Self.fingerprint(workflow, options: options)
        let deployment = try await ensureUncached(workflow, options: options)
        DeploymentCache.shared.remember(deployment, of: workflow.name, on: self, fingerprint: fingerprint)
        return deployment
    }

    private func ensureUncached<Input, Output>(
        _ workflow: Workflow<Input, Output>, options: StateMachineOptions
    ) async throws -> StateMachineDeployment {
        var activityArns: [String: String] = [:]
        var placed = LoweringConfiguration.default
        placed.lambdaFunctions = options.lambdaFunctions
        for name in try workflow.activityNames(placed) {
            activityArns[name] = try await ensureActivity(name: name)
        }
        var configuration = activityArns.values.sorted().first.flatMap(LoweringConfiguration.init(activityArn:)) ?? .default
        configuration.lambdaFunctions = options.lambdaFunctions
        let definition = try workflow.definition(configuration).json.jsonString()
        var deployment = try await ensureStateMachine(name: workflow.name, definition: definition, options: options)
        deployment.activityArns = activityArns
        return deployment
    }

    /// Creates the activity, or answers the ARN of the one of that name (`CreateActivity` is idempotent on AWS;
    /// a backend that answers `ActivityAlreadyExists` instead, as moto does, is answered from ListActivities).
    public func ensureActivity(name: String) async throws -> String {
        let input = CreateActivityInput(name: name)
        try input.validateRequest()
        do {
            return try await createActivity(input).activityArn
        } catch let error as StepFunctionsError where error.code == .activityAlreadyExists {
            if let arn = try await activityArn(named: name) { return arn }
            throw error
        }
    }

    /// The ARN of the activity called `name`, or nil when there is none (pages through ListActivities).
    public func activityArn(named name: String) async throws -> String? {
        var token: String?
        repeat {
            let page = try await listActivities(ListActivitiesInput(maxResults: 1000, nextToken: token))
            if let found = page.activities.first(where: { $0.name == name }) { return found.activityArn }
            token = page.nextToken
        } while token != nil
        return nil
    }

    /// Creates the state machine `name` with `definition` (ASL JSON text), or updates it when it exists with
    /// another definition, or a role other than `options.roleArn`. Activities are not created: the caller
    /// creates what `definition` needs (``ensureActivity(name:)``).
    /// - Throws: the backend's ``StepFunctionsError`` (`InvalidDefinition`, `InvalidName`, ...).
    @discardableResult
    public func ensureStateMachine(
        name: String, definition: String, options: StateMachineOptions = .init()
    ) async throws -> StateMachineDeployment {
        if let existing = try await stateMachineArn(named: name) {
            return try await update(existing, definition: definition, roleArn: options.roleArn)
        }
        let roleArn: String
        if let given = options.roleArn {
            roleArn = given
        } else {
            roleArn = try await ensureExecutionRole(stateMachineName: name, definition: definition)
        }
        let input = CreateStateMachineInput(
            name: name, definition: definition, roleArn: roleArn, type: options.type,
            tags: options.tags.isEmpty ? nil : options.tags.sorted { $0.key < $1.key }.map { Tag(key: $0.key, value: $0.value) })
        try input.validateRequest()
        do {
            let created = try await createStateMachine(input)
            return StateMachineDeployment(stateMachineArn: created.stateMachineArn, change: .created, activityArns: [:])
        } catch let error as StepFunctionsError where error.code == .stateMachineAlreadyExists {
            // Another caller created it between our lookup and our create: update theirs.
            guard let existing = try await stateMachineArn(named: name) else { throw error }
            return try await update(existing, definition: definition, roleArn: options.roleArn)
        }
    }

    /// The ARN of the state machine named `name`, or nil (pages through `ListStateMachines`).
    public func stateMachineArn(named name: String) async throws -> String? {
        var token: String?
        repeat {
            let page = try await listStateMachines(ListStateMachinesInput(maxResults: 1000, nextToken: token))
            if let found = page.stateMachines.first(where: { $0.name == name }) { return found.stateMachineArn }
            token = page.nextToken
        } while token != nil
        return nil
    }

    private func update(_ arn: String, definition: String, roleArn: String?) async throws -> StateMachineDeployment {
        let current = try await describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn))
        let sameDefinition: Bool
        if let old = try? JSONValue(parsing: current.definition), let new = try? JSONValue(parsing: definition) {
            sameDefinition = old.jsonEquals(new)
        } else {
            sameDefinition = current.definition == definition
        }
        let sameRole = roleArn == nil || roleArn == current.roleArn
        if sameDefinition && sameRole {
            return StateMachineDeployment(stateMachineArn: arn, change: .unchanged, activityArns: [:])
        }
        let input = UpdateStateMachineInput(
            stateMachineArn: arn, definition: sameDefinition ? nil : definition, roleArn: sameRole ? nil : roleArn)
        try input.validateRequest()
        _ = try await updateStateMachine(input)
        if !sameDefinition && roleArn == nil {
            // The machine keeps its role: a role the backend manages gets the new definition's permissions.
            try await refreshExecutionRole(roleArn: current.roleArn, definition: definition)
        }
        return StateMachineDeployment(stateMachineArn: arn, change: .updated, activityArns: [:])
    }

    /// Starts an execution of the workflow with a typed input, ensuring its state machine first the first time this
    /// backend starts it (and again when the workflow's definition, placements or options changed). Does not wait.
    ///
    /// The ensure is remembered per backend object and workflow: later starts make one call (`StartExecution`). When
    /// the machine was deleted behind this process's back, the start ensures it again and retries once.
    /// - Parameters:
    ///   - name: the execution's name; by default a UUID, as on AWS.
    /// - Returns: a handle on the execution, to await its typed result, describe, read history or stop it.
    public func startExecution<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input, name: String? = nil, options: StateMachineOptions = .init()
    ) async throws -> Execution<Output> {
        let fingerprint = try Self.fingerprint(workflow, options: options)
        let inputText = try TaskCoding.encode(input).jsonString()
        if let known = DeploymentCache.shared.deployment(of: workflow.name, on: self, fingerprint: fingerprint) {
            do {
                return try await start(known.stateMachineArn, name: name, input: inputText)
            } catch let error as StepFunctionsError where error.code == .stateMachineDoesNotExist {
                DeploymentCache.shared.forget(workflow.name, on: self)
            }
        }
        let deployment = try await ensureStateMachine(workflow, options: options)
        return try await start(deployment.stateMachineArn, name: name, input: inputText)
    }

    private func start<Output>(_ stateMachineArn: String, name: String?, input: String) async throws -> Execution<Output> {
        let request = StartExecutionInput(stateMachineArn: stateMachineArn, name: name, input: input)
        try request.validateRequest()
        let started = try await startExecution(request)
        return Execution(executionArn: started.executionArn, backend: self)
    }

    /// What an ensure of `workflow` depends on besides the backend: its definition lowered with the default
    /// configuration (the backend's region and account are fixed), and the options.
    static func fingerprint<Input, Output>(_ workflow: Workflow<Input, Output>, options: StateMachineOptions) throws -> String {
        var configuration = LoweringConfiguration.default
        configuration.lambdaFunctions = options.lambdaFunctions
        let definition = try workflow.definition(configuration).json.jsonString()
        let tags = options.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let lambdas = options.lambdaFunctions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return [definition, options.roleArn ?? "", options.type.rawValue, tags.joined(separator: ","), lambdas.joined(separator: ",")]
            .joined(separator: "\u{0}")
    }

    /// Starts an execution of `workflow` and waits for its typed output.
    /// - Throws: ``WorkflowFailure`` when the execution fails, times out or is aborted.
    public func execute<Input, Output>(
        _ workflow: Workflow<Input, Output>, input: Input, name: String? = nil, options: StateMachineOptions = .init()
    ) async throws -> Output {
        try await startExecution(workflow, input: input, name: name, options: options).result()
    }

    /// A handle on an existing execution whose output is `Output`.
    public func execution<Output>(_ executionArn: String, output: Output.Type = Output.self) -> Execution<Output> {
        Execution(executionArn: executionArn, backend: self)
    }
}

extension LoweringConfiguration {
    /// The region, account and partition of an ARN (`arn:<partition>:states:<region>:<account>:...`), or nil.
    public init?(activityArn: String) {
        let parts = activityArn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", !parts[3].isEmpty, !parts[4].isEmpty else { return nil }
        self.init(region: String(parts[3]), account: String(parts[4]), partition: String(parts[1]))
    }
}
