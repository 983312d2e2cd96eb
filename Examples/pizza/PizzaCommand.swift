import ArgumentParser
import Foundation
import Logging
import StepFunctionsAPI
import StepFunctionsClient
import Stepwise
import StepwiseEngine
import StepwiseEngineAPI

/// `pizza`: the seed's pizza workflow written with the Stepwise DSL, run on the embedded engine, or on any
/// Step Functions endpoint (`stepwise serve`, AWS) with `--endpoint`.
@main
struct PizzaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pizza", abstract: "The seed's pizza-making workflow, written with the Stepwise DSL.")

    @Flag(name: .customLong("asl"), help: "Print the lowered ASL definition and exit.")
    var printASL = false

    @Option(name: .customLong("wait"), help: "Seconds the wait step waits (default 120).")
    var waitSeconds: Int = 120

    @Flag(help: "Run waits on a clock 1000 times faster than real time (embedded engine only).")
    var fast = false

    @Option(
        name: .customLong("endpoint"),
        help: """
            A Step Functions endpoint (such as `stepwise serve`'s http://127.0.0.1:PORT) to run on instead of the embedded \
            engine. The handlers poll its activities over HTTP; after the run, the worker waits for its open long polls \
            to end (up to 60 seconds), since cancelling one could lose a task.
            """)
    var endpoint: String?

    func validate() throws {
        guard waitSeconds >= 0 else { throw ValidationError("--wait must be 0 or more seconds") }
        if fast, endpoint != nil { throw ValidationError("--fast applies to the embedded engine only, not with --endpoint") }
    }

    func run() async throws {
        let workflow = pizzaWorkflow(wait: .seconds(waitSeconds))
        if printASL {
            print(try workflow.definition().json.jsonString(.pretty))
            return
        }
        let backend: any StepFunctionsBackend
        var embedded: EngineBackend?
        if let endpoint {
            backend = try StepFunctionsClient(endpoint: endpoint)
        } else {
            let clock: any EngineClock = fast ? ScaledClock(factor: 1000) : SystemEngineClock()
            let engine = try EngineBackend.embedded(.inMemory, clock: clock)
            embedded = engine
            backend = engine
        }
        // Placement, outside the workflow: every handler is served here by a worker polling its activity,
        // make-dough with 2 slots.
        let worker = ActivityWorker(
            backend: backend, placements: pizzaPlacements(), configuration: .init(logger: Self.quietLogger))
        let order = Order(size: 12, ingredients: ["tomato", "mozzarella", "basil"])
        let succeeded = try await worker.serving {
            let succeeded = try await backend.runAndPrint(workflow, input: order)
            if endpoint != nil {
                FileHandle.standardError.write(Data("pizza: waiting for the worker's open long polls to end (up to 60 s)\n".utf8))
            }
            return succeeded
        }
        await embedded?.shutdown()
        if !succeeded { throw ExitCode.failure }
    }

    /// The worker logs warnings and errors only, so standard error stays quiet on a good run.
    static var quietLogger: Logger {
        var logger = Logger(label: "pizza.worker")
        logger.logLevel = .warning
        return logger
    }
}

/// Every handler of the pizza workflow with its slots: make-dough 2, prepare-ingredient 3, the others 1.
func pizzaPlacements() -> [Placement] {
    [
        .here(MakeDough(), slots: 2), .here(MakeSauce()), .here(PrepareIngredient(), slots: 3),
        .here(PutIngredientsOnDough()), .here(Bake()), .here(IsPizzaAcceptable()), .here(Serve()),
    ]
}
