import Foundation
import StepFunctionsAPI
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

/// A Distributed Map's ItemReader over a bucket mapped to a local directory, from the developer guide's
/// "ItemReader (Map)" page (JSON, JSONL and CSV objects, listObjectsV2, ReaderConfig).
@Suite("Engine: Distributed Map ItemReader from a local directory")
struct MapRunItemReaderTests {
    static func definition(_ reader: String, extra: String = "") -> String {
        """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemReader": \(reader), \(extra)
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                            "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}},
          "End": true}}}
        """
    }

    /// A directory holding the given files (key → contents).
    static func bucket(_ files: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-bucket-\(UUID().uuidString)")
        for (key, contents) in files {
            let url = directory.appendingPathComponent(key)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        return directory.path
    }

    static func run(_ definition: String, files: [String: String], input: String = "{}") async throws -> DescribeExecutionOutput {
        let directory = try bucket(files)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("items", toDirectory: directory)
            return try await engine.runToCompletion(definition: definition, input: input)
        }
    }

    @Test("s3:getObject of a JSON array: one child per element; MaxItems limits them; ItemSelector sees each item")
    func jsonArray() async throws {
        let reader = #"{"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": 2}, "Parameters": {"Bucket": "items", "Key.$": "$.key"}}"#
        let definition = Self.definition(reader, extra: #""ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},"#)
        let result = try await Self.run(definition, files: ["data/list.json": #"[{"a": 1}, {"a": 2}, {"a": 3}]"#], input: #"{"key": "data/list.json"}"#)
        #expect(result.status == .succeeded)
        // the ItemSelector's paths come in a Java HashMap's order, as AWS gives them (RecordedScenarioOrderTests)
        #expect(try json(result.output) == [["index": 0, "value": ["a": 1]], ["index": 1, "value": ["a": 2]]])
    }

    @Test("JSONL: one item per line, blank lines skipped; JSONata Arguments name the object")
    func jsonLines() async throws {
        let definition = """
            {"QueryLanguage": "JSONata", "StartAt": "Map", "States": {"Map": {"Type": "Map",
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                             "Arguments": {"Bucket": "items", "Key": "{% $states.input.key %}"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                                "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """
        let result = try await Self.run(definition, files: ["lines.jsonl": "{\"n\": 1}\n\n{\"n\": 2}\n\"three\"\n"], input: #"{"key": "lines.jsonl"}"#)
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == [["n": 1], ["n": 2], "three"])
    }

    @Test("CSV with the header in the first row: objects of strings; quoted fields keep commas, quotes and newlines")
    func csvFirstRow() async throws {
        let reader = #"{"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}, "Parameters": {"Bucket": "items", "Key": "t.csv"}}"#
        let csv = "name,note\nann,\"a, b\"\nbob,\"say \"\"hi\"\"\nnow\"\n"
        let result = try await Self.run(Self.definition(reader), files: ["t.csv": csv])
        #expect(result.status == .succeeded)
        // a row's fields come in a Java HashMap's order, as AWS gives them (RecordedScenarioOrderTests)
        #expect(try json(result.output) == [["note": "a, b", "name": "ann"], ["note": "say \"hi\"\nnow", "name": "bob"]])
    }

    @Test("CSV with given headers and a PIPE delimiter")
    func csvGiven() async throws {
        let reader = #"{"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["x", "y"], "CSVDelimiter": "PIPE"}, "Parameters": {"Bucket": "items", "Key": "p.csv"}}"#
        let result = try await Self.run(Self.definition(reader), files: ["p.csv": "1|2\n3|4\n"])
        #expect(try json(result.output) == [["x": "1", "y": "2"], ["x": "3", "y": "4"]])
    }

    @Test("s3:listObjectsV2: the objects under the prefix in key order, with Key and Size")
    func listObjects() async throws {
        let reader = #"{"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "items", "Prefix": "in/"}}"#
        let definition = Self.definition(reader, extra: #""ItemSelector": {"key.$": "$$.Map.Item.Value.Key", "size.$": "$$.Map.Item.Value.Size"},"#)
        let result = try await Self.run(definition, files: ["in/b.txt": "bb", "in/a.txt": "a", "out/c.txt": "ccc"])
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == [["size": 1, "key": "in/a.txt"], ["size": 2, "key": "in/b.txt"]])
    }

    @Test(
        "a source the engine cannot read fails the Map with States.ItemReaderFailed",
        arguments: [
            (#"{"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "other", "Key": "list.json"}}"#, "not available"),
            (#"{"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "items", "Key": "missing.json"}}"#, "does not exist"),
            (#"{"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "items", "Key": "../list.json"}}"#, "Invalid object key"),
            (#"{"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "items", "Key": "bad.json"}}"#, "Attempting to map over non-iterable node."),
        ])
    func failures(reader: String, cause: String) async throws {
        let result = try await Self.run(Self.definition(reader), files: ["list.json": "[1]", "bad.json": #"{"not": "an array"}"#])
        #expect(result.status == .failed && result.error == "States.ItemReaderFailed")
        #expect(result.cause?.contains(cause) == true)
    }
}
