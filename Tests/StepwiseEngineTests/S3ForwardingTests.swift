import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import Synchronization
import Testing

/// `arn:aws:states:::aws-sdk:s3:*`: the SDK-style Parameters become S3's REST request (path, query, headers, body)
/// and S3's answer the SDK's PascalCase output; S3's errors are named `S3.<Code>Exception` as the developer guide's
/// "AWS SDK service integrations" page says. Driven through ``ServiceForwarding`` with a recording S3 sender.
@Suite("Engine: aws-sdk:s3 forwarding")
struct S3ForwardingTests {
    final class Recorder: Sendable {
        let requests = Mutex<[S3Request]>([])
        let answer: @Sendable (S3Request) -> S3Response

        init(_ answer: @escaping @Sendable (S3Request) -> S3Response) { self.answer = answer }

        var forwarding: ServiceForwarding {
            ServiceForwarding(
                send: { _ in ServiceResponse(status: 500, headers: [:], body: []) },
                s3: S3Client { request in
                    self.requests.withLock { $0.append(request) }
                    return self.answer(request)
                })
        }
    }

    static func call(_ forwarding: ServiceForwarding, _ action: String, _ parameters: JSONValue) async throws -> IntegrationResult {
        let handler = try #require(forwarding.handler(forResource: "arn:aws:states:::aws-sdk:s3:\(action)"))
        return await handler(parameters.jsonString(), "token")
    }

    /// The output with every object's members in key order (objects keep their insertion order, which is not the point).
    static func output(_ result: IntegrationResult) throws -> JSONValue {
        guard case .success(let text) = result else {
            Issue.record("expected success, got \(result)")
            return .null
        }
        return sorted(try JSONValue(parsing: text))
    }

    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var result = JSONObject()
            for key in object.keys.sorted() { result[key] = sorted(object[key] ?? .null) }
            return .object(result)
        case .array(let items): return .array(items.map(sorted))
        default: return value
        }
    }

    @Test("PutObject: a JSON Body is sent as its text; ContentType, Metadata and StorageClass become headers")
    func putObject() async throws {
        let recorder = Recorder { _ in S3Response(status: 200, headers: ["etag": "\"abc\"", "x-amz-version-id": "v1", "x-amz-request-id": "R"], body: []) }
        let result = try await Self.call(recorder.forwarding, "putObject", [
            "Bucket": "b", "Key": "dir/a b.json", "Body": ["n": 1], "ContentType": "application/json",
            "Metadata": ["Origin": "x"], "StorageClass": "STANDARD_IA",
        ])
        #expect(try Self.output(result) == Self.sorted(["ETag": "\"abc\"", "VersionId": "v1"]))
        let request = try #require(recorder.requests.withLock { $0.first })
        #expect(request.method == "PUT" && request.bucket == "b" && request.key == "dir/a b.json")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"n":1}"#)
        #expect(Set(request.headers) == [
            S3Pair("Content-Type", "application/json"), S3Pair("x-amz-meta-origin", "x"), S3Pair("x-amz-storage-class", "STANDARD_IA"),
        ])
    }

    @Test("GetObject: Body as text, headers as the SDK's members, LastModified as ISO 8601, VersionId as a query")
    func getObject() async throws {
        let recorder = Recorder { _ in
            S3Response(
                status: 200,
                headers: ["content-type": "text/plain", "content-length": "5", "etag": "\"e\"", "last-modified": "Wed, 01 May 2024 10:00:00 GMT",
                          "x-amz-meta-k": "v", "accept-ranges": "bytes"],
                body: Array("hello".utf8))
        }
        let result = try await Self.call(recorder.forwarding, "getObject", ["Bucket": "b", "Key": "k", "VersionId": "v 2", "Range": "bytes=0-4"])
        #expect(try Self.output(result) == Self.sorted([
            "Body": "hello", "ContentType": "text/plain", "ContentLength": 5, "ETag": "\"e\"", "LastModified": "2024-05-01T10:00:00Z",
            "Metadata": ["k": "v"], "AcceptRanges": "bytes",
        ]))
        let request = try #require(recorder.requests.withLock { $0.first })
        #expect(request.query == [S3Pair("versionId", "v 2")] && request.headers == [S3Pair("Range", "bytes=0-4")])
    }

    static let errorCases: [(JSONValue, String, Int, String, String)] = [
        (["Bucket": "b", "Key": "k"], "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>", 404,
         "S3.NoSuchKeyException", "The specified key does not exist. (Service: S3, Status Code: 404, Request ID: R9)"),
        (["Bucket": "b", "Key": "k"], "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", 403,
         "S3.AccessDeniedException", "Access Denied (Service: S3, Status Code: 403"),
        (["Bucket": "b", "Key": "k"], "", 403, "S3.S3Exception", "null (Service: S3, Status Code: 403"),
        (["Bucket": "b"], "", 200, "States.Runtime", "The field 'Key' is required by S3.GetObject"),
        (["Bucket": "b", "Key": "k", "Bogus": true], "", 200, "States.Runtime", "The field 'Bogus' is not supported by S3.GetObject"),
    ]

    @Test("Errors: S3.<Code>Exception with the SDK's cause; bad parameters fail with States.Runtime", arguments: errorCases)
    func errors(parameters: JSONValue, body: String, status: Int, error: String, cause: String) async throws {
        let recorder = Recorder { _ in S3Response(status: status, headers: ["x-amz-request-id": "R9"], body: Array(body.utf8)) }
        let result = try await Self.call(recorder.forwarding, "getObject", parameters)
        guard case .failure(let name, let text) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(name == error)
        #expect(text.hasPrefix(cause))
    }

    @Test("ListObjectsV2 and CopyObject map their members; other S3 actions are not served")
    func listAndCopy() async throws {
        let recorder = Recorder { request in
            if request.method == "PUT" {
                return S3Response(status: 200, headers: [:], body: Array("<CopyObjectResult><ETag>&quot;c&quot;</ETag><LastModified>2024-05-01T10:00:00.000Z</LastModified></CopyObjectResult>".utf8))
            }
            let xml = """
                <ListBucketResult><Name>b</Name><Prefix>p/</Prefix><KeyCount>1</KeyCount><MaxKeys>10</MaxKeys><IsTruncated>false</IsTruncated>
                <Contents><Key>p/x</Key><Size>3</Size><ETag>&quot;e&quot;</ETag><LastModified>2024-05-01T10:00:00.000Z</LastModified><StorageClass>STANDARD</StorageClass></Contents>
                <CommonPrefixes><Prefix>p/sub/</Prefix></CommonPrefixes></ListBucketResult>
                """
            return S3Response(status: 200, headers: [:], body: Array(xml.utf8))
        }
        let listed = try Self.output(try await Self.call(recorder.forwarding, "listObjectsV2", ["Bucket": "b", "Prefix": "p/", "Delimiter": "/", "MaxKeys": 10]))
        #expect(listed == Self.sorted([
            "Name": "b", "Prefix": "p/", "KeyCount": 1, "MaxKeys": 10, "IsTruncated": false,
            "Contents": [["Key": "p/x", "Size": 3, "ETag": "\"e\"", "LastModified": "2024-05-01T10:00:00.000Z", "StorageClass": "STANDARD"]],
            "CommonPrefixes": [["Prefix": "p/sub/"]],
        ]))
        let query = try #require(recorder.requests.withLock { $0.first?.query })
        #expect(query.contains(S3Pair("delimiter", "/")) && query.contains(S3Pair("max-keys", "10")) && query.contains(S3Pair("list-type", "2")))
        let copied = try Self.output(try await Self.call(recorder.forwarding, "copyObject", ["Bucket": "b", "Key": "to", "CopySource": "src/a%20b"]))
        #expect(copied["CopyObjectResult"] == Self.sorted(["ETag": "\"c\"", "LastModified": "2024-05-01T10:00:00.000Z"]))
        let copy = try #require(recorder.requests.withLock { $0.last })
        #expect(copy.headers.first == S3Pair("x-amz-copy-source", "/src/a%20b"))
        #expect(recorder.forwarding.handler(forResource: "arn:aws:states:::aws-sdk:s3:createBucket") == nil)
        #expect(ServiceForwarding(send: { _ in ServiceResponse(status: 200, headers: [:], body: []) }).handler(
            forResource: "arn:aws:states:::aws-sdk:s3:getObject") == nil)
    }
}
