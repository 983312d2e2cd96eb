import Foundation
import Testing

@testable import StatesLanguage

/// How JSONata results write numbers (JavaScript's `Number.prototype.toString`, as `JSON.stringify` and
/// `$string` use it), and `$base64encode`/`$base64decode` as AWS runs them.
@Suite struct JSONataNumberTextTests {
    /// An expression and the JSON text of its result.
    static let written: [(String, String)] = [
        // whole numbers in full below 1e21 (beyond Int64 too), with an exponent from 1e21
        ("9.3e18", "9300000000000000000"),
        ("9223372036854775807", "9223372036854776000"),
        ("12345678901234567890", "12345678901234567000"),
        ("123456789012345680000", "123456789012345680000"),
        ("1e21", "1e+21"),
        ("-1e21", "-1e+21"),
        ("1e300 * 10", "1e+301"),
        // fractions in full from 1e-6, with an exponent below it
        ("0.000001", "0.000001"),
        ("0.00001", "0.00001"),
        ("1e-7", "1e-7"),
        ("0.0000001", "1e-7"),
        ("1.5e-7", "1.5e-7"),
        ("-2.5e-10", "-2.5e-10"),
        ("[1e21, 1e-7, 9.3e18, 0.00001]", "[1e+21,1e-7,9300000000000000000,0.00001]"),
        ("0.1 + 0.2", "0.30000000000000004"),
    ]

    @Test(arguments: written)
    func resultText(_ expression: String, _ text: String) throws {
        let result = try JSONataExpression(parsing: expression).evaluateJSONata(input: .null, bindings: [:])
        #expect(result?.jsonString() == text)
    }

    static let cases: [JSONataCase] = [
        // $string and & round fractions to 15 significant digits first, then write as JavaScript does; whole numbers
        // below 1e21 keep their shortest digits, as AWS writes them (recorded against AWS, floci-io/floci#2683)
        JSONataCase("$string(1e21)", .null, "1e+21"),
        JSONataCase("$string(1e-7)", .null, "1e-7"),
        JSONataCase("$string(-1e-7)", .null, "-1e-7"),
        JSONataCase("$string(0.00001)", .null, "0.00001"),
        JSONataCase("$string(9.3e18)", .null, "9300000000000000000"),
        JSONataCase("$string(2e16)", .null, "20000000000000000"),
        JSONataCase("$string(123456789012345680000)", .null, "123456789012345680000"),
        JSONataCase("'' & 123456789012345680000", .null, "123456789012345680000"),
        JSONataCase("$string(1e20)", .null, "100000000000000000000"),
        JSONataCase("$string(9223372036854775808)", .null, "9223372036854776000"),
        JSONataCase("$string(999999999999999868928)", .null, "999999999999999900000"),
        JSONataCase("$string(1234567890123456)", .null, "1234567890123456"),
        JSONataCase("'' & 1e-7", .null, "1e-7"),
        JSONataCase("$string([1e21, 0.1 + 0.2])", .null, "[1e+21,0.3]"),
        // docs.jsonata.org: the characters of the string are the bytes encoded (U+0000 to U+00FF)
        JSONataCase("$base64encode('myuser:mypassword')", .null, "bXl1c2VyOm15cGFzc3dvcmQ="),
        JSONataCase("$base64decode('bXl1c2VyOm15cGFzc3dvcmQ=')", .null, "myuser:mypassword"),
        JSONataCase("$base64encode('é')", .null, "6Q=="),
        JSONataCase("$base64decode('6Q==')", .null, "é"),
        JSONataCase("$base64decode($base64encode('ÿ þ'))", .null, "ÿ þ"),
        // beyond U+00FF Node keeps each UTF-16 code unit's low byte (Buffer.from(s, 'binary'))
        JSONataCase("$base64encode('€')", .null, "rA=="),
        JSONataCase("$base64encode('😀')", .null, "PQA="),
        // decoded bytes are characters U+0000 to U+00FF: UTF-8 is not decoded
        JSONataCase("$base64decode('4oKs')", .null, "\u{E2}\u{82}\u{AC}"),
        // strict decoding, as AWS's (Java's) decoder: padding optional, nothing outside the alphabet
        JSONataCase("$base64decode('YQ')", .null, "a"),
        JSONataCase("$base64decode('YWI')", .null, "ab"),
        JSONataCase("$base64decode('YWI=')", .null, "ab"),
        JSONataCase("$base64decode('')", .null, ""),
        JSONataCase("$base64encode('')", .null, ""),
        JSONataCase("$base64encode(nothing)", .null, nil),
    ]

    @Test(arguments: cases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }

    @Test func base64ArgumentMustBeAString() {
        #expect {
            _ = try JSONataExpression(parsing: "$base64encode(1)").evaluateJSONata(input: .null, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == "T0410"
        }
    }

    /// What is not strict base64 fails as AWS fails it: an internal error with a fresh identifier, no JSONata code
    /// (floci-io/floci#2736, measured against AWS: `$base64decode("!!!")`).
    @Test(arguments: ["!!!", "Y Q==", "YQ==YQ==", "-_8", "Y", "YQ=", "=YQ"])
    func base64decodeRefusesWhatIsNotBase64(_ text: String) throws {
        let source = "$base64decode('\(text)')"
        let expression = try JSONataExpression(parsing: source)
        let failure: JSONataError? = Self.failure { () throws(JSONataError) -> JSONValue? in try expression.evaluateJSONata(input: .null, bindings: [:]) }
        #expect(failure?.code == JSONataError.internalErrorCode)
        guard let failure else { return }
        let start = "The JSONata expression '\(source)' specified for the field 'Output/r' threw an internal error during evaluation. "
        let cause = JSONataFailure.evaluation(source, field: "Output/r", failure).cause
        #expect(cause.hasPrefix(start))
        #expect(UUID(uuidString: String(cause.dropFirst(start.count))) != nil)
    }

    static func failure(_ body: () throws(JSONataError) -> JSONValue?) -> JSONataError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }
}
