import StatesLanguage
import Stepwise
import StepwiseEngine
import Testing

@testable import pizza

/// Workflows written with the DSL, run on the embedded engine with their handlers placed in this process.
@Suite("Running on the embedded engine")
struct EngineRunTests {
    static let allPizzaHandlers = [
        AnyTaskHandler(MakeDough()), AnyTaskHandler(MakeSauce()), AnyTaskHandler(PrepareIngredient()),
        AnyTaskHandler(PutIngredientsOnDough()), AnyTaskHandler(Bake()), AnyTaskHandler(IsPizzaAcceptable()),
        AnyTaskHandler(Serve()),
    ]

    @Test("the pizza workflow runs to a served pizza")
    func pizza() async throws {
        let engine = try StepwiseEngine(location: .inMemory)
        engine.start()
        let order = Order(size: 12, ingredients: ["tomato", "basil"])
        let result = try await engine.servingHere(Self.allPizzaHandlers) {
            try await engine.executeWithArn(pizzaWorkflow(wait: .seconds(0)), input: order)
        }
        await engine.shutdown()
        #expect(result.output == Pizza(size: 12, sauce: "tomato", toppings: ["tomato", "basil"], baked: true))
    }

    @Test("a pizza with no toppings is not acceptable: the Choice on the predicate fails the execution")
    func notAcceptable() async throws {
        let engine = try StepwiseEngine(location: .inMemory)
        engine.start()
        let order = Order(size: 12, ingredients: [])
        let failure = await #expect(throws: WorkflowFailure.self) {
            try await engine.servingHere(Self.allPizzaHandlers) {
                try await engine.executeWithArn(pizzaWorkflow(wait: .seconds(0)), input: order)
            }
        }
        await engine.shutdown()
        #expect(failure?.status == "FAILED")
        #expect(failure?.error == "PizzaNotAcceptable")
        #expect(failure?.cause == "the pizza did not pass inspection")
    }

    @Test("a Swift error thrown by a handler reaches the execution under its type's name")
    func errorNames() async throws {
        let engine = try StepwiseEngine(location: .inMemory)
        engine.start()
        // Fetch's 10-second heartbeat is for the worker tests; here a loaded machine must not time the task out (85 s:
        // under its 90.5-second timeout).
        let workflow = Workflow("fetch-one") { Invoke(Fetch.self).heartbeat(.seconds(85)).noRetry().catch([ErrorName.of(FetchError.self)]) {
            Fail(error: "Caught", cause: "caught FetchError")
        } }
        let (failure, output) = try await engine.servingHere([AnyTaskHandler(Fetch())]) {
            let failure = await #expect(throws: WorkflowFailure.self) { try await engine.executeWithArn(workflow, input: "") }
            return (failure, try await engine.executeWithArn(workflow, input: "basil").output)
        }
        await engine.shutdown()
        #expect(failure?.error == "Caught")
        #expect(output == Item(name: "basil"))
    }
}

@Suite("The pizza example's path: an ActivityWorker on the embedded engine")
struct PizzaWorkerTests {
    @Test("the pizza workflow runs to a served pizza with its handlers served by an ActivityWorker")
    func pizzaThroughWorker() async throws {
        let backend = try EngineBackend.embedded(.inMemory)
        let worker = ActivityWorker(backend: backend, placements: pizzaPlacements())
        let order = Order(size: 12, ingredients: ["tomato", "basil"])
        let pizza = try await worker.serving { try await backend.execute(pizzaWorkflow(wait: .seconds(0)), input: order) }
        await backend.shutdown()
        #expect(pizza == Pizza(size: 12, sauce: "tomato", toppings: ["tomato", "basil"], baked: true))
    }
}

@Suite("Placement slots")
struct PlacementTests {
    @Test("a handler with 2 slots never runs more than 2 tasks at once")
    func slots() async throws {
        let gauge = Gauge()
        let slow = TaskFunction<Int, Int>("slow") { value, _ in
            await gauge.enter()
            try await Task.sleep(for: .milliseconds(20))
            await gauge.leave()
            return value
        }
        let workflow = Workflow("slots") {
            Map(Field<[Int], [Int]>.root) { Invoke(slow) }
        }
        let engine = try StepwiseEngine(location: .inMemory)
        engine.start()
        let output = try await engine.servingHere([Placement(AnyTaskHandler(slow), slots: 2)]) {
            try await engine.executeWithArn(workflow, input: [1, 2, 3, 4, 5, 6]).output
        }
        await engine.shutdown()
        #expect(output == [1, 2, 3, 4, 5, 6])
        #expect(await gauge.maximum <= 2)
        #expect(await gauge.maximum >= 1)
    }
}

actor Gauge {
    var current = 0
    var maximum = 0
    func enter() {
        current += 1
        maximum = max(maximum, current)
    }
    func leave() { current -= 1 }
}
