// Generated from AWS Step Functions service model (API version 2016-11-23) by the generator of
// Tests/python/generate_shapes.py, reviewed by hand. Member names are AWS wire names: do not rename them.
public import Foundation

/// The request of `PublishStateMachineVersion`.
public struct PublishStateMachineVersionInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine.
    public var stateMachineArn: String
    /// Only publish the state machine version if the current state machine's revision ID matches the specified ID.
    public var revisionId: String?
    /// An optional description of the state machine version.
    public var description: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String,
        revisionId: String? = nil,
        description: String? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.revisionId = revisionId
        self.description = description
    }

    public static let requiredMembers: [String] = ["stateMachineArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineArn, at: path + "stateMachineArn", min: 1, max: 256)
        if let value = self.description {
            violations.checkString(value, at: path + "description", max: 256, sensitive: true)
        }
    }
}

/// The response of `PublishStateMachineVersion`.
public struct PublishStateMachineVersionOutput: StepFunctionsShape {
    /// The date the version was created.
    public var creationDate: Date
    /// The Amazon Resource Name (ARN) (ARN) that identifies the state machine version.
    public var stateMachineVersionArn: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        creationDate: Date,
        stateMachineVersionArn: String
    ) {
        self.creationDate = creationDate
        self.stateMachineVersionArn = stateMachineVersionArn
    }

    public static let requiredMembers: [String] = ["creationDate", "stateMachineVersionArn"]
}

/// The request of `ListStateMachineVersions`.
public struct ListStateMachineVersionsInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine.
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

/// The response of `ListStateMachineVersions`.
public struct ListStateMachineVersionsOutput: StepFunctionsShape {
    /// Versions for the state machine.
    public var stateMachineVersions: [StateMachineVersionListItem]
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineVersions: [StateMachineVersionListItem],
        nextToken: String? = nil
    ) {
        self.stateMachineVersions = stateMachineVersions
        self.nextToken = nextToken
    }

    public static let requiredMembers: [String] = ["stateMachineVersions"]
}

/// The request of `DeleteStateMachineVersion`.
public struct DeleteStateMachineVersionInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine version to delete.
    public var stateMachineVersionArn: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineVersionArn: String
    ) {
        self.stateMachineVersionArn = stateMachineVersionArn
    }

    public static let requiredMembers: [String] = ["stateMachineVersionArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.stateMachineVersionArn, at: path + "stateMachineVersionArn", min: 1, max: 2000)
    }
}

/// The response of `DeleteStateMachineVersion`.
public struct DeleteStateMachineVersionOutput: StepFunctionsShape {
    /// Creates the shape from its members; optional members default to absent.
    public init() {}

    public static let requiredMembers: [String] = []
}
