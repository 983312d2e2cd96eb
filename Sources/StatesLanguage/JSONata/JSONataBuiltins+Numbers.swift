import Foundation

extension JSONataBuiltins.Call {
    func numericFunction() throws(JSONataError) -> Handled? {
        switch name {
        case "number":
            guard let value = arg(0) else { return Handled(nil) }
            switch value {
            case .number: return Handled(value)
            case .bool(let b): return Handled(.number(b ? 1 : 0))
            case .string(let s):
                if let n = JSONataBuiltins.parseNumber(s) { return Handled(.number(n)) }
            default: break
            }
            throw JSONataError(code: "D3030", message: "Unable to cast value to a number: \(value.messageForm)", position: position)
        case "abs": return Handled(try number(0).map { .number(abs($0)) })
        case "floor": return Handled(try number(0).map { .number($0.rounded(.down)) })
        case "ceil": return Handled(try number(0).map { .number($0.rounded(.up)) })
        case "round":
            guard let n = try number(0) else { return Handled(nil) }
            return Handled(.number(JSONataBuiltins.roundHalfEven(n, precision: max(-400, min(400, JSONataBuiltins.clampedInt(try number(1) ?? 0))))))
        case "power":
            guard let base = try number(0), let exponent = try number(1) else { return Handled(nil) }
            let result = pow(base, exponent)
            guard result.isFinite else {
                throw JSONataError(code: "D3061", message: "The power function has resulted in a value that cannot be represented as a JSON number: base=\(JSONataValue.formatNumber(base)), exponent=\(JSONataValue.formatNumber(exponent))", position: position)
            }
            return Handled(.number(result))
        case "sqrt":
            guard let n = try number(0) else { return Handled(nil) }
            guard n >= 0 else {
                throw JSONataError(code: "D3060", message: "The sqrt function cannot be applied to a negative number: \(JSONataValue.formatNumber(n))", position: position)
            }
            return Handled(.number(n.squareRoot()))
        case "random":
            if let seed = arg(0) {
                guard case .number(let s) = seed, s == s.rounded() else { throw mismatch(0) }
                var generator = SeededRandom(seed: Int64(clamping: Int(exactly: s) ?? 0))
                return Handled(.number(generator.nextDouble()))
            }
            return Handled(.number(evaluator.randomSource()))
        case "sum":
            guard let values = try numbers(0) else { return Handled(nil) }
            return Handled(.number(try finite(values.reduce(0, +))))
        case "max", "min":
            guard let values = try numbers(0), !values.isEmpty else { return Handled(nil) }
            return Handled(.number((name == "max" ? values.max() : values.min()) ?? 0))
        case "average":
            guard let values = try numbers(0), !values.isEmpty else { return Handled(nil) }
            return Handled(.number(try finite(values.reduce(0, +) / Double(values.count))))
        default:
            return nil
        }
    }

    /// JSONata's D1001 "Number out of range" for a non-finite numeric result.
    func finite(_ value: Double) throws(JSONataError) -> Double {
        guard value.isFinite else {
            throw JSONataError(code: "D1001", message: "Number out of range: null", position: position)
        }
        return value
    }
}

extension JSONataBuiltins {
    /// A JSONata number as an `Int`, truncated toward zero and clamped to ±2^53 (NaN gives 0),
    /// so that huge arguments such as `1e300` never trap in `Int(_:)`.
    static func clampedInt(_ value: Double) -> Int {
        guard !value.isNaN else { return 0 }
        let limit = 9_007_199_254_740_992.0
        return Int(min(max(value.rounded(.towardZero), -limit), limit))
    }

    /// JSONata's `$number` of a string: a JSON number, or a `0x`/`0o`/`0b` integer.
    static func parseNumber(_ text: String) -> Double? {
        let prefixes: [(String, Int)] = [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)]
        for (prefix, radix) in prefixes where text.hasPrefix(prefix) {
            return Int(text.dropFirst(2), radix: radix).map(Double.init)
        }
        guard text.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?/) != nil, let n = Double(text), n.isFinite else {
            return nil
        }
        return n
    }

    /// `$round`: to `precision` decimal places, halves to even, with the decimal shift done on the digits
    /// (not by multiplying) so that `$round(2.675, 2)` sees 267.5.
    static func roundHalfEven(_ value: Double, precision: Int) -> Double {
        func shift(_ n: Double, _ places: Int) -> Double {
            guard places != 0 else { return n }
            let text = JSONataValue.formatNumber(n)
            let parts = text.split(separator: "e")
            let exponent = (parts.count > 1 ? Int(parts[1]) ?? 0 : 0) + places
            return Double("\(parts[0])e\(exponent)") ?? n
        }
        let shifted = shift(value, precision)
        guard shifted.isFinite else { return value }  // so many places that nothing is rounded away
        var result = (shifted + 0.5).rounded(.down)  // Math.round: halves up
        if abs(result - shifted) == 0.5, abs(result.truncatingRemainder(dividingBy: 2)) == 1 { result -= 1 }
        result = shift(result, -precision)
        return result == 0 ? 0 : result
    }
}

/// `java.util.Random` (48-bit linear congruential generator), so a seeded `$random(seed)` is reproducible.
struct SeededRandom {
    private var seed: Int64

    init(seed: Int64) { self.seed = (seed ^ 0x5_DEEC_E66D) & ((1 << 48) - 1) }

    private mutating func next(_ bits: Int) -> Int64 {
        seed = (seed &* 0x5_DEEC_E66D &+ 0xB) & ((1 << 48) - 1)
        return seed >> (48 - bits)
    }

    /// `Random.nextDouble()`: a value in 0..<1.
    mutating func nextDouble() -> Double {
        Double((next(26) << 27) + next(27)) * 0x1.0p-53
    }
}
