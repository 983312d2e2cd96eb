public import StepFunctionsAPI

/// Builds and checks AWS-format ARNs and resource names for one region and account.
public struct ResourceNames: Sendable, Hashable {
    /// The region in every ARN (default `us-east-1`).
    public var region: String
    /// The account id in every ARN (default `123456789012`).
    public var account: String

    public init(region: String = "us-east-1", account: String = "123456789012") {
        self.region = region
        self.account = account
    }

    private var prefix: String { "arn:aws:states:\(region):\(account):" }

    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`
    public func stateMachineArn(_ name: String) -> String { prefix + "stateMachine:" + name }
    /// `arn:aws:states:REGION:ACCOUNT:activity:NAME`
    public func activityArn(_ name: String) -> String { prefix + "activity:" + name }
    /// `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`
    public func executionArn(machineName: String, name: String) -> String {
        prefix + "execution:" + machineName + ":" + name
    }

    /// `arn:aws:states:REGION:ACCOUNT:express:MACHINE:NAME:ID` (an execution of an EXPRESS machine).
    public func expressExecutionArn(machineName: String, name: String, id: String) -> String {
        prefix + "express:" + machineName + ":" + name + ":" + id
    }

    /// Whether `arn` names an execution of an EXPRESS machine (any region/account).
    public static func isExpressExecutionArn(_ arn: String) -> Bool {
        let parts = arn.arnFields
        return parts.count == 9 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "express"
    }

    /// The last component of an ARN of the given resource type in this region and account, or nil.
    func name(fromArn arn: String, type: String) -> String? {
        let head = prefix + type + ":"
        guard arn.hasPrefix(head) else { return nil }
        let rest = String(arn.dropFirst(head.count))
        return rest.isEmpty ? nil : rest
    }

    /// Whether `resource` is an activity ARN (any region/account).
    public static func isActivityArn(_ resource: String) -> Bool {
        let parts = resource.arnFields
        return parts.count == 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity"
    }

    /// Checks a state machine, activity or execution name the way AWS does: 1 to 80 characters, no
    /// whitespace, brackets, wildcards, the characters `"#%\^|~`$&,;:/`, or control characters.
    ///
    /// - Throws: ``StepFunctionsError`` `InvalidName`.
    public static func validateName(_ name: String, maxLength: Int = 80) throws(StepFunctionsError) {
        guard !name.isEmpty, name.count <= maxLength else {
            throw .invalidName("Invalid Name: '\(name)' (must be between 1 and \(maxLength) characters)")
        }
        let forbidden: Set<Character> = [
            " ", "<", ">", "{", "}", "[", "]", "?", "*", "\"", "#", "%", "\\", "^", "|", "~", "`", "$", "&", ",",
            ";", ":", "/",
        ]
        for scalar in name.unicodeScalars {
            let value = scalar.value
            let isControl = value <= 0x1F || (0x7F...0x9F).contains(value)
            if isControl || scalar.properties.isWhitespace || forbidden.contains(Character(scalar)) {
                throw .invalidName("Invalid Name: '\(name)'")
            }
        }
    }
}
