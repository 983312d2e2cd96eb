/// A JSONata function signature (`<s-nn?:s>`, `<a<n>:n>`, `<x-b?:s>`): validates arguments as JSONata does,
/// substituting the context for a missing `-` argument and raising T0410 (mismatch), T0411 (context of the
/// wrong type) and T0412 (array of the wrong item type).
///
/// As in JSONata, each argument becomes one type symbol (`s n b l a o f`, `m` for undefined) and the string of
/// symbols is matched against a regular expression built from the signature.
struct JSONataSignature: Sendable {
    struct Parameter: Sendable {
        var regex: String
        var type: Character
        var subtype: String?
        var context = false
        var contextRegex: SafeRegex?
    }

    let text: String
    let parameters: [Parameter]
    private let regex: SafeRegex?

    init(_ text: String) throws(JSONataError) {
        self.text = text
        var parameters: [Parameter] = []
        let chars = Array(text)
        var i = 1  // after '<'
        func closing(_ open: Character, _ close: Character, from start: Int) throws(JSONataError) -> Int {
            var depth = 1
            var j = start + 1
            while j < chars.count {
                if chars[j] == open { depth += 1 }
                if chars[j] == close {
                    depth -= 1
                    if depth == 0 { return j }
                }
                j += 1
            }
            throw JSONataError(code: "S0401", message: "Type parameters can only be applied to functions and arrays", position: start)
        }
        while i < chars.count {
            let symbol = chars[i]
            if symbol == ":" || symbol == ">" { break }
            switch symbol {
            case "b", "n", "s", "l", "o":
                parameters.append(Parameter(regex: "[\(symbol)m]", type: symbol))
            case "a":
                parameters.append(Parameter(regex: "[asnblfom]", type: "a"))
            case "f":
                parameters.append(Parameter(regex: "f", type: "f"))
            case "j":
                parameters.append(Parameter(regex: "[asnblom]", type: "j"))
            case "x":
                parameters.append(Parameter(regex: "[asnblfom]", type: "x"))
            case "-":
                guard !parameters.isEmpty else { break }
                parameters[parameters.count - 1].context = true
                parameters[parameters.count - 1].contextRegex = try? SafeRegex("^" + parameters[parameters.count - 1].regex + "$")
                parameters[parameters.count - 1].regex += "?"
            case "?", "+":
                guard !parameters.isEmpty else { break }
                parameters[parameters.count - 1].regex.append(symbol)
            case "(":
                let end = try closing("(", ")", from: i)
                let choice = String(chars[(i + 1)..<end])
                guard !choice.contains("<") else {
                    throw JSONataError(code: "S0402", message: "Choice groups containing parameterized types are not supported", position: i)
                }
                parameters.append(Parameter(regex: "[\(choice)m]", type: "("))
                i = end
            case "<":
                guard let last = parameters.last, last.type == "a" || last.type == "f" else {
                    throw JSONataError(code: "S0401", message: "Type parameters can only be applied to functions and arrays", position: i)
                }
                let end = try closing("<", ">", from: i)
                parameters[parameters.count - 1].subtype = String(chars[(i + 1)..<end])
                i = end
            default:
                throw JSONataError(code: "S0401", message: "Type parameters can only be applied to functions and arrays", position: i)
            }
            i += 1
        }
        self.parameters = parameters
        regex = try? SafeRegex("^" + parameters.map { "(" + $0.regex + ")" }.joined() + "$")
    }

    static func symbol(_ value: JSONataValue?) -> Character {
        switch value {
        case nil: "m"
        case .null?: "l"
        case .bool?: "b"
        case .number?: "n"
        case .string?: "s"
        case .array?: "a"
        case .object?: "o"
        case .function?, .regex?: "f"
        }
    }

    private static let arrayTypes: [Character: String] = [
        "a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings",
    ]

    /// The arguments as the function receives them.
    func validate(_ arguments: [JSONataValue?], context: JSONataValue?, function name: String, at position: Int) throws(JSONataError) -> [JSONataValue?] {
        let supplied = arguments.map { Self.symbol($0) }
        let symbols = Array(String(supplied).unicodeScalars)
        guard let regex, let match = try? regex.firstMatch(in: symbols) else {
            throw mismatch(symbols, arguments: arguments, function: name, at: position)
        }
        var validated: [JSONataValue?] = []
        var argumentIndex = 0
        for (index, parameter) in parameters.enumerated() {
            let range = index < match.groups.count ? match.groups[index] ?? 0..<0 : 0..<0
            if range.isEmpty {
                if parameter.context, let contextRegex = parameter.contextRegex {
                    let contextSymbol = Array(String(Self.symbol(context)).unicodeScalars)
                    guard (try? contextRegex.isMatch(contextSymbol)) == true else {
                        throw JSONataError(
                            code: "T0411", message: "Context value is not a compatible type with argument \(argumentIndex + 1) of function \"\(name)\"",
                            position: position)
                    }
                    validated.append(context)
                } else {
                    validated.append(argumentIndex < arguments.count ? arguments[argumentIndex] : nil)
                    argumentIndex += 1
                }
                continue
            }
            for single in symbols[range] {
                let argument = argumentIndex < arguments.count ? arguments[argumentIndex] : nil
                if parameter.type == "a", single != "m", let subtype = parameter.subtype, let itemType = subtype.first {
                    var ok = true
                    if single != "a" {
                        ok = String(Character(single)) == subtype
                    } else if case .array(let array)? = argument, let first = array.items.first {
                        let firstType = Self.symbol(first)
                        ok = firstType == itemType && array.items.allSatisfy { Self.symbol($0) == firstType }
                    }
                    guard ok else {
                        throw JSONataError(
                            code: "T0412",
                            message: "Argument \(argumentIndex + 1) of function \"\(name)\" must be an array of \(JSONataValue.quoted(Self.arrayTypes[itemType] ?? String(subtype)))",
                            position: position)
                    }
                }
                // an array parameter given a single value receives it as a one-item array (`<a<s>>` with "a": ["a"])
                if parameter.type == "a", single != "a", single != "m", let argument {
                    validated.append(.array(JSONataArray([argument])))
                } else {
                    validated.append(argument)
                }
                argumentIndex += 1
            }
        }
        return validated
    }

    /// T0410 at the first argument that the signature's leading parameters cannot match.
    private func mismatch(_ symbols: [Unicode.Scalar], arguments: [JSONataValue?], function name: String, at position: Int) -> JSONataError {
        var pattern = "^"
        var goodTo = 0
        for parameter in parameters {
            pattern += "(" + parameter.regex + ")"
            guard let partial = try? SafeRegex(pattern), let match = try? partial.firstMatch(in: symbols) else { break }
            goodTo = match.range.upperBound
        }
        return .argument(goodTo + 1, of: name, at: position)
    }
}
