/// One failed member constraint, worded the way AWS words it in a `ValidationException`:
/// `Value 'x' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`.
public struct ConstraintViolation: Sendable, Hashable, CustomStringConvertible {
    /// The member path, as AWS writes it: `name`, `tags.1.member.key`, `loggingConfiguration.level`.
    public var path: String
    /// The offending value as AWS prints it; `nil` prints `null`; sensitive members print no value.
    public var value: Value
    /// The constraint text after "failed to satisfy constraint: ".
    public var constraint: String

    /// How the offending value appears in the message.
    public enum Value: Sendable, Hashable {
        case null
        case text(String)
        case hidden
    }

    /// Creates a violation of `constraint` by the member at `path`.
    public init(path: String, value: Value, constraint: String) {
        self.path = path
        self.value = value
        self.constraint = constraint
    }

    public var description: String {
        switch value {
        case .null: "Value null at '\(path)' failed to satisfy constraint: \(constraint)"
        case .text(let text): "Value '\(text)' at '\(path)' failed to satisfy constraint: \(constraint)"
        case .hidden: "Value at '\(path)' failed to satisfy constraint: \(constraint)"
        }
    }

    /// A required member that is absent or `null`.
    public static func null(at path: String) -> ConstraintViolation {
        ConstraintViolation(path: path, value: .null, constraint: "Member must not be null")
    }

    /// A value outside its enumeration.
    public static func enumValue(_ value: String, at path: String, allowed: [String]) -> ConstraintViolation {
        ConstraintViolation(
            path: path, value: .text(value),
            constraint: "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
    }

    /// AWS's full message: `1 validation error detected: ...` or `2 validation errors detected: ...; ...`.
    public static func message(for violations: [ConstraintViolation]) -> String {
        let count = violations.count
        let noun = count == 1 ? "validation error" : "validation errors"
        return "\(count) \(noun) detected: " + violations.map(\.description).joined(separator: "; ")
    }
}

/// A Step Functions API shape: Codable with AWS's member names, and able to check its members' constraints.
public protocol StepFunctionsShape: Codable, Sendable, Hashable {
    /// The members AWS requires (a missing one is `Value null at '...'`).
    static var requiredMembers: [String] { get }
    /// The members whose values AWS never repeats in a message (sensitive data): a missing one is `Value at '...'`.
    static var hiddenMembers: Set<String> { get }
    /// Appends the constraint violations of this value's members; `path` prefixes member names (`""` at the top).
    func collectViolations(at path: String, into violations: inout [ConstraintViolation])
}

extension StepFunctionsShape {
    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {}

    public static var hiddenMembers: Set<String> { [] }

    /// The constraint violations of this value, in member order.
    public var constraintViolations: [ConstraintViolation] {
        var violations: [ConstraintViolation] = []
        collectViolations(at: "", into: &violations)
        return violations
    }

    /// Throws AWS's `ValidationException` when any member constraint fails.
    public func validateConstraints() throws(StepFunctionsError) {
        let violations = constraintViolations
        if !violations.isEmpty { throw .validation(violations) }
    }
}

extension [ConstraintViolation] {
    /// Checks a string's length (characters, or UTF-8 bytes for payloads) and pattern.
    public mutating func checkString(
        _ value: String, at path: String, min: Int? = nil, max: Int? = nil, pattern: String? = nil,
        sensitive: Bool = false, utf8: Bool = false
    ) {
        let shown: ConstraintViolation.Value = sensitive ? .hidden : .text(value)
        let length = utf8 ? value.utf8.count : value.unicodeScalars.count
        if let min, length < min {
            append(.init(path: path, value: shown, constraint: "Member must have length greater than or equal to \(min)"))
        }
        if let max, length > max {
            append(.init(path: path, value: shown, constraint: "Member must have length less than or equal to \(max)"))
        }
        if let pattern, !StepFunctionsPattern.matches(value, pattern: pattern) {
            append(.init(path: path, value: shown, constraint: "Member must satisfy regular expression pattern: \(pattern)"))
        }
    }

    /// Checks a number's range.
    public mutating func checkNumber(_ value: Int, at path: String, min: Int? = nil, max: Int? = nil) {
        if let min, value < min {
            append(.init(path: path, value: .text("\(value)"), constraint: "Member must have value greater than or equal to \(min)"))
        }
        if let max, value > max {
            append(.init(path: path, value: .text("\(value)"), constraint: "Member must have value less than or equal to \(max)"))
        }
    }

    /// Checks a list's length; `shown` is the list as AWS prints it in the message (hidden unless given).
    public mutating func checkCount(
        _ count: Int, at path: String, min: Int? = nil, max: Int? = nil, shown: ConstraintViolation.Value = .hidden
    ) {
        if let min, count < min {
            append(.init(path: path, value: shown, constraint: "Member must have length greater than or equal to \(min)"))
        }
        if let max, count > max {
            append(.init(path: path, value: shown, constraint: "Member must have length less than or equal to \(max)"))
        }
    }
}

/// The few regular expressions the Step Functions model uses, checked without a regex engine.
enum StepFunctionsPattern {
    /// A letter, '_', '-' or '.'.
    private static func isNameMark(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || scalar == "-" || scalar == "."
    }

    static func matches(_ value: String, pattern: String) -> Bool {
        switch pattern {
        case #"\p{ASCII}*"#: value.unicodeScalars.allSatisfy(\.isASCII)
        case "[!-~]+": !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value >= 0x21 && $0.value <= 0x7E }
        case #"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$"#:
            // An alias name: letters, digits, '_', '-' and '.', not digits alone (it would read as a version number).
            !value.isEmpty
                && value.unicodeScalars.allSatisfy { $0.isASCII && (isNameMark($0) || ("0"..."9").contains($0)) }
                && value.unicodeScalars.contains(where: isNameMark)
        default: true
        }
    }
}
