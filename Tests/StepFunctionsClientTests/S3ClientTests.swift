import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StepFunctionsAPI
import Synchronization
import Testing

@testable import StepFunctionsClient

/// A small S3 on 127.0.0.1 (path style): objects in memory, ListObjectsV2 with `max-keys` paging, S3's XML errors.
/// It refuses a request whose `x-amz-content-sha256` is missing or does not match the body, or whose Authorization
/// is not a SigV4 signature for `s3`, so the client's signing inputs are checked on every call.
final class FakeS3: Sendable {
    struct Stored: Sendable {
        var body: [UInt8]
        var headers: [String: String]
    }

    let objects = Mutex<[String: Stored]>([:])
    let buckets: Set<String>
    let requests = Mutex<[String]>([])

    init(buckets: Set<String>) { self.buckets = buckets }

    func run(_ body: (String) async throws -> Void) async throws {
        let router = Router()
        for method in [HTTPRequest.Method.get, .put, .head, .delete] {
            router.on("**", method: method) { request, context in try await self.answer(request, context: context) }
        }
        var logger = Logger(label: "test.fake-s3")
        logger.logLevel = .critical
        let ports = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { ports.continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        try await withRunningService(app, ports: ports.stream, body)
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message>\(message)</Message><RequestId>REQ1</RequestId></Error>"
        return Response(status: status, headers: [.contentType: "application/xml"], body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    private func answer(_ request: Request, context: BasicRequestContext) async throws -> Response {
        var request = request
        let body = Array(buffer: try await request.collectBody(upTo: 1 << 20))
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        requests.withLock { $0.append("\(request.method.rawValue) \(request.uri.path)?\(request.uri.query ?? "")") }
        guard headers["x-amz-content-sha256"] == SigV4.hexSHA256(body) else {
            return Self.error(.badRequest, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
        }
        guard let authorization = headers["authorization"], authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
            authorization.contains("/eu-west-1/s3/aws4_request"), authorization.contains("x-amz-content-sha256")
        else { return Self.error(.forbidden, "AccessDenied", "Access Denied") }
        let path = request.uri.path.dropFirst()
        let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let bucket = String(parts[0])
        guard buckets.contains(bucket) else { return Self.error(.notFound, "NoSuchBucket", "The specified bucket does not exist") }
        let key = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : nil
        let query = request.uri.queryParameters
        switch (request.method, key) {
        case (.get, nil):
            guard query["list-type"] == "2" else { return Self.error(.badRequest, "InvalidRequest", "list-type") }
            let prefix = query["prefix"].map(String.init) ?? ""
            let all = objects.withLock { $0.keys.filter { $0.hasPrefix(prefix) }.sorted() }
            let start = query["continuation-token"].flatMap { Int($0) } ?? 0
            let maxKeys = query["max-keys"].flatMap { Int($0) } ?? 2  // small pages so that clients must follow tokens
            let page = Array(all.dropFirst(start).prefix(maxKeys))
            let truncated = start + page.count < all.count
            var xml = "<?xml version=\"1.0\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>\(bucket)</Name>"
            xml += "<Prefix>\(S3XMLElement.escape(prefix))</Prefix><KeyCount>\(page.count)</KeyCount><MaxKeys>\(maxKeys)</MaxKeys>"
            xml += "<IsTruncated>\(truncated)</IsTruncated>"
            if truncated { xml += "<NextContinuationToken>\(start + page.count)</NextContinuationToken>" }
            for name in page {
                let size = objects.withLock { $0[name]?.body.count ?? 0 }
                xml += "<Contents><Key>\(S3XMLElement.escape(name))</Key><LastModified>2024-05-01T10:00:00.000Z</LastModified>"
                xml += "<ETag>&quot;e\(size)&quot;</ETag><Size>\(size)</Size><StorageClass>STANDARD</StorageClass></Contents>"
            }
            xml += "</ListBucketResult>"
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: xml)))
        case (.put, let key?):
            if let source = headers["x-amz-copy-source"] {
                let decoded = (source.removingPercentEncoding ?? source).drop { $0 == "/" }
                let sourceKey = String(decoded.split(separator: "/", maxSplits: 1).last ?? "")
                guard let stored = objects.withLock({ $0[sourceKey] }) else { return Self.error(.notFound, "NoSuchKey", "The specified key does not exist.") }
                objects.withLock { $0[key] = stored }
                let xml = "<CopyObjectResult><LastModified>2024-05-01T10:00:00.000Z</LastModified><ETag>&quot;copied&quot;</ETag></CopyObjectResult>"
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: xml)))
            }
            var kept: [String: String] = [:]
            for (name, value) in headers where name.hasPrefix("x-amz-meta-") || name == "content-type" { kept[name] = value }
            objects.withLock { $0[key] = Stored(body: body, headers: kept) }
            return Response(status: .ok, headers: [.eTag: "\"e\(body.count)\""])
        case (.get, let key?), (.head, let key?):
            guard let stored = objects.withLock({ $0[key] }) else {
                return request.method == .head ? Response(status: .notFound) : Self.error(.notFound, "NoSuchKey", "The specified key does not exist.")
            }
            var fields = HTTPFields()
            for (name, value) in stored.headers { if let name = HTTPField.Name(name) { fields[name] = value } }
            fields[.eTag] = "\"e\(stored.body.count)\""
            fields[.lastModified] = "Wed, 01 May 2024 10:00:00 GMT"
            if request.method == .head {
                fields[.contentLength] = String(stored.body.count)
                return Response(status: .ok, headers: fields)
            }
            return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: stored.body)))
        case (.delete, let key?):
            objects.withLock { $0[key] = nil }
            return Response(status: .noContent)
        default:
            return Self.error(.methodNotAllowed, "MethodNotAllowed", "The specified method is not allowed")
        }
    }
}

@Suite("S3 client against a fake S3 on 127.0.0.1")
struct S3ClientTests {
    static func client(_ url: String) -> S3Client {
        let configuration = StepFunctionsClientConfiguration(
            endpoint: url, region: "eu-west-1", credentials: StaticCredentialProvider(IAMClientTests.credentials))
        return StepFunctionsClient(configuration: configuration, httpClient: .shared).s3Client(endpoint: url)
    }

    @Test("Put, head, get, copy, list with continuation, delete; keys with spaces and unicode")
    func roundTrip() async throws {
        let fake = FakeS3(buckets: ["data"])
        try await fake.run { url in
            let s3 = Self.client(url)
            let keys = ["in/a b.json", "in/ü.json", "in/c+d.json", "out/x.json", "in/e.json"]
            for (index, key) in keys.enumerated() {
                try await s3.putObject(
                    bucket: "data", key: key, body: Array("[\(index)]".utf8),
                    headers: [S3Pair("Content-Type", "application/json"), S3Pair("x-amz-meta-origin", "test")])
            }
            let object = try await s3.getObject(bucket: "data", key: "in/ü.json")
            #expect(String(decoding: object.body, as: UTF8.self) == "[1]")
            #expect(object.contentType == "application/json")
            #expect(object.metadata == ["origin": "test"])
            #expect(object.eTag == "\"e3\"")
            #expect(object.lastModified == Date(timeIntervalSince1970: 1_714_557_600))
            let head = try await s3.headObject(bucket: "data", key: "in/a b.json")
            #expect(head.contentLength == 3)
            #expect(head.body.isEmpty)
            let listed = try await s3.listAllObjects(bucket: "data", prefix: "in/")
            #expect(listed.map(\.key) == ["in/a b.json", "in/c+d.json", "in/e.json", "in/ü.json"])
            #expect(try await s3.listAllObjects(bucket: "data", prefix: "in/", limit: 3).count == 3)
            let copy = try await s3.copyObject(sourceBucket: "data", sourceKey: "in/c+d.json", bucket: "data", key: "out/copy.json")
            #expect(copy.result?.text("ETag") == "\"copied\"")
            #expect(String(decoding: try await s3.getObject(bucket: "data", key: "out/copy.json").body, as: UTF8.self) == "[2]")
            try await s3.deleteObject(bucket: "data", key: "out/copy.json")
            await #expect(throws: S3Error.self) { try await s3.headObject(bucket: "data", key: "out/copy.json") }
            let tokens = fake.requests.withLock { $0.filter { $0.contains("continuation-token=") } }
            #expect(!tokens.isEmpty)
        }
    }

    @Test("S3's errors become S3Error with the XML code; a body-less HEAD 404 is NoSuchKey")
    func errors() async throws {
        let fake = FakeS3(buckets: ["data"])
        try await fake.run { url in
            let s3 = Self.client(url)
            do {
                _ = try await s3.getObject(bucket: "data", key: "missing.json")
                Issue.record("expected NoSuchKey")
            } catch let error as S3Error {
                #expect(error.code == "NoSuchKey")
                #expect(error.status == 404)
                #expect(error.requestId == "REQ1")
            }
            do {
                _ = try await s3.listObjectsV2(bucket: "nope")
                Issue.record("expected NoSuchBucket")
            } catch let error as S3Error {
                #expect(error.code == "NoSuchBucket")
                #expect(error.message == "The specified bucket does not exist")
            }
            do {
                _ = try await s3.headObject(bucket: "data", key: "missing.json")
                Issue.record("expected NoSuchKey")
            } catch let error as S3Error {
                #expect(error.code == "NoSuchKey")
            }
        }
    }

    @Test("Addressing: path style on an endpoint, virtual-hosted on AWS, path style on AWS for dotted buckets")
    func addressing() {
        let configuration = StepFunctionsClientConfiguration(
            endpoint: "http://127.0.0.1:1", region: "eu-west-1", credentials: StaticCredentialProvider(IAMClientTests.credentials))
        let client = StepFunctionsClient(configuration: configuration, httpClient: .shared)
        let request = S3Request(method: "GET", bucket: "my-bucket", key: "a b/c.json", query: [S3Pair("versionId", "v 1")])
        let local = client.s3Address(request, endpoint: "http://127.0.0.1:5000/")
        #expect(local.url == "http://127.0.0.1:5000/my-bucket/a%20b/c.json?versionId=v%201")
        #expect(local.host == "127.0.0.1:5000")
        let aws = client.s3Address(request, endpoint: nil)
        #expect(aws.url == "https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b/c.json?versionId=v%201")
        #expect(aws.path == "/a%20b/c.json")
        let dotted = client.s3Address(S3Request(method: "GET", bucket: "my.bucket", key: "k"), endpoint: nil)
        #expect(dotted.url == "https://s3.eu-west-1.amazonaws.com/my.bucket/k")
    }
}
