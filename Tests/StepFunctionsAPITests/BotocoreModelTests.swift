import Foundation
import OrderedCollections
import StatesLanguage
import Testing

@testable import StepFunctionsAPI

/// python3 with botocore (AWS's machine-readable Step Functions model and its reference JSON parser), if present.
enum BotocoreModel {
    static let isAvailable: Bool = (try? python(["-c", "import botocore"]).status) == 0
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("python/botocore_shapes.py").path

    static func python(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardInput = stdin
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `{"Operation": "<JSON body>"}` from the script.
    static func bodies(_ mode: String, input: String? = nil) throws -> [String: String] {
        let result = try python([script, mode], input: input)
        guard result.status == 0, case .object(let object) = try JSONValue(parsing: result.output) else { return [:] }
        return Dictionary(uniqueKeysWithValues: object.compactMap { key, value in value.stringValue.map { (key, $0) } })
    }
}

@Suite("Shapes against botocore's Step Functions model", .enabled(if: BotocoreModel.isAvailable))
struct BotocoreModelTests {
    private func decode<Shape: StepFunctionsShape>(_ type: Shape.Type, _ text: String) throws -> any StepFunctionsShape {
        try StepFunctionsCoding.makeDecoder().decode(type, from: Data(text.utf8))
    }

    private func encode(_ shape: some StepFunctionsShape) throws -> String {
        String(decoding: try StepFunctionsCoding.encode(shape), as: UTF8.self)
    }

    @Test("every member botocore sends in a request decodes, and nothing is lost")
    func requests() throws {
        let bodies = try BotocoreModel.bodies("requests")
        #expect(bodies.count == StepFunctionsOperation.allCases.count)
        for operation in StepFunctionsOperation.allCases {
            let body = try #require(bodies[operation.rawValue], "\(operation)")
            let shape = try decode(operation.inputType, body)
            let again = try JSONValue(parsing: try encode(shape))
            #expect(again.jsonEquals(try JSONValue(parsing: body)), "\(operation): \(again) != \(body)")
        }
    }

    @Test("every response member round-trips through our shapes and parses in botocore as sent")
    func responses() throws {
        let bodies = try BotocoreModel.bodies("responses")
        #expect(bodies.count == StepFunctionsOperation.allCases.count)
        var reencoded: JSONObject = [:]
        for operation in StepFunctionsOperation.allCases {
            let body = try #require(bodies[operation.rawValue], "\(operation)")
            reencoded[operation.rawValue] = .string(try encode(try decode(operation.outputType, body)))
        }
        let verdicts = try BotocoreModel.bodies("parse", input: JSONValue.object(reencoded).jsonString())
        #expect(verdicts.count == StepFunctionsOperation.allCases.count)
        for (operation, verdict) in verdicts.sorted(by: { $0.key < $1.key }) {
            #expect(verdict == "ok", "\(operation): \(verdict)")
        }
    }
}
