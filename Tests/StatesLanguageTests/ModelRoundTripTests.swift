import Foundation
import OrderedCollections
import Testing

import StatesLanguage

enum Fixtures {
    static let names = ["jsonpath-all-fields", "jsonata-all-fields", "mixed-languages", "aws-documented-examples"]

    static func text(_ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }
}

@Suite("Model round trip")
struct ModelRoundTripTests {
    @Test("parse, encode, parse gives the same definition", arguments: Fixtures.names)
    func roundTrip(name: String) throws {
        let definition = try StateMachineDefinition(parsing: Fixtures.text(name))
        let again = try StateMachineDefinition(json: definition.json)
        #expect(again == definition)
        #expect(again.json == definition.json)
    }

    @Test("encoding keeps every field of the fixture", arguments: Fixtures.names)
    func encodingKeepsEveryField(name: String) throws {
        let original = try JSONValue(parsing: Fixtures.text(name))
        let definition = try StateMachineDefinition(json: original)
        // Every field AWS documents is modelled, so the encoding equals the source up to member order.
        #expect(definition.json.jsonEquals(original))
    }

    @Test("encoding is stable", arguments: Fixtures.names)
    func stableBytes(name: String) throws {
        let text = try Fixtures.text(name)
        let first = try StateMachineDefinition(parsing: text).json.jsonBytes()
        let second = try StateMachineDefinition(parsing: text).json.jsonBytes()
        #expect(first == second)
        let reparsed = try StateMachineDefinition(parsing: String(decoding: first, as: UTF8.self))
        #expect(reparsed.json.jsonBytes() == first)
    }

    /// The example definitions shipped in the repository parse and round-trip too.
    @Test func shippedExamplesRoundTrip() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Examples/definitions")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        try #require(!files.isEmpty, "no example definitions in \(folder.path)")
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let definition = try StateMachineDefinition(parsing: text)
            #expect(try StateMachineDefinition(json: definition.json) == definition, "\(file)")
            #expect(definition.json.jsonEquals(try JSONValue(parsing: text)), "\(file)")
        }
    }

    @Test func typedFields() throws {
        let definition = try StateMachineDefinition(parsing: Fixtures.text("jsonpath-all-fields"))
        #expect(definition.startAt == "Start")
        #expect(definition.timeoutSeconds == 3600)
        #expect(definition.version == "1.0")
        #expect(definition.queryLanguage == .jsonPath)
        #expect(definition.states.count == 15)
        guard case .pass(let pass) = try #require(definition.states["Start"]) else {
            Issue.record("Start is not a Pass state")
            return
        }
        #expect(pass.outputPath == .null)
        #expect(pass.inputPath == .path("$.input"))
        #expect(pass.resultPath?.path == "$.result")
        #expect(pass.transition == .next("Work"))
        guard case .task(let task) = try #require(definition.states["Work"]) else {
            Issue.record("Work is not a Task state")
            return
        }
        #expect(task.retry.count == 3)
        #expect(task.retry[0].jitterStrategy == .full)
        #expect(task.retry[0].backoffRate == 2)
        #expect(task.retry[1].maxAttempts == 0)
        #expect(task.catch[1].resultPath == .null)
        #expect(task.resultPath == .null)
        guard case .map(let legacy) = try #require(definition.states["Legacy"]) else {
            Issue.record("Legacy is not a Map state")
            return
        }
        #expect(legacy.usesLegacyIterator)
        #expect(legacy.itemProcessor.startAt == "It")
        guard case .choice(let choice) = try #require(definition.states["Decide"]) else {
            Issue.record("Decide is not a Choice state")
            return
        }
        let usedOperators = Set(choice.choices.compactMap { choice -> ComparisonOperator? in
            if case .comparison(let comparison) = choice.rule { comparison.operator } else { nil }
        })
        #expect(usedOperators == Set(ComparisonOperator.allCases))
    }
}

@Suite("Model accessors")
struct ModelAccessorTests {
    @Test func stateAccessors() throws {
        let definition = try StateMachineDefinition(parsing: Fixtures.text("jsonpath-all-fields"))
        let work = try #require(definition.states["Work"])
        #expect(work.typeName == "Task")
        #expect(work.retry.count == 3 && work.catch.count == 2)
        #expect(work.inputPath == .null && work.outputPath == .path("$.body") && work.resultPath == .null)
        #expect(work.transitionTargets == ["TimedTask", "Failed", "Failed"])
        #expect(!work.isTerminal)
        let decide = try #require(definition.states["Decide"])
        #expect(decide.transition == nil)
        #expect(decide.transitionTargets.last == "Fanout")
        #expect(decide.assign == ["visited": true])
        let fanout = try #require(definition.states["Fanout"])
        #expect(fanout.branches.count == 2)
        #expect(definition.states["Failed"]?.isTerminal == true)
        #expect(definition.states["Failed"]?.retry.isEmpty == true)
        #expect(definition.effectiveQueryLanguage(of: work) == .jsonPath)
    }
}
