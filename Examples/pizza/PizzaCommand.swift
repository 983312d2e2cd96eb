import ArgumentParser
import Stepwise
import StepwiseEngine
import StepwiseEngineAPI

/// `pizza`: the seed's pizza workflow written with the Stepwise DSL, run on the embedded engine.
@main
struct PizzaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pizza", abstract: "The seed's pizza-making workflow, written with the Stepwise DSL.")

    @Flag(name: .customLong("asl"), help: "Print the lowered ASL definition and exit.")
    var printASL = false

    @Option(name: .customLong("wait"), help: "Seconds the wait step waits (default 120).")
    var waitSeconds: Int = 120

    @Flag(help: "Run waits on a clock 1000 times faster than real time.")
    var fast = false

    func validate() throws {
        guard waitSeconds >= 0 else { throw ValidationError("--wait must be 0 or more seconds") }
    }

    func run() async throws {
        let workflow = pizzaWorkflow(wait: .seconds(waitSeconds))
        if printASL {
            print(try workflow.definition().json.jsonString(.pretty))
            return
        }
        let clock: any EngineClock = fast ? ScaledClock(factor: 1000) : SystemEngineClock()
        let engine = try StepwiseEngine(location: .inMemory, clock: clock)
        engine.start()
        // Placement, outside the workflow: every handler runs here, make-dough with 2 slots.
        engine.runHere([
            .here(MakeDough(), slots: 2), .here(MakeSauce()), .here(PrepareIngredient(), slots: 3),
            .here(PutIngredientsOnDough()), .here(Bake()), .here(IsPizzaAcceptable()), .here(Serve()),
        ])
        let order = Order(size: 12, ingredients: ["tomato", "mozzarella", "basil"])
        let succeeded = try await EngineBackend(engine: engine).runAndPrint(workflow, input: order)
        await engine.shutdown()
        if !succeeded { throw ExitCode.failure }
    }
}
