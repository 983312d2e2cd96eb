// Generated from AWS Step Functions service model (API version 2016-11-23) by the generator of
// Tests/python/generate_shapes.py, reviewed by hand. Member names are AWS wire names: do not rename them.
public import Foundation

/// The request of `CreateStateMachineAlias`.
public struct CreateStateMachineAliasInput: StepFunctionsShape {
    /// A description for the state machine alias.
    public var description: String?
    /// The name of the state machine alias.
    public var name: String
    /// The routing configuration of a state machine alias.
    public var routingConfiguration: [RoutingConfigurationListItem]

    /// Creates the shape from its members; optional members default to absent.
    public init(
        description: String? = nil,
        name: String,
        routingConfiguration: [RoutingConfigurationListItem]
    ) {
        self.description = description
        self.name = name
        self.routingConfiguration = routingConfiguration
    }

    public static let requiredMembers: [String] = ["name", "routingConfiguration"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.description {
            violations.checkString(value, at: path + "description", max: 256, sensitive: true)
        }
        violations.checkString(self.name, at: path + "name", min: 1, max: 80, pattern: #"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$"#)
        violations.checkCount(
            self.routingConfiguration.count, at: path + "routingConfiguration", max: 2, shown: .text(self.routingConfiguration.javaDescription))
        violations.checkCount(
            self.routingConfiguration.count, at: path + "routingConfiguration", min: 1, shown: .text(self.routingConfiguration.javaDescription))
        for (index, element) in self.routingConfiguration.enumerated() {
            element.collectViolations(at: path + "routingConfiguration" + ".\(index + 1).member" + ".", into: &violations)
        }
    }
}

/// The response of `CreateStateMachineAlias`.
public struct CreateStateMachineAliasOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the created state machine alias.
    public var stateMachineAliasArn: String
    /// The date the state machine alias was created.
    public var creationDate: Date

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineAliasArn: String,
        creationDate: Date
    ) {
        self.stateMachineAliasArn = stateMachineAliasArn
        self.creationDate = creationDate
    }

    public static let requiredMembers: [String] = ["stateMachineAliasArn", "creationDate"]
}

/// The request of `DescribeStateMachineAlias`.
public struct DescribeStateMachineAliasInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine alias.
    public var stateMachineAliasArn: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineAliasArn: String
    ) {
        self.stateMachineAliasArn = stateMachineAliasArn
    }

    public static let requiredMembers: [String] = ["stateMachineAliasArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineAliasArn, at: path + "stateMachineAliasArn", min: 1, max: 256)
    }
}

/// The response of `DescribeStateMachineAlias`.
public struct DescribeStateMachineAliasOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine alias.
    public var stateMachineAliasArn: String?
    /// The name of the state machine alias.
    public var name: String?
    /// A description of the alias.
    public var description: String?
    /// The routing configuration of the alias.
    public var routingConfiguration: [RoutingConfigurationListItem]?
    /// The date the state machine alias was created.
    public var creationDate: Date?
    /// The date the state machine alias was last updated.
    public var updateDate: Date?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineAliasArn: String? = nil,
        name: String? = nil,
        description: String? = nil,
        routingConfiguration: [RoutingConfigurationListItem]? = nil,
        creationDate: Date? = nil,
        updateDate: Date? = nil
    ) {
        self.stateMachineAliasArn = stateMachineAliasArn
        self.name = name
        self.description = description
        self.routingConfiguration = routingConfiguration
        self.creationDate = creationDate
        self.updateDate = updateDate
    }

    public static let requiredMembers: [String] = []
}

/// The request of `UpdateStateMachineAlias`.
public struct UpdateStateMachineAliasInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine alias.
    public var stateMachineAliasArn: String
    /// A description of the state machine alias.
    public var description: String?
    /// The routing configuration of the state machine alias.
    public var routingConfiguration: [RoutingConfigurationListItem]?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineAliasArn: String,
        description: String? = nil,
        routingConfiguration: [RoutingConfigurationListItem]? = nil
    ) {
        self.stateMachineAliasArn = stateMachineAliasArn
        self.description = description
        self.routingConfiguration = routingConfiguration
    }

    public static let requiredMembers: [String] = ["stateMachineAliasArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineAliasArn, at: path + "stateMachineAliasArn", min: 1, max: 256)
        if let value = self.description {
            violations.checkString(value, at: path + "description", max: 256, sensitive: true)
        }
        if let value = self.routingConfiguration {
            violations.checkCount(value.count, at: path + "routingConfiguration", max: 2, shown: .text(value.javaDescription))
            violations.checkCount(value.count, at: path + "routingConfiguration", min: 1, shown: .text(value.javaDescription))
            for (index, element) in value.enumerated() {
                element.collectViolations(at: path + "routingConfiguration" + ".\(index + 1).member" + ".", into: &violations)
            }
        }
    }
}

/// The response of `UpdateStateMachineAlias`.
public struct UpdateStateMachineAliasOutput: StepFunctionsShape {
    /// The date and time the state machine alias was updated.
    public var updateDate: Date

    /// Creates the shape from its members; optional members default to absent.
    public init(
        updateDate: Date
    ) {
        self.updateDate = updateDate
    }

    public static let requiredMembers: [String] = ["updateDate"]
}

/// The request of `DeleteStateMachineAlias`.
public struct DeleteStateMachineAliasInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine alias to delete.
    public var stateMachineAliasArn: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineAliasArn: String
    ) {
        self.stateMachineAliasArn = stateMachineAliasArn
    }

    public static let requiredMembers: [String] = ["stateMachineAliasArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineAliasArn, at: path + "stateMachineAliasArn", min: 1, max: 256)
    }
}

/// The response of `DeleteStateMachineAlias`.
public struct DeleteStateMachineAliasOutput: StepFunctionsShape {
    /// Creates the shape from its members; optional members default to absent.
    public init() {}

    public static let requiredMembers: [String] = []
}

/// The request of `ListStateMachineAliases`.
public struct ListStateMachineAliasesInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine for which you want to list aliases.
    public var stateMachineArn: String
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?
    /// The maximum number of results that are returned per call.
    public var maxResults: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String,
        nextToken: String? = nil,
        maxResults: Int? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.nextToken = nextToken
        self.maxResults = maxResults
    }

    public static let requiredMembers: [String] = ["stateMachineArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineArn, at: path + "stateMachineArn", min: 1, max: 256)
        if let value = self.nextToken {
            violations.checkString(value, at: path + "nextToken", min: 1, max: 1024)
        }
        if let value = self.maxResults {
            violations.checkNumber(value, at: path + "maxResults", min: 0, max: 1000)
        }
    }
}

/// The response of `ListStateMachineAliases`.
public struct ListStateMachineAliasesOutput: StepFunctionsShape {
    /// Aliases for the state machine.
    public var stateMachineAliases: [StateMachineAliasListItem]
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineAliases: [StateMachineAliasListItem],
        nextToken: String? = nil
    ) {
        self.stateMachineAliases = stateMachineAliases
        self.nextToken = nextToken
    }

    public static let requiredMembers: [String] = ["stateMachineAliases"]
}
