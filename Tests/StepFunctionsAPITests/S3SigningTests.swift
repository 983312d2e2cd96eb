import Foundation
import Testing

@testable import StepFunctionsAPI

/// Known answers from the Amazon S3 API reference's SigV4 examples ("Signature Calculations for the Authorization
/// Header: Transferring Payload in a Single Chunk"): GET Object with a Range, PUT Object with a `$` in the key
/// (encoded once, as S3 signs paths), and GET Bucket (list) with a query. Plus S3's XML answers and error codes.
@Suite("S3 signing and XML")
struct S3SigningTests {
    static let credentials = AWSCredentials(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static var signer: SigV4Signer {
        var signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        signer.pathIsEncoded = true
        return signer
    }

    @Test("GET Object with Range")
    func getObject() {
        let request = SigV4Request(
            method: "GET", path: "/test.txt",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"), ("x-amz-content-sha256", Self.emptyHash),
                      ("x-amz-date", "20130524T000000Z")])
        let parts = Self.signer.signature(for: request, date: Self.date)
        #expect(parts.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(parts.authorization.contains("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"))
    }

    @Test("PUT Object: the key's $ is encoded once, the payload hash comes from x-amz-content-sha256")
    func putObject() {
        let body = Array("Welcome to Amazon S3.".utf8)
        let path = S3Request(method: "PUT", bucket: "examplebucket", key: "test$file.text").virtualHostedPath
        #expect(path == "/test%24file.text")
        let request = SigV4Request(
            method: "PUT", path: path,
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Date", "Fri, 24 May 2013 00:00:00 GMT"),
                      ("x-amz-date", "20130524T000000Z"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
                      ("x-amz-content-sha256", SigV4.hexSHA256(body))],
            body: body)
        #expect(SigV4.hexSHA256(body) == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let parts = Self.signer.signature(for: request, date: Self.date)
        #expect(parts.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test("GET Bucket (List Objects) with a query")
    func listObjects() {
        let request = SigV4Request(
            method: "GET", path: "/", query: "max-keys=2&prefix=J",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("x-amz-content-sha256", Self.emptyHash), ("x-amz-date", "20130524T000000Z")])
        let parts = Self.signer.signature(for: request, date: Self.date)
        #expect(parts.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test("Paths: path style and virtual-hosted, keys encoded per segment", arguments: [
        ("a/b c/ü.json", "/bkt/a/b%20c/%C3%BC.json", "/a/b%20c/%C3%BC.json"),
        ("x+y=z&", "/bkt/x%2By%3Dz%26", "/x%2By%3Dz%26"),
        ("dir//file", "/bkt/dir//file", "/dir//file"),
    ])
    func paths(key: String, pathStyle: String, virtual: String) {
        let request = S3Request(method: "GET", bucket: "bkt", key: key)
        #expect(request.pathStylePath == pathStyle)
        #expect(request.virtualHostedPath == virtual)
    }

    @Test("ListBucketResult parses with namespaces, entities and paging fields")
    func listResult() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bkt</Name><Prefix>in/</Prefix>
            <KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated><NextContinuationToken>tok&amp;1</NextContinuationToken>
            <Contents><Key>in/a&lt;1&gt;.json</Key><LastModified>2024-05-01T10:00:00.000Z</LastModified><ETag>&quot;abc&quot;</ETag>
            <Size>12</Size><StorageClass>STANDARD</StorageClass></Contents><Contents><Key>in/b.json</Key><Size>3</Size></Contents>
            <CommonPrefixes><Prefix>in/sub/</Prefix></CommonPrefixes></ListBucketResult>
            """
        let root = try #require(S3XMLElement.parse(Array(xml.utf8)))
        let page = S3ListPage(root: root, headers: [:])
        #expect(page.name == "bkt")
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "tok&1")
        #expect(page.contents.map(\.key) == ["in/a<1>.json", "in/b.json"])
        #expect(page.contents.first?.eTag == "\"abc\"")
        #expect(page.contents.map(\.size) == [12, 3])
        #expect(page.commonPrefixes == ["in/sub/"])
    }

    @Test("Error answers: the XML code, or the status for HEAD")
    func errors() {
        let body = Array("<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><RequestId>R1</RequestId></Error>".utf8)
        let error = S3Error(response: S3Response(status: 404, headers: [:], body: body))
        #expect(error.code == "NoSuchBucket")
        #expect(error.message == "The specified bucket does not exist")
        #expect(error.requestId == "R1")
        #expect(S3Error(response: S3Response(status: 404, headers: ["x-amz-request-id": "R2"], body: []), isObjectHead: true).code == "NoSuchKey")
        #expect(S3Error(response: S3Response(status: 403, headers: [:], body: []), isObjectHead: true).code == "Forbidden")
        #expect(S3Error(response: S3Response(status: 502, headers: [:], body: Array("<html>bad gateway</html>".utf8))).code == "InternalError")
    }

    @Test("Malformed XML is refused, never a crash", arguments: ["", "<a>", "<a><b></a>", "not xml", "<a x='>'>t</a", String(repeating: "<a>", count: 200)])
    func malformed(text: String) {
        #expect(S3XMLElement.parse(Array(text.utf8)) == nil)
    }
}
