import Foundation
import OrderedCollections

/// One call of an intrinsic function with its evaluated arguments: AWS's run-time argument rules and limits.
struct IntrinsicInvocation {
    let function: IntrinsicFunction
    let arguments: [JSONValue]
    /// The arguments as written (for `States.Format`'s escaped braces).
    let source: [IntrinsicArgument]

    /// AWS: Base64Encode, Base64Decode and Hash accept inputs of up to 10,000 characters.
    static let maximumStringInput = 10_000
    /// AWS: States.ArrayRange can create at most 1,000 elements.
    static let maximumRangeCount = 1_000

    private var name: String { function.rawValue }

    private func fail(_ detail: String) -> StatesError {
        IntrinsicFunction.failure("Invalid arguments in \(name): \(detail)")
    }

    private func describe(_ value: JSONValue) -> String {
        "\(value.typeName) \(DataFlowError.render(value))"
    }

    private func string(_ index: Int) throws(StatesError) -> String {
        guard let string = arguments[index].stringValue else {
            throw fail("the \(IntrinsicFunction.ordinal(index)) argument must be a string, but was \(describe(arguments[index]))")
        }
        return string
    }

    private func array(_ index: Int) throws(StatesError) -> [JSONValue] {
        guard let array = arguments[index].arrayValue else {
            throw fail("the \(IntrinsicFunction.ordinal(index)) argument must be an array, but was \(describe(arguments[index]))")
        }
        return array
    }

    private func object(_ index: Int) throws(StatesError) -> JSONObject {
        guard let object = arguments[index].objectValue else {
            throw fail("the \(IntrinsicFunction.ordinal(index)) argument must be a JSON object, but was \(describe(arguments[index]))")
        }
        return object
    }

    /// An integer argument; AWS rounds a number with a fraction to the nearest integer (half up, as Java's
    /// `Math.round`) for the functions that document it.
    private func integer(_ index: Int, rounding: Bool) throws(StatesError) -> Int {
        let value = arguments[index]
        if case .int(let int) = value { return int }
        if rounding, let double = value.doubleValue, double.isFinite, abs(double) < 9.2e18 {
            return Int((double + 0.5).rounded(.down))
        }
        if let int = value.intValue { return int }
        throw fail("the \(IntrinsicFunction.ordinal(index)) argument must be an integer, but was \(describe(value))")
    }

    mutating func run(random: inout some RandomNumberGenerator) throws(StatesError) -> JSONValue {
        switch function {
        case .format: return .string(try format())
        case .stringToJson: return try stringToJson()
        case .jsonToString: return .string(arguments[0].jsonString())
        case .array: return .array(arguments)
        case .arrayPartition: return try arrayPartition()
        case .arrayContains: return .bool(try array(0).contains { $0.jsonEquals(arguments[1]) })
        case .arrayRange: return try arrayRange()
        case .arrayGetItem: return try arrayGetItem()
        case .arrayLength: return .int(try array(0).count)
        case .arrayUnique: return try arrayUnique()
        case .base64Encode: return try base64Encode()
        case .base64Decode: return try base64Decode()
        case .hash: return try hash()
        case .jsonMerge: return try jsonMerge()
        case .mathRandom: return try mathRandom(random: &random)
        case .mathAdd: return try mathAdd()
        case .stringSplit: return try stringSplit()
        case .uuid: return .string(Self.uuid(random: &random))
        }
    }

    // MARK: Strings and JSON

    private func format() throws(StatesError) -> String {
        let segments: [String]
        if case .literal(_, let literalSegments?) = source[0] {
            segments = literalSegments
        } else {
            let template = try string(0)
            segments = template.contains("{") && template.replacing("{}", with: "").contains("{") ? [] : template.components(separatedBy: "{}")
        }
        // An unescaped `{` that is not `{}`: AWS's words (aws/aws-cdk#29261 quotes them).
        guard !segments.isEmpty else {
            throw IntrinsicFunction.failure("Invalid template in States.Format: matching '}' not found for '{'.")
        }
        let values = arguments.dropFirst()
        guard segments.count - 1 == values.count else {
            throw fail(
                "the format string has \(segments.count - 1) placeholder(s) '{}' but \(values.count) value argument(s) were given")
        }
        var result = segments[0]
        for (value, segment) in zip(values, segments.dropFirst()) {
            result += Self.formatText(value)
            result += segment
        }
        return result
    }

    /// A value as `States.Format` writes it: as Java's `toString` writes the value AWS's runtime holds. Recorded
    /// against AWS (LocalStack's test_generic test_format_2 and test_context_json_path): an object is
    /// `{Arg1=1, Arg2=[]}` (its keys in order, `key=value`, joined by ", "), `$$.StateMachine` is
    /// `{Id=arn:aws:states:..., Name=...}`; so strings inside are unquoted and an array is `[a, b]`.
    static func formatText(_ value: JSONValue) -> String {
        switch value {
        case .string(let string): string
        case .array(let items): "[" + items.map { formatText($0) }.joined(separator: ", ") + "]"
        case .object(let object): "{" + object.map { "\($0.key)=\(formatText($0.value))" }.joined(separator: ", ") + "}"
        default: value.jsonString()
        }
    }

    private func stringToJson() throws(StatesError) -> JSONValue {
        let text = try string(0)
        // Recorded against AWS (LocalStack's test_json_manipulation test_string_to_json): "" and " " give null.
        if text.unicodeScalars.allSatisfy({ " \t\n\r".unicodeScalars.contains($0) }) { return .null }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw fail("the argument is not a valid JSON text (\(error.description)): \(DataFlowError.render(arguments[0]))")
        }
    }

    private func stringSplit() throws(StatesError) -> JSONValue {
        let text = try string(0)
        let delimiters = Set(try string(1).unicodeScalars)
        // Each character of the second argument is a delimiter; empty tokens are dropped. Characters as Java counts
        // them (code points here), not Swift's grapheme clusters: "\r\n" splits on "\n", "é" written as "e" and a
        // combining accent splits on "e".
        let tokens = text.unicodeScalars.split(omittingEmptySubsequences: true) { delimiters.contains($0) }
        return .array(tokens.map { .string(String(String.UnicodeScalarView($0))) })
    }

    /// AWS's 10,000-character limit, in the characters of AWS's Java runtime (UTF-16 code units): an emoji counts two,
    /// "\r\n" two (one Swift `Character` each).
    private func checkLength(_ text: String) throws(StatesError) {
        let length = text.utf16.count
        guard length <= Self.maximumStringInput else {
            throw fail("the input string must be at most \(Self.maximumStringInput) characters, but has \(length)")
        }
    }

    private func base64Encode() throws(StatesError) -> JSONValue {
        let text = try string(0)
        try checkLength(text)
        return .string(Data(text.utf8).base64EncodedString())
    }

    private func base64Decode() throws(StatesError) -> JSONValue {
        let text = try string(0)
        try checkLength(text)
        // padding optional, as AWS decodes it (ministack#1360, measured: "lenient about padding")
        guard let bytes = JavaBase64.decode(text), let decoded = String(validating: bytes, as: UTF8.self) else {
            throw fail("the input is not valid Base64-encoded UTF-8 data: \(DataFlowError.render(arguments[0]))")
        }
        return .string(decoded)
    }

    private func hash() throws(StatesError) -> JSONValue {
        let text = try string(0)
        let algorithm = try string(1)
        try checkLength(text)
        guard let digest = Digest.hex(algorithm, of: Array(text.utf8)) else {
            throw fail("the hash algorithm '\(algorithm)' is not supported; use one of \(Digest.algorithms.joined(separator: ", "))")
        }
        return .string(digest)
    }

    private func jsonMerge() throws(StatesError) -> JSONValue {
        var merged = try object(0)
        let other = try object(1)
        guard arguments[2] == .bool(false) else {
            throw fail("the third argument must be false: only a shallow merge is supported")
        }
        // Shallow: a member of the second object replaces the first's whole value.
        for (key, value) in other { merged[key] = value }
        return .object(JavaHashMapOrder.reordered(merged))
    }

    // MARK: Arrays

    private func arrayPartition() throws(StatesError) -> JSONValue {
        let items = try array(0)
        // AWS: "If you specify a non-integer value for the second argument, Step Functions will round it off to the
        // nearest integer."
        let requested = try integer(1, rounding: true)
        guard requested > 0 else { throw fail("the chunk size must be a positive integer, but was \(requested)") }
        // A size past the array's length gives one chunk; clamping keeps the arithmetic below from overflowing.
        let size = min(requested, max(items.count, 1))
        var chunks: [JSONValue] = []
        chunks.reserveCapacity((items.count + size - 1) / size)
        var start = 0
        while start < items.count {
            let end = min(start + size, items.count)
            chunks.append(.array(Array(items[start..<end])))
            start = end
        }
        return .array(chunks)
    }

    private func arrayRange() throws(StatesError) -> JSONValue {
        let first = try integer(0, rounding: true)
        let last = try integer(1, rounding: true)
        let step = try integer(2, rounding: true)
        guard step != 0 else { throw fail("the step (third argument) must not be 0") }
        guard (last >= first && step > 0) || (last <= first && step < 0) else { return .array([]) }
        // Reporting arithmetic: a range such as -9e18...9e18 overflows `Int`, and is simply too long.
        let (span, spanOverflow) = last.subtractingReportingOverflow(first)
        let (quotient, quotientOverflow) = span.dividedReportingOverflow(by: step)
        let (count, countOverflow) = quotient.addingReportingOverflow(1)
        guard !spanOverflow, !quotientOverflow, !countOverflow, count <= Self.maximumRangeCount else {
            if spanOverflow || quotientOverflow || countOverflow {
                throw fail("the range would have more elements than the maximum of \(Self.maximumRangeCount)")
            }
            throw fail("the range would have \(count) elements, more than the maximum of \(Self.maximumRangeCount)")
        }
        return .array((0..<count).map { .int(first + $0 * step) })
    }

    private func arrayGetItem() throws(StatesError) -> JSONValue {
        let items = try array(0)
        let index = try integer(1, rounding: false)
        guard index >= 0 else { throw fail("the index must be a non-negative integer, but was \(index)") }
        guard index < items.count else {
            throw fail("the index \(index) is out of bounds for an array of length \(items.count)")
        }
        return items[index]
    }

    private func arrayUnique() throws(StatesError) -> JSONValue {
        var unique: [JSONValue] = []
        var seen = Set<JSONValue>()
        for item in try array(0) {
            // Numbers compare by value (1 and 1.0 are duplicates), as jsonEquals does.
            let key = Self.canonical(item)
            if seen.insert(key).inserted { unique.append(item) }
        }
        return .array(unique)
    }

    private static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let d): if let i = value.intValue, Double(i) == d { return .int(i) } else { return value }
        case .array(let items): return .array(items.map(canonical))
        case .object(let object):
            var sorted = JSONObject()
            for key in object.keys.sorted() { sorted[key] = object[key].map(canonical) }
            return .object(sorted)
        default: return value
        }
    }

    // MARK: Math

    private func mathAdd() throws(StatesError) -> JSONValue {
        let a = try int32Argument(0)
        let b = try int32Argument(1)
        return .int(a + b)
    }

    /// An integer argument in AWS's documented range for MathAdd and MathRandom (a Java `int`).
    private func int32Argument(_ index: Int) throws(StatesError) -> Int {
        let value = try integer(index, rounding: true)
        guard (Int(Int32.min)...Int(Int32.max)).contains(value) else {
            throw fail(
                "the \(IntrinsicFunction.ordinal(index)) argument must be an integer between \(Int32.min) and \(Int32.max), but was \(value)")
        }
        return value
    }

    private func mathRandom(random: inout some RandomNumberGenerator) throws(StatesError) -> JSONValue {
        let start = try int32Argument(0)
        let end = try int32Argument(1)
        guard start < end else {
            throw fail("the start (\(start)) must be less than the end (\(end))")
        }
        let bound = end - start
        if arguments.count == 3 {
            let seed = try integer(2, rounding: true)
            var seeded = JavaRandom(seed: Int64(seed))
            guard bound <= Int(Int32.max) else { throw fail("the range from start to end must be at most \(Int32.max)") }
            return .int(start + Int(seeded.nextInt(bound: Int32(bound))))
        }
        return .int(start + Int.random(in: 0..<bound, using: &random))
    }

    // MARK: UUID

    /// A version 4 UUID in lower case, from 122 random bits.
    static func uuid(random: inout some RandomNumberGenerator) -> String {
        RandomUUID.text(using: &random)
    }
}

/// `java.util.Random`'s linear congruential generator, so a seeded `States.MathRandom` is reproducible.
struct JavaRandom {
    private var seed: Int64

    init(seed: Int64) {
        self.seed = (seed ^ 0x5_DEEC_E66D) & ((1 << 48) - 1)
    }

    private mutating func next(_ bits: Int) -> Int32 {
        seed = (seed &* 0x5_DEEC_E66D &+ 0xB) & ((1 << 48) - 1)
        return Int32(truncatingIfNeeded: seed >> (48 - bits))
    }

    /// A value in `0..<bound` (`bound` > 0), exactly as `Random.nextInt(int)`.
    mutating func nextInt(bound: Int32) -> Int32 {
        if bound & -bound == bound {
            return Int32(truncatingIfNeeded: (Int64(bound) &* Int64(next(31))) >> 31)
        }
        var bits: Int32
        var value: Int32
        repeat {
            bits = next(31)
            value = bits % bound
        } while bits &- value &+ (bound &- 1) < 0
        return value
    }
}
