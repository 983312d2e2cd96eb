import Foundation
import OrderedCollections
import StatesLanguage
import Stepwise
import Testing

struct Address: Codable, Sendable {
    var city: String
    var zip: String?
}

struct Customer: Codable, Sendable {
    var name: String
    var address: Address?
    var visits: Int
    var score: Double
    var since: Date

    enum CodingKeys: String, CodingKey {
        case name = "full name"
        case address, visits, score, since
    }
}

@Suite("Fields and conditions")
struct FieldConditionTests {
    @Test("fields from key paths, coding keys and JSONPaths")
    func fields() {
        #expect(Field(\Customer.visits).path == "$.visits")
        #expect(Field(\Customer.address?.city).path == "$.address.city")
        #expect(Field<Customer, String>(Customer.CodingKeys.name).path == "$['full name']")
        #expect(Field<Customer, Address>(Customer.CodingKeys.address).appending(\Address.city).path == "$.address.city")
        #expect(Field<Customer, Customer>.root.appending(\.score).path == "$.score")
        #expect(Field<Customer, Int>(jsonPath: "$.a[0].b").path == "$.a[0].b")
    }

    @Test("a key path that is not a chain of stored properties is reported when lowering")
    func badKeyPath() {
        let field = Field(\[String].count)
        let workflow = Workflow("bad") {
            Invoke(activity: "x", input: Int.self, output: Int.self).inputPath(field)
        }
        #expect(throws: LoweringError.invalidField("")) { try workflow.definition() }
        let badPath = Field<Request, Int>(jsonPath: "count")
        let wait = Workflow("bad-wait") { Wait.secondsFrom(badPath) }
        #expect(throws: LoweringError.invalidField("")) { try wait.definition() }
    }

    @Test(
        "comparisons lower to the ASL operator for the value's type",
        arguments: [
            (Field(\Customer.visits) == 3, "NumericEquals", JSONValue.int(3)),
            (Field(\Customer.visits) < 3, "NumericLessThan", 3),
            (Field(\Customer.visits) <= 3, "NumericLessThanEquals", 3),
            (Field(\Customer.visits) > 3, "NumericGreaterThan", 3),
            (Field(\Customer.score) >= 2.5, "NumericGreaterThanEquals", 2.5),
            (Field(\Customer.address?.city) == "Oslo", "StringEquals", "Oslo"),
            (Field(\Customer.address?.city) < "M", "StringLessThan", "M"),
            (Field(\Customer.address?.city) >= "M", "StringGreaterThanEquals", "M"),
            (Field(\Customer.address?.city).matches("O*"), "StringMatches", "O*"),
            (Field(\Customer.since) > Date(timeIntervalSince1970: 0), "TimestampGreaterThan", "1970-01-01T00:00:00Z"),
            (Field(\Customer.visits) == Field(\Customer.visits), "NumericEqualsPath", "$.visits"),
            (Field(\Customer.since) <= Field(\Customer.since), "TimestampLessThanEqualsPath", "$.since"),
            (Field(\Customer.address?.zip).isNull(), "IsNull", true),
            (Field(\Customer.address).isPresent(false), "IsPresent", false),
            (Field(\Customer.score).isNumeric(), "IsNumeric", true),
            (Field(\Customer.name).isString(), "IsString", true),
            (Field(\Customer.name).isBoolean(false), "IsBoolean", false),
            (Field(\Customer.since).isTimestamp(), "IsTimestamp", true),
        ] as [(Condition<Customer>, String, JSONValue)])  // the element type stated: inferred, it took ~8 s to type-check
    func comparisons(condition: Condition<Customer>, op: String, operand: JSONValue) throws {
        guard case .comparison(let comparison) = condition.rule else {
            Issue.record("expected a comparison, got \(condition.rule)")
            return
        }
        #expect(comparison.operator.rawValue == op)
        #expect(comparison.operand == operand)
    }

    @Test("&&, || and ! build flat And/Or and Not; != is Not of ==")
    func combinations() {
        let a = Field(\Customer.visits) > 1
        let b = Field(\Customer.score) < 2.0
        let c = Field(\Customer.name) == "x"
        #expect((a && b && c).rule == .and([a.rule, b.rule, c.rule]))
        #expect((a || b || c).rule == .or([a.rule, b.rule, c.rule]))
        #expect((!a).rule == .not(a.rule))
        #expect((!(!a)).rule == a.rule)
        #expect((Field(\Customer.visits) != 2).rule == .not((Field(\Customer.visits) == 2).rule))
    }

    @Test("lowering is deterministic and configurable")
    func deterministic() throws {
        let workflow = Workflow("twice") {
            Invoke(Validate.self)
            Invoke(Validate.self)
        }
        let first = try workflow.definition().json.jsonString(.pretty)
        let second = try workflow.definition().json.jsonString(.pretty)
        #expect(first == second)
        let other = try workflow.definition(LoweringConfiguration(region: "eu-central-1", account: "000000000001"))
        guard case .task(let task)? = other.states["Validate"] else {
            Issue.record("no Validate task")
            return
        }
        #expect(task.resource == "arn:aws:states:eu-central-1:000000000001:activity:Validate")
        #expect(try workflow.activityNames() == ["Validate"])
    }

    @Test("two steps with the same explicit name are rejected")
    func duplicateNames() {
        let workflow = Workflow("dup") {
            Invoke(Validate.self).named("A")
            Invoke(Validate.self).named("A")
        }
        #expect(throws: LoweringError.duplicateStateName("A")) { try workflow.definition() }
    }

    /// The compile-time side of type flow cannot be tested here (Swift Testing has no compile-fail tests):
    /// `Workflow("x") { Invoke(Summarize.self); Invoke(Validate.self) }` does not compile, with
    /// "this step's Input does not match the previous step's Output". This test checks the positive side:
    /// matching steps compose and the workflow's types are the first input and the last output.
    @Test("types flow through the chain; passthrough steps keep the type")
    func typeFlow() {
        let workflow = Workflow("types") {
            Invoke(Validate.self)
            Wait(.seconds(1))
            Invoke(Summarize.self)
        }
        #expect(type(of: workflow) == Workflow<Request, Summary>.self)
    }
}
