import Stepwise

// The seed's pizza kitchen: one handler per robot. Each is a plain Swift type with typed Codable input and
// output; the workflow in PizzaWorkflow.swift refers to them by type.

/// What a customer orders.
struct Order: Codable, Sendable, Equatable {
    var size: Int
    var ingredients: [String]

    enum Fields {
        static let ingredients = Field<Order, [String]>(CodingKeys.ingredients)
    }
}

struct Dough: Codable, Sendable, Equatable {
    var size: Int
}

struct Sauce: Codable, Sendable, Equatable {
    var kind: String
}

struct PreparedIngredient: Codable, Sendable, Equatable {
    var name: String
    var chopped: Bool
}

struct Pizza: Codable, Sendable, Equatable {
    var size: Int
    var sauce: String
    var toppings: [String]
    var baked: Bool
}

/// Makes the dough. Dough is slow: when it times out, the step is retried 3 times, 60 seconds apart,
/// as the seed declares in make-dough's metadata.
struct MakeDough: TaskHandler {
    static let retry = [RetryPolicy(on: [.timeout], interval: .seconds(60), maxAttempts: 3)]

    func run(_ order: Order, context: TaskContext) async throws -> Dough { Dough(size: order.size) }
}

struct MakeSauce: TaskHandler {
    func run(_ order: Order, context: TaskContext) async throws -> Sauce { Sauce(kind: "tomato") }
}

struct PrepareIngredient: TaskHandler {
    func run(_ ingredient: String, context: TaskContext) async throws -> PreparedIngredient {
        PreparedIngredient(name: ingredient, chopped: true)
    }
}

/// Takes what the parallel step made: the dough, the sauce and the prepared ingredients, in branch order.
struct PutIngredientsOnDough: TaskHandler {
    func run(_ parts: BranchOutputs<Dough, Sauce, [PreparedIngredient]>, context: TaskContext) async throws -> Pizza {
        let (dough, sauce, ingredients) = parts.values
        return Pizza(size: dough.size, sauce: sauce.kind, toppings: ingredients.map(\.name), baked: false)
    }
}

struct Bake: TaskHandler {
    func run(_ pizza: Pizza, context: TaskContext) async throws -> Pizza {
        var baked = pizza
        baked.baked = true
        return baked
    }
}

/// The seed's `def-choice-predicate-fn`: runs as a task, and its answer drives the Choice.
struct IsPizzaAcceptable: ChoicePredicate {
    func run(_ pizza: Pizza, context: TaskContext) async throws -> Bool { pizza.baked && !pizza.toppings.isEmpty }
}

struct Serve: TaskHandler {
    func run(_ pizza: Pizza, context: TaskContext) async throws -> Pizza { pizza }
}
