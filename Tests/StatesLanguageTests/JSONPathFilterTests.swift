import Testing

@testable import StatesLanguage

/// Jayway filter operators and less common selectors, beyond the documented examples.
@Suite struct JSONPathFilterTests {
    static let input: JSONValue = [
        "items": [
            ["id": 1, "tags": ["a", "b"], "name": "Ann", "ok": true, "note": .null],
            ["id": 2, "tags": [], "name": "bob", "ok": false],
            ["id": 3, "tags": ["c"], "name": "Cy", "ok": true, "price": -1.5],
        ],
        "limit": 2, "allowed": ["a", "c"], "o'k": ["x\"y": 1], "naïve": "yes",
        "chars": [["c": "\u{FF61}"], ["c": "😀"]],
    ]

    @Test(arguments: [
        ("$.items[?(@.id > $.limit)].id", "[3]"),
        ("$.items[?(@.id >= 2 && @.ok == true)].id", "[3]"),
        ("$.items[?(@.ok == false || @.id == 1)].id", "[1,2]"),
        ("$.items[?(!(@.ok == true))].id", "[2]"),
        ("$.items[?(@.note == null)].id", "[1]"),
        ("$.items[?(@.note)].id", "[1]"),
        ("$.items[?(@.price < -1)].id", "[3]"),
        ("$.items[?(@.name < 'B')].id", "[1]"),
        // Strings order as Java's compareTo does (UTF-16 code units): an emoji (0xD83D...) before U+FF61.
        ("$.chars[?(@.c < '\u{FF61}')].c", #"["😀"]"#),
        // `size` of a string counts Java's characters (UTF-16 code units): an emoji is two.
        ("$.chars[?(@.c size 2)].c", #"["😀"]"#),
        ("$.items[?(@.name =~ /^[A-Z].*/)].id", "[1,3]"),
        ("$.items[?(@.tags size 2)].id", "[1]"),
        ("$.items[?(@.tags empty true)].id", "[2]"),
        ("$.items[?(@.tags subsetof ['a','b','c'])].id", "[1,2,3]"),
        ("$.items[?(@.tags anyof ['c','z'])].id", "[3]"),
        ("$.items[?(@.tags noneof ['a'])].id", "[2,3]"),
        ("$.items[?(@.id in [1, 3])].name", #"["Ann","Cy"]"#),
        ("$.items[?(@.id != 2)].id", "[1,3]"),
        ("$.items[?( @.id==2 )].id", "[2]"),
        ("$.items[?(@.tags[0] == 'c')].id", "[3]"),
        ("$.items[?(@.tags[?(@ == 'a')])].id", "[]"),
        ("$..id", "[1,2,3]"),
        ("$..tags[0]", #"["a","c"]"#),
        ("$.items[*].tags[*]", #"["a","b","c"]"#),
        ("$.items[-1:].id", "[3]"),
        ("$.items[:-2].id", "[1]"),
        ("$.items[0,2,9].id", "[1,3]"),
        ("$.items[0]['id','name']", #"{"id":1,"name":"Ann"}"#),
        ("$.items[*]['id','ok']", #"[{"id":1,"ok":true},{"id":2,"ok":false},{"id":3,"ok":true}]"#),
        (#"$['o\'k']["x\"y"]"#, "1"),
        ("$.naïve", #""yes""#),
        ("$.items.*.id", "[1,2,3]"),
        ("$.limit.*", "[]"),
    ])
    func evaluates(_ path: String, _ expected: String) throws {
        let result = try JSONPath(path).evaluate(in: EvaluationScope(input: Self.input))
        #expect(result == (try JSONValue(parsing: expected)), "\(path)")
    }

    @Test func compiledPathsAreReusedAndCached() throws {
        let first = try JSONPath.cached("$.items[0].id")
        let second = try JSONPath.cached("$.items[0].id")
        #expect(first == second)
        #expect(first.normalizedText == "$['items'][0]['id']")
        #expect(first.description == "$.items[0].id")
        #expect(throws: JSONPathError.self) { try JSONPath.cached("$.items[") }
    }

    /// Deeply nested filters are rejected with an error instead of overflowing the stack.
    @Test(arguments: [
        "$.a[?(" + String(repeating: "!", count: 100_000) + "@.x)]",
        "$.a[?(" + String(repeating: "(", count: 100_000) + "@.x" + String(repeating: ")", count: 100_000) + ")]",
        "$.a[?(@.x in " + String(repeating: "[", count: 100_000) + ")]",
        "$.a" + String(repeating: "[?(@", count: 100_000),
    ])
    func deeplyNestedFiltersAreRejected(_ path: String) {
        #expect(throws: JSONPathError.self) { try JSONPath(path) }
    }

    @Test func moderatelyNestedFiltersStillParse() throws {
        let path = "$.items[?(" + String(repeating: "!", count: 100) + "@.ok)].id"
        #expect(try JSONPath(path).evaluate(in: EvaluationScope(input: Self.input)) == (try JSONValue(parsing: "[1,2,3]")))
    }
}
