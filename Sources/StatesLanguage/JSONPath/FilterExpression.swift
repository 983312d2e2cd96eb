import Foundation

/// A value in a filter expression: a path relative to the tested node (`@.x`) or to the document (`$.x`),
/// a literal, or a regular expression (`/ab+c/i`).
enum FilterOperand: Sendable, Hashable {
    case current(PathBody)
    case document(PathBody)
    case literal(JSONValue)
    case regex(pattern: String, caseInsensitive: Bool)

    /// The operand's value for `node`; nil when a path matches nothing.
    func value(for node: JSONValue, document: JSONValue) -> JSONValue? {
        switch self {
        case .current(let body): body.evaluate(on: node, document: document)
        case .document(let body): body.evaluate(on: document, document: document)
        case .literal(let value): value
        case .regex(let pattern, _): .string(pattern)
        }
    }

    var isPath: Bool {
        switch self {
        case .current, .document: true
        case .literal, .regex: false
        }
    }
}

/// The relational operators of Jayway filter expressions.
enum FilterOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case lessThanOrEqual = "<="
    case greaterThanOrEqual = ">="
    case lessThan = "<"
    case greaterThan = ">"
    case matches = "=~"
    case `in` = "in"
    case notIn = "nin"
    case subsetOf = "subsetof"
    case anyOf = "anyof"
    case noneOf = "noneof"
    case size = "size"
    case empty = "empty"
}

/// A compiled filter `[?( ... )]`.
indirect enum FilterExpression: Sendable, Hashable {
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)
    /// `@.isbn`: the path matches something (a definite path exists, an indefinite one is not empty).
    case exists(FilterOperand)
    case compare(FilterOperand, FilterOperator, FilterOperand)

    func accepts(_ node: JSONValue, document: JSONValue) -> Bool {
        switch self {
        case .and(let lhs, let rhs):
            return lhs.accepts(node, document: document) && rhs.accepts(node, document: document)
        case .or(let lhs, let rhs):
            return lhs.accepts(node, document: document) || rhs.accepts(node, document: document)
        case .not(let inner):
            return !inner.accepts(node, document: document)
        case .exists(let operand):
            switch operand.value(for: node, document: document) {
            case nil: return false
            case .array(let matches) where !Self.isDefinite(operand): return !matches.isEmpty
            case .some: return true
            }
        case .compare(let lhs, let op, let rhs):
            let left = lhs.value(for: node, document: document)
            let right = rhs.value(for: node, document: document)
            if case .regex(let pattern, let caseInsensitive) = rhs {
                guard op == .matches, case .string(let string)? = left else { return false }
                return Self.matches(string, pattern: pattern, caseInsensitive: caseInsensitive)
            }
            return Self.compare(left, op, right)
        }
    }

    private static func isDefinite(_ operand: FilterOperand) -> Bool {
        switch operand {
        case .current(let body), .document(let body): body.isDefinite
        case .literal, .regex: true
        }
    }

    private static func compare(_ left: JSONValue?, _ op: FilterOperator, _ right: JSONValue?) -> Bool {
        switch op {
        case .equal: return equal(left, right)
        case .notEqual: return !equal(left, right)
        case .lessThan: return order(left, right).map { $0 < 0 } ?? false
        case .lessThanOrEqual: return order(left, right).map { $0 <= 0 } ?? false
        case .greaterThan: return order(left, right).map { $0 > 0 } ?? false
        case .greaterThanOrEqual: return order(left, right).map { $0 >= 0 } ?? false
        case .matches: return false  // only against a regular expression literal
        case .in:
            guard let left, case .array(let list)? = right else { return false }
            return list.contains { $0.jsonEquals(left) }
        case .notIn:
            guard let left, case .array(let list)? = right else { return false }
            return !list.contains { $0.jsonEquals(left) }
        case .subsetOf:
            guard case .array(let items)? = left, case .array(let list)? = right else { return false }
            return items.allSatisfy { item in list.contains { $0.jsonEquals(item) } }
        case .anyOf:
            guard case .array(let items)? = left, case .array(let list)? = right else { return false }
            return items.contains { item in list.contains { $0.jsonEquals(item) } }
        case .noneOf:
            guard case .array(let items)? = left, case .array(let list)? = right else { return false }
            return !items.contains { item in list.contains { $0.jsonEquals(item) } }
        case .size:
            guard let expected = right?.intValue else { return false }
            switch left {
            case .array(let items)?: return items.count == expected
            case .string(let string)?: return string.utf16.count == expected  // Java's length(): UTF-16 code units
            default: return false
            }
        case .empty:
            guard case .bool(let expected)? = right else { return false }
            switch left {
            case .array(let items)?: return items.isEmpty == expected
            case .string(let string)?: return string.isEmpty == expected
            default: return false
            }
        }
    }

    private static func equal(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        guard let left, let right else { return false }
        return left.jsonEquals(right)
    }

    /// Numbers compare with numbers, strings with strings; anything else is unordered.
    private static func order(_ left: JSONValue?, _ right: JSONValue?) -> Int? {
        switch (left, right) {
        case (.string(let a)?, .string(let b)?):
            // Java's String.compareTo, as Jayway compares: UTF-16 code units, not Swift's canonical equivalence.
            if a.utf16.elementsEqual(b.utf16) { return 0 }
            return a.utf16.lexicographicallyPrecedes(b.utf16) ? -1 : 1
        case (.int(let a)?, .int(let b)?):
            return a == b ? 0 : (a < b ? -1 : 1)
        default:
            guard let a = left?.doubleValue, let b = right?.doubleValue else { return nil }
            return a == b ? 0 : (a < b ? -1 : 1)
        }
    }

    private static func matches(_ string: String, pattern: String, caseInsensitive: Bool) -> Bool {
        // Jayway matches the whole string. SafeRegex runs in linear time, so a pattern such as `(a+)+$` cannot
        // stall the evaluation; a pattern it cannot compile, or a match over its work budget, matches nothing.
        guard let regex = try? SafeRegex("^(?:" + pattern + ")$", ignoreCase: caseInsensitive) else { return false }
        return (try? regex.isMatch(Array(string.unicodeScalars))) ?? false
    }
}
