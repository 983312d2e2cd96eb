import Testing

@testable import StatesLanguage

/// docs.jsonata.org's predicate, sorting/grouping, result structures, comparison and other operators, object
/// functions, higher-order functions and composition pages: the examples not covered elsewhere, with their
/// documented results.
@Suite struct JSONataDocExamplesOperatorTests {
    static let person = JSONataDocuments.person
    static let invoice = JSONataDocuments.invoice

    static let cases: [JSONataCase] = [
        // predicates, singleton arrays and `[]`
        JSONataCase("Phone[type='mobile']", person, json: #"{"type": "mobile", "number": "077 7700 1234"}"#),
        JSONataCase("Phone[type='mobile'].number", person, "077 7700 1234"),
        JSONataCase("Phone[type='office'].number", person, ["01962 001234", "01962 001235"]),
        JSONataCase("Phone[0].number", person, "0203 544 1234"),
        JSONataCase("Phone[type='home'].number", person, "0203 544 1234"),
        JSONataCase("Address[].City", person, ["Winchester"]),
        JSONataCase("Phone[0][].number", person, ["0203 544 1234"]),
        JSONataCase("Phone[][type='home'].number", person, ["0203 544 1234"]),
        JSONataCase("Phone[type='office'].number[]", person, ["01962 001234", "01962 001235"]),
        JSONataCase("Address.*", person, ["Hursley Park", "Winchester", "SO21 2JN"]),
        // sorting and grouping
        JSONataCase("Account.Order.Product^(Price).SKU", invoice, ["0406634348", "0406654608", "040657863", "0406654603"]),
        JSONataCase("Account.Order.Product^(>Price).SKU", invoice, ["0406654603", "0406654608", "040657863", "0406634348"]),
        JSONataCase("Account.Order.Product^(>Price, <Quantity).SKU", invoice, ["0406654603", "0406654608", "040657863", "0406634348"]),
        JSONataCase("Account.Order.Product^(Price * Quantity).SKU", invoice, ["0406634348", "0406654608", "0406654603", "040657863"]),
        JSONataCase("Account.Order.Product{`Product Name`: Price}", invoice, json: #"{"Bowler Hat": [34.45, 34.45], "Trilby hat": 21.67, "Cloak": 107.99}"#),
        JSONataCase(
            #"Account.Order.Product{`Product Name`: {"Price": Price, "Qty": Quantity}}"#, invoice,
            json: #"{"Bowler Hat": {"Price": [34.45, 34.45], "Qty": [2, 4]}, "Trilby hat": {"Price": 21.67, "Qty": 1}, "Cloak": {"Price": 107.99, "Qty": 1}}"#),
        JSONataCase(
            #"Account.Order.Product{`Product Name`: $.{"Price": Price, "Qty": Quantity}}"#, invoice,
            json: #"{"Bowler Hat": [{"Price": 34.45, "Qty": 2}, {"Price": 34.45, "Qty": 4}], "Trilby hat": {"Price": 21.67, "Qty": 1}, "Cloak": {"Price": 107.99, "Qty": 1}}"#),
        JSONataCase("Account.Order.Product{`Product Name`: $.(Price*Quantity)}", invoice, json: #"{"Bowler Hat": [68.9, 137.8], "Trilby hat": 21.67, "Cloak": 107.99}"#),
        // (the page shows 206.7: JavaScript's sum is 206.70000000000002, which the page rounds for display)
        JSONataCase("Account.Order.Product{`Product Name`: $sum($.(Price*Quantity))}", invoice, json: #"{"Bowler Hat": 206.70000000000002, "Trilby hat": 21.67, "Cloak": 107.99}"#),
        JSONataCase("$sum(Account.Order.Product.Price)", invoice, 198.56),
        JSONataCase("$sum(Account.Order.Product.(Price*Quantity))", invoice, 336.36),
        // other operators: chain, conditional, binding, transform
        JSONataCase(#""Hello" & "World""#, .null, "HelloWorld"),
        JSONataCase(#"Age < 50 ? "Cheap" : "Expensive""#, person, "Cheap"),
        JSONataCase("($five := 5; $five)", .null, 5),
        JSONataCase("($square := function($n) { $n * $n }; $square(4))", .null, 16),
        JSONataCase(#"($uppertrim := $trim ~> $uppercase; $uppertrim("   Hello    World   "))"#, .null, "HELLO WORLD"),
        JSONataCase(
            #"{"Customer": {"Email": "fred.smith@my-work.com"}}.(Customer.Email ~> $substringAfter("@") ~> $substringBefore(".") ~> $uppercase())"#,
            .null, "MY-WORK"),
        JSONataCase("Account.Order.Product.(Price * Quantity) ~> $sum()", invoice, 336.36),
        JSONataCase("Account.Order.OrderID.$uppercase()", invoice, ["ORDER103", "ORDER104"]),
        JSONataCase("(Account ~> |Order.Product|{'Price': Price * 1.2}|).Order.Product.Price", invoice, [41.34, 26.004, 41.34, 129.588]),
        JSONataCase(
            "($increasePrice := |Account.Order.Product|{'Price': Price * 1.2}|; $increasePrice($).Account.Order.Product.Price)", invoice,
            [41.34, 26.004, 41.34, 129.588]),
        JSONataCase(
            "($ ~> |Account.Order.Product|{'Price': Price * 1.2, 'Total': Price * Quantity}|).Account.Order.Product.[Price, Total]", invoice,
            json: "[[41.34, 68.9], [26.004, 21.67], [41.34, 137.8], [129.588, 107.99]]"),
        JSONataCase("$ ~> |Account.Order.Product|{'Total': Price * Quantity}, 'Price'| ~> $count()", invoice, 1),
        // object functions
        JSONataCase(#"$each(Address, function($v, $k) {$k & ": " & $v})"#, person, ["Street: Hursley Park", "City: Winchester", "Postcode: SO21 2JN"]),
        JSONataCase("$keys(Phone)", person, ["type", "number"]),
        JSONataCase("$lookup(Phone, 'type')", person, ["home", "office", "office", "mobile"]),
        JSONataCase(#"$merge([{"a": 1}, {"b": 2}, {"a": 3}])"#, .null, json: #"{"a": 3, "b": 2}"#),
        JSONataCase("$assert(Age > 18, 'too young')", person, nil),
        // the page names it $typeOf; jsonata 2.0.6 binds it as $type
        JSONataCase("$type(Address)", person, "object"),
        JSONataCase("$type(Phone)", person, "array"),
        JSONataCase("$type(Age)", person, "number"),
        JSONataCase("$type(FirstName)", person, "string"),
        JSONataCase("$type(Other.Misc)", person, "null"),
        JSONataCase("$type(Other.`Over 18 ?`)", person, "boolean"),
        JSONataCase("$type($sum)", person, "function"),
        JSONataCase("$type(function() { 1 })", person, "function"),
        JSONataCase("$type(Nothing)", person, nil),
        // higher-order functions
        JSONataCase("$map([1, 2, 3], function($v) { $v * 2 })", .null, [2, 4, 6]),
        JSONataCase("$map([2], function($v) { $v * 2 })", .null, 4),
        JSONataCase("$map([], function($v) { $v * 2 })", .null, nil),
        JSONataCase(
            "$map(Email.address, function($v, $i, $a) { 'Item ' & ($i+1) & ' of ' & $count($a) & ': ' & $v })", person,
            ["Item 1 of 4: fred.smith@my-work.com", "Item 2 of 4: fsmith@my-work.com", "Item 3 of 4: freddy@my-social.com",
             "Item 4 of 4: frederic.smith@very-serious.com"]),
        JSONataCase("$filter(Account.Order.Product, function($v, $i, $a) { $v.Price > $average($a.Price) }).SKU", invoice, "0406654603"),
        JSONataCase(#"$single(Account.Order.Product, function($v, $i, $a) { $v.SKU = "0406654608" }).`Product Name`"#, invoice, "Bowler Hat"),
        JSONataCase("($product := function($i, $j){$i * $j}; $reduce([1..5], $product))", .null, 120),
        JSONataCase("$reduce([1..5], function($i, $j){$i * $j}, 10)", .null, 1200),
        JSONataCase(
            "Account.Order.Product.$sift(function($v, $k) {$k ~> /^Product/})", invoice,
            json: #"[{"Product Name": "Bowler Hat", "ProductID": 858383}, {"Product Name": "Trilby hat", "ProductID": 858236}, {"Product Name": "Bowler Hat", "ProductID": 858383}, {"ProductID": 345664, "Product Name": "Cloak"}]"#),
        // composition
        JSONataCase("(5 + 3) * 4", .null, 32),
        // result structures
        JSONataCase(
            "Email.[address]", person,
            json: #"[["fred.smith@my-work.com", "fsmith@my-work.com"], ["freddy@my-social.com", "frederic.smith@very-serious.com"]]"#),
        JSONataCase("[Address, Other.`Alternative.Address`].City", person, ["Winchester", "London"]),
        JSONataCase(
            "Phone.{type: number}", person,
            json: #"[{"home": "0203 544 1234"}, {"office": "01962 001234"}, {"office": "01962 001235"}, {"mobile": "077 7700 1234"}]"#),
        JSONataCase(
            "Phone{type: number}", person,
            json: #"{"home": "0203 544 1234", "office": ["01962 001234", "01962 001235"], "mobile": "077 7700 1234"}"#),
        JSONataCase(
            "Phone{type: number[]}", person,
            json: #"{"home": ["0203 544 1234"], "office": ["01962 001234", "01962 001235"], "mobile": ["077 7700 1234"]}"#),
        // comparison operators: deep equality of arrays and objects, undefined operands
        JSONataCase("22 / 7 > 3", .null, true),
        JSONataCase("22 / 7 <= 3", .null, false),
        JSONataCase(#""hello" in "hello""#, .null, true),
        JSONataCase(#"{"a": 1, "b": [1, 2]} = {"b": [1, 2], "a": 1}"#, .null, true),
        JSONataCase("[1, 2] = [2, 1]", .null, false),
        JSONataCase(#"[1, {"a": 1}] != [1, {"a": 1}]"#, .null, false),
        JSONataCase(#"1 = "1""#, .null, false),
        JSONataCase("Nothing = Nothing", person, false),
        JSONataCase("Nothing != 1", person, false),
        JSONataCase("1 < Nothing", person, nil),
        JSONataCase("-5 % 3", .null, -2),
    ]

    @Test(arguments: cases)
    func documentedResults(_ c: JSONataCase) throws { try c.check() }

    static let errors: [(String, String)] = [
        ("$typeOf(Address)", "T1006"),
        (#"$merge([{"a": 1}, 2])"#, "T0412"),
        ("$assert(Age < 18, 'too old')", "D3141"),
        ("$assert(Age < 18)", "D3141"),
        ("$error('boom')", "D3137"),
        ("$error()", "D3137"),
        ("$ ~> |Phone|1|", "T2011"),
        ("$ ~> |Phone|{}, 1|", "T2012"),
        ("$single(Phone, function($v) { $v.type = 'office' })", "D3138"),
        ("$single(Phone, function($v) { $v.type = 'fax' })", "D3139"),
        ("$reduce([1..5], function($i) { $i })", "D3050"),
        ("$sift(1, function($v) { true })", "T0410"),
        (#""a" < 1"#, "T2009"),
        ("true > false", "T2010"),
        (#""5" + 1"#, "T2001"),
        ("0 / 0", "D1001"), // 7 / 0 is "Infinity" on AWS (JSONataHugeNumberTests)
        (#"["a"..2]"#, "T2003"),
        ("[1..1e8]", "D2014"),
    ]

    @Test(arguments: errors)
    func documentedErrors(_ expression: String, _ code: String) {
        #expect {
            _ = try JSONataExpression(parsing: expression).evaluateJSONata(input: JSONataDocExamplesOperatorTests.person, bindings: [:])
        } throws: { error in
            (error as? JSONataError)?.code == code
        }
    }
}
