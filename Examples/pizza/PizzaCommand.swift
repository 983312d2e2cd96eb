import ArgumentParser
import Stepwise

/// `pizza`: the seed's pizza workflow written with the Stepwise DSL.
@main
struct PizzaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pizza", abstract: "The seed's pizza-making workflow, written with the Stepwise DSL.")

    @Flag(name: .customLong("asl"), help: "Print the lowered ASL definition and exit.")
    var printASL = false

    @Option(name: .customLong("wait"), help: "Seconds the wait step waits (default 120).")
    var waitSeconds: Int = 120

    func validate() throws {
        guard waitSeconds >= 0 else { throw ValidationError("--wait must be 0 or more seconds") }
    }

    func run() throws {
        let workflow = pizzaWorkflow(wait: .seconds(waitSeconds))
        guard printASL else {
            // Running needs the embedded engine (issue 3), which this example will use once it lands.
            throw ValidationError("running the workflow needs the embedded engine, which is not available yet; use --asl")
        }
        print(try workflow.definition().json.jsonString(.pretty))
    }
}
