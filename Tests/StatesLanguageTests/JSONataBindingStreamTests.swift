import Testing

@testable import StatesLanguage

/// docs.jsonata.org's path operators and processing model pages: positional (`#$i`) and context (`@$x`)
/// bindings, the parent operator `%` in the same paths, a group-by that ends such a path, and `%` in a predicate
/// on a parenthesised path. Results as jsonata 2.0.6 evaluates them (tuple streams).
@Suite struct JSONataBindingStreamTests {
    static let invoice = JSONataDocuments.invoice
    static let library = JSONataDocuments.parse(
        #"""
        {"library": {
           "books": [{"title": "SICP", "authors": ["Abelson", "Sussman"], "isbn": "111"},
                     {"title": "C", "authors": ["Kernighan", "Ritchie"], "isbn": "222"},
                     {"title": "AWK", "authors": ["Aho", "Kernighan", "Weinberger"], "isbn": "333"}],
           "loans": [{"customer": "c1", "isbn": "111"}, {"customer": "c2", "isbn": "333"}, {"customer": "c3", "isbn": "333"}]},
         "catalog": {"books": [{"title": "X", "isbn": "111"}, {"title": "Y", "isbn": "333"}]}}
        """#)
    static let numbers = JSONataDocuments.parse("[1, 2, 3]")
    static let nested = JSONataDocuments.parse(#"{"a": [1, 2, 3], "b": {"c": [4, 5]}}"#)

    static let cases: [JSONataCase] = [
        // the path operators page's examples
        JSONataCase(
            "library.books#$i['Kernighan' in authors].{'title': title, 'index': $i}", library,
            json: #"[{"title": "C", "index": 1}, {"title": "AWK", "index": 2}]"#),
        JSONataCase(
            "library.loans@$l.books@$b[$l.isbn=$b.isbn].{'title': $b.title, 'customer': $l.customer}", library,
            json: #"[{"title": "SICP", "customer": "c1"}, {"title": "AWK", "customer": "c2"}, {"title": "AWK", "customer": "c3"}]"#),
        JSONataCase(
            "(library.loans)@$l.(catalog.books)@$b[$l.isbn=$b.isbn].{'title': $b.title, 'customer': $l.customer}", library,
            json: #"[{"title": "X", "customer": "c1"}, {"title": "Y", "customer": "c2"}, {"title": "Y", "customer": "c3"}]"#),
        JSONataCase("library.books@$b.loans[isbn=$b.isbn].customer", library, ["c1", "c2", "c3"]),
        JSONataCase(
            "library.books#$i@$b.{'i': $i, 't': $b.title}", library,
            json: #"[{"i": 0, "t": "SICP"}, {"i": 1, "t": "C"}, {"i": 2, "t": "AWK"}]"#),
        JSONataCase("library.books^(title)#$i.{'i': $i, 't': title}", library, json: #"[{"i": 0, "t": "AWK"}, {"i": 1, "t": "C"}, {"i": 2, "t": "SICP"}]"#),
        JSONataCase("library.(books)#$i.$i", library, [0, 1, 2]),
        JSONataCase("library.books[0]#$i.title", library, "SICP"),
        // the processing model page: a filter binds tighter than a map; parentheses end the bindings' scope
        JSONataCase("library.books.authors[0]", library, ["Abelson", "Kernighan", "Aho"]),
        JSONataCase("(library.books.authors)[0]", library, "Abelson"),
        JSONataCase("(library.books#$i).($i)", library, nil),
        // a group-by ends the path: its keys and values see the bindings (values appended within a group)
        JSONataCase("library.books#$i{title: $i}", library, json: #"{"SICP": 0, "C": 1, "AWK": 2}"#),
        JSONataCase("library.books#$i{title: $i}.C", library, nil),
        JSONataCase("library.loans@$l{$l.customer: $l.isbn}", library, json: #"{"c1": "111", "c2": "333", "c3": "333"}"#),
        JSONataCase("library.loans@$l.books[isbn=$l.isbn]{$l.customer: title}", library, json: #"{"c1": "SICP", "c2": "AWK", "c3": "AWK"}"#),
        JSONataCase("library.loans@$l.books[isbn=$l.isbn]{title: $l.customer}", library, json: #"{"SICP": "c1", "AWK": ["c2", "c3"]}"#),
        JSONataCase("Account.Order.Product#$i{`Product Name`: $i}", invoice, json: #"{"Bowler Hat": [0, 0], "Trilby hat": 1, "Cloak": 1}"#),
        // a context binding keeps the previous step's item as the context: Order has no Product
        JSONataCase("Account.Order@$o.Product", invoice, nil),
        // `$#$i` numbers the items of the input array; `$.$#$i` binds within each item (always 0)
        JSONataCase("$#$pos.{'v': $, 'p': $pos}", numbers, json: #"[{"v": 1, "p": 0}, {"v": 2, "p": 1}, {"v": 3, "p": 2}]"#),
        JSONataCase("$#$pos[$pos > 0]", numbers, [2, 3]),
        JSONataCase("$[$ > 1]#$i.{'v': $, 'i': $i}", numbers, json: #"[{"v": 2, "i": 0}, {"v": 3, "i": 1}]"#),
        JSONataCase("[1, 2, 3]#$pos.{'v': $, 'p': $pos}", .null, json: #"[{"v": 1, "p": 0}, {"v": 2, "p": 1}, {"v": 3, "p": 2}]"#),
        JSONataCase("$.$#$i.$i", numbers, [0, 0, 0]),
        JSONataCase("a#$i.{'v': $, 'i': $i}", nested, json: #"[{"v": 1, "i": 0}, {"v": 2, "i": 1}, {"v": 3, "i": 2}]"#),
        JSONataCase("(a)#$i[$i > 0]", nested, [2, 3]),
        JSONataCase("$.a#$i.($i)", nested, [0, 1, 2]),
        JSONataCase("b.c#$i.($i)", nested, [0, 1]),
        // `%` in a path that also binds variables: the parent of each item, through the bindings
        JSONataCase(
            "Account.Order.Product#$p.{'o': %.OrderID, 'p': $p}", invoice,
            json: #"[{"o": "order103", "p": 0}, {"o": "order103", "p": 1}, {"o": "order104", "p": 0}, {"o": "order104", "p": 1}]"#),
        JSONataCase(
            "Account.Order.Product#$p[%.OrderID='order104'].{'p': $p, 's': SKU}", invoice,
            json: #"[{"p": 0, "s": "040657863"}, {"p": 1, "s": "0406654603"}]"#),
        JSONataCase(
            "Account.Order.Product.Description#$d.{'o': %.%.OrderID, 'd': $d}", invoice,
            json: #"[{"o": "order103", "d": 0}, {"o": "order103", "d": 0}, {"o": "order104", "d": 0}, {"o": "order104", "d": 0}]"#),
        JSONataCase("Account.Order#$o.Product{%.OrderID: $o}", invoice, json: #"{"order103": [0, 0], "order104": [1, 1]}"#),
        JSONataCase(
            "Account.Order#$o.Product#$p.{'o': $o, 'p': $p, 'n': `Product Name`}", invoice,
            json: #"[{"o": 0, "p": 0, "n": "Bowler Hat"}, {"o": 0, "p": 1, "n": "Trilby hat"}, {"o": 1, "p": 0, "n": "Bowler Hat"}, {"o": 1, "p": 1, "n": "Cloak"}]"#),
        // `%` in a predicate on a parenthesised path: the parent of each item the path selected
        JSONataCase("(Account.Order.Product)[%.OrderID='order104'].SKU", invoice, ["040657863", "0406654603"]),
        JSONataCase("(Account.Order.Product)[%.OrderID='order104'][0].SKU", invoice, "040657863"),
        JSONataCase("Account.(Order.Product)[%.OrderID='order104'].SKU", invoice, ["040657863", "0406654603"]),
        JSONataCase("Account.(Order.Product)[%.OrderID='order103'][1].SKU", invoice, "0406634348"),
        JSONataCase("Account.Order.(Product[%.OrderID='order104']).SKU", invoice, ["040657863", "0406654603"]),
        JSONataCase("Account.Order.Product.Description[%.%.OrderID='order103'].Colour", invoice, ["Purple", "Orange"]),
        JSONataCase("$count((Account.Order.Product)[%.%.`Account Name` = 'Firefly'])", invoice, 4),
        // `%` in a group-by: keys see each item's parent, values the parents of the group's items
        JSONataCase("Account.Order.Product{%.OrderID: `Product Name`}", invoice, json: #"{"order103": ["Bowler Hat", "Trilby hat"], "order104": ["Bowler Hat", "Cloak"]}"#),
        JSONataCase("Account.Order.Product{`Product Name`: %.OrderID}", invoice, json: #"{"Bowler Hat": ["order103", "order104"], "Trilby hat": "order103", "Cloak": "order104"}"#),
        JSONataCase("Account.Order#$o.Product{`Product Name`: %.OrderID}", invoice, json: #"{"Bowler Hat": ["order103", "order104"], "Trilby hat": "order103", "Cloak": "order104"}"#),
        JSONataCase("Account.Order.Product{%.OrderID: $count(%)}", invoice, json: #"{"order103": 2, "order104": 2}"#),
        JSONataCase(
            "Account.Order.Product{`Product Name`: {'o': %.OrderID, 'q': Quantity}}", invoice,
            json: #"{"Bowler Hat": {"o": ["order103", "order104"], "q": [2, 4]}, "Trilby hat": {"o": "order103", "q": 1}, "Cloak": {"o": "order104", "q": 1}}"#),
        JSONataCase("Account.Order.Product{`Product Name`: Description.(%.Price)}", invoice, json: #"{"Bowler Hat": [34.45, 34.45], "Trilby hat": 21.67, "Cloak": 107.99}"#),
        JSONataCase(
            "Account.Order.Product.Description{%.SKU: %.%.OrderID}", invoice,
            json: #"{"0406654608": "order103", "0406634348": "order103", "040657863": "order104", "0406654603": "order104"}"#),
    ]

    @Test(arguments: cases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }

    static let errors: [(String, String)] = [
        // a context binding must come before the step's predicates and order-by
        ("library.books[-1]@$b.$b.title", "S0215"),
        ("library.books^(>title)@$b.title", "S0216"),
        // `%` cannot climb through an order-by step
        ("Account.Order.Product#$p^(Price).{'o': %.OrderID}", "S0217"),
    ]

    @Test(arguments: errors)
    func documentedErrors(_ expression: String, _ code: String) {
        #expect {
            _ = try JSONataExpression(parsing: expression).evaluateJSONata(input: JSONataBindingStreamTests.library, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == code
        }
    }
}
