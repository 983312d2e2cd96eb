import Foundation
import OrderedCollections
import Testing

@testable import StatesLanguage

/// A generator that always returns the same bits, so MathRandom and UUID are reproducible. (Only for ranges
/// whose size is a power of two: rejection sampling never ends on constant bits otherwise.)
struct FixedRandom: RandomNumberGenerator {
    var value: UInt64
    mutating func next() -> UInt64 { value }
}

@Suite struct IntrinsicFunctionTests {
    /// Every example of AWS's "Intrinsic functions" page: input, invocation, documented result.
    @Test(arguments: [
        (#"{"name": "Arnav", "template": "Hello, my name is {}."}"#, "States.Format('Hello, my name is {}.', $.name)",
         #""Hello, my name is Arnav.""#),
        (#"{"name": "Arnav", "template": "Hello, my name is {}."}"#, "States.Format($.template, $.name)",
         #""Hello, my name is Arnav.""#),
        (#"{"escapedJsonString": "{\"foo\": \"bar\"}"}"#, "States.StringToJson($.escapedJsonString)", #"{"foo":"bar"}"#),
        (#"{"unescapedJson": {"foo": "bar"}}"#, "States.JsonToString($.unescapedJson)", #""{\"foo\":\"bar\"}""#),
        (#"{"Id": 123456}"#, "States.Array($.Id)", "[123456]"),
        (#"{"inputArray": [1,2,3,4,5,6,7,8,9]}"#, "States.ArrayPartition($.inputArray,4)", "[[1,2,3,4],[5,6,7,8],[9]]"),
        (#"{"inputArray": [1,2,3,4,5,6,7,8,9], "lookingFor": 5}"#, "States.ArrayContains($.inputArray, $.lookingFor)",
         "true"),
        ("{}", "States.ArrayRange(1, 9, 2)", "[1,3,5,7,9]"),
        (#"{"inputArray": [1,2,3,4,5,6,7,8,9], "index": 5}"#, "States.ArrayGetItem($.inputArray, $.index)", "6"),
        (#"{"inputArray": [1,2,3,4,5,6,7,8,9]}"#, "States.ArrayLength($.inputArray)", "9"),
        (#"{"inputArray": [1,2,3,3,3,3,3,3,4]}"#, "States.ArrayUnique($.inputArray)", "[1,2,3,4]"),
        (#"{"input": "Data to encode"}"#, "States.Base64Encode($.input)", #""RGF0YSB0byBlbmNvZGU=""#),
        (#"{"base64": "RGF0YSB0byBlbmNvZGU="}"#, "States.Base64Decode($.base64)", #""Data to encode""#),
        // padding optional, as AWS decodes it (ministack#1360, measured against AWS); UTF-8 both ways
        (#"{"base64": "RGF0YSB0byBlbmNvZGU"}"#, "States.Base64Decode($.base64)", #""Data to encode""#),
        (#"{"s": "é"}"#, "States.Base64Encode($.s)", #""w6k=""#),
        (#"{"base64": "w6k"}"#, "States.Base64Decode($.base64)", #""é""#),
        (#"{"Data": "input data", "Algorithm": "SHA-1"}"#, "States.Hash($.Data, $.Algorithm)",
         #""aaff4a450a104cd177d28d18d74485e8cae074b7""#),
        (#"{"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}}"#,
         "States.JsonMerge($.json1, $.json2, false)", #"{"a":{"a3":1,"a4":2},"b":2,"c":3}"#),
        (#"{"value1": 111, "step": -1}"#, "States.MathAdd($.value1, $.step)", "110"),
        (#"{"inputString": "1,2,3,4,5", "splitter": ","}"#, "States.StringSplit($.inputString, $.splitter)",
         #"["1","2","3","4","5"]"#),
        (#"{"inputString": "This.is+a,test=string", "splitter": ".+,="}"#,
         "States.StringSplit($.inputString, $.splitter)", #"["This","is","a","test","string"]"#),
    ])
    func awsDocumentedExamples(_ input: String, _ expression: String, _ expected: String) throws {
        let scope = EvaluationScope(input: try JSONValue(parsing: input))
        let result = try IntrinsicExpression(parsing: expression).evaluate(in: scope)
        #expect(result == (try JSONValue(parsing: expected)), "\(expression)")
    }

    /// The reserved characters `'`, `{`, `}` and `\` escaped with a backslash, nested calls, literals of
    /// every kind, and the three path roots.
    @Test(arguments: [
        (#"States.Format('It\'s \{literal\} {} \\ done', 'x')"#, #""It's {literal} x \\ done""#),
        ("States.Format('{} and {}', 1.5, true)", #""1.5 and true""#),
        // an object or array as Java's toString writes it: recorded against AWS (LocalStack's test_generic
        // test_format_2: {"Arg1": 1, "Arg2": []} is written {Arg1=1, Arg2=[]})
        ("States.Format('{}|{}', null, $.obj)", #""null|{k=[1, 2]}""#),
        ("States.Format('{} {}', $.obj.k, $$.Execution)", #""[1, 2] {Id=exec-1}""#),
        ("States.Format('no placeholders')", #""no placeholders""#),
        ("States.Array('a', 1, -2.5, true, false, null, $.obj.k, $$.Execution.Id, $counter)",
         #"["a",1,-2.5,true,false,null,[1,2],"exec-1",7]"#),
        ("States.Array()", "[]"),
        ("States.ArrayLength(States.Array(1, 2, States.Array()))", "3"),
        ("States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.arn, '/'), 2), '.'), 0)", #""1""#),
        ("States.ArrayRange(10, 1, -3)", "[10,7,4,1]"),
        ("States.ArrayRange(1, 1, 5)", "[1]"),
        ("States.ArrayRange(1.4, 3.6, 1)", "[1,2,3,4]"),
        ("States.ArrayRange(5, 1, 1)", "[]"),
        ("States.ArrayUnique(States.Array(1, 1.0, 'a', 'a', $.obj, $.obj))", #"[1,"a",{"k":[1,2]}]"#),
        ("States.ArrayContains($.obj.k, 2)", "true"),
        ("States.ArrayContains($.obj.k, '2')", "false"),
        ("States.ArrayPartition(States.Array(), 3)", "[]"),
        ("States.ArrayPartition(States.Array(1, 2, 3), 9223372036854775807)", "[[1,2,3]]"),
        ("States.ArrayPartition(States.Array(), 9223372036854775807)", "[]"),
        ("States.ArrayRange(9223372036854775807, 9223372036854775807, 1)", "[9223372036854775807]"),
        ("States.MathAdd(2147483647, -2147483648)", "-1"),
        ("States.MathAdd(1.6, 1)", "3"),
        ("States.StringSplit('a,,b,', ',')", #"["a","b"]"#),
        // Characters as AWS's Java runtime has them, not Swift's grapheme clusters: "\r\n" splits on "\n", and an "e"
        // followed by a combining accent splits on "e" (both one `Character` in Swift).
        ("States.StringSplit($.lines, $.newline)", #"["l1\r","l2\r","l3"]"#),
        ("States.StringSplit($.accented, 'e')", "[\"a\",\"\u{301}b\"]"),
        // Strings compare by code points, as in JSON and AWS's Java runtime: "é" precomposed and "e" with a combining
        // accent are two strings (Swift's `==` calls them equal).
        ("States.ArrayContains(States.Array($.decomposed), $.precomposed)", "false"),
        ("States.ArrayUnique(States.Array($.decomposed, $.precomposed, $.decomposed))", #"["e\u0301","\u00e9"]"#),
        // AWS: a non-integer chunk size is rounded to the nearest integer.
        ("States.ArrayPartition(States.Array(1, 2, 3, 4, 5), 2.4)", "[[1,2],[3,4],[5]]"),
        ("States.ArrayPartition(States.Array(1, 2, 3, 4, 5), 1.5)", "[[1,2],[3,4],[5]]"),
        ("States.StringToJson('[1, 2.0, \"x\"]')", #"[1,2.0,"x"]"#),
        // recorded against AWS (LocalStack's test_json_manipulation test_string_to_json): an empty or blank text is null
        ("States.StringToJson('')", "null"),
        ("States.StringToJson(' ')", "null"),
        ("States.JsonToString($.obj)", #""{\"k\":[1,2]}""#),
        ("States.JsonToString($.obj.k[0])", #""1""#),
        ("States.Base64Encode('')", #""""#),
        ("States.Hash('', 'MD5')", #""d41d8cd98f00b204e9800998ecf8427e""#),
        ("States.JsonMerge($.obj, States.StringToJson('{\"z\": 1}'), false)", #"{"z":1,"k":[1,2]}"#),  // Java HashMap order
        ("States.Array($.obj.k[*])", "[[1,2]]"),
    ])
    func escapesNestingAndLiterals(_ expression: String, _ expected: String) throws {
        let scope = EvaluationScope(
            input: [
                "obj": ["k": [1, 2]], "arn": "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/r/1.0.0",
                "lines": "l1\r\nl2\r\nl3", "newline": "\n", "accented": "ae\u{301}b",
                "decomposed": "e\u{301}", "precomposed": "\u{e9}",
            ],
            context: ["Execution": ["Id": "exec-1"]], variables: ["counter": 7])
        let result = try IntrinsicExpression(parsing: expression).evaluate(in: scope)
        #expect(result == (try JSONValue(parsing: expected)), "\(expression)")
    }

    @Test(arguments: [
        ("input data", "MD5", "812f45842bc6d66ee14572ce20db8e86"),
        ("input data", "SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
        ("input data", "SHA-384",
         "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"),
        ("input data", "SHA-512",
         "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"),
        ("", "SHA-1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("", "SHA-256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("", "SHA-384", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"),
        ("", "SHA-512",
         "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
        (String(repeating: "a", count: 200), "MD5", "887f30b43b2867f4a9accceee7d16e6c"),
        (String(repeating: "a", count: 200), "SHA-1", "e61cfffe0d9195a525fc6cf06ca2d77119c24a40"),
        (String(repeating: "a", count: 200), "SHA-256", "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5"),
        (String(repeating: "a", count: 200), "SHA-512",
         "4b11459c33f52a22ee8236782714c150a3b2c60994e9acee17fe68947a3e6789f31e7668394592da7bef827cddca88c4e6f86e4df7ed1ae6cba71f3e98faee9f"),
    ])
    func hashKnownDigests(_ data: String, _ algorithm: String, _ digest: String) throws {
        let scope = EvaluationScope(input: ["data": .string(data), "algorithm": .string(algorithm)])
        let result = try IntrinsicExpression(parsing: "States.Hash($.data, $.algorithm)").evaluate(in: scope)
        #expect(result == .string(digest))
    }

    @Test func mathRandomStaysInRangeAndIsReproducibleWithASeed() throws {
        let scope = EvaluationScope(input: ["start": 1, "end": 999, "seed": 42])
        for _ in 0..<50 {
            let value = try #require(try IntrinsicExpression(parsing: "States.MathRandom($.start, $.end)").evaluate(in: scope).intValue)
            #expect((1..<999).contains(value))
        }
        let seeded = try IntrinsicExpression(parsing: "States.MathRandom($.start, $.end, $.seed)")
        let first = try seeded.evaluate(in: scope)
        #expect(try seeded.evaluate(in: scope) == first)
        // Seeded as java.util.Random: new Random(42).nextInt(998) == 254, new Random(7).nextInt(10) == 6,
        // new Random(-5).nextInt(1 << 20) == 282382 (checked with a JVM).
        #expect(first == 255)
        #expect(try IntrinsicExpression(parsing: "States.MathRandom(0, 10, 7)").evaluate(in: scope) == 6)
        #expect(try IntrinsicExpression(parsing: "States.MathRandom(0, 1048576, -5)").evaluate(in: scope) == 282382)
        var fixed = FixedRandom(value: 0)
        #expect(try IntrinsicExpression(parsing: "States.MathRandom(5, 6)").evaluate(in: scope, using: &fixed) == 5)
    }

    @Test func uuidIsVersion4AndUsesTheInjectedGenerator() throws {
        var fixed = FixedRandom(value: 0)
        let value = try IntrinsicExpression(parsing: "States.UUID()").evaluate(in: EvaluationScope(input: [:]), using: &fixed)
        #expect(value == "00000000-0000-4000-8000-000000000000")
        let random = try #require(try IntrinsicExpression(parsing: "States.UUID()").evaluate(in: EvaluationScope(input: [:])).stringValue)
        #expect(random.count == 36)
        #expect(Array(random)[14] == "4")
    }

    /// The text is Foundation's for the same 16 bytes (version 4, RFC 4122 variant), and random ones differ.
    @Test func uuidTextMatchesFoundationsForTheSameBytes() throws {
        struct Sequence: RandomNumberGenerator {
            var values: [UInt64]
            mutating func next() -> UInt64 { values.removeFirst() }
        }
        let draws: [(UInt64, UInt64)] = [
            (0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210), (0, 0), (.max, .max), (0xA5A5_5A5A_0F0F_F0F0, 0x1234_0000_FFFF_9999),
        ]
        for (high, low) in draws {
            var random = Sequence(values: [high, low])
            let text = RandomUUID.text(using: &random)
            let versioned = high & 0xFFFF_FFFF_FFFF_0FFF | 0x4000
            let varied = low & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
            var bytes: [UInt8] = []
            for word in [versioned, varied] {
                for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
            }
            let uuid = UUID(uuid: bytes.withUnsafeBytes { $0.loadUnaligned(as: uuid_t.self) })
            #expect(text == uuid.uuidString.lowercased())
        }
        var first = Sequence(values: [0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210])
        #expect(RandomUUID.text(using: &first) == "01234567-89ab-4def-bedc-ba9876543210")
        let many = Set((0..<1000).map { _ in RandomUUID.text() })
        #expect(many.count == 1000)
        #expect(many.allSatisfy { UUID(uuidString: $0) != nil && Array($0)[14] == "4" && "89ab".contains(Array($0)[19]) })
    }

    /// Errors at parse time: syntax, unknown functions, arity, literal kinds, nesting.
    @Test(arguments: [
        ("States.Format", "expected '('"),
        ("States.Nope(1)", "'States.Nope' is not an intrinsic function"),
        ("States.UUID(1)", "States.UUID takes no arguments but was given 1"),
        ("States.ArrayRange(1, 2)", "takes exactly 3 arguments but was given 2"),
        ("States.StringToJson()", "takes exactly 1 argument but was given 0"),
        ("States.MathRandom(1)", "takes 2 or 3 arguments"),
        ("States.Format()", "takes at least 1 argument"),
        ("States.Format('a', 'b'", "expected ',' or ')'"),
        ("States.Format('abc)", "unterminated string literal"),
        (#"States.Format('a\"#, "open escape"),
        ("States.Array(1) x", "unexpected text"),
        ("States.Array(foo)", "expected a string, number, boolean, null, path or intrinsic function"),
        ("States.Array($.a[)", "Invalid JSONPath"),
        ("States.JsonMerge($.a, $.b, true)", "only a shallow merge"),
        ("States.Hash('x', 'SHA-3')", "'SHA-3' is not supported"),
        ("States.ArrayLength('abc')", "must be an array, not string"),
        ("States.MathAdd('1', 2)", "must be a number, not string"),
        ("States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array())))))))))))",
         "more than 10 intrinsic functions"),
    ])
    func rejectsAtParseTime(_ expression: String, _ fragment: String) {
        #expect {
            _ = try IntrinsicExpression(parsing: expression)
        } throws: { error in
            guard let error = error as? IntrinsicFunctionError else { return false }
            return error.message.contains(fragment) && error.message.contains(expression)
        }
    }

    @Test func awsNineFunctionExampleParses() throws {
        let text = "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))"
        let expression = try IntrinsicExpression(parsing: text)
        #expect(expression.functionName == "States.Format")
        let fixed = try IntrinsicExpression(parsing: text.replacingOccurrences(of: "'{}.{}.{}'", with: "'{}.{}'"))
        let input: JSONValue = ["ImageRecipe": ["Arn": "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/r/1.2.3"]]
        #expect(try fixed.evaluate(in: EvaluationScope(input: input)) == "1.2")
    }

    /// Errors at run time: `States.IntrinsicFailure` with a cause naming the function and the problem.
    @Test(arguments: [
        ("States.ArrayGetItem($.list, 3)", "index 3 is out of bounds for an array of length 3"),
        ("States.ArrayGetItem($.list, -1)", "non-negative"),
        ("States.ArrayGetItem($.text, 0)", "first argument must be an array, but was string"),
        ("States.ArrayPartition($.list, 0)", "chunk size must be a positive integer"),
        ("States.ArrayRange(0, 2000, 1)", "2001 elements, more than the maximum of 1000"),
        ("States.ArrayRange(0, 5, 0)", "must not be 0"),
        ("States.MathAdd(2147483648, 1)", "between -2147483648 and 2147483647"),
        ("States.MathAdd($.text, 1)", "must be an integer, but was string"),
        ("States.MathRandom(5, 5)", "must be less than the end"),
        ("States.MathRandom(-9000000000000000000, 9000000000000000000)", "between -2147483648 and 2147483647"),
        ("States.MathRandom(0, 2147483648, 1)", "between -2147483648 and 2147483647"),
        ("States.ArrayRange(-9000000000000000000, 9000000000000000000, 1)", "more elements than the maximum of 1000"),
        ("States.ArrayRange(-9223372036854775807, 9223372036854775807, 1)", "more elements than the maximum of 1000"),
        ("States.ArrayRange(0, 9223372036854775807, 1)", "more elements than the maximum of 1000"),
        ("States.StringToJson($.text)", "not a valid JSON text"),
        ("States.Base64Decode('!!!')", "not valid Base64"),
        // an unescaped `{` that opens no `{}`, in AWS's words (aws/aws-cdk#29261)
        ("States.Format('For example: { name }', $.text)", "Invalid template in States.Format: matching '}' not found for '{'."),
        ("States.Format('{name} {}', $.text)", "Invalid template in States.Format: matching '}' not found for '{'."),
        ("States.Base64Decode('YQ=')", "not valid Base64"),
        ("States.Base64Decode('Y Q==')", "not valid Base64"),
        ("States.Base64Encode($.long)", "at most 10000 characters"),
        ("States.Hash($.long, 'MD5')", "at most 10000 characters"),
        // Counted as Java counts characters (UTF-16 code units): 5,001 "\r\n" are 10,002 (5,001 Swift `Character`s).
        ("States.Hash($.crlf, 'MD5')", "at most 10000 characters, but has 10002"),
        ("States.Base64Encode($.emoji)", "at most 10000 characters, but has 10002"),
        ("States.Hash('x', $.text)", "'abc' is not supported"),
        ("States.JsonMerge($.list, $.obj, false)", "must be a JSON object"),
        ("States.Format('{} {}', 'one')", "2 placeholder(s) '{}' but 1 value argument(s)"),
        ("States.Format($.text)", "abc"),
    ])
    func failsAtRunTimeWithIntrinsicFailure(_ expression: String, _ fragment: String) throws {
        let scope = EvaluationScope(input: [
            "list": [1, 2, 3], "text": "abc", "obj": ["a": 1], "long": .string(String(repeating: "x", count: 10_001)),
            "crlf": .string(String(repeating: "\r\n", count: 5_001)), "emoji": .string(String(repeating: "😀", count: 5_001)),
        ])
        let compiled = try IntrinsicExpression(parsing: expression)
        if fragment == "abc" {
            #expect(try compiled.evaluate(in: scope) == "abc")
            return
        }
        #expect {
            _ = try compiled.evaluate(in: scope)
        } throws: { error in
            guard let error = error as? StatesError else { return false }
            return error.error == "States.IntrinsicFailure" && error.cause.contains(fragment)
        }
    }

    /// An argument path that matches nothing is `States.Runtime`, not `States.IntrinsicFailure`: AWS answered
    /// "States.Runtime" for `States.Format('{}', $.nope)` on `{"other":1}` (floci-io/floci#2870).
    @Test func anArgumentPathMatchingNothingIsStatesRuntime() throws {
        let compiled = try IntrinsicExpression(parsing: "States.Array($.missing)")
        #expect {
            _ = try compiled.evaluate(in: EvaluationScope(input: ["list": [1]]))
        } throws: { error in
            guard let error = error as? StatesError else { return false }
            return error.error == "States.Runtime"
                && error.cause == "The function 'States.Array($.missing)' had the following error: The JsonPath argument "
                    + "for the field '$.missing' could not be found in the input '{\"list\":[1]}'"
        }
    }
}
