// The checks AWS applies to the version, alias and TestState requests before it looks anything up. Where AWS's
// wording of a message is not documented, the message is a guess in AWS's style and says so in a comment.

extension RoutingConfigurationListItem {
    // A list item (not generated with checks): the version ARN's length and the weight's range, as the model has them.
    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(stateMachineVersionArn, at: path + "stateMachineVersionArn", min: 1, max: 256)
        violations.checkNumber(weight, at: path + "weight", min: 0, max: 100)
    }
}

extension ResourceARN {
    /// Parses an ARN that must name a state machine version (`stateMachine:<name>:<number>`).
    public static func stateMachineVersion(parsing text: String) throws(StepFunctionsError) -> ResourceARN {
        let arn = try ResourceARN(parsing: text)
        guard case .stateMachine(_, let qualifier?) = arn.resource, StateMachineQualifier(qualifier).isVersion else {
            // Wording a guess: AWS's `Invalid Arn: '<reason>'` form with the reason it gives for other wrong types.
            throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(text)'")
        }
        return arn
    }

    /// Parses an ARN that must name a state machine alias (`stateMachine:<name>:<alias name>`).
    public static func stateMachineAlias(parsing text: String) throws(StepFunctionsError) -> ResourceARN {
        let arn = try ResourceARN(parsing: text)
        guard case .stateMachine(_, let qualifier?) = arn.resource, !StateMachineQualifier(qualifier).isVersion else {
            // Wording a guess, as for versions above.
            throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(text)'")
        }
        return arn
    }
}

/// What follows a state machine's name in a qualified ARN: a version number (digits) or an alias name (alias names
/// must contain a letter, `_`, `-` or `.`, so the two never collide).
public struct StateMachineQualifier: Sendable, Hashable {
    /// The qualifier's text.
    public var text: String

    /// Wraps a qualifier's text.
    public init(_ text: String) { self.text = text }

    /// The version number, when the qualifier is one (1 or more, no sign, no leading zero).
    public var versionNumber: Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), text.first != "0", text.count <= 9 else { return nil }
        return Int(text)
    }

    /// Whether the qualifier names a version.
    public var isVersion: Bool { versionNumber != nil }
}

extension PublishStateMachineVersionInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.stateMachine(parsing: stateMachineArn)
    }
}

extension ListStateMachineVersionsInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.stateMachine(parsing: stateMachineArn)
    }
}

extension DeleteStateMachineVersionInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.stateMachineVersion(parsing: stateMachineVersionArn)
    }
}

/// Checks a routing configuration as AWS does: one or two versions of one state machine, each named once, weights
/// summing to 100. Answers the unqualified ARN of the versions' state machine.
package func validateRoutingConfiguration(_ routing: [RoutingConfigurationListItem]) throws(StepFunctionsError) -> ResourceARN {
    let arns = routing.map(\.stateMachineVersionArn)
    let received = "Received: [\(arns.joined(separator: ", "))]"
    var versions: [ResourceARN] = []
    for text in arns {
        let arn = try ResourceARN(parsing: text)
        guard case .stateMachine(_, let qualifier?) = arn.resource, StateMachineQualifier(qualifier).isVersion else {
            throw StepFunctionsError(.validationException, "Routing configuration must contain state machine version ARNs. \(received)")
        }
        versions.append(arn)
    }
    var machine: ResourceARN?
    var seen: Set<String> = []
    for arn in versions {
        guard let owner = arn.stateMachineARN else { continue }
        if let machine, machine != owner {
            // Wording a guess.
            throw StepFunctionsError(
                .validationException, "Routing configuration must contain state machine version ARNs for the same state machine")
        }
        machine = owner
        guard seen.insert(arn.description).inserted else {
            throw StepFunctionsError(.validationException, "Routing configuration must contain distinct state machine version ARNs. \(received)")
        }
    }
    let total = routing.reduce(0) { $0 + $1.weight }
    guard total == 100 else {
        throw StepFunctionsError(
            .validationException,
            "Sum of routing configuration weights must equal 100. Received: [\(routing.map { String($0.weight) }.joined(separator: ", "))]")
    }
    guard let machine else {
        throw StepFunctionsError(.validationException, "Routing configuration must contain at least one state machine version")
    }
    return machine
}

extension CreateStateMachineAliasInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try validateRoutingConfiguration(routingConfiguration)
    }
}

extension DescribeStateMachineAliasInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.stateMachineAlias(parsing: stateMachineAliasArn)
    }
}

extension UpdateStateMachineAliasInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        let alias = try ResourceARN.stateMachineAlias(parsing: stateMachineAliasArn)
        guard description != nil || routingConfiguration != nil else {
            // Wording a guess: the API reference says one of them must be given.
            throw StepFunctionsError(
                .validationException, "At least one of description or routingConfiguration must be specified")
        }
        if let routingConfiguration {
            let machine = try validateRoutingConfiguration(routingConfiguration)
            guard machine == alias.stateMachineARN else {
                // Wording a guess.
                throw StepFunctionsError(
                    .validationException, "Routing configuration must contain state machine version ARNs for the alias's state machine")
            }
        }
    }
}

extension DeleteStateMachineAliasInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.stateMachineAlias(parsing: stateMachineAliasArn)
    }
}

extension ListStateMachineAliasesInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        // The machine's ARN, or one of its versions' (the aliases routing to that version).
        let arn = try ResourceARN.stateMachine(parsing: stateMachineArn, allowQualified: true)
        if case .stateMachine(_, let qualifier?) = arn.resource, !StateMachineQualifier(qualifier).isVersion {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: \(stateMachineArn)'")
        }
    }
}

extension TestStateInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        if let roleArn {
            let parts = roleArn.arnFields
            guard parts.count >= 6, parts[0] == "arn", parts[2] == "iam" else {
                throw StepFunctionsError(.invalidArn, "Invalid Role Arn: '\(roleArn)'")
            }
        }
    }
}

/// A `versionDescription` without `publish` set to true is refused (CreateStateMachine and UpdateStateMachine).
func checkVersionDescription(_ versionDescription: String?, publish: Bool?) throws(StepFunctionsError) {
    guard versionDescription != nil, publish != true else { return }
    // Wording a guess in AWS's style; the API reference documents the ValidationException.
    throw StepFunctionsError(.validationException, "Version description can only be set when publish is true")
}
