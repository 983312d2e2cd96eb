import Foundation
import Testing

@testable import StatesLanguage

/// Documents used by docs.jsonata.org's examples (re-typed here as test inputs).
enum JSONataDocuments {
    static let person: JSONValue = parse(
        #"""
        {"FirstName": "Fred", "Surname": "Smith", "Age": 28,
         "Address": {"Street": "Hursley Park", "City": "Winchester", "Postcode": "SO21 2JN"},
         "Phone": [{"type": "home", "number": "0203 544 1234"}, {"type": "office", "number": "01962 001234"},
                   {"type": "office", "number": "01962 001235"}, {"type": "mobile", "number": "077 7700 1234"}],
         "Email": [{"type": "work", "address": ["fred.smith@my-work.com", "fsmith@my-work.com"]},
                   {"type": "home", "address": ["freddy@my-social.com", "frederic.smith@very-serious.com"]}],
         "Other": {"Over 18 ?": true, "Misc": null,
                   "Alternative.Address": {"Street": "Brick Lane", "City": "London", "Postcode": "E1 6RF"}}}
        """#)

    static let invoice: JSONValue = parse(
        #"""
        {"Account": {"Account Name": "Firefly", "Order": [
          {"OrderID": "order103", "Product": [
            {"Product Name": "Bowler Hat", "ProductID": 858383, "SKU": "0406654608",
             "Description": {"Colour": "Purple", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.75}, "Price": 34.45, "Quantity": 2},
            {"Product Name": "Trilby hat", "ProductID": 858236, "SKU": "0406634348",
             "Description": {"Colour": "Orange", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.6}, "Price": 21.67, "Quantity": 1}]},
          {"OrderID": "order104", "Product": [
            {"Product Name": "Bowler Hat", "ProductID": 858383, "SKU": "040657863",
             "Description": {"Colour": "Purple", "Width": 300, "Height": 200, "Depth": 210, "Weight": 0.75}, "Price": 34.45, "Quantity": 4},
            {"ProductID": 345664, "SKU": "0406654603", "Product Name": "Cloak",
             "Description": {"Colour": "Black", "Width": 30, "Height": 20, "Depth": 210, "Weight": 2}, "Price": 107.99, "Quantity": 1}]}]}}
        """#)

    static func parse(_ text: String) -> JSONValue { (try? JSONValue(parsing: text)) ?? .null }
}

/// An expression, its input, and the documented result (nil = undefined).
struct JSONataCase: CustomTestStringConvertible, Sendable {
    var expression: String
    var input: JSONValue
    var expected: JSONValue?
    var testDescription: String { expression }

    init(_ expression: String, _ input: JSONValue = .null, _ expected: JSONValue?) {
        self.expression = expression
        self.input = input
        self.expected = expected
    }

    init(_ expression: String, _ input: JSONValue = .null, json: String) {
        self.init(expression, input, JSONataDocuments.parse(json))
    }

    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expression = try JSONataExpression(parsing: expression)
        let result = try expression.evaluateJSONata(input: input, bindings: [:], now: Date(timeIntervalSince1970: 1_510_067_557.121), random: { 0.5 })
        switch (result, expected) {
        case (nil, nil): break
        case (let result?, let expected?):
            #expect(result.jsonEquals(expected), "\(self.expression) = \(result.jsonString()), expected \(expected.jsonString())", sourceLocation: sourceLocation)
        default:
            Issue.record("\(self.expression) = \(result?.jsonString() ?? "undefined"), expected \(expected?.jsonString() ?? "undefined")", sourceLocation: sourceLocation)
        }
    }
}
