import Testing

@testable import StatesLanguage

/// docs.jsonata.org/numeric-functions: `$formatInteger` and `$parseInteger` with the XPath picture strings.
@Suite struct JSONataIntegerFormatTests {
    static let formatCases: [JSONataCase] = [
        JSONataCase("$formatInteger(2789, 'w')", .null, "two thousand, seven hundred and eighty-nine"),
        JSONataCase("$formatInteger(1999, 'I')", .null, "MCMXCIX"),
        JSONataCase("$formatInteger(1999, 'i')", .null, "mcmxcix"),
        JSONataCase("$formatInteger(12, 'W')", .null, "TWELVE"),
        JSONataCase("$formatInteger(123, 'Ww')", .null, "One Hundred and Twenty-Three"),
        JSONataCase("$formatInteger(21, 'w;o')", .null, "twenty-first"),
        JSONataCase("$formatInteger(40, 'w;o')", .null, "fortieth"),
        JSONataCase("$formatInteger(100, 'w;o')", .null, "one hundredth"),
        JSONataCase("$formatInteger(1000000, 'w')", .null, "one million"),
        JSONataCase("$formatInteger(0, 'w')", .null, "zero"),
        JSONataCase("$formatInteger(1, 'A')", .null, "A"),
        JSONataCase("$formatInteger(27, 'A')", .null, "AA"),
        JSONataCase("$formatInteger(702, 'a')", .null, "zz"),
        JSONataCase("$formatInteger(1234567, '#,##0')", .null, "1,234,567"),
        JSONataCase("$formatInteger(7, '000')", .null, "007"),
        JSONataCase("$formatInteger(-7, '000')", .null, "-007"),
        JSONataCase("$formatInteger(1234567, '# ### ##0')", .null, "1 234 567"),
        JSONataCase("$formatInteger(12345678, '#,###,##0;o')", .null, "12,345,678th"),
        JSONataCase("$formatInteger(1, '0;o')", .null, "1st"),
        JSONataCase("$formatInteger(22, '0;o')", .null, "22nd"),
        JSONataCase("$formatInteger(13, '0;o')", .null, "13th"),
        JSONataCase("$formatInteger(1234, '#\u{0661}\u{0660}')", .null, "\u{0661}\u{0662}\u{0663}\u{0664}"),
        JSONataCase("$formatInteger(123456, '00-00-00')", .null, "12-34-56"),
        JSONataCase("$formatInteger(3.9, '0')", .null, "3"),
        JSONataCase("$parseInteger('twelve thousand, four hundred and seventy-six', 'w')", .null, 12476),
        JSONataCase("$parseInteger('MCMXCIX', 'I')", .null, 1999),
        JSONataCase("$parseInteger('mcmxcix', 'i')", .null, 1999),
        JSONataCase("$parseInteger('12,345,678', '#,##0')", .null, 12_345_678),
        JSONataCase("$parseInteger('AA', 'A')", .null, 27),
        JSONataCase("$parseInteger('twenty-first', 'w;o')", .null, 21),
        JSONataCase("$parseInteger('007', '000')", .null, 7),
        JSONataCase("$parseInteger('3rd', '0;o')", .null, 3),
        JSONataCase("$formatInteger($undefined, '0')", .null, nil),
    ]

    @Test(arguments: formatCases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }

    @Test(arguments: [("$formatInteger(1, 'x')", "D3130"), ("$formatInteger(12, '0\u{0661}')", "D3131"), ("$formatInteger('1', '0')", "T0410")])
    func pictureErrors(_ expression: String, _ code: String) throws {
        let parsed = try JSONataExpression(parsing: expression)
        #expect {
            try parsed.evaluateJSONata(input: .null, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == code
        }
    }
}
