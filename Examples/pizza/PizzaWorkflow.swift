import Stepwise

/// The seed's pizza-making state machine, step for step:
/// `(->> request (parallel make-dough make-sauce (map prepare-ingredient)) put-ingredients-on-dough bake
/// (wait 2 :minutes) (choice (comp not is-pizza-acceptable?) (fail)) serve)`.
func pizzaWorkflow(wait: Duration = .minutes(2)) -> Workflow<Order, Pizza> {
    Workflow("pauls-pizza-making-machine") {
        Parallel {
            Invoke(MakeDough.self)
            Invoke(MakeSauce.self)
            Map(Order.Fields.ingredients) { Invoke(PrepareIngredient.self) }
        }
        Invoke(PutIngredientsOnDough.self)
        Invoke(Bake.self)
        Wait(wait)
        Choice(unless: IsPizzaAcceptable.self) {
            Fail(error: "PizzaNotAcceptable", cause: "the pizza did not pass inspection")
        }
        Invoke(Serve.self)
    }
}
