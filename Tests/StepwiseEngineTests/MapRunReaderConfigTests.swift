import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

/// `ReaderConfig` as the developer guide documents it ("ItemReader (Map)", "How Step Functions parses input CSV
/// files"): CSV rows longer or shorter than the header, backslash escapes, `ItemsPointer`, an S3 Inventory manifest
/// (gzip data files), an Athena data manifest, `LOAD_AND_FLATTEN`, and `PARQUET` refused by this engine.
@Suite("Engine: Distributed Map ReaderConfig")
struct MapRunReaderConfigTests {
    static func definition(_ config: String, resource: String = "getObject", key: String = "object") -> String {
        """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map",
          "ItemReader": {"Resource": "arn:aws:states:::s3:\(resource)", "ReaderConfig": {\(config)},
                         "Parameters": {"Bucket": "items", "Key": "\(key)", "Prefix": "in/"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                            "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}},
          "End": true}}}
        """
    }

    /// Runs `definition` with the bucket `items` holding `files` (key → bytes).
    static func run(_ definition: String, files: [String: Data]) async throws -> DescribeExecutionOutput {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-reader-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (key, contents) in files {
            let url = directory.appendingPathComponent(key)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url)
        }
        return try await withTestEngine { engine, _ in
            try engine.mapS3Bucket("items", toDirectory: directory.path)
            return try await engine.runToCompletion(definition: definition, input: "{}")
        }
    }

    @Test("CSV: fields past the header are skipped, missing ones are empty; whole-file and cursor readers agree", arguments: [true, false])
    func csvRowLengths(lazily: Bool) async throws {
        let csv = "a,b\n1,2,3,4\n5\n"
        let config = #""InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW""#
        // A JSONL/CSV object is read through a cursor; behind listObjectsV2's LOAD_AND_FLATTEN it is read whole.
        let result = lazily
            ? try await Self.run(Self.definition(config), files: ["object": Data(csv.utf8)])
            : try await Self.run(
                Self.definition(config + #", "Transformation": "LOAD_AND_FLATTEN""#, resource: "listObjectsV2"),
                files: ["in/object": Data(csv.utf8)])
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == [["a": "1", "b": "2"], ["a": "5", "b": ""]])
    }

    @Test("CSV: a backslash escapes a backslash, a quote or the delimiter, and is dropped before anything else")
    func csvBackslashes() async throws {
        let csv = #"path|size"# + "\n" + #"C:\\Program Files\\app.exe|6534512"# + "\n" + #"a\|b|\"q\" \x"# + "\n"
        let result = try await Self.run(
            Self.definition(#""InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "CSVDelimiter": "PIPE""#),
            files: ["object": Data(csv.utf8)])
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == [
            ["path": #"C:\Program Files\app.exe"#, "size": "6534512"], ["path": "a|b", "size": #""q" x"#],
        ])
    }

    @Test("JSON with ItemsPointer: the items are the array the pointer selects in the object")
    func itemsPointer() async throws {
        let object = #"{"meta": {"n": 2}, "data": {"a/b": [{"id": 1}, {"id": 2}]}}"#
        let result = try await Self.run(
            Self.definition(#""InputType": "JSON", "ItemsPointer": "/data/a~1b""#), files: ["object": Data(object.utf8)])
        #expect(result.status == .succeeded)
        #expect(try json(result.output) == [["id": 1], ["id": 2]])
        let missing = try await Self.run(
            Self.definition(#""InputType": "JSON", "ItemsPointer": "/meta/n""#), files: ["object": Data(object.utf8)])
        #expect(missing.status == .failed && missing.error == "States.ItemReaderFailed")
        #expect(missing.cause == "The ItemsPointer '/meta/n' does not select a JSON array in the object 'object'")
    }

    @Test("PARQUET is refused at run time with States.ItemReaderFailed, not misread")
    func parquetRefused() async throws {
        let result = try await Self.run(Self.definition(#""InputType": "PARQUET""#), files: ["object": Data("PAR1".utf8)])
        #expect(result.status == .failed && result.error == "States.ItemReaderFailed")
        #expect(result.cause?.contains("'PARQUET' is not supported by this engine") == true)
    }

    @Test("an S3 Inventory manifest: every row of its gzip (and plain) CSV data files, keyed by fileSchema")
    func inventoryManifest() async throws {
        let manifest = """
            {"sourceBucket": "source", "destinationBucket": "arn:aws:s3:::items", "version": "2016-11-30",
             "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size, LastModifiedDate",
             "files": [{"key": "inv/data/one.csv.gz", "size": 1, "MD5checksum": "x"}, {"key": "inv/data/two.csv", "size": 1, "MD5checksum": "y"}]}
            """
        let one = "\"source\",\"a.txt\",\"10\",\"2024-01-01T00:00:00.000Z\"\n\"source\",\"dir/b c.txt\",\"20\",\"2024-01-02T00:00:00.000Z\"\n"
        let two = "\"source\",\"z.txt\",\"30\",\"2024-01-03T00:00:00.000Z\"\n"
        let files = [
            "inv/manifest.json": Data(manifest.utf8), "inv/data/one.csv.gz": Self.gzip(Data(one.utf8)),
            "inv/data/two.csv": Data(two.utf8),
        ]
        let result = try await Self.run(Self.definition(#""InputType": "MANIFEST""#, key: "inv/manifest.json"), files: files)
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        let row = { (key: String, size: String, date: String) -> JSONValue in
            ["Bucket": "source", "Key": .string(key), "Size": .string(size), "LastModifiedDate": .string(date)]
        }
        // a row's fields come in a Java HashMap's order, as AWS gives a CSV row (RecordedScenarioOrderTests)
        #expect(try json(result.output).jsonEquals([
            row("a.txt", "10", "2024-01-01T00:00:00.000Z"), row("dir/b c.txt", "20", "2024-01-02T00:00:00.000Z"),
            row("z.txt", "30", "2024-01-03T00:00:00.000Z"),
        ]))
        var corrupt = files
        corrupt["inv/data/one.csv.gz"] = Data([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02])
        let failed = try await Self.run(Self.definition(#""InputType": "MANIFEST""#, key: "inv/manifest.json"), files: corrupt)
        #expect(failed.status == .failed && failed.error == "States.ItemReaderFailed")
        #expect(failed.cause?.contains("not a valid gzip file") == true)
    }

    @Test("an Athena data manifest: the items of each data file it lists, in order, up to MaxItems")
    func athenaManifest() async throws {
        let manifest = "s3://items/out/part-1.jsonl\ns3://items/out/part-2.jsonl\n"
        let files = [
            "q-manifest.csv": Data(manifest.utf8), "out/part-1.jsonl": Data("{\"n\": 1}\n{\"n\": 2}\n".utf8),
            "out/part-2.jsonl": Data("{\"n\": 3}\n".utf8),
        ]
        let result = try await Self.run(
            Self.definition(#""InputType": "JSONL", "ManifestType": "ATHENA_DATA", "MaxItems": 3"#, key: "q-manifest.csv"), files: files)
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        #expect(try json(result.output) == [["n": 1], ["n": 2], ["n": 3]])
    }

    @Test("listObjectsV2 with LOAD_AND_FLATTEN: the items of every listed object, in key order")
    func loadAndFlatten() async throws {
        let files = ["in/b.json": Data("[3]".utf8), "in/a.json": Data("[1, 2]".utf8), "other/c.json": Data("[9]".utf8)]
        let result = try await Self.run(
            Self.definition(#""InputType": "JSON", "Transformation": "LOAD_AND_FLATTEN""#, resource: "listObjectsV2"), files: files)
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        #expect(try json(result.output) == [1, 2, 3])
    }

    /// `data` in a gzip member holding one stored (uncompressed) deflate block (RFC 1951 §3.2.4, RFC 1952).
    static func gzip(_ data: Data) -> Data {
        var out = Data([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])
        let length = UInt16(data.count)
        out += [0x01, UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8(~length >> 8)]
        out += data
        var crc: UInt32 = 0xffff_ffff
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        crc ^= 0xffff_ffff
        let size = UInt32(data.count)
        for value in [crc, size] { out += [0, 8, 16, 24].map { UInt8((value >> $0) & 0xff) } }
        return out
    }
}
