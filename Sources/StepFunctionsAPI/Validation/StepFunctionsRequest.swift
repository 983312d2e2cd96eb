/// A request shape with the checks AWS applies before an operation runs: member constraints, then names, ARN
/// formats and JSON payloads, each with AWS's error (`ValidationException`, `InvalidName`, `InvalidArn`,
/// `InvalidExecutionInput`, `InvalidOutput`, `MissingRequiredParameter`).
public protocol StepFunctionsRequest: StepFunctionsShape {
    /// Throws the first error AWS would answer for this request before looking anything up.
    func validateRequest() throws(StepFunctionsError)
}

extension StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) { try validateConstraints() }
}

/// AWS checks that a role ARN is an ARN before it looks at the role: "Invalid Role Arn: '<arn>'" (recorded from AWS in
/// aws/amazon-sagemaker-examples#2432).
private func validateRoleArn(_ arn: String) throws(StepFunctionsError) {
    let parts = arn.arnFields
    guard parts.count >= 6, parts[0] == "arn", parts[2] == "iam" else {
        throw StepFunctionsError(.invalidArn, "Invalid Role Arn: '\(arn)'")
    }
}

extension CreateStateMachineInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try checkTagCount(tags, resource: name)
        try validateConstraints()
        try ResourceName.validate(name)
        try validateRoleArn(roleArn)
        try checkVersionDescription(versionDescription, publish: publish)
    }
}

extension UpdateStateMachineInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        // A version or alias ARN names no machine that can be updated: AWS answers that it does not exist.
        if case .stateMachine(_, _?) = try ResourceARN.stateMachine(parsing: stateMachineArn, allowQualified: true).resource {
            throw .stateMachineDoesNotExist(stateMachineArn)
        }
        if let roleArn { try validateRoleArn(roleArn) }
        try checkVersionDescription(versionDescription, publish: publish)
        if definition == nil, roleArn == nil, loggingConfiguration == nil, tracingConfiguration == nil, encryptionConfiguration == nil {
            throw StepFunctionsError(
                .missingRequiredParameter,
                "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified")
        }
    }
}

extension DescribeStateMachineInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.stateMachine(parsing: stateMachineArn, allowQualified: true)
    }
}

extension DeleteStateMachineInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.stateMachine(parsing: stateMachineArn, allowQualified: true)
    }
}

extension ListStateMachinesInput: StepFunctionsRequest {}
extension ValidateStateMachineDefinitionInput: StepFunctionsRequest {}
extension ListActivitiesInput: StepFunctionsRequest {}

extension DescribeStateMachineForExecutionInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.execution(parsing: executionArn)
    }
}

extension CreateActivityInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try checkTagCount(tags, resource: name)
        try validateConstraints()
        try ResourceName.validate(name)
    }
}

extension DescribeActivityInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.activity(parsing: activityArn)
    }
}

extension DeleteActivityInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.activity(parsing: activityArn)
    }
}

extension GetActivityTaskInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.activity(parsing: activityArn)
    }
}

extension StartExecutionInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.stateMachine(parsing: stateMachineArn, allowQualified: true)
        if let name { try ResourceName.validate(name) }
        _ = try Payload.executionInput(input)
    }
}

extension StartSyncExecutionInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.stateMachine(parsing: stateMachineArn, allowQualified: true)
        if let name { try ResourceName.validate(name) }
        _ = try Payload.executionInput(input)
    }
}

extension StopExecutionInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.execution(parsing: executionArn)
    }
}

extension DescribeExecutionInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.execution(parsing: executionArn)
    }
}

extension ListExecutionsInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        switch (stateMachineArn, mapRunArn) {
        case (let arn?, nil): _ = try ResourceARN.stateMachine(parsing: arn, allowQualified: true)
        case (nil, let arn?):
            guard case .mapRun = try ResourceARN(parsing: arn).resource else {
                throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: mapRunArn'")
            }
        default:
            throw StepFunctionsError(.validationException, "Must specify exactly one of stateMachineArn or mapRunArn")
        }
    }
}

extension GetExecutionHistoryInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.execution(parsing: executionArn)
    }
}

extension RedriveExecutionInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.execution(parsing: executionArn)
    }
}

extension SendTaskSuccessInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try Payload.taskOutput(output)
    }
}

extension SendTaskFailureInput: StepFunctionsRequest {}
extension SendTaskHeartbeatInput: StepFunctionsRequest {}

/// AWS's limit of tags per resource. A request carrying more can never succeed, so it is refused before its
/// members are checked or anything is looked up (a request with 100,000 tags costs no more than one with 51).
public let maximumTagsPerResource = 50

private func checkTagCount(_ tags: [Tag]?, resource: String) throws(StepFunctionsError) {
    guard let tags, tags.count > maximumTagsPerResource else { return }
    throw StepFunctionsError(
        .tooManyTags, "Too many tags: the resource '\(resource)' can have at most \(maximumTagsPerResource) tags",
        resourceName: resource)
}

extension TagResourceInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try checkTagCount(tags, resource: resourceArn)
        try validateConstraints()
        _ = try ResourceARN.taggable(parsing: resourceArn)
    }
}

extension UntagResourceInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.taggable(parsing: resourceArn)
    }
}

extension ListTagsForResourceInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.taggable(parsing: resourceArn)
    }
}
