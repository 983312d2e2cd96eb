import ArgumentParser
import Foundation
import StatesLanguage
import StepFunctionsAPI
import Stepwise

/// `stepwise graph FILE|MACHINE --format svg|dot|mermaid`: the definition's diagram, the same one the web
/// console draws.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a state machine's graph as SVG, Graphviz DOT or Mermaid.",
        discussion: """
            The argument is an ASL JSON file, or the name or ARN of a deployed state machine (on the embedded \
            database, or with --endpoint on a server). The graph is the console's: Parallel branches and Map item \
            processors as nested boxes, Choice rules on their edges, Catch edges dashed. Example: \
            stepwise graph order.asl.json --format mermaid
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case svg, dot, mermaid
    }

    @Argument(help: "An ASL JSON file, or a state machine's name or ARN.")
    var source: String

    @Option(help: "svg, dot or mermaid.")
    var format: Format = .svg

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await reportingErrors {
            let text: String
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) {
                guard !isDirectory.boolValue else { throw CommandFailure("\(source) is a directory, not a definition file") }
                text = try readText(source, what: "definition")
            } else if source.hasSuffix(".json") {
                throw CommandFailure("there is no file \(source)")
            } else {
                text = try await backend.run(readOnly: true) { sfn in
                    let arn = try await resolveStateMachine(source, on: sfn)
                    return try await sfn.describeStateMachine(DescribeStateMachineInput(stateMachineArn: arn)).definition
                }
            }
            let definition: StateMachineDefinition
            do {
                definition = try StateMachineDefinition(parsing: text)
            } catch {
                throw CommandFailure("\(source): \(error)")
            }
            let graph = DefinitionGraph(definition)
            let rendered =
                switch format {
                case .svg: graph.svg()
                case .dot: graph.dot()
                case .mermaid: graph.mermaid()
                }
            if let output {
                do {
                    try rendered.write(toFile: output, atomically: true, encoding: .utf8)
                } catch {
                    throw CommandFailure("cannot write \(output): \(error.localizedDescription)")
                }
            } else {
                Console.out(rendered)
            }
        }
    }
}
