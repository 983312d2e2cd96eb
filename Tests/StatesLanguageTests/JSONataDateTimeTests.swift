import Testing

@testable import StatesLanguage

/// docs.jsonata.org/date-time-functions: `$fromMillis` pictures (names, words, roman numerals, ISO weeks) and
/// `$formatNumber` pictures with mandatory digits other than 0.
@Suite struct JSONataDateTimeTests {
    /// 2018-03-23T10:33:36.617Z, a Friday in ISO week 12.
    static let cases: [JSONataCase] = [
        JSONataCase("$fromMillis(1521801216617, '[Dwo] of [MNn], [Yw]')", .null, "twenty-third of March, two thousand and eighteen"),
        JSONataCase("$fromMillis(1521801216617, '[D1o] [MNn] [YI]')", .null, "23rd March MMXVIII"),
        JSONataCase("$fromMillis(1521801216617, '[FNn], [D] [MN]')", .null, "Friday, 23 MARCH"),
        JSONataCase("$fromMillis(1521801216617, 'Week [W] ([w] of [xNn]) [X]')", .null, "Week 12 (4 of March) 2018"),
        JSONataCase("$fromMillis(1514764800000, '[W01] [X]')", .null, "01 2018"),  // Monday 1 January 2018
        JSONataCase("$fromMillis(1483228800000, '[W] [X]')", .null, "52 2016"),  // Sunday 1 January 2017
        JSONataCase("$fromMillis(1521801216617, '[E] [C]')", .null, "ISO ISO"),
        JSONataCase("$fromMillis(1510067557121, '[M01]/[D01]/[Y0001] [h#1]:[m01][P]')", .null, "11/07/2017 3:12pm"),
        JSONataCase("$fromMillis(1510067557121, '[H01]:[m01]:[s01] [z]', '-0500')", .null, "10:12:37 GMT-05:00"),
        JSONataCase("$formatNumber(12345678.9, '9,999.99')", .null, "12,345,678.90"),
        JSONataCase("$formatNumber(12, '9999')", .null, "0012"),
        JSONataCase("$formatNumber(1234.5, '#,##0.00')", .null, "1,234.50"),
        JSONataCase("$formatNumber(1234.5678, '#.##0,00', {'decimal-separator': ',', 'grouping-separator': '.'})", .null, "1.234,57"),
        // '%' is plain text once "percent" is "pc" (jsonata scales only when the picture holds the percent text)
        JSONataCase("$formatNumber(-0.25, '0%', {'percent': 'pc', 'minus-sign': '~'})", .null, "~0%"),
        JSONataCase("$formatNumber(-0.25, '0pc', {'percent': 'pc', 'minus-sign': '~'})", .null, "~25pc"),
        JSONataCase("$formatNumber(42, '\u{0660}\u{0660}\u{0660}', {'zero-digit': '\u{0660}'})", .null, "\u{0660}\u{0664}\u{0662}"),
    ]

    @Test(arguments: cases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }
}

extension JSONataDateTimeTests {
    static let parseCases: [JSONataCase] = [
        JSONataCase("$toMillis('2018-03-23', '[Y]-[M]-[D]')", .null, 1_521_763_200_000),
        JSONataCase("$toMillis('23/03/2018 10:33:36', '[D01]/[M01]/[Y0001] [H01]:[m01]:[s01]')", .null, 1_521_801_216_000),
        JSONataCase("$toMillis('23 March 2018', '[D] [MNn] [Y]')", .null, 1_521_763_200_000),
        JSONataCase("$toMillis('Friday, 23rd March 2018', '[FNn], [D1o] [MNn] [Y]')", .null, 1_521_763_200_000),
        // JSONata fixes the digit count of a year only: the month takes digits greedily and the day what is left
        // ("032" and "3"), and Date.UTC carries month 32 into 2020-08-03
        // Adjacent integers: each one followed directly by another reads exactly its mandatory digits.
        JSONataCase("$toMillis('20180323', '[Y0001][M01][D01]')", .null, 1_521_763_200_000),
        JSONataCase("$toMillis('201802', '[Y0001][M01]')", .null, 1_517_443_200_000),
        JSONataCase("$toMillis('20180205', '[Y0001][M01][D01]')", .null, 1_517_788_800_000),
        JSONataCase("$toMillis('3:12pm 7 Nov 2017', '[h]:[m01][P] [D] [MNn,3-3] [Y]')", .null, 1_510_067_520_000),
        JSONataCase("$toMillis('2017-11-07T10:12:37-05:00', '[Y]-[M]-[D]T[H]:[m]:[s][Z]')", .null, 1_510_067_557_000),
        JSONataCase("$toMillis('MMXVIII', '[YI]')", .null, 1_514_764_800_000),
        JSONataCase("$toMillis('2018-03-23', '[D]/[M]/[Y]')", .null, nil),
        JSONataCase("$fromMillis($toMillis('2018-03-23T10:33:36.617Z')) ", .null, "2018-03-23T10:33:36.617Z"),
    ]

    @Test(arguments: parseCases)
    func toMillisWithPictures(_ c: JSONataCase) throws { try c.check() }
}

extension JSONataDateTimeTests {
    /// A sub-picture with no active character (`x`, `%`) is all active part and so breaks D3086 last: recorded
    /// against AWS, `$formatNumber(1, "x")` is D3086 (floci-io/floci#2737). `.` breaks D3085 alone.
    @Test(arguments: [
        ("#.#.#", "D3081"), ("#%%", "D3082"), ("#‰‰", "D3083"), ("#%‰", "D3084"), (".", "D3085"), ("#a#", "D3086"),
        ("%", "D3086"), ("x", "D3086"),
        ("#,.0", "D3087"), ("#,", "D3088"), ("#,,#", "D3089"), ("0#", "D3090"), (".#0", "D3091"), ("#e0%", "D3092"), ("#e#", "D3093"),
        ("#;#;#", "D3080"),
    ])
    func formatNumberPictureErrors(_ picture: String, _ code: String) throws {
        let parsed = try JSONataExpression(parsing: "$formatNumber(1234.5, '\(picture)')")
        #expect {
            try parsed.evaluateJSONata(input: .null, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == code
        }
    }
}
