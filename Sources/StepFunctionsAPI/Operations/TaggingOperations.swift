// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
import Foundation

/// The request of `TagResource`.
public struct TagResourceInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) for the Step Functions state machine or activity.
    public var resourceArn: String
    /// The list of tags to add to a resource.
    public var tags: [Tag]

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceArn: String,
        tags: [Tag]
    ) {
        self.resourceArn = resourceArn
        self.tags = tags
    }

    public static let requiredMembers: [String] = ["resourceArn", "tags"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.resourceArn, at: path + "resourceArn", min: 1, max: 256)
        for (index, element) in self.tags.enumerated() {
            element.collectViolations(at: path + "tags" + ".\(index + 1).member" + ".", into: &violations)
        }
    }
}

/// The response of `TagResource`.
public struct TagResourceOutput: StepFunctionsShape {
    /// Creates the shape from its members; optional members default to absent.
    public init() {}

    public static let requiredMembers: [String] = []
}

/// The request of `UntagResource`.
public struct UntagResourceInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) for the Step Functions state machine or activity.
    public var resourceArn: String
    /// The list of tags to remove from the resource.
    public var tagKeys: [String]

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceArn: String,
        tagKeys: [String]
    ) {
        self.resourceArn = resourceArn
        self.tagKeys = tagKeys
    }

    public static let requiredMembers: [String] = ["resourceArn", "tagKeys"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.resourceArn, at: path + "resourceArn", min: 1, max: 256)
        for (index, element) in self.tagKeys.enumerated() {
            violations.checkString(element, at: path + "tagKeys" + ".\(index + 1).member", min: 1, max: 128)
        }
    }
}

/// The response of `UntagResource`.
public struct UntagResourceOutput: StepFunctionsShape {
    /// Creates the shape from its members; optional members default to absent.
    public init() {}

    public static let requiredMembers: [String] = []
}

/// The request of `ListTagsForResource`.
public struct ListTagsForResourceInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) for the Step Functions state machine or activity.
    public var resourceArn: String

    /// Creates the shape from its members; optional members default to absent.
    public init(
        resourceArn: String
    ) {
        self.resourceArn = resourceArn
    }

    public static let requiredMembers: [String] = ["resourceArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.resourceArn, at: path + "resourceArn", min: 1, max: 256)
    }
}

/// The response of `ListTagsForResource`.
public struct ListTagsForResourceOutput: StepFunctionsShape {
    /// An array of tags associated with the resource.
    public var tags: [Tag]?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        tags: [Tag]? = nil
    ) {
        self.tags = tags
    }

    public static let requiredMembers: [String] = []
}
