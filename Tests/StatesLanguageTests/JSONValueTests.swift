import OrderedCollections
import Testing

@testable import StatesLanguage

@Suite struct JSONValueTests {
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":"x\"y","d":1.5}"#,
        #"[]"#, #"{}"#, #""\u0001\n""#, #"-0.25"#, #"1e+300"#, #"9223372036854775807"#,
        #"{"z":1,"a":2}"#,
    ])
    func roundTripsToTheSameBytes(_ text: String) throws {
        let value = try JSONValue(parsing: text)
        let encoded = value.jsonString()
        #expect(try JSONValue(parsing: encoded) == value)
        #expect(encoded == (try JSONValue(parsing: encoded)).jsonString())
    }

    @Test func integersStayIntegersAndDoublesStayDoubles() throws {
        #expect(try JSONValue(parsing: "42") == .int(42))
        #expect(try JSONValue(parsing: "42.0") == .double(42))
        #expect(try JSONValue(parsing: "42.0").jsonString() == "42.0")
        #expect(try JSONValue(parsing: "1E2") == .double(100))
        #expect(try JSONValue(parsing: "99999999999999999999") == .double(1e20))
    }

    @Test func keepsMemberOrder() throws {
        let value = try JSONValue(parsing: #"{"z":1,"a":2,"m":3}"#)
        #expect(value.jsonString() == #"{"z":1,"a":2,"m":3}"#)
        #expect(value.jsonString(.init(sortedKeys: true)) == #"{"a":2,"m":3,"z":1}"#)
    }

    @Test(arguments: [
        ("plain text", #""plain text""#),
        ("\"quoted\" at both ends\"", #""\"quoted\" at both ends\"""#),
        ("a\\b\nc\r\t\u{08}\u{0C}\u{01}\u{1F}", #""a\\b\nc\r\t\b\f\u0001\u001f""#),
        ("\n", #""\n""#), ("", #""""#),
        ("é 😀 \"ü\"", #""é 😀 \"ü\"""#),
        ("{\"k\":\"v\"}", #""{\"k\":\"v\"}""#),
    ])
    func writesStringsWithExactlyTheEscapesJSONNeeds(_ string: String, _ text: String) throws {
        // Runs of plain bytes are copied at once, escapes written between them: the text is the same either way.
        #expect(JSONValue.string(string).jsonString() == text)
        #expect(try JSONValue(parsing: text) == .string(string))
    }

    @Test func writesSortedMembersAtAnyDepth() throws {
        let value = try JSONValue(parsing: #"{"b":{"y":1,"x":[{"d":1,"c":2}]},"a":"\"","c":{}}"#)
        #expect(value.jsonString(.init(sortedKeys: true)) == #"{"a":"\"","b":{"x":[{"c":2,"d":1}],"y":1},"c":{}}"#)
        #expect(value.jsonString() == #"{"b":{"y":1,"x":[{"d":1,"c":2}]},"a":"\"","c":{}}"#)
    }

    @Test(arguments: [
        JSONValue.EncodingOptions.compact, .pretty, .init(sortedKeys: true), .init(indent: 3, sortedKeys: true),
    ])
    func writesTheSameTextOnBothSidesOfTheRecursionBudget(_ options: JSONValue.EncodingOptions) throws {
        // Nested well past the levels written by recursion: the rest is written by the iterative writer.
        var value = JSONValue.array([.string("bottom"), .object([:]), .array([])])
        for level in 0..<(3 * JSONValue.recursionBudget) {
            value = level.isMultiple(of: 2)
                ? .object(["b": value, "a": .array([.int(level), .string("x\"y")]), "c": .null])
                : .array([.double(0.5), value, .object(["z": .bool(true), "y": .array([])])])
        }
        var iterative: [UInt8] = []
        value.writeIteratively(to: &iterative, options: options, level: 0)
        let text = value.jsonString(options)
        #expect(text == String(decoding: iterative, as: UTF8.self))
        if !options.sortedKeys { #expect(try JSONValue(parsing: text) == value) }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue(parsing: #""\ud83d\ude00 \u00e9 \/""#) == .string("😀 é /"))
        #expect(try JSONValue(parsing: #""\ud83d""#) == .string("\u{FFFD}"))
    }

    @Test(arguments: [
        ("", "empty"), ("{", "end of input"), ("[1,]", "expected a JSON value"), ("{\"a\" 1}", "':'"),
        ("01", "leading zeros"), ("1.", "after '.'"), ("tru", "'true'"), ("\"abc", "Unterminated"),
        ("\"a\u{01}\"", "control character"), ("{} x", "after the JSON value"), ("[1 2]", "',' or ']'"),
        ("\"\\q\"", "Invalid escape"), ("{'a':1}", "member name"),
    ])
    func rejectsMalformedText(_ text: String, _ fragment: String) {
        #expect {
            _ = try JSONValue(parsing: text)
        } throws: { error in
            (error as? JSONParseError)?.message.contains(fragment) == true
        }
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try JSONValue(parsing: "{\n  \"a\": tru\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 8)
        }
    }

    @Test func refusesDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONValue(parsing: ok) }
    }

    @Test func comparesNumbersByValue() {
        #expect(JSONValue.int(1).jsonEquals(.double(1.0)))
        #expect(!JSONValue.int(1).jsonEquals(.string("1")))
        #expect((["a": 1, "b": 2] as JSONValue).jsonEquals(["b": 2, "a": 1.0]))
    }

    @Test func prettyPrints() {
        let value: JSONValue = ["a": [1, 2], "b": [:]]
        #expect(value.jsonString(.pretty) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
    }
}
