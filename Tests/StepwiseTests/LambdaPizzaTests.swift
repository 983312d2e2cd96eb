import ArgumentParser
import Foundation
import StatesLanguage
import Stepwise
import TestChildProcess
import Testing

@testable import pizza

/// `pizza --on-lambda HANDLER`: the seed's make-dough/make-sauce switch between here and Lambda changes no workflow
/// code, only the lowered ASL; run embedded, the Lambda-placed handlers are served by the same executable started
/// as a function by the local Lambda, through the Runtime API.
@Suite("The pizza example on Lambda")
struct LambdaPizzaTests {
    static func pizzaBinary() -> String? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent(),
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for directory in candidates {
            let path = directory.appendingPathComponent("pizza").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @Test("--on-lambda MakeDough and IsPizzaAcceptable: those steps lower to Lambda tasks, the others stay activities")
    func lowering() throws {
        let placements = pizzaPlacements(onLambda: ["MakeDough", "IsPizzaAcceptable"])
        #expect(placements.filter { $0.lambda != nil }.map(\.handler.activityName) == ["MakeDough", "IsPizzaAcceptable"])
        #expect(placements.first?.lambda?.maxConcurrency == 2)
        var configuration = LoweringConfiguration.default
        configuration.lambdaFunctions = StateMachineOptions().placing(placements).lambdaFunctions
        let text = try pizzaWorkflow().definition(configuration).json.jsonString()
        #expect(text.contains(#""FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:MakeDough""#))
        #expect(text.contains(#""Resource":"arn:aws:lambda:us-east-1:123456789012:function:IsPizzaAcceptable""#))
        #expect(!text.contains("activity:MakeDough"))
        #expect(text.contains("activity:MakeSauce"))
        let names = try pizzaWorkflow().activityNames(configuration)
        #expect(!names.contains("MakeDough") && names.contains("Bake"))
    }

    @Test("pizza --on-lambda MakeDough --on-lambda Bake --fast: the run succeeds with those handlers in local Lambda processes")
    func embeddedRun() async throws {
        let binary = try #require(Self.pizzaBinary(), "the pizza executable is built next to the tests")
        let run = try await ChildProcess.run(
            binary, arguments: ["--on-lambda", "MakeDough", "--on-lambda", "Bake", "--fast", "--wait", "1"])
        let text = run.output
        #expect(run.status == 0, "\(text)\n\(run.error)")
        #expect(text.contains("status: SUCCEEDED"))
        let lines = text.split(separator: "\n")
        // MakeDough and Bake ran as Lambda tasks; make-sauce, three ingredients, put-on-dough, the check and serve as activities.
        #expect(lines.filter { $0.hasSuffix(" TaskScheduled") }.count == 2)
        #expect(lines.filter { $0.hasSuffix(" TaskSucceeded") }.count == 2)
        #expect(lines.filter { $0.hasSuffix(" ActivityScheduled") }.count == 7)
    }

    @Test("--on-lambda with an unknown handler is refused")
    func unknownHandler() throws {
        #expect(throws: (any Error).self) { try PizzaCommand.parse(["--on-lambda", "Pineapple"]) }
    }
}
