import Foundation
import StatesLanguage
import Stepwise
import Testing

/// Golden-file checks: a workflow's lowered ASL must equal `Golden/<name>.json` byte for byte, and pass the
/// validator with no errors. Run with `STEPWISE_RECORD_GOLDEN=1` to (re)write the files, then review the diff.
enum Golden {
    static func text<I, O>(of workflow: Workflow<I, O>, _ configuration: LoweringConfiguration = .default) throws -> String {
        try workflow.definition(configuration).json.jsonString(.pretty) + "\n"
    }

    static func check<I, O>(
        _ workflow: Workflow<I, O>, named name: String, configuration: LoweringConfiguration = .default,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let actual = try text(of: workflow, configuration)
        let diagnostics = StatesLanguageValidator.validate(actual).filter { $0.severity == .error }
        #expect(diagnostics.isEmpty, "validator: \(diagnostics.map(\.description))", sourceLocation: sourceLocation)
        if ProcessInfo.processInfo.environment["STEPWISE_RECORD_GOLDEN"] == "1" {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Golden").appendingPathComponent(name + ".json")
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Golden"),
            "missing golden file Golden/\(name).json", sourceLocation: sourceLocation)
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "lowered ASL differs from Golden/\(name).json:\n\(actual)", sourceLocation: sourceLocation)
    }
}
