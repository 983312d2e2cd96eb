/// How deeply a JSONata value nests, checked without recursion.
///
/// Swift converts and frees nested values recursively, so a value tens of thousands of levels deep (built by
/// `$reduce` wrapping its accumulator, or a tail-recursive function wrapping its argument) would overflow the
/// stack. Only a function can repeat the wrapping, so the evaluator checks the values that cross a lambda's
/// boundary (its arguments and its result): no value grows far past ``JSONataValue/maximumNestingDepth``.
extension JSONataValue {
    /// The deepest a value may nest where the evaluator checks it: the States Language's own limit for
    /// values (``JSONValue/maximumNestingDepth``), so that anything an expression builds can also be output.
    static let maximumNestingDepth = JSONValue.maximumNestingDepth

    /// Whether arrays and objects nest deeper than `limit` levels; stops at the first path that does.
    func nestingDepth(exceeds limit: Int) -> Bool {
        guard isContainer else { return false }
        var pending: [(JSONataValue, Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let array):
                if depth + 1 > limit { return true }
                for item in array.items where item.isContainer { pending.append((item, depth + 1)) }
            case .object(let members):
                if depth + 1 > limit { return true }
                for member in members.values.elements where member.isContainer { pending.append((member, depth + 1)) }
            default: break
            }
        }
        return false
    }

    var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }
}

extension JSONataError {
    /// A value nested deeper than ``JSONataValue/maximumNestingDepth``. The code is this evaluator's own:
    /// JSONata has no such limit (AWS fails such an execution too, with its JavaScript engine's stack).
    static func nestingTooDeep(at position: Int) -> JSONataError {
        JSONataError(
            code: "U1004",
            message: "The expression built a value nested deeper than \(JSONataValue.maximumNestingDepth) levels",
            position: position)
    }
}
