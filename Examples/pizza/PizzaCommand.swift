import ArgumentParser
import Foundation
import Logging
import StepFunctionsAPI
import StepFunctionsClient
import ExampleSupport
import Stepwise
import StepwiseEngine
import StepwiseLambda

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

    @Option(
        name: .customLong("on-lambda"),
        help: ArgumentHelp(
            "Place this handler on Lambda instead of here (repeatable): its steps lower to arn:aws:states:::lambda:invoke. "
                + "Embedded, a local Lambda runs it in a process of this executable; with --endpoint, its function is created or "
                + "updated through the endpoint's Lambda API (stepwise serve's runs this executable).",
            valueName: "HANDLER"))
    var onLambda: [String] = []

    func validate() throws {
        guard waitSeconds >= 0 else { throw ValidationError("--wait must be 0 or more seconds") }
        let known = pizzaPlacements().map(\.handler.activityName)
        for name in onLambda where !known.contains(name) {
            throw ValidationError("--on-lambda \(name): no such handler; the handlers are \(known.joined(separator: ", "))")
        }
        if fast, endpoint != nil { throw ValidationError("--fast applies to the embedded engine only, not with --endpoint") }
    }

    func run() async throws {
        // Started by Lambda (the Runtime API's environment), this executable is the function of the handler `_HANDLER`
        // names; otherwise it is the worker and the caller.
        if LambdaRuntime.isStartedByLambda() {
            let every = Set(pizzaPlacements().map(\.handler.activityName))
            if try await LambdaRuntime.serveIfStartedByLambda(pizzaPlacements(onLambda: every)) { return }
        }
        let placements = pizzaPlacements(onLambda: Set(onLambda))
        let workflow = pizzaWorkflow(wait: .seconds(waitSeconds))
        let options = StateMachineOptions().placing(placements)
        if printASL {
            var configuration = LoweringConfiguration.default
            configuration.lambdaFunctions = options.lambdaFunctions
            print(try workflow.definition(configuration).json.jsonString(.pretty))
            return
        }
        let backend: any StepFunctionsBackend
        var embedded: EngineBackend?
        var local: LocalLambda?
        if let endpoint {
            let client = try StepFunctionsClient(endpoint: endpoint)
            backend = client
            if !onLambda.isEmpty {
                // The functions of the handlers placed on Lambda are created or updated through Lambda's API, as on
                // AWS. A Lambda on this machine (stepwise serve) gets a bootstrap that starts this executable; any
                // other gets the executable itself.
                let executable = URL(fileURLWithPath: Self.executablePath)
                let host = URLComponents(string: endpoint)?.host ?? ""
                let package =
                    ["127.0.0.1", "localhost", "::1"].contains(host)
                    ? LambdaPackage.launcherZip(executable: executable) : try LambdaPackage.zip(bootstrap: executable)
                try await client.ensureStateMachine(workflow, placements: placements, package: package)
            }
        } else {
            let clock: any EngineClock = fast ? ScaledClock(factor: 1000) : SystemEngineClock()
            let engine = try EngineBackend.embedded(.inMemory, clock: clock)
            embedded = engine
            backend = engine
            if !onLambda.isEmpty {
                // Handlers placed on Lambda run in the local Lambda, as processes of this same executable.
                let lambda = LocalLambda(region: engine.names.region, account: engine.names.account)
                for placement in placements {
                    guard let settings = placement.lambda else { continue }
                    lambda.putFunction(
                        LocalFunction(
                            name: settings.functionName, command: [Self.executablePath], handler: placement.handler.activityName,
                            timeoutSeconds: settings.timeoutSeconds, memorySize: settings.memorySize,
                            reservedConcurrency: settings.maxConcurrency))
                }
                engine.addTaskDispatcher(lambda)
                local = lambda
            }
        }
        // Placement, outside the workflow: every handler is served here by a worker polling its activity,
        // make-dough with 2 slots.
        let worker = ActivityWorker(
            backend: backend, placements: placements, configuration: .init(logger: Self.quietLogger))
        let order = Order(size: 12, ingredients: ["tomato", "mozzarella", "basil"])
        let succeeded = try await withThrowingTaskGroup(of: Void.self) { group in
            if let local {
                group.addTask { try await local.run() }
                _ = await local.port()
            }
            let succeeded = try await worker.serving {
                let succeeded = try await backend.runAndPrint(workflow, input: order, options: options)
                if endpoint != nil {
                    FileHandle.standardError.write(Data("pizza: waiting for the worker's open long polls to end (up to 60 s)\n".utf8))
                }
                return succeeded
            }
            group.cancelAll()
            return succeeded
        }
        await embedded?.shutdown()
        if !succeeded { throw ExitCode.failure }
    }

    /// This executable's path (what the local Lambda starts for handlers placed on Lambda).
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? "pizza"
    }

    /// The worker logs warnings and errors only, so standard error stays quiet on a good run.
    static var quietLogger: Logger {
        var logger = Logger(label: "pizza.worker")
        logger.logLevel = .warning
        return logger
    }
}

/// Every handler of the pizza workflow with its slots: make-dough 2, prepare-ingredient 3, the others 1. Handlers named
/// in `onLambda` are placed on Lambda instead (the seed's `run-on-lambda`), with reserved concurrency equal to the
/// slots they would have here.
func pizzaPlacements(onLambda: Set<String> = []) -> [Placement] {
    let here: [Placement] = [
        .here(MakeDough(), slots: 2), .here(MakeSauce()), .here(PrepareIngredient(), slots: 3),
        .here(PutIngredientsOnDough()), .here(Bake()), .here(IsPizzaAcceptable()), .here(Serve()),
    ]
    return here.map { placement in
        guard onLambda.contains(placement.handler.activityName) else { return placement }
        // 512 MB: the local Lambda limits the process's data segment, which a Swift process's thread stacks count in.
        return .onLambda(placement.handler, timeout: .seconds(30), memorySize: 512, maxConcurrency: placement.slots)
    }
}
