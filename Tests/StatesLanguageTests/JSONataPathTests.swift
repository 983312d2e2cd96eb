import Testing

@testable import StatesLanguage

/// docs.jsonata.org: simple queries, predicates, wildcards, constructors, sorting and grouping.
@Suite struct JSONataPathTests {
    static let person: JSONValue = JSONataDocuments.person
    static let invoice: JSONValue = JSONataDocuments.invoice
    static let refs: JSONValue = JSONataDocuments.parse(#"[{"ref": [1, 2]}, {"ref": [3, 4]}]"#)

    static let simpleQueryCases: [JSONataCase] = [
        JSONataCase("Surname", person, "Smith"),
        JSONataCase("Age", person, 28),
        JSONataCase("Address.City", person, "Winchester"),
        JSONataCase("Other.Misc", person, .null),
        JSONataCase("Other.Nothing", person, nil),
        JSONataCase("Other.`Over 18 ?`", person, true),
        JSONataCase("Phone[0]", person, json: #"{"type": "home", "number": "0203 544 1234"}"#),
        JSONataCase("Phone[1]", person, json: #"{"type": "office", "number": "01962 001234"}"#),
        JSONataCase("Phone[-1]", person, json: #"{"type": "mobile", "number": "077 7700 1234"}"#),
        JSONataCase("Phone[-2]", person, json: #"{"type": "office", "number": "01962 001235"}"#),
        JSONataCase("Phone[8]", person, nil),
        JSONataCase("Phone[0].number", person, "0203 544 1234"),
        JSONataCase("Phone.number", person, ["0203 544 1234", "01962 001234", "01962 001235", "077 7700 1234"]),
        JSONataCase("Phone.number[0]", person, ["0203 544 1234", "01962 001234", "01962 001235", "077 7700 1234"]),
        JSONataCase("(Phone.number)[0]", person, "0203 544 1234"),
        JSONataCase("Phone[[0..1]].number", person, ["0203 544 1234", "01962 001234"]),
        JSONataCase("$[0]", refs, json: #"{"ref": [1, 2]}"#),
        JSONataCase("$[0].ref", refs, [1, 2]),
        JSONataCase("$[0].ref[0]", refs, 1),
        JSONataCase("$.ref", refs, [1, 2, 3, 4]),
        JSONataCase("Email.address", person, ["fred.smith@my-work.com", "fsmith@my-work.com", "freddy@my-social.com", "frederic.smith@very-serious.com"]),
        JSONataCase("Email[type='home'].address", person, ["freddy@my-social.com", "frederic.smith@very-serious.com"]),
        JSONataCase("Phone[type='mobile'].number", person, "077 7700 1234"),
        JSONataCase("Phone[type='office'].number", person, ["01962 001234", "01962 001235"]),
        JSONataCase("Address.*", person, ["Hursley Park", "Winchester", "SO21 2JN"]),
        JSONataCase("*.Postcode", person, "SO21 2JN"),
        JSONataCase("**.Postcode", person, ["SO21 2JN", "E1 6RF"]),
        JSONataCase("Phone[type='mobile'].number[]", person, ["077 7700 1234"]),
        JSONataCase("Address.City[]", person, ["Winchester"]),
    ]

    @Test(arguments: simpleQueryCases) func simpleQueries(_ example: JSONataCase) throws { try example.check() }

    static let constructorCases: [JSONataCase] = [
        JSONataCase("Email.[address]", person, json: #"[["fred.smith@my-work.com", "fsmith@my-work.com"], ["freddy@my-social.com", "frederic.smith@very-serious.com"]]"#),
        JSONataCase("[Address, Other.`Alternative.Address`].City", person, ["Winchester", "London"]),
        JSONataCase("Phone.{type: number}", person, json: #"[{"home": "0203 544 1234"}, {"office": "01962 001234"}, {"office": "01962 001235"}, {"mobile": "077 7700 1234"}]"#),
        JSONataCase("Phone{type: number}", person, json: #"{"home": "0203 544 1234", "office": ["01962 001234", "01962 001235"], "mobile": "077 7700 1234"}"#),
        JSONataCase("Phone{type: number[]}", person, json: #"{"home": ["0203 544 1234"], "office": ["01962 001234", "01962 001235"], "mobile": ["077 7700 1234"]}"#),
        JSONataCase("[1..5]", .null, [1, 2, 3, 4, 5]),
        JSONataCase("[1..3, 7..9]", .null, [1, 2, 3, 7, 8, 9]),
        JSONataCase("[1, [2, 3], [[4]]]", .null, json: "[1, [2, 3], [[4]]]"),
        JSONataCase("{'a': 1, 'b': [true, null]}", .null, json: #"{"a": 1, "b": [true, null]}"#),
        JSONataCase("Address.(Street & ', ' & City)", person, "Hursley Park, Winchester"),
        JSONataCase("FirstName & ' ' & Surname", person, "Fred Smith"),
        JSONataCase("Account.Order.Product{`Product Name`: Price}", invoice, json: #"{"Bowler Hat": [34.45, 34.45], "Trilby hat": 21.67, "Cloak": 107.99}"#),
        JSONataCase("Account.Order.Product{`Product Name`: $sum(Price)}", invoice, json: #"{"Bowler Hat": 68.9, "Trilby hat": 21.67, "Cloak": 107.99}"#),
        JSONataCase("Account.Order.Product.(Price * Quantity)", invoice, [68.9, 21.67, 137.8, 107.99]),
        JSONataCase("$sum(Account.Order.Product.(Price * Quantity))", invoice, 336.36),
        JSONataCase("Account.Order[0].OrderID", invoice, "order103"),
        JSONataCase("Account.Order.Product^(>Price).`Product Name`", invoice, ["Cloak", "Bowler Hat", "Bowler Hat", "Trilby hat"]),
        JSONataCase("Account.Order.Product^(Quantity, >Price).SKU", invoice, ["0406654603", "0406634348", "0406654608", "040657863"]),
        JSONataCase("Account.Order.Product[Price > 30].SKU", invoice, ["0406654608", "040657863", "0406654603"]),
        JSONataCase("$distinct(Account.Order.Product.Description.Colour)", invoice, ["Purple", "Orange", "Black"]),
        JSONataCase("$count(Account.Order.Product)", invoice, 4),
        JSONataCase("Account.Order.{'id': OrderID, 'total': $round($sum(Product.(Price * Quantity)), 2)}", invoice, json: #"[{"id": "order103", "total": 90.57}, {"id": "order104", "total": 245.79}]"#),
    ]

    @Test(arguments: constructorCases) func constructorsSortingAndGrouping(_ example: JSONataCase) throws { try example.check() }

    static let numbers: JSONValue = JSONataDocuments.parse(#"{"Numbers": [1, 2.4, 3.5, 10, 20.9, 30]}"#)

    static let operatorCases: [JSONataCase] = [
        JSONataCase("Numbers[0] + Numbers[1]", numbers, 3.4),
        JSONataCase("Numbers[0] - Numbers[4]", numbers, -19.9),
        JSONataCase("Numbers[0] * Numbers[5]", numbers, 30),
        JSONataCase("Numbers[0] / Numbers[4]", numbers, 0.04784688995215311),
        JSONataCase("Numbers[2] % Numbers[5]", numbers, 3.5),
        JSONataCase("-Numbers[3]", numbers, -10),
        JSONataCase("Numbers[0] = Numbers[5]", numbers, false),
        JSONataCase("Numbers[0] != Numbers[4]", numbers, true),
        JSONataCase("Numbers[1] < Numbers[5]", numbers, true),
        JSONataCase("Numbers[1] <= Numbers[5]", numbers, true),
        JSONataCase("Numbers[2] > Numbers[5]", numbers, false),
        JSONataCase("Numbers[2] >= Numbers[4]", numbers, false),
        JSONataCase("\"01962 001234\" in Phone.number", person, true),
        JSONataCase("'a' in ['a', 'b']", .null, true),
        JSONataCase("3 in 3", .null, true),
        JSONataCase("Age > 18 and Surname = 'Smith'", person, true),
        JSONataCase("Age < 18 or Other.Missing", person, false),
        JSONataCase("5 & 0 & true", .null, "50true"),
        JSONataCase("Age > 21 ? 'adult' : 'minor'", person, "adult"),
        JSONataCase("Age > 30 ? 'old'", person, nil),
        JSONataCase("Nothing + 1", person, nil),
        JSONataCase("Nothing = Nothing", person, false),
        JSONataCase("{'a': [1, {'b': 2}]} = {'a': [1, {'b': 2}]}", .null, true),
        JSONataCase("'abc' < 'abd'", .null, true),
        JSONataCase("($x := 5; $y := $x * 2; $x + $y)", .null, 15),
        JSONataCase("($x := 1; ($x := 2); $x)", .null, 1),
        JSONataCase("/* comment */ 1 + 2 * 3", .null, 7),
        JSONataCase("(1 + 2) * 3", .null, 9),
        JSONataCase("[1..5][$ % 2 = 1]", .null, [1, 3, 5]),
        JSONataCase("$$.Age", person, 28),
        JSONataCase("Phone.($$.Surname)", person, ["Smith", "Smith", "Smith", "Smith"]),
        JSONataCase("1e3 + 0.5", .null, 1000.5),
        JSONataCase("'He said \\\"hi\\\" \\u00e9'", .null, "He said \"hi\" é"),
        JSONataCase("true ? [] : 1", .null, []),
    ]

    @Test(arguments: operatorCases) func operators(_ example: JSONataCase) throws { try example.check() }
}
