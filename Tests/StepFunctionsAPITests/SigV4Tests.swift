import Crypto
import Foundation
import Testing

@testable import StepFunctionsAPI

/// Known answers: the IAM `ListUsers` example of AWS's SigV4 documentation (canonical request, hashed canonical
/// request `f536975d...`, signing key and signature `5d672d79...` as published), and Step Functions requests whose
/// expected values were computed once with botocore's `SigV4Auth` for the same keys and date.
@Suite("SigV4")
struct SigV4Tests {
    static let documentation = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let startExecutionBody = Array(
        #"{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld","input":"{\"a\": 1}"}"#.utf8)

    @Test("AWS's documented example: IAM ListUsers")
    func documentationExample() {
        let request = SigV4Request(
            method: "GET", path: "/", query: "Action=ListUsers&Version=2010-05-08",
            headers: [("Host", "iam.amazonaws.com"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")])
        let signer = SigV4Signer(credentials: Self.documentation, region: "us-east-1", service: "iam")
        let signed = signer.sign(request, date: Self.date)
        #expect(signed.header("X-Amz-Date") == "20150830T123600Z")
        var unsigned = signed
        unsigned.headers.removeAll { $0.name == "Authorization" }
        let parts = signer.signature(for: unsigned, date: Self.date)
        #expect(
            parts.canonicalRequest == """
                GET
                /
                Action=ListUsers&Version=2010-05-08
                content-type:application/x-www-form-urlencoded; charset=utf-8
                host:iam.amazonaws.com
                x-amz-date:20150830T123600Z

                content-type;host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(
            parts.stringToSign == """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/iam/aws4_request
                f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59
                """)
        let key = SigV4.signingKey(secretAccessKey: Self.documentation.secretAccessKey, date: "20150830", region: "us-east-1", service: "iam")
        #expect(key.withUnsafeBytes { SigV4.hex($0) } == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
        #expect(parts.signature == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
        #expect(
            signed.header("Authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        )
    }

    @Test("Step Functions StartExecution (botocore's answer)")
    func startExecution() {
        let request = SigV4Request(
            method: "POST",
            headers: [
                ("Host", "states.us-east-1.amazonaws.com"), ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "AWSStepFunctions.StartExecution"), ("User-Agent", "ignored/1.0"),
            ],
            body: Self.startExecutionBody)
        let signed = SigV4Signer(credentials: Self.documentation, region: "us-east-1").sign(request, date: Self.date)
        #expect(
            signed.header("Authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/states/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=e11c8bf8143bef1af75a90096c8937d78396b7868037a2ae2e9490bbae4fa30e"
        )
        #expect(SigV4.hexSHA256(Self.startExecutionBody) == "8aa493d4976d52a5535200f7e7b3513117aba7198d7d2475462640366bb6cc0b")
    }

    @Test("session tokens are sent and signed (botocore's answer)")
    func sessionToken() {
        let credentials = AWSCredentials(
            accessKeyId: "ASIAEXAMPLETEMP", secretAccessKey: "tempSecretKeyEXAMPLE/abc+def", sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN//+==")
        let request = SigV4Request(
            method: "POST",
            headers: [
                ("Host", "states.eu-west-1.amazonaws.com"), ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "AWSStepFunctions.StartExecution"),
            ],
            body: Self.startExecutionBody)
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-1")
        let signed = signer.sign(request, date: Self.date)
        #expect(signed.header("X-Amz-Security-Token") == "IQoJb3JpZ2luX2VjEXAMPLETOKEN//+==")
        #expect(
            signed.header("Authorization")
                == "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLETEMP/20150830/eu-west-1/states/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=58d9f9df2798c023d158594bfbeed9897b7947d6e919b2e281a08a29e7dc438d"
        )
        #expect(!credentials.description.contains("tempSecret"))
        #expect(!credentials.description.contains("IQoJ"))
    }

    @Test("paths, queries and header values are canonicalized (botocore's answer)")
    func canonicalization() {
        let request = SigV4Request(
            method: "GET", path: "/a%20b/./c/../d", query: "z=last&a=2&a=1&sp=x%20y&tilde=~&empty=",
            headers: [("Host", "127.0.0.1:8083"), ("X-Custom", "  spaced   value  ")])
        let signer = SigV4Signer(credentials: Self.documentation, region: "us-east-1")
        let signed = signer.sign(request, date: Self.date)
        #expect(SigV4.canonicalURI("/a%20b/./c/../d") == "/a%2520b/d")
        #expect(SigV4.canonicalQuery("z=last&a=2&a=1&sp=x%20y&tilde=~&empty=") == "a=1&a=2&empty=&sp=x%20y&tilde=~&z=last")
        #expect(
            signed.header("Authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/states/aws4_request, SignedHeaders=host;x-amz-date;x-custom, Signature=415022bc633f9c823e0c3c4d3921353829e330fcd2317fb801bad7110eb8342b"
        )
    }

    @Test("X-Amz-Date parses and prints")
    func dates() {
        #expect(SigV4.amzDate(Self.date) == "20150830T123600Z")
        #expect(SigV4.parseAmzDate("20150830T123600Z") == Self.date)
        #expect(SigV4.parseAmzDate("20150830T123600") == nil)
        #expect(SigV4.parseAmzDate("20151330T123600Z") == nil)
        #expect(SigV4.parseAmzDate("2015-08-30T12:36:00Z") == nil)
    }
}
