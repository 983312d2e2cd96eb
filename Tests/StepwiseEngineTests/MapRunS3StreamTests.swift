import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Synchronization
import Testing

/// A Distributed Map against S3 without whole objects in memory: JSONL and CSV objects (and the data files manifests
/// name) read in ranged GETs (`Range`, `If-Match`), results written by multipart upload, gzip files of several members.
/// The S3 is in memory behind the client's sender, and records every request, so the tests see the bytes asked for.
@Suite("Engine: Distributed Map streams S3 objects")
struct MapRunS3StreamTests {
    /// An S3 in memory that answers HEAD, ranged GETs (206, `If-Match` → 412 PreconditionFailed), PUT, and the
    /// multipart upload calls, as the Amazon S3 API reference documents them, and records each request.
    final class RangedS3: Sendable {
        struct State {
            var objects: [String: (body: [UInt8], eTag: String)] = [:]
            var uploads: [String: [Int: [UInt8]]] = [:]
            var requests: [S3Request] = []
            var versions = 0
            /// UploadPart of this part number answers 500 InternalError.
            var failPart: Int?
            /// The object at this path is replaced by these bytes when its first byte is asked for a second time.
            var replaceOnRefetch: (path: String, body: [UInt8])?
            var firstByteReads: [String: Int] = [:]
        }

        let state = Mutex(State())

        var client: S3Client { S3Client { request in self.answer(request) } }

        func put(_ path: String, _ body: [UInt8]) {
            state.withLock {
                $0.versions += 1
                $0.objects[path] = (body, "\"v\($0.versions)\"")
            }
        }

        func object(_ path: String) -> [UInt8]? { state.withLock { $0.objects[path]?.body } }
        var requests: [S3Request] { state.withLock { $0.requests } }

        func error(_ status: Int, _ code: String) -> S3Response {
            S3Response(status: status, headers: [:], body: Array("<Error><Code>\(code)</Code><Message>\(code)</Message></Error>".utf8))
        }

        func answer(_ request: S3Request) -> S3Response {
            state.withLock { $0.requests.append(request) }
            let path = request.bucket + "/" + (request.key ?? "")
            let query = Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            let header = { (name: String) in request.headers.first { $0.name.lowercased() == name.lowercased() }?.value }
            switch request.method {
            case "HEAD":
                guard let object = state.withLock({ $0.objects[path] }) else { return S3Response(status: 404, headers: [:], body: []) }
                return S3Response(status: 200, headers: ["content-length": String(object.body.count), "etag": object.eTag], body: [])
            case "GET":
                if header("Range")?.hasPrefix("bytes=0-") == true {
                    let replacement = state.withLock { state -> [UInt8]? in
                        state.firstByteReads[path, default: 0] += 1
                        guard state.firstByteReads[path] == 2, state.replaceOnRefetch?.path == path else { return nil }
                        return state.replaceOnRefetch?.body
                    }
                    if let replacement { put(path, replacement) }
                }
                guard let object = state.withLock({ $0.objects[path] }) else { return error(404, "NoSuchKey") }
                if let match = header("If-Match"), match != object.eTag { return error(412, "PreconditionFailed") }
                guard let range = header("Range") else {
                    return S3Response(status: 200, headers: ["etag": object.eTag], body: object.body)
                }
                let bounds = range.dropFirst("bytes=".count).split(separator: "-").compactMap { Int($0) }
                guard bounds.count == 2, bounds[0] < object.body.count else { return error(416, "InvalidRange") }
                let last = min(bounds[1], object.body.count - 1)
                return S3Response(
                    status: 206, headers: ["etag": object.eTag, "content-range": "bytes \(bounds[0])-\(last)/\(object.body.count)"],
                    body: Array(object.body[bounds[0]...last]))
            case "POST" where query["uploads"] != nil:
                let id = "upload-\(UUID().uuidString)"
                state.withLock { $0.uploads[id] = [:] }
                return S3Response(
                    status: 200, headers: [:],
                    body: Array("<InitiateMultipartUploadResult><UploadId>\(id)</UploadId></InitiateMultipartUploadResult>".utf8))
            case "PUT" where query["uploadId"] != nil:
                guard let id = query["uploadId"], let number = query["partNumber"].flatMap({ Int($0) }) else { return error(400, "InvalidArgument") }
                if state.withLock({ $0.failPart }) == number { return error(500, "InternalError") }
                return state.withLock { state in
                    guard state.uploads[id] != nil else { return error(404, "NoSuchUpload") }
                    state.uploads[id]?[number] = request.body
                    return S3Response(status: 200, headers: ["etag": "\"part-\(number)\""], body: [])
                }
            case "POST" where query["uploadId"] != nil:
                guard let id = query["uploadId"], let root = S3XMLElement.parse(request.body) else { return error(400, "MalformedXML") }
                let numbers = root.children("Part").compactMap { $0.text("PartNumber").flatMap { Int($0) } }
                return state.withLock { state in
                    guard let parts = state.uploads.removeValue(forKey: id) else { return error(404, "NoSuchUpload") }
                    // S3's rule: every part but the last is at least 5 MiB.
                    if numbers.dropLast().contains(where: { (parts[$0]?.count ?? 0) < S3Client.minimumPartBytes }) {
                        return error(400, "EntityTooSmall")
                    }
                    state.versions += 1
                    state.objects[path] = (numbers.flatMap { parts[$0] ?? [] }, "\"v\(state.versions)\"")
                    return S3Response(status: 200, headers: [:], body: Array("<CompleteMultipartUploadResult/>".utf8))
                }
            case "DELETE" where query["uploadId"] != nil:
                state.withLock { _ = $0.uploads.removeValue(forKey: query["uploadId"] ?? "") }
                return S3Response(status: 204, headers: [:], body: [])
            case "PUT":
                put(path, request.body)
                return S3Response(status: 200, headers: ["etag": state.withLock { $0.objects[path]?.eTag ?? "" }], body: [])
            default:
                return error(405, "MethodNotAllowed")
            }
        }

        /// The bytes the ranged GETs of `key` asked for.
        func rangedBytes(_ key: String) -> Int {
            requests.filter { $0.method == "GET" && $0.key == key }.reduce(0) { total, request in
                let range = request.headers.first { $0.name == "Range" }?.value ?? ""
                let bounds = range.dropFirst("bytes=".count).split(separator: "-").compactMap { Int($0) }
                return total + (bounds.count == 2 ? bounds[1] - bounds[0] + 1 : Int.max / 2)
            }
        }
    }

    static func definition(_ config: String, key: String = "object", extra: String = "", processor: String? = nil, writer: String = "") -> String {
        """
        {"StartAt": "Map", "States": {"Map": {"Type": "Map", \(extra)
          "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {\(config)},
                         "Parameters": {"Bucket": "data", "Key": "\(key)"}}, \(writer)
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                            \(processor ?? #""StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}"#)},
          "End": true}}}
        """
    }

    /// A child that returns its item's `i` alone (the Map's result stays well within the payload quota).
    static let pickI = #""StartAt": "Pick", "States": {"Pick": {"Type": "Pass", "Parameters": {"i.$": "$.i"}, "End": true}}"#

    static func run(_ s3: RangedS3, _ definition: String) async throws -> DescribeExecutionOutput {
        try await withTestEngine { engine, _ in
            engine.useS3(s3.client)
            return try await engine.runToCompletion(definition: definition)
        }
    }

    @Test("a CSV object of 8 MiB of which MaxItems 10 are read: one ranged GET of its first 1 MiB block, never the whole object")
    func csvMaxItemsReadsOneRange() async throws {
        let s3 = RangedS3()
        var csv = "id,name\n"
        var row = 0
        while csv.utf8.count < 8 << 20 {
            csv += "\(row),name-\(row)-\(String(repeating: "x", count: 40))\n"
            row += 1
        }
        s3.put("data/object", Array(csv.utf8))
        let result = try await Self.run(s3, Self.definition(#""InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 10"#))
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        let output = try #require(try json(result.output).arrayValue)
        #expect(output.map { $0["id"] } == (0..<10).map { .string(String($0)) })
        let gets = s3.requests.filter { $0.method == "GET" }
        #expect(!gets.isEmpty && gets.allSatisfy { request in request.headers.contains { $0.name == "Range" } })
        #expect(gets.allSatisfy { request in request.headers.contains { $0.name == "If-Match" && $0.value == "\"v1\"" } })
        // The count at the start asks for the first block; the children's read is answered from it.
        #expect(s3.rangedBytes("object") == ItemReaderSizes.block)
        #expect(gets.count == 1)
        #expect(s3.requests.contains { $0.method == "HEAD" })
    }

    @Test("a JSONL object of many ranges: every item once, in order, each range asked for once per pass")
    func jsonLinesAcrossRanges() async throws {
        let s3 = RangedS3()
        let lines = (0..<3_000).map { #"{"i": \#($0), "pad": "\#(String(repeating: "p", count: $0 % 600))"}"# }
        let body = Array((lines.joined(separator: "\n") + "\n").utf8)
        s3.put("data/object", body)
        let result = try await Self.run(s3, Self.definition(#""InputType": "JSONL""#, processor: Self.pickI))
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        let output = try #require(try json(result.output).arrayValue)
        #expect(output.map { $0["i"] } == (0..<3_000).map { .int($0) })
        // Ranges grow to 1 MiB: the object is ~1 MB, so a pass is a handful of requests, not one per item.
        let gets = s3.requests.filter { $0.method == "GET" }
        #expect(gets.count < 200)
        #expect(gets.allSatisfy { request in request.headers.contains { $0.name == "Range" } })
    }

    @Test("children started one at a time (MaxConcurrency 1): the object's block is asked for once, not once per child")
    func oneAtATimeReadsEachBlockOnce() async throws {
        let s3 = RangedS3()
        s3.put("data/object", Array((0..<40).map { #"{"i": \#($0)}"# }.joined(separator: "\n").utf8))
        let result = try await Self.run(s3, Self.definition(#""InputType": "JSONL""#, extra: #""MaxConcurrency": 1,"#, processor: Self.pickI))
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        #expect(try json(result.output).arrayValue?.map { $0["i"] } == (0..<40).map { .int($0) })
        #expect(s3.requests.filter { $0.method == "GET" && $0.key == "object" }.count == 1)
    }

    @Test("an S3 object overwritten under the Map Run: a block read again asks with If-Match, S3 answers 412, the Map fails")
    func objectChangesUnderTheRun() async throws {
        let s3 = RangedS3()
        // Six 1 MiB blocks: the count at the start reads them all, the cache keeps the last four, so the children's
        // first read asks S3 for block 0 again; the object is replaced just before that request.
        let line = String(repeating: "z", count: 1_000)
        let body = Array((0..<6_300).map { #"{"i": \#($0), "z": "\#(line)"}"# }.joined(separator: "\n").utf8)
        s3.put("data/object", body)
        s3.state.withLock { $0.replaceOnRefetch = ("data/object", Array("1\n2\n".utf8)) }
        let result = try await Self.run(s3, Self.definition(#""InputType": "JSONL""#, processor: Self.pickI))
        #expect(result.status == .failed && result.error == "States.ItemReaderFailed")
        #expect(result.cause == "The object 'object' changed or disappeared while the Map Run read it")
        let blockZero = s3.requests.filter { $0.method == "GET" && $0.headers.contains { $0.value == "bytes=0-1048575" } }
        #expect(blockZero.count == 2)
        // Each block once during the count (no read crossed a block boundary), then block 0 again.
        let blocks = (body.count + ItemReaderSizes.block - 1) / ItemReaderSizes.block
        #expect(blocks > 4 && s3.requests.filter { $0.method == "GET" }.count == blocks + 1)
    }

    @Test("results over one part: CreateMultipartUpload, UploadParts of 5 MiB but the last, CompleteMultipartUpload")
    func multipartResults() async throws {
        let s3 = RangedS3()
        let item = String(repeating: "r", count: 60_000)
        s3.put("data/object", Array((0..<100).map { #"{"n": \#($0), "text": "\#(item)"}"# }.joined(separator: "\n").utf8))
        let writer = #""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "data", "Prefix": "out"}},"#
        let result = try await Self.run(s3, Self.definition(#""InputType": "JSONL""#, writer: writer))
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        let manifestKey = try #require(try json(result.output)["ResultWriterDetails"]?["Key"]?.stringValue)
        let manifest = try JSONValue(parsing: String(decoding: try #require(s3.object("data/" + manifestKey)), as: UTF8.self))
        let fileKey = try #require(manifest["ResultFiles"]?["SUCCEEDED"]?[0]?["Key"]?.stringValue)
        let file = try #require(s3.object("data/" + fileKey))
        #expect(manifest["ResultFiles"]?["SUCCEEDED"]?[0]?["Size"] == .int(file.count))
        let records = try #require(try JSONValue(parsing: String(decoding: file, as: UTF8.self)).arrayValue)
        #expect(try records.map { try JSONValue(parsing: $0["Output"]?.stringValue ?? "")["n"] } == (0..<100).map { .int($0) })
        let calls = s3.requests.filter { $0.key == fileKey }
        let parts = calls.filter { $0.method == "PUT" }
        #expect(calls.first?.method == "POST" && calls.first?.query.contains { $0.name == "uploads" } == true)
        // A part is uploaded once the buffer reaches 5 MiB: at least that, and less than one more record (~120 KB).
        #expect(parts.count >= 2 && parts.reduce(0) { $0 + $1.body.count } == file.count)
        #expect(parts.dropLast().allSatisfy { (S3Client.minimumPartBytes..<S3Client.minimumPartBytes + 200_000).contains($0.body.count) })
        #expect(parts.map { $0.query.first { $0.name == "partNumber" }?.value } == (1...parts.count).map { String($0) })
        #expect(calls.last?.method == "POST" && calls.last?.query.contains { $0.name == "uploadId" } == true)
        // The small manifest is put whole.
        #expect(s3.requests.filter { $0.key == manifestKey }.map(\.method) == ["PUT"])
    }

    @Test("a part that fails: the upload is aborted and the Map fails with States.ResultWriterFailed")
    func multipartFailureAborts() async throws {
        let s3 = RangedS3()
        s3.state.withLock { $0.failPart = 2 }
        let item = String(repeating: "r", count: 60_000)
        s3.put("data/object", Array((0..<100).map { #"{"n": \#($0), "text": "\#(item)"}"# }.joined(separator: "\n").utf8))
        let writer = #""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "data", "Prefix": "out"}},"#
        let result = try await Self.run(s3, Self.definition(#""InputType": "JSONL""#, writer: writer))
        #expect(result.status == .failed && result.error == "States.ResultWriterFailed")
        #expect(result.cause?.contains("InternalError") == true)
        let aborts = s3.requests.filter { $0.method == "DELETE" && $0.query.contains { $0.name == "uploadId" } }
        #expect(aborts.count == 1)
        #expect(s3.state.withLock { $0.uploads.isEmpty && !$0.objects.keys.contains { $0.contains("SUCCEEDED") } })
    }

    @Test("an S3 Inventory data file of two gzip members (as `cat a.gz b.gz` makes) in S3: the rows of both")
    func twoMemberGzipInventory() async throws {
        let s3 = RangedS3()
        let manifest = """
            {"sourceBucket": "source", "destinationBucket": "arn:aws:s3:::data", "fileFormat": "CSV", "fileSchema": "Bucket, Key",
             "files": [{"key": "inv/one.csv.gz", "size": 1, "MD5checksum": "x"}]}
            """
        s3.put("data/inv/manifest.json", Array(manifest.utf8))
        // Many members, each larger than a range's worth once together: member ends fall inside and across ranges.
        var gzip = Data()
        var expected: [JSONValue] = []
        for member in 0..<40 {
            var text = ""
            for row in 0..<50 {
                text += "\"source\",\"m\(member)/r\(row)\"\n"
                expected.append(.string("m\(member)/r\(row)"))
            }
            gzip += MapRunReaderConfigTests.gzip(Data(text.utf8))
        }
        s3.put("data/inv/one.csv.gz", Array(gzip))
        let pickKey = #""StartAt": "Pick", "States": {"Pick": {"Type": "Pass", "OutputPath": "$.Key", "End": true}}"#
        let result = try await Self.run(s3, Self.definition(#""InputType": "MANIFEST""#, key: "inv/manifest.json", processor: pickKey))
        #expect(result.status == .succeeded, "\(result.cause ?? "")")
        #expect(try json(result.output) == .array(expected))
        let gets = s3.requests.filter { $0.key == "inv/one.csv.gz" && $0.method == "GET" }
        #expect(gets.count == 1 && gets.allSatisfy { request in request.headers.contains { $0.name == "Range" } })  // one block

        // Cut inside the second member: not a valid gzip file.
        s3.put("data/inv/one.csv.gz", Array(MapRunReaderConfigTests.gzip(Data("\"a\",\"b\"\n".utf8)) + gzip.prefix(20)))
        let cut = try await Self.run(s3, Self.definition(#""InputType": "MANIFEST""#, key: "inv/manifest.json"))
        #expect(cut.status == .failed && cut.error == "States.ItemReaderFailed")
        #expect(cut.cause?.contains("not a valid gzip file") == true)
    }

    @Test("two gzip members in a bucket directory: both read; an Athena manifest's data file in S3 read only up to MaxItems")
    func twoMembersLocallyAndAthenaRanges() async throws {
        let manifest = """
            {"destinationBucket": "arn:aws:s3:::items", "fileFormat": "CSV", "fileSchema": "Key",
             "files": [{"key": "inv/one.csv.gz", "size": 1, "MD5checksum": "x"}]}
            """
        let files = [
            "inv/manifest.json": Data(manifest.utf8),
            "inv/one.csv.gz": MapRunReaderConfigTests.gzip(Data("a\nb\n".utf8)) + MapRunReaderConfigTests.gzip(Data("c\n".utf8)),
        ]
        let local = try await MapRunReaderConfigTests.run(
            MapRunReaderConfigTests.definition(#""InputType": "MANIFEST""#, key: "inv/manifest.json"), files: files)
        #expect(local.status == .succeeded, "\(local.cause ?? "")")
        #expect(try json(local.output) == [["Key": "a"], ["Key": "b"], ["Key": "c"]])

        let s3 = RangedS3()
        s3.put("data/q-manifest.csv", Array("s3://data/out/part-1.jsonl\n".utf8))
        s3.put("data/out/part-1.jsonl", Array((0..<200_000).map { #"{"n": \#($0)}"# }.joined(separator: "\n").utf8))
        let athena = try await Self.run(
            s3, Self.definition(#""InputType": "JSONL", "ManifestType": "ATHENA_DATA", "MaxItems": 3"#, key: "q-manifest.csv"))
        #expect(athena.status == .succeeded, "\(athena.cause ?? "")")
        #expect(try json(athena.output) == [["n": 0], ["n": 1], ["n": 2]])
        #expect(s3.rangedBytes("out/part-1.jsonl") == ItemReaderSizes.block)
    }
}

/// The engine's read sizes, as the tests expect them (``S3RangeCache``'s block: what a ranged GET asks S3 for).
enum ItemReaderSizes {
    static let block = 1 << 20
}
