import Foundation
import OrderedCollections
import StatesLanguage
import TestChildProcess
import Testing

@testable import StepFunctionsAPI

/// python3 with botocore (AWS's machine-readable Step Functions model and its reference JSON parser), if present.
enum BotocoreModel {
    /// Checked once, off the cooperative pool (importing botocore takes seconds on a loaded machine).
    static let availability = Task { (try? await ChildProcess.run("python3", arguments: ["-c", "import botocore"]).status) == 0 }
    static var isAvailable: Bool { get async { await availability.value } }
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("python/botocore_shapes.py").path

    /// `{"Operation": "<JSON body>"}` from the script.
    static func bodies(_ mode: String, input: String? = nil) async throws -> [String: String] {
        let result = try await ChildProcess.run("python3", arguments: [script, mode], input: input.map { Data($0.utf8) })
        guard result.status == 0, case .object(let object) = try JSONValue(parsing: result.output) else { return [:] }
        return Dictionary(uniqueKeysWithValues: object.compactMap { key, value in value.stringValue.map { (key, $0) } })
    }
}

@Suite("Shapes against botocore's Step Functions model", .enabled { await BotocoreModel.isAvailable })
struct BotocoreModelTests {
    private func decode<Shape: StepFunctionsShape>(_ type: Shape.Type, _ text: String) throws -> any StepFunctionsShape {
        try StepFunctionsCoding.makeDecoder().decode(type, from: Data(text.utf8))
    }

    private func encode(_ shape: some StepFunctionsShape) throws -> String {
        String(decoding: try StepFunctionsCoding.encode(shape), as: UTF8.self)
    }

    @Test("every member botocore sends in a request decodes, and nothing is lost")
    func requests() async throws {
        let bodies = try await BotocoreModel.bodies("requests")
        #expect(bodies.count == StepFunctionsOperation.allCases.count)
        for operation in StepFunctionsOperation.allCases {
            let body = try #require(bodies[operation.rawValue], "\(operation)")
            let shape = try decode(operation.inputType, body)
            let again = try JSONValue(parsing: try encode(shape))
            #expect(again.jsonEquals(try JSONValue(parsing: body)), "\(operation): \(again) != \(body)")
        }
    }

    @Test("every response member round-trips through our shapes and parses in botocore as sent")
    func responses() async throws {
        let bodies = try await BotocoreModel.bodies("responses")
        #expect(bodies.count == StepFunctionsOperation.allCases.count)
        var reencoded: JSONObject = [:]
        for operation in StepFunctionsOperation.allCases {
            let body = try #require(bodies[operation.rawValue], "\(operation)")
            reencoded[operation.rawValue] = .string(try encode(try decode(operation.outputType, body)))
        }
        let verdicts = try await BotocoreModel.bodies("parse", input: JSONValue.object(reencoded).jsonString())
        #expect(verdicts.count == StepFunctionsOperation.allCases.count)
        for (operation, verdict) in verdicts.sorted(by: { $0.key < $1.key }) {
            #expect(verdict == "ok", "\(operation): \(verdict)")
        }
    }
}
