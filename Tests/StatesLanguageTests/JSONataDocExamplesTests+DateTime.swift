import Foundation
import Testing

@testable import StatesLanguage

/// Date/time pictures as docs.jsonata.org's date/time pages describe them (`$fromMillis`, `$toMillis` with a
/// picture, `$now`), checked for the results and error codes jsonata 2.0.6 gives.
@Suite struct JSONataDocExamplesDateTimeTests {
    static let formatting: [JSONataCase] = [
        JSONataCase("$fromMillis(1510067557121)", .null, "2017-11-07T15:12:37.121Z"),
        JSONataCase("$fromMillis(1510067557121, '[M01]/[D01]/[Y0001] [h#1]:[m01][P]')", .null, "11/07/2017 3:12pm"),
        JSONataCase("$fromMillis(1510067557121, '[H01]:[m01]:[s01] [z]', '-0500')", .null, "10:12:37 GMT-05:00"),
        // the timezone argument is read as an integer: no sign is UTC-positive
        JSONataCase("$fromMillis(1510067557121, '[H01]:[m01] [Z]', '0000')", .null, "15:12 +00:00"),
        JSONataCase("$fromMillis(1510067557121, '[H01]:[m01] [Z01:01t]', '0000')", .null, "15:12 Z"),
        JSONataCase("$fromMillis(1510067557121, '[H01]:[m01] [Z0]', '+0530')", .null, "20:42 +5:30"),
        // the am/pm marker is written in lower case whatever its presentation modifier
        JSONataCase("$fromMillis(1510067557121, '[h]:[m01] [PN]')", .null, "3:12 pm"),
        // fractional seconds are the milliseconds as an integer, padded to the picture's digits
        JSONataCase("$fromMillis(1510067557121, '[s].[f]')", .null, "37.121"),
        JSONataCase("$fromMillis(1510067557005, '[s].[f]')", .null, "37.5"),
        JSONataCase("$fromMillis(1510067557005, '[s].[f001]')", .null, "37.005"),
        JSONataCase("$fromMillis(1510067557121, '[s].[f01]')", .null, "37.121"),
        JSONataCase("$fromMillis(1510067557121, '[[[Y0001]]]')", .null, "[2017]"),
        JSONataCase("$fromMillis(1510067557121, '[Y , 2]')", .null, "17"),
        JSONataCase("$fromMillis(1510067557121, '[FNn,3-3] [D1o] [MNn,3-3]')", .null, "Tue 7th Nov"),
        JSONataCase("$fromMillis(1510067557121, '[Dwo] [MNn]')", .null, "seventh November"),
        JSONataCase("$fromMillis(undefined, '[Y]')", .null, nil),
    ]

    @Test(arguments: formatting)
    func fromMillisPictures(_ c: JSONataCase) throws { try c.check() }

    static let parsing: [JSONataCase] = [
        JSONataCase("$toMillis('2017-11-07T15:07:54.972Z')", .null, 1_510_067_274_972),
        JSONataCase("$toMillis('2017')", .null, 1_483_228_800_000),
        JSONataCase("$toMillis('2017-11')", .null, 1_509_494_400_000),
        JSONataCase("$toMillis('2017-11-07T15:07:54.972+0100')", .null, 1_510_063_674_972),
        JSONataCase("$toMillis('2018', '[Y1]')", .null, 1_514_764_800_000),
        JSONataCase("$toMillis('ninth of May, one thousand nine hundred and ninety', '[Dwo] of [MNn], [Yw]')", .null, 642_211_200_000),
        JSONataCase("$toMillis('Sixth May 1990', '[DWwo] [MNn] [Y]')", .null, 641_952_000_000),
        JSONataCase("$toMillis('mcmxc', '[Yi]')", .null, 631_152_000_000),
        JSONataCase("$toMillis('b/c/1990', '[Da]/[Ma]/[Y]')", .null, 636_336_000_000),
        JSONataCase("$toMillis('1990-100', '[Y]-[d]')", .null, 639_705_600_000),
        JSONataCase("$toMillis('one hundredth day of 1990', '[dwo] day of [Y]')", .null, 639_705_600_000),
        JSONataCase("$toMillis('1990-05-12 7:05:09 PM', '[Y]-[M]-[D] [h]:[m]:[s] [P]')", .null, 642_539_109_000),
        JSONataCase("$toMillis('1990-05-12 12:30 am', '[Y]-[M]-[D] [h]:[m] [P]')", .null, 642_472_200_000),
        JSONataCase("$toMillis('1990-05-12 10:00 +02:00', '[Y]-[M]-[D] [H]:[m] [Z]')", .null, 642_499_200_000),
        JSONataCase("$toMillis('1990-05-12 10:00 GMT+0200', '[Y]-[M]-[D] [H]:[m] [z0000]')", .null, 642_499_200_000),
        // what the picture leaves out: before the given components, now (2017-11-07T15:12:37.121Z); after, zero
        JSONataCase("$toMillis('10:30', '[H]:[m]')", .null, 1_510_050_600_000),
        JSONataCase("$toMillis('12 xyz', '[D] [MNn]')", .null, 1_510_444_800_000),
        JSONataCase("$toMillis('May 1990', '[MNn] [Y]')", .null, 641_520_000_000),
        JSONataCase("$toMillis('1990 May', '[Y] [MNn]')", .null, 641_520_000_000),
        JSONataCase("$toMillis('Hello', 'Hello')", .null, nil),
        JSONataCase("$toMillis('1990-05-12', '[D]/[M]/[Y]')", .null, nil),
        // two-digit years are read as Date.UTC reads them
        JSONataCase("$toMillis('90-05-12', '[Y01]-[M]-[D]')", .null, 642_470_400_000),
    ]

    @Test(arguments: parsing)
    func toMillisPictures(_ c: JSONataCase) throws { try c.check() }

    static let errors: [(String, String)] = [
        ("$fromMillis(0, '[Y')", "D3135"),
        ("$fromMillis(0, '[YN]-[M')", "D3135"),
        ("$fromMillis(0, '[DN]')", "D3133"),
        ("$fromMillis(0, '[YNn]')", "D3133"),
        ("$fromMillis(0, '[Q]')", "D3132"),
        ("$fromMillis(0, '[Z010101]')", "D3134"),
        ("$fromMillis(0, '[ZN]')", "D3134"),
        ("$toMillis('2017-11-07T15:07')", "D3110"),
        ("$toMillis('2017-11-07 15:07:00')", "D3110"),
        ("$toMillis('07/11/2017')", "D3110"),
        ("$toMillis('2018', '[Y')", "D3135"),
        ("$toMillis('2018-05', '[Y]-[q]')", "D3132"),
        ("$toMillis('2018 May', '[YN] [MNn]')", "D3133"),
        ("$toMillis('2018 x', '[Y] [E]')", "D3133"),
        ("$toMillis('2018-12', '[Y]-[D]')", "D3136"),
        ("$toMillis('2018 10', '[Y] [H]')", "D3136"),
        ("$toMillis('10:30', '[H]:[s]')", "D3136"),
        ("$toMillis('2018-W10-1', '[X]-W[W]-[F1]')", "D3136"),
        ("$toMillis('2018-3-2', '[Y]-[x]-[w]')", "D3136"),
    ]

    @Test(arguments: errors)
    func pictureErrors(_ expression: String, _ code: String) throws {
        let parsed = try JSONataExpression(parsing: expression)
        #expect {
            _ = try parsed.evaluateJSONata(input: .null, bindings: [:], now: JSONataDocExamplesDateTimeTests.now)
        } throws: { error in
            (error as? JSONataError)?.code == code
        }
    }

    static let now = Date(timeIntervalSince1970: 1_510_067_557.121)
}
