import ArgumentParser
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseLambda

/// `stepwise run FILE --input JSON|@file [--db PATH] [--history]`: runs a definition to completion on the
/// embedded durable engine and prints the output.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a state machine definition to completion on the embedded engine and print its output.",
        discussion: """
            The execution is stored in a SQLite file: --db PATH, else $STEPWISE_DB, else \
            ~/.stepwise/stepwise.sqlite. A failed execution prints its error and cause on standard error \
            and exits with status 1.
            """
    )

    @Argument(help: "The ASL definition file (JSON).")
    var file: String

    @Option(help: "The execution input: JSON text, or @FILE to read it from a file.")
    var input: String = "{}"

    @Option(help: "The engine's database file.")
    var db: String?

    @Flag(help: "Print the execution's history events (one JSON object per line) before the output.")
    var history = false

    @Option(
        name: .customLong("function"),
        help: ArgumentHelp(
            "A local Lambda function (repeatable): NAME=COMMAND runs COMMAND (a bootstrap talking to the Lambda Runtime API) "
                + "for lambda:invoke tasks naming NAME and for its function ARN as a Resource.",
            valueName: "NAME=COMMAND"))
    var functions: [String] = []

    func run() async throws {
        let definitionText = try Self.read(file)
        let inputText = input.hasPrefix("@") ? try Self.read(String(input.dropFirst())) : input
        let definition: StateMachineDefinition
        do {
            definition = try StateMachineDefinition(parsing: definitionText)
        } catch {
            Self.fail("\(file): \(error)")
        }
        let local: LocalLambda?
        do {
            local = try LocalLambda.fromOptions(functions)
        } catch {
            Self.fail("\(error)")
        }
        let resources = Self.taskResources(definition.states.values).filter { resource in
            local.map { $0.handler(forResource: resource) == nil } ?? true
        }
        if !resources.isEmpty {
            let list = resources.sorted().joined(separator: ", ")
            Self.fail(
                "\(file) has Task states that need workers, and no worker is attached to `stepwise run`: \(list). "
                    + "Attach workers through the engine API (registerHandler, or an activity worker polling `stepwise serve`); "
                    + "Lambda tasks run on a local function given with --function NAME=COMMAND.")
        }
        let location: StoreLocation = db.map { .file($0) } ?? .defaultFile
        let engine: StepwiseEngine
        do {
            engine = try StepwiseEngine(location: location)
        } catch {
            Self.fail("cannot open the engine database: \(error)")
        }
        engine.start()
        if let local { engine.addTaskDispatcher(local) }
        let result = try await LocalLambda.running(local) { try await runExecution(engine, definitionText, inputText) }
        if history {
            var token: String?
            repeat {
                let page = try engine.getExecutionHistory(executionArn: result.executionArn, nextToken: token)
                for event in page.items { print(event.awsJSON.jsonString()) }
                token = page.nextToken
            } while token != nil
        }
        await engine.shutdown()
        switch result.status {
        case .succeeded:
            let output = (try? JSONValue(parsing: result.output ?? "null"))?.jsonString(.pretty) ?? (result.output ?? "null")
            print(output)
        default:
            let message = "Execution \(result.status.rawValue): \(result.error ?? "")\(result.cause.map { ": \($0)" } ?? "")\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(1)
        }
    }

    /// Creates or updates the machine, starts the execution and waits for it.
    func runExecution(_ engine: StepwiseEngine, _ definitionText: String, _ inputText: String) async throws -> ExecutionDescription {
        let name = Self.machineName(for: file)
        let arn = engine.names.stateMachineArn(name)
        if (try? engine.describeStateMachine(stateMachineArn: arn)) != nil {
            try await engine.updateStateMachine(stateMachineArn: arn, definition: definitionText)
        } else {
            try await engine.createStateMachine(name: name, definition: definitionText)
        }
        let execution: StartExecutionResult
        do {
            execution = try await engine.startExecution(stateMachineArn: arn, input: inputText)
        } catch {
            Self.fail(error.description)
        }
        return try await engine.awaitExecution(executionArn: execution.executionArn)
    }

    /// Prints `message` on standard error and exits with status 1.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(1)
    }

    static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// The Task resources of a flow and every nested branch.
    static func taskResources(_ states: some Sequence<State>) -> Set<String> {
        var resources: Set<String> = []
        for state in states {
            switch state {
            case .task(let task): resources.insert(task.resource)
            case .parallel(let parallel):
                for branch in parallel.branches { resources.formUnion(taskResources(branch.states.values)) }
            case .map(let map): resources.formUnion(taskResources(map.itemProcessor.states.values))
            default: break
            }
        }
        return resources
    }

    /// A valid machine name from the file name (`flows/order.asl.json` → `order-asl`).
    static func machineName(for path: String) -> String {
        var base = URL(fileURLWithPath: path).lastPathComponent
        if base.hasSuffix(".json") { base.removeLast(5) }
        let cleaned = String(base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }.prefix(80))
        return cleaned.isEmpty ? "stepwise-run" : cleaned
    }
}
