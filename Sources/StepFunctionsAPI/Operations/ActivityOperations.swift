// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
public import Foundation

/// The request of `CreateActivity`.
public struct CreateActivityInput: StepFunctionsShape {
    /// The name of the activity to create.
    public var name: String
    /// The list of tags to add to a resource.
    public var tags: [Tag]?
    /// Settings to configure server-side encryption.
    public var encryptionConfiguration: EncryptionConfiguration?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        name: String,
        tags: [Tag]? = nil,
        encryptionConfiguration: EncryptionConfiguration? = nil
    ) {
        self.name = name
        self.tags = tags
        self.encryptionConfiguration = encryptionConfiguration
    }

    public static let requiredMembers: [String] = ["name"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.name, at: path + "name", min: 1, max: 80)
        if let value = self.tags {
            for (index, element) in value.enumerated() {
                element.collectViolations(at: path + "tags" + ".\(index + 1).member" + ".", into: &violations)
            }
        }
        if let value = self.encryptionConfiguration {
            value.collectViolations(at: path + "encryptionConfiguration" + ".", into: &violations)
        }
    }
}

/// The response of `CreateActivity`.
public struct CreateActivityOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the created activity.
    public var activityArn: String
    /// The date the activity is created.
    public var creationDate: Date

    /// Creates the shape from its members; optional members default to absent.
    public init(
        activityArn: String,
        creationDate: Date
    ) {
        self.activityArn = activityArn
        self.creationDate = creationDate
    }

    public static let requiredMembers: [String] = ["activityArn", "creationDate"]
}

/// The request of `DescribeActivity`.
public struct DescribeActivityInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the activity to describe.
    public var activityArn: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        activityArn: String
    ) {
        self.activityArn = activityArn
    }

    public static let requiredMembers: [String] = ["activityArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.activityArn, at: path + "activityArn", min: 1, max: 256)
    }
}

/// The response of `DescribeActivity`.
public struct DescribeActivityOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies the activity.
    public var activityArn: String
    /// The name of the activity.
    public var name: String
    /// The date the activity is created.
    public var creationDate: Date
    /// Settings for configured server-side encryption.
    public var encryptionConfiguration: EncryptionConfiguration?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        activityArn: String,
        name: String,
        creationDate: Date,
        encryptionConfiguration: EncryptionConfiguration? = nil
    ) {
        self.activityArn = activityArn
        self.name = name
        self.creationDate = creationDate
        self.encryptionConfiguration = encryptionConfiguration
    }

    public static let requiredMembers: [String] = ["activityArn", "name", "creationDate"]
}

/// The request of `DeleteActivity`.
public struct DeleteActivityInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the activity to delete.
    public var activityArn: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        activityArn: String
    ) {
        self.activityArn = activityArn
    }

    public static let requiredMembers: [String] = ["activityArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.activityArn, at: path + "activityArn", min: 1, max: 256)
    }
}

/// The response of `DeleteActivity`.
public struct DeleteActivityOutput: StepFunctionsShape {
    /// Creates the shape from its members; optional members default to absent.
    public init() {}

    public static let requiredMembers: [String] = []
}

/// The request of `ListActivities`.
public struct ListActivitiesInput: StepFunctionsShape {
    /// The maximum number of results that are returned per call.
    public var maxResults: Int?
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        maxResults: Int? = nil,
        nextToken: String? = nil
    ) {
        self.maxResults = maxResults
        self.nextToken = nextToken
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.maxResults {
            violations.checkNumber(value, at: path + "maxResults", min: 0, max: 1000)
        }
        if let value = self.nextToken {
            violations.checkString(value, at: path + "nextToken", min: 1, max: 1024)
        }
    }
}

/// The response of `ListActivities`.
public struct ListActivitiesOutput: StepFunctionsShape {
    /// The list of activities.
    public var activities: [ActivityListItem]
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        activities: [ActivityListItem],
        nextToken: String? = nil
    ) {
        self.activities = activities
        self.nextToken = nextToken
    }

    public static let requiredMembers: [String] = ["activities"]
}

/// The request of `GetActivityTask`.
public struct GetActivityTaskInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the activity to retrieve tasks from (assigned when you create the task using CreateActivity .)
    public var activityArn: String
    /// You can provide an arbitrary name in order to identify the worker that the task is assigned to.
    public var workerName: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        activityArn: String,
        workerName: String? = nil
    ) {
        self.activityArn = activityArn
        self.workerName = workerName
    }

    public static let requiredMembers: [String] = ["activityArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.activityArn, at: path + "activityArn", min: 1, max: 256)
        if let value = self.workerName {
            violations.checkString(value, at: path + "workerName", min: 1, max: 80)
        }
    }
}

/// The response of `GetActivityTask`.
public struct GetActivityTaskOutput: StepFunctionsShape {
    /// A token that identifies the scheduled task.
    public var taskToken: String?
    /// The string that contains the JSON input data for the task.
    public var input: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        taskToken: String? = nil,
        input: String? = nil
    ) {
        self.taskToken = taskToken
        self.input = input
    }

    public static let requiredMembers: [String] = []
}
