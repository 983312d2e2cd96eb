import Testing

import StatesLanguage

@Suite("Timestamps and StringMatches patterns")
struct RuntimeMatchingTests {
    @Test func timestampOrdering() throws {
        let a = try #require(ASLTimestamp("2001-01-01T12:00:00.1Z"))
        let b = try #require(ASLTimestamp("2001-01-01T12:00:00.09Z"))
        #expect(b < a)
        #expect(ASLTimestamp("2001-01-01T12:00:00.Z") == nil)
        #expect(ASLTimestamp("2001-01-01T12:00:00+5:00") == nil)
        #expect(ASLTimestamp("0001-01-01T00:00:00Z")?.epochSeconds == -62_135_596_800)
        #expect(ASLTimestamp("1970-01-01T00:00:00Z")?.epochSeconds == 0)
        #expect(ASLTimestamp("2016-08-18T17:33:00Z")?.epochSeconds == 1_471_541_580)
    }

    @Test func instants() throws {
        let stamp = try #require(ASLTimestamp("2016-08-18T17:33:00.1234567891-01:30"))
        #expect(stamp.epochSeconds == 1_471_541_580 + 5_400)
        #expect(stamp.nanoseconds == 123_456_789)
        #expect(stamp.sinceEpoch == .seconds(1_471_546_980) + .nanoseconds(123_456_789))
        #expect(ASLTimestamp("1969-12-31T23:59:59.5Z")?.sinceEpoch == .milliseconds(-500))
    }

    @Test func effectivePaths() {
        let absent: NullablePath? = nil
        let null: NullablePath? = .null
        let path: NullablePath? = .path("$.a")
        #expect(absent.effectivePath == "$")
        #expect(null.effectivePath == nil)
        #expect(path.effectivePath == "$.a")
    }

    @Test(arguments: [
        ("log-*.txt", "log-2024.txt", true),
        ("log-*.txt", "log-.txt", true),
        ("log-*.txt", "logs-1.txt", false),
        ("*", "", true),
        ("", "", true),
        ("", "a", false),
        ("a**b", "ab", true),
        ("*a*b*", "xxaxxbxx", true),
        ("*a*b*", "xxbxxaxx", false),
        ("a\\*b", "a*b", true),
        ("a\\*b", "axb", false),
        ("a\\\\b", "a\\b", true),
        ("a\\\\*", "a\\xyz", true),
        ("a\\b", "a\\b", true),
        ("trailing\\", "trailing\\", true),
        ("caf\u{E9}*", "caf\u{E9} au lait", true),
    ])
    func pattern(pattern: String, text: String, expected: Bool) {
        #expect(StringMatchPattern(pattern).matches(text) == expected)
    }
}
