import OrderedCollections
import StatesLanguage
import Stepwise
import Testing

@testable import pizza

@Suite("The pizza example")
struct PizzaTests {
    @Test("the seed's pizza workflow lowers to its golden ASL")
    func golden() throws {
        try Golden.check(pizzaWorkflow(), named: "pizza")
    }

    @Test("--wait changes the wait step's duration")
    func waitSeconds() throws {
        let definition = try pizzaWorkflow(wait: .seconds(5)).definition()
        guard case .wait(let wait)? = definition.states["Wait"] else {
            Issue.record("no Wait state")
            return
        }
        #expect(wait.seconds == .int(5))
    }

    @Test("make-dough's retry on States.Timeout is declared on the handler")
    func makeDoughRetry() {
        #expect(MakeDough.retry.map(\.retrier) == [Retrier(errorEquals: ["States.Timeout"], intervalSeconds: 60, maxAttempts: 3)])
    }

    @Test("the handlers run without an engine")
    func handlers() async throws {
        let order = Order(size: 12, ingredients: ["basil", "mozzarella"])
        let dough = try await MakeDough().run(order, context: .testing())
        let parts = BranchOutputs(dough, Sauce(kind: "tomato"), [PreparedIngredient(name: "basil", chopped: true)])
        let pizza = try await PutIngredientsOnDough().invoke(json: try TaskCoding.encode(parts))
        #expect(pizza == ["baked": false, "sauce": "tomato", "size": 12, "toppings": ["basil"]])
        let baked = try await Bake().run(try TaskCoding.decode(Pizza.self, from: pizza), context: .testing())
        #expect(try await IsPizzaAcceptable().run(baked, context: .testing()))
    }
}
