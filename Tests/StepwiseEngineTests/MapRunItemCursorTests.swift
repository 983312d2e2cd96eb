import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// A JSONL or CSV object read as the Map Run's children start (a byte offset kept in the Map's state, the file read a
/// chunk at a time): the items are the ones the whole-file reader gave, in order, across chunk boundaries.
@Suite("Engine: a Map Run reads a JSONL or CSV object as its children start")
struct MapRunItemCursorTests {
    static func definition(_ format: String, config: String = "", extra: String = "", processor: String? = nil) -> String {
        """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map", \(extra)
          "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "\(format)"\(config)},
                         "Parameters": {"Bucket": "items", "Key": "object"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                            \(processor ?? #""StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}"#)},
          "End": true}}}
        """
    }

    static func run(_ definition: String, object: String) async throws -> DescribeExecutionOutput {
        let directory = try MapRunItemReaderTests.bucket(["object": object])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("items", toDirectory: directory)
            return try await engine.runToCompletion(definition: definition, input: "{}")
        }
    }

    @Test("JSONL across many chunks, CRLF line ends and blank lines: every item once, in order")
    func jsonLinesAcrossChunks() async throws {
        var lines: [String] = []
        var expected: [JSONValue] = []
        for index in 0..<1_500 {
            let text = String(repeating: "x", count: index % 97)
            lines.append(#"{"i": \#(index), "t": "\#(text)"}"#)
            expected.append(["i": .int(index), "t": .string(text)])
            if index % 250 == 0 { lines.append("") }
        }
        let result = try await Self.run(Self.definition("JSONL"), object: lines.joined(separator: "\r\n"))
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == .array(expected))
    }

    @Test("MaxItems stops a JSONL object early; a line that is not JSON fails the Map before it starts")
    func jsonLinesLimitsAndErrors() async throws {
        let limited = try await Self.run(Self.definition("JSONL", config: #", "MaxItems": 2"#), object: "1\n2\n3\n")
        #expect(try json(limited.output) == [1, 2])
        let bad = try await Self.run(Self.definition("JSONL"), object: "1\n{oops\n3\n")
        #expect(bad.status == .failed && bad.error == "States.ItemReaderFailed")
        #expect(bad.cause == "Line 2 of the object 'object' is not JSON")
    }

    @Test("CSV: a quoted field longer than a chunk keeps its newlines and quotes; CRLF rows; the header from the first row")
    func csvAcrossChunks() async throws {
        let long = String(repeating: "line, with \"\"quotes\"\"\n", count: 400)
        let csv = "a,b\r\n1,\"\(long)\"\r\n2,plain\r\n\r\n3,\"\"\r\n"
        let result = try await Self.run(Self.definition("CSV", config: #", "CSVHeaderLocation": "FIRST_ROW""#), object: csv)
        #expect(result.status == .succeeded)
        let unquoted = String(repeating: "line, with \"quotes\"\n", count: 400)
        #expect(try json(result.output) == [["a": "1", "b": .string(unquoted)], ["a": "2", "b": "plain"], ["a": "3", "b": ""]])
    }

    @Test("an object that changes while the Map Run reads it fails the Map with States.ItemReaderFailed")
    func objectChangesUnderTheRun() async throws {
        let directory = try MapRunItemReaderTests.bucket(["object": "1\n2\n3\n"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("items", toDirectory: directory)
            let activity = try await engine.createActivity(name: "cursor-work")
            let processor = #""StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "\#(activity.activityArn)", "End": true}}"#
            let machine = try await engine.createStateMachine(
                name: "Changing", definition: Self.definition("JSONL", extra: #""MaxConcurrency": 1,"#, processor: processor))
            let start = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, input: "{}")
            let task = try #require(try await engine.getActivityTask(activityArn: activity.activityArn, timeout: .seconds(60)))
            let handle = try #require(FileHandle(forWritingAtPath: directory + "/object"))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("4\n".utf8))
            try handle.close()
            try await engine.sendTaskSuccess(taskToken: task.taskToken, output: "{}")
            let done = try await engine.awaitExecution(executionArn: start.executionArn)
            #expect(done.status == .failed && done.error == "States.ItemReaderFailed")
            #expect(done.cause == "The object 'object' changed or disappeared while the Map Run read it")
        }
    }
}
