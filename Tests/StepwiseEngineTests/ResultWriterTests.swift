import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Synchronization
import Testing

/// A Distributed Map's `ResultWriter` and its S3 `ItemReader` on the embedded engine, from the developer guide's
/// "ResultWriter (Map)" and "ItemReader (Map)" pages: to a bucket mapped to a directory, and to an S3 reached through
/// ``StepwiseEngine/useS3(_:)`` (here an in-memory S3 behind the client's sender, so no network is involved).
@Suite("Engine: ResultWriter and S3 ItemReader")
struct ResultWriterTests {
    /// An S3 in memory: PUT and GET of objects, ListObjectsV2 in pages of two, NoSuchKey/NoSuchBucket as S3 answers.
    final class MemoryS3: Sendable {
        let objects = Mutex<[String: [UInt8]]>([:])
        let buckets: Set<String>

        init(buckets: Set<String>) { self.buckets = buckets }

        var client: S3Client { S3Client { request in self.answer(request) } }

        func error(_ status: Int, _ code: String) -> S3Response {
            S3Response(status: status, headers: [:], body: Array("<Error><Code>\(code)</Code><Message>\(code)</Message></Error>".utf8))
        }

        func answer(_ request: S3Request) -> S3Response {
            guard buckets.contains(request.bucket) else { return error(404, "NoSuchBucket") }
            let path = request.bucket + "/" + (request.key ?? "")
            switch (request.method, request.key) {
            case ("PUT", _?):
                objects.withLock { $0[path] = request.body }
                return S3Response(status: 200, headers: ["etag": "\"x\""], body: [])
            case ("GET", _?):
                guard let body = objects.withLock({ $0[path] }) else { return error(404, "NoSuchKey") }
                return S3Response(status: 200, headers: ["content-length": String(body.count)], body: body)
            case ("GET", nil):
                let prefix = request.bucket + "/" + (request.query.first { $0.name == "prefix" }?.value ?? "")
                let keys = objects.withLock { $0.keys.filter { $0.hasPrefix(prefix) }.sorted() }
                let start = request.query.first { $0.name == "continuation-token" }.flatMap { Int($0.value) } ?? 0
                let page = keys.dropFirst(start).prefix(2)
                var xml = "<ListBucketResult><Name>\(request.bucket)</Name><IsTruncated>\(start + page.count < keys.count)</IsTruncated>"
                if start + page.count < keys.count { xml += "<NextContinuationToken>\(start + page.count)</NextContinuationToken>" }
                for key in page {
                    let size = objects.withLock { $0[key]?.count ?? 0 }
                    xml += "<Contents><Key>\(key.dropFirst(request.bucket.count + 1))</Key><Size>\(size)</Size>"
                    xml += "<LastModified>2024-05-01T10:00:00.000Z</LastModified><ETag>&quot;e&quot;</ETag></Contents>"
                }
                return S3Response(status: 200, headers: [:], body: Array((xml + "</ListBucketResult>").utf8))
            default:
                return error(405, "MethodNotAllowed")
            }
        }

        func text(_ path: String) -> String? { objects.withLock { $0[path] }.map { String(decoding: $0, as: UTF8.self) } }
    }

    static func definition(reader: String = #""ItemsPath": "$.items""#, writer: String, processorOutput: String = "") -> String {
        """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map", \(reader), "ResultWriter": \(writer), "ToleratedFailureCount": 5,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Check",
            "States": {"Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 2, "Next": "Bad"}], "Default": "Ok"},
                       "Bad": {"Type": "Fail", "Error": "Item.Bad", "Cause": "two"},
                       "Ok": {"Type": "Pass", "Parameters": {"n.$": "$.n", "pair.$": "States.Array($.n, $.n)"}\(processorOutput), "End": true}}},
          "End": true}}}
        """
    }

    @Test("To a bucket mapped to a directory: manifest.json, SUCCEEDED_0.json and FAILED_0.json; the Map returns ResultWriterDetails")
    func localDirectory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-rw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("out", toDirectory: directory.path)
            let writer = #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix.$": "$.prefix"}}"#
            let result = try await engine.runToCompletion(
                definition: Self.definition(writer: writer), input: #"{"prefix": "runs", "items": [{"n": 1}, {"n": 2}, {"n": 3}]}"#)
            #expect(result.status == .succeeded)
            let output = try json(result.output)
            let runArn = try #require(output["MapRunArn"]?.stringValue)
            let runId = try #require(runArn.split(separator: ":").last.map(String.init))
            #expect(output["ResultWriterDetails"] == ["Bucket": "out", "Key": .string("runs/\(runId)/manifest.json")])
            let manifest = try JSONValue(parsing: String(contentsOf: directory.appendingPathComponent("runs/\(runId)/manifest.json"), encoding: .utf8))
            #expect(manifest["DestinationBucket"] == "out" && manifest["MapRunArn"]?.stringValue == runArn)
            #expect(manifest["ResultFiles"]?["PENDING"] == [])
            let succeededKey = try #require(manifest["ResultFiles"]?["SUCCEEDED"]?[0]?["Key"]?.stringValue)
            #expect(succeededKey == "runs/\(runId)/SUCCEEDED_0.json")
            let succeededText = try String(contentsOf: directory.appendingPathComponent(succeededKey), encoding: .utf8)
            #expect(manifest["ResultFiles"]?["SUCCEEDED"]?[0]?["Size"] == .int(succeededText.utf8.count))
            let succeeded = try #require(try JSONValue(parsing: succeededText).arrayValue)
            #expect(succeeded.map { $0["Status"] } == ["SUCCEEDED", "SUCCEEDED"])
            #expect(try succeeded.map { try JSONValue(parsing: $0["Input"]?.stringValue ?? "") } == [["n": 1], ["n": 3]])
            #expect(try succeeded.map { try JSONValue(parsing: $0["Output"]?.stringValue ?? "")["n"] } == [1, 3])
            let failedKey = try #require(manifest["ResultFiles"]?["FAILED"]?[0]?["Key"]?.stringValue)
            let failed = try JSONValue(parsing: String(contentsOf: directory.appendingPathComponent(failedKey), encoding: .utf8))
            #expect(failed[0]?["Error"] == "Item.Bad" && failed[0]?["Cause"] == "two" && failed[0]?["Status"] == "FAILED")
            #expect(failed[0]?["Output"] == nil)
        }
    }

    @Test("Through S3: the ItemReader lists a prefix across pages, the ResultWriter writes COMPACT JSON Lines")
    func throughS3() async throws {
        let s3 = MemoryS3(buckets: ["data"])
        for index in 1...5 { s3.objects.withLock { $0["data/in/\(index).json"] = Array(repeating: 0x20, count: index) } }
        try await withTestEngine { engine, _ in
            engine.useS3(s3.client)
            let reader = #""ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "data", "Prefix": "in/"}}, "ItemSelector": {"n.$": "$$.Map.Item.Value.Size"}"#
            let writer = #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "data", "Prefix": "out"}, "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSONL"}}"#
            let result = try await engine.runToCompletion(definition: Self.definition(reader: reader, writer: writer))
            #expect(result.status == .succeeded)
            let key = try #require(try json(result.output)["ResultWriterDetails"]?["Key"]?.stringValue)
            let manifest = try JSONValue(parsing: try #require(s3.text("data/" + key)))
            let file = try #require(manifest["ResultFiles"]?["SUCCEEDED"]?[0]?["Key"]?.stringValue)
            let lines = try #require(s3.text("data/" + file)).split(separator: "\n").map { try JSONValue(parsing: String($0)) }
            #expect(lines.map { $0["n"] } == [1, 3, 4, 5])  // size 2 failed
            #expect(lines.allSatisfy { $0["Status"] == nil })  // COMPACT: the outputs alone
            let failedFile = try #require(manifest["ResultFiles"]?["FAILED"]?[0]?["Key"]?.stringValue)
            #expect(s3.text("data/" + failedFile)?.contains("\"Item.Bad\"") == true)  // failures are written as with NONE
        }
    }

    @Test("WriterConfig alone: nothing is written, FLATTEN flattens the children's arrays")
    func writerConfigAlone() async throws {
        try await withTestEngine { engine, _ in
            let writer = #"{"WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSON"}}"#
            let result = try await engine.runToCompletion(
                definition: Self.definition(writer: writer, processorOutput: #", "OutputPath": "$.pair""#), input: #"{"items": [{"n": 1}, {"n": 3}]}"#)
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == [1, 1, 3, 3])
        }
    }

    @Test("S3 errors: a missing object fails the Map with States.ItemReaderFailed, an unknown bucket the writer with States.ResultWriterFailed")
    func errors() async throws {
        let s3 = MemoryS3(buckets: ["data"])
        try await withTestEngine { engine, _ in
            engine.useS3(s3.client)
            let reader = #""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "data", "Key": "none.json"}}"#
            let missing = try await engine.runToCompletion(
                definition: Self.definition(reader: reader, writer: #"{"WriterConfig": {"Transformation": "COMPACT"}}"#), executionName: "missing")
            #expect(missing.status == .failed && missing.error == "States.ItemReaderFailed")
            #expect(missing.cause?.contains("NoSuchKey") == true)
            let writer = #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "elsewhere", "Prefix": "p"}}"#
            let unwritable = try await engine.runToCompletion(
                definition: Self.definition(writer: writer), input: #"{"items": [{"n": 1}]}"#, machineName: "W")
            #expect(unwritable.status == .failed && unwritable.error == "States.ResultWriterFailed")
            #expect(unwritable.cause?.contains("NoSuchBucket") == true)
            let events = types(try engine.allHistory(executionArn: unwritable.executionArn))
            #expect(events.contains("MapRunFailed"))
        }
    }
}
