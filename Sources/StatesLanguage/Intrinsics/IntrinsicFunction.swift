/// The 18 intrinsic functions of the Amazon States Language (JSONPath states).
enum IntrinsicFunction: String, Sendable, Hashable, CaseIterable {
    case format = "States.Format"
    case stringToJson = "States.StringToJson"
    case jsonToString = "States.JsonToString"
    case array = "States.Array"
    case arrayPartition = "States.ArrayPartition"
    case arrayContains = "States.ArrayContains"
    case arrayRange = "States.ArrayRange"
    case arrayGetItem = "States.ArrayGetItem"
    case arrayLength = "States.ArrayLength"
    case arrayUnique = "States.ArrayUnique"
    case base64Encode = "States.Base64Encode"
    case base64Decode = "States.Base64Decode"
    case hash = "States.Hash"
    case jsonMerge = "States.JsonMerge"
    case mathRandom = "States.MathRandom"
    case mathAdd = "States.MathAdd"
    case stringSplit = "States.StringSplit"
    case uuid = "States.UUID"

    /// How many arguments the function takes.
    var arity: ClosedRange<Int> {
        switch self {
        case .format: 1...Int.max
        case .array: 0...Int.max
        case .uuid: 0...0
        case .stringToJson, .jsonToString, .arrayLength, .arrayUnique, .base64Encode, .base64Decode: 1...1
        case .arrayPartition, .arrayContains, .arrayGetItem, .hash, .mathAdd, .stringSplit: 2...2
        case .arrayRange, .jsonMerge: 3...3
        case .mathRandom: 2...3
        }
    }

    var arityDescription: String {
        switch self {
        case .format: "at least 1 argument"
        case .array: "any number of arguments"
        case .uuid: "no arguments"
        case .mathRandom: "2 or 3 arguments"
        default: arity.lowerBound == 1 ? "exactly 1 argument" : "exactly \(arity.lowerBound) arguments"
        }
    }

    /// Checks literal arguments whose kind is wrong whatever the input (AWS rejects these at creation).
    func checkLiterals(_ arguments: [IntrinsicArgument]) -> String? {
        func literal(_ index: Int) -> JSONValue? { arguments.indices.contains(index) ? arguments[index].literalValue : nil }
        func expectString(_ index: Int) -> String? {
            if let value = literal(index), value.stringValue == nil {
                return "the \(Self.ordinal(index)) argument of \(rawValue) must be a string, not \(value.typeName)"
            }
            return nil
        }
        func expectNumber(_ index: Int) -> String? {
            if let value = literal(index), !value.isNumber {
                return "the \(Self.ordinal(index)) argument of \(rawValue) must be a number, not \(value.typeName)"
            }
            return nil
        }
        func expectArray(_ index: Int) -> String? {
            if let value = literal(index), value.arrayValue == nil {
                return "the \(Self.ordinal(index)) argument of \(rawValue) must be an array, not \(value.typeName)"
            }
            return nil
        }
        switch self {
        case .format:
            // A placeholder count that does not match is a run-time States.IntrinsicFailure: AWS's own
            // documented nine-function example has three placeholders and two values.
            return expectString(0)
        case .stringToJson, .base64Encode, .base64Decode:
            return expectString(0)
        case .arrayLength, .arrayUnique, .arrayContains:
            return expectArray(0)
        case .arrayPartition, .arrayGetItem:
            return expectArray(0) ?? expectNumber(1)
        case .arrayRange:
            return expectNumber(0) ?? expectNumber(1) ?? expectNumber(2)
        case .hash:
            if let problem = expectString(0) ?? expectString(1) { return problem }
            if let algorithm = literal(1)?.stringValue, !Digest.algorithms.contains(algorithm) {
                return "the hash algorithm '\(algorithm)' is not supported; use one of \(Digest.algorithms.joined(separator: ", "))"
            }
            return nil
        case .jsonMerge:
            if let value = literal(2), value != .bool(false) {
                return "the third argument of States.JsonMerge must be false: only a shallow merge is supported"
            }
            return nil
        case .mathRandom:
            return expectNumber(0) ?? expectNumber(1) ?? expectNumber(2)
        case .mathAdd:
            return expectNumber(0) ?? expectNumber(1)
        case .stringSplit:
            return expectString(0) ?? expectString(1)
        case .jsonToString, .array, .uuid:
            return nil
        }
    }

    static func ordinal(_ index: Int) -> String {
        switch index {
        case 0: "first"
        case 1: "second"
        case 2: "third"
        default: "\(index + 1)th"
        }
    }

    static func failure(_ cause: String) -> StatesError {
        StatesError(StatesError.Name.intrinsicFailure, cause: cause)
    }
}
