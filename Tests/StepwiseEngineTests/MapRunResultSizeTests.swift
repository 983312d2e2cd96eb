import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// A Distributed Map's result is built from its children's rows one item at a time (issue 14): without a
/// `ResultWriter` it is the state's result, which AWS limits to the 256 KiB payload quota (States.DataLimitExceeded;
/// the "ResultWriter (Map)" page points to exporting the results when they are larger), so the Map fails as soon as
/// the collected array passes 262,144 bytes instead of first building every child's output; with a `ResultWriter`
/// the files are streamed from the rows and come out as before.
@Suite("Engine: a Distributed Map's collected result and the payload quota")
struct MapRunResultSizeTests {
    /// A JSONata Distributed Map over `[0..count-1]` whose child for item i outputs a string of `length(i)` x's.
    static func definition(count: Int, length: String, writer: String? = nil, catcher: Bool = false) -> String {
        let catchField = catcher
            ? #", "Catch": [{"ErrorEquals": ["States.DataLimitExceeded"], "Next": "Caught", "Output": "{% $states.errorOutput %}"}]"#
            : ""
        let caught = catcher ? #", "Caught": {"Type": "Pass", "End": true}"# : ""
        return """
            {"QueryLanguage": "JSONata", "StartAt": "Map", "States": {
              "Map": {"Type": "Map", "Items": "{% [0..\(count - 1)] %}"\(writer.map { #", "ResultWriter": \#($0)"# } ?? "")\(catchField),
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Pad",
                  "States": {"Pad": {"Type": "Pass", "Output": "{% $pad('', \(length), 'x') %}", "End": true}}},
                "Output": {"count": "{% $count($states.result) %}"}, "End": true}\(caught)}}
            """
    }

    /// 256 items: 255 strings of 1,020 x's and a last one of `last`: the array's JSON text is
    /// 2 + 255 commas + 255 × 1,022 + (`last` + 2) bytes, exactly 262,144 with `last` = 1,275.
    static func boundary(last: Int) -> String {
        definition(count: 256, length: "$states.input = 255 ? \(last) : 1020")
    }

    @Test("a result of exactly 262,144 bytes is the Map's result; one byte more fails the Map with States.DataLimitExceeded")
    func boundaryOfTheQuota() async throws {
        try await withTestEngine { engine, _ in
            let within = try await engine.runToCompletion(definition: Self.boundary(last: 1_275), machineName: "Within")
            #expect(within.status == .succeeded)
            #expect(try json(within.output) == ["count": 256])

            let over = try await engine.runToCompletion(definition: Self.boundary(last: 1_276), machineName: "Over")
            #expect(over.status == .failed)
            #expect(over.error == "States.DataLimitExceeded")
            #expect(over.cause == "The state/task 'Map' returned a result with a size exceeding the maximum number of bytes service limit.")
            // Every child succeeded; the Map Run fails with the state (as when its results cannot be written).
            let history = try engine.allHistory(executionArn: over.executionArn)
            let types = history.map(\.type.rawValue)
            #expect(types.contains("MapRunFailed") && types.contains("MapStateFailed"))
            #expect(!types.contains("MapStateSucceeded") && !types.contains("MapStateExited"))
            let runs = try await engine.listMapRuns(ListMapRunsInput(executionArn: over.executionArn))
            let run = try await engine.describeMapRun(DescribeMapRunInput(mapRunArn: try #require(runs.mapRuns.first?.mapRunArn)))
            #expect(run.executionCounts.succeeded == 256)
        }
    }

    @Test("a Catch naming States.DataLimitExceeded catches the oversized result; the failure stops reading at the quota")
    func caughtByName() async throws {
        try await withTestEngine { engine, _ in
            // 2,000 children of 1 KB each: about 2 MB of results, of which at most 256 KiB is ever collected.
            let result = try await engine.runToCompletion(
                definition: Self.definition(count: 2_000, length: "1000", catcher: true))
            #expect(result.status == .succeeded)
            #expect(try json(result.output)["Error"] == "States.DataLimitExceeded")
        }
    }

    @Test("WriterConfig alone: the formatted results are the Map's result, within the same quota")
    func writerConfigAloneOverTheQuota() async throws {
        try await withTestEngine { engine, _ in
            let writer = #"{"WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSON"}}"#
            let small = try await engine.runToCompletion(
                definition: Self.definition(count: 100, length: "1000", writer: writer), machineName: "Small")
            #expect(small.status == .succeeded)
            #expect(try json(small.output) == ["count": 100])
            let large = try await engine.runToCompletion(
                definition: Self.definition(count: 300, length: "1000", writer: writer), machineName: "Large")
            #expect(large.status == .failed && large.error == "States.DataLimitExceeded")
        }
    }

    @Test("a ResultWriter to a directory streams its files: 3,000 records (several buffers) in item order, Size exact, no temporary file left")
    func resultWriterStreamsToTheDirectory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-rws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("out", toDirectory: directory.path)
            // NONE records of about 1.4 KB each: 3,000 of them are over 4 MB, past the 1 MiB write buffer four times,
            // and over the 256 KiB quota (which a ResultWriter is not held to).
            let writer = #"{"Resource": "arn:aws:states:::s3:putObject", "Arguments": {"Bucket": "out", "Prefix": "big"}}"#
            let definition = Self.definition(count: 3_000, length: "1000", writer: writer)
                .replacingOccurrences(of: #""Output": {"count": "{% $count($states.result) %}"}, "#, with: "")
            let result = try await engine.runToCompletion(definition: definition)
            #expect(result.status == .succeeded)
            let key = try #require(try json(result.output)["ResultWriterDetails"]?["Key"]?.stringValue)
            let manifest = try JSONValue(parsing: String(contentsOf: directory.appendingPathComponent(key), encoding: .utf8))
            #expect(manifest["ResultFiles"]?["FAILED"] == [] && manifest["ResultFiles"]?["PENDING"] == [])
            let files = try #require(manifest["ResultFiles"]?["SUCCEEDED"]?.arrayValue)
            #expect(files.count == 1)
            let fileKey = try #require(files.first?["Key"]?.stringValue)
            let data = try Data(contentsOf: directory.appendingPathComponent(fileKey))
            #expect(files.first?["Size"] == .int(data.count))
            #expect(data.count > 4_000_000)
            let records = try #require(try JSONValue(parsing: String(decoding: data, as: UTF8.self)).arrayValue)
            #expect(records.count == 3_000)
            #expect(try records.map { try JSONValue(parsing: $0["Input"]?.stringValue ?? "") } == (0..<3_000).map { .int($0) })
            #expect(records.allSatisfy { $0["Output"]?.stringValue == "\"" + String(repeating: "x", count: 1_000) + "\"" })
            let left = try FileManager.default.subpathsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
            #expect(left.isEmpty)
        }
    }
}
