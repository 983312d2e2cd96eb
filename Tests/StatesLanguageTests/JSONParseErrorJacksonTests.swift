import Testing

@testable import StatesLanguage

/// Parse errors in the words of AWS's JSON parser (Jackson). The first two are recorded against AWS (LocalStack's
/// test_sfn_api.snapshot.json, test_invalid_start_execution_input, StartExecution's input); the others are worded
/// as the same parser words them.
@Suite("JSON parse errors in Jackson's words")
struct JSONParseErrorJacksonTests {
    static let values = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"

    static func message(_ text: String) -> String? {
        do {
            _ = try JSONValue(parsing: text)
            return nil
        } catch {
            return error.jacksonMessage(in: text)
        }
    }

    @Test("recorded against AWS")
    func recorded() {
        #expect(Self.message("not some json") == "Unrecognized token 'not': was expecting \(Self.values)")
        #expect(Self.message("{'not': 'json'") == "Unexpected character (''' (code 39)): was expecting double-quote to start field name")
    }

    @Test("words, literals run into words, and characters where a value, a name, a comma or a colon belongs")
    func others() {
        #expect(Self.message(#"{"a": nope}"#) == "Unrecognized token 'nope': was expecting \(Self.values)")
        #expect(Self.message("hello") == "Unrecognized token 'hello': was expecting \(Self.values)")
        #expect(Self.message("[truex]") == "Unrecognized token 'truex': was expecting \(Self.values)")
        #expect(Self.message("nulls") == "Unrecognized token 'nulls': was expecting \(Self.values)")
        #expect(Self.message("[1, 'a']") == "Unexpected character (''' (code 39)): expected a valid value \(Self.values)")
        #expect(Self.message(#"{"a": 1 "b": 2}"#) == "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries")
        #expect(Self.message("[1 2]") == "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries")
        #expect(Self.message(#"{"a" 1}"#) == "Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value")
        #expect(Self.message(#"{"a": 1,}"#) == "Unexpected character ('}' (code 125)): was expecting double-quote to start field name")
        #expect(Self.message("{\u{1}}") == "Unexpected character ((CTRL-CHAR, code 1)): was expecting double-quote to start field name")
        #expect(Self.message("{é}") == "Unexpected character ('é' (code 233)): was expecting double-quote to start field name")
        #expect(Self.message("{\u{20AC}}") == "Unexpected character ('\u{20AC}' (code 8364 / 0x20ac)): was expecting double-quote to start field name")
        #expect(Self.message("x" + String(repeating: "y", count: 300)) == "Unrecognized token 'x\(String(repeating: "y", count: 255))...': was expecting \(Self.values)")
    }

    @Test("an unexpected end, a bad string or number keeps the parser's own words")
    func unknown() {
        #expect(Self.message("{") == nil)
        #expect(Self.message("[1,") == nil)
        #expect(Self.message(#""abc"#) == nil)
        #expect(Self.message("01") == nil)
    }
}
