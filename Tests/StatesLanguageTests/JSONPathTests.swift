import OrderedCollections
import Testing

@testable import StatesLanguage

/// JSONPath as AWS Step Functions evaluates it (Jayway semantics, AWS's documented restrictions).
@Suite struct JSONPathTests {
    /// The input of the AWS developer guide's "Reference Paths" example.
    static let awsInput: JSONValue = [
        "foo": 123, "bar": ["a", "b", "c"], "car": ["cdr": true],
        "jar": [["a": 1], ["a": 5], ["a": 2], ["a": 7], ["a": 3]],
    ]

    @Test(arguments: [
        ("$.foo", "123"),
        ("$.bar", #"["a","b","c"]"#),
        ("$.car.cdr", "true"),
        ("$.jar[?(@.a >= 5)]", #"[{"a":5},{"a":7}]"#),
        ("$", #"{"foo":123,"bar":["a","b","c"],"car":{"cdr":true},"jar":[{"a":1},{"a":5},{"a":2},{"a":7},{"a":3}]}"#),
    ])
    func awsReferencePathExamples(_ path: String, _ expected: String) throws {
        let result = try JSONPath(path).evaluate(in: EvaluationScope(input: Self.awsInput))
        #expect(result == (try JSONValue(parsing: expected)))
    }

    static let store = """
        { "store": {
            "book": [
              { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
              { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
              { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3",
                "price": 8.99 },
              { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings",
                "isbn": "0-395-19395-8", "price": 22.99 }
            ],
            "bicycle": { "color": "red", "price": 19.95 }
          },
          "expensive": 10, "my key": {"def ghi": 1}, "nested": [[1, 2], [3], []] }
        """

    @Test(arguments: [
        ("$.store.book[*].author", #"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#),
        ("$..author", #"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#),
        ("$.store..price", "[8.95,12.99,8.99,22.99,19.95]"),
        ("$..book[2].title", #"["Moby Dick"]"#),
        ("$..book[-1:].title", #"["The Lord of the Rings"]"#),
        ("$..book[0,1].title", #"["Sayings of the Century","Sword of Honour"]"#),
        ("$..book[:2].price", "[8.95,12.99]"),
        ("$.store.book[1:3].price", "[12.99,8.99]"),
        ("$.store.book[-2:].price", "[8.99,22.99]"),
        ("$.store.book[?(@.isbn)].title", #"["Moby Dick","The Lord of the Rings"]"#),
        ("$.store.book[?(!@.isbn)].price", "[8.95,12.99]"),
        ("$.store.book[?(@.price < 10)].title", #"["Sayings of the Century","Moby Dick"]"#),
        ("$..book[?(@.price <= $['expensive'])].price", "[8.95,8.99]"),
        ("$.store.book[?(@.category == 'fiction' && @.price > 20)].author", #"["J. R. R. Tolkien"]"#),
        ("$.store.book[?(@.price < 9 || @.price > 20)].price", "[8.95,8.99,22.99]"),
        ("$.store.book[?(@.author =~ /.*REES/i)].price", "[8.95]"),
        ("$.store.book[?(@.category in ['reference'])].price", "[8.95]"),
        ("$.store.book[?(@.category nin ['reference'])].price", "[12.99,8.99,22.99]"),
        ("$.store.book[?(@.category != 'fiction')].price", "[8.95]"),
        ("$.store.*", #"[[{"category":"reference","author":"Nigel Rees","title":"Sayings of the Century","price":8.95},{"category":"fiction","author":"Evelyn Waugh","title":"Sword of Honour","price":12.99},{"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553-21311-3","price":8.99},{"category":"fiction","author":"J. R. R. Tolkien","title":"The Lord of the Rings","isbn":"0-395-19395-8","price":22.99}],{"color":"red","price":19.95}]"#),
        ("$.store.bicycle['color','price']", #"{"color":"red","price":19.95}"#),
        ("$['store']['bicycle'][\"color\"]", #""red""#),
        ("$.store.book[0]['title']", #""Sayings of the Century""#),
        ("$.store.book[-1].price", "22.99"),
        ("$['my key'].['def ghi']", "1"),
        ("$.nested[*][*]", "[1,2,3]"),
        ("$.store.book.length", "null"),
        ("$.store.book[9]", "null"),
        ("$.store.book[9:]", "[]"),
        ("$..nothing", "[]"),
        ("$.store.bicycle[?(@.color == 'red')].price", "[19.95]"),
        ("$..[?(@.price > 19.9 && @.price < 20)].color", #"["red"]"#),
    ])
    func goessnerStoreExamples(_ path: String, _ expected: String) throws {
        let input = try JSONValue(parsing: Self.store)
        let result = try JSONPath(path).evaluate(in: EvaluationScope(input: input))
        let want = try JSONValue(parsing: expected)
        #expect(result == (want == .null ? JSONValue?.none : want), "\(path)")
    }

    @Test(arguments: [
        ("$", true, true), ("$.a.b", true, true), ("$['a'][0]", true, true), ("$.a[-1]", true, true),
        ("$.a[*]", false, false), ("$..a", false, false), ("$.a[0,1]", false, false), ("$.a[1:2]", false, false),
        ("$.a[?(@.b)]", false, false), ("$.a['b','c']", true, false), ("$$.Execution.Id", true, true),
        ("$var.x", true, true),
    ])
    func definitenessAndReferencePaths(_ path: String, definite: Bool, reference: Bool) throws {
        let compiled = try JSONPath(path)
        #expect(compiled.isDefinite == definite)
        #expect(compiled.isReferencePath == reference)
    }

    @Test func rootsSelectInputContextAndVariables() throws {
        let scope = EvaluationScope(
            input: ["x": 1], context: ["Execution": ["Id": "arn:exec"]], variables: ["total": ["sum": 5], "name": "n"])
        #expect(try JSONPath("$.x").root == .input)
        #expect(try JSONPath("$$.Execution.Id").root == .context)
        #expect(try JSONPath("$total.sum").root == .variable("total"))
        #expect(try JSONPath("$.x").evaluate(in: scope) == 1)
        #expect(try JSONPath("$$.Execution.Id").evaluate(in: scope) == "arn:exec")
        #expect(try JSONPath("$$").evaluate(in: scope) == ["Execution": ["Id": "arn:exec"]])
        #expect(try JSONPath("$total.sum").evaluate(in: scope) == 5)
        #expect(try JSONPath("$total['sum']").evaluate(in: scope) == 5)
        #expect(try JSONPath("$name").evaluate(in: scope) == "n")
        #expect(try JSONPath("$missing").evaluate(in: scope) == nil)
    }

    @Test func filtersMatchObjectsOnlyAsAWSDocuments() throws {
        let input: JSONValue = ["numbers": [1, 5, ["v": 7]]]
        #expect(try JSONPath("$.numbers[?(@ > 2)]").evaluate(in: EvaluationScope(input: input)) == [])
        #expect(try JSONPath("$.numbers[?(@.v > 2)]").evaluate(in: EvaluationScope(input: input)) == [["v": 7]])
    }

    @Test(arguments: [
        ("", "must start with '$'"), ("a.b", "must start with '$'"), ("$.", "expected a member name"),
        ("$.a[", "unclosed '['"), ("$.a[0", "expected ']'"), ("$.a['b]", "unterminated string"),
        ("$.a.length()", "functions such as length() are not supported"), ("$.a[?(@.b ==)]", "unexpected ')'"),
        ("$ .a", "unexpected ' '"), ("$.a[1:2:3]", "slice steps"), ("$.a[?(@.b == 1]", "expected ')'"),
        ("$.a[x]", "expected '*', '?', a quoted name"),
    ])
    func rejectsBadSyntaxWithAClearMessage(_ path: String, _ fragment: String) {
        #expect {
            _ = try JSONPath(path)
        } throws: { error in
            guard let error = error as? JSONPathError else { return false }
            return error.message.contains(fragment) && error.message.contains("'\(path)'")
        }
    }
}
