import Foundation
import Testing

@testable import StepFunctionsAPI

@Suite("SigV4 verification")
struct SigV4VerifierTests {
    static let key = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let temporary = AWSCredentials(accessKeyId: "ASIATEMP", secretAccessKey: "temp-secret", sessionToken: "token-1")
    static let now = Date(timeIntervalSince1970: 1_440_938_160)
    let verifier = SigV4Verifier(credentials: [key, temporary])

    func request(body: String = "{}") -> SigV4Request {
        SigV4Request(
            method: "POST",
            headers: [
                ("Host", "127.0.0.1:8083"), ("Content-Type", "application/x-amz-json-1.0"),
                ("X-Amz-Target", "AWSStepFunctions.ListActivities"),
            ],
            body: Array(body.utf8))
    }

    func signed(_ credentials: AWSCredentials = key, at date: Date = now, region: String = "us-east-1", service: String = "states")
        -> SigV4Request
    {
        SigV4Signer(credentials: credentials, region: region, service: service).sign(request(), date: date)
    }

    func failure(_ request: SigV4Request) -> StepFunctionsError? {
        do {
            try verifier.verify(request, now: Self.now)
            return nil
        } catch { return error }
    }

    @Test("accepts requests signed with a configured key, in any region")
    func accepts() throws {
        #expect(try verifier.verify(signed(), now: Self.now) == "AKIDEXAMPLE")
        #expect(try verifier.verify(signed(region: "eu-central-1"), now: Self.now) == "AKIDEXAMPLE")
        #expect(try verifier.verify(signed(Self.temporary), now: Self.now) == "ASIATEMP")
        #expect(try verifier.verify(signed(at: Self.now.addingTimeInterval(-299)), now: Self.now) == "AKIDEXAMPLE")
    }

    @Test("an unsigned request is MissingAuthenticationTokenException")
    func unsigned() {
        #expect(failure(request()) == StepFunctionsError(.missingAuthenticationToken, "Missing Authentication Token"))
    }

    @Test("a tampered body or wrong secret is InvalidSignatureException")
    func tampered() {
        var changed = signed()
        changed.body = Array(#"{"maxResults":1}"#.utf8)
        #expect(failure(changed)?.code == .invalidSignature)
        let wrongSecret = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-the-secret")
        #expect(failure(signed(wrongSecret))?.code == .invalidSignature)
        var changedHeader = signed()
        changedHeader.headers = changedHeader.headers.map { $0.name == "X-Amz-Target" ? ($0.name, "AWSStepFunctions.DeleteActivity") : $0 }
        #expect(failure(changedHeader)?.code == .invalidSignature)
    }

    @Test("x-amz-content-sha256 is checked against the body received, not trusted")
    func contentHash() throws {
        let original = #"{"maxResults":1}"#
        var unsignedRequest = request(body: original)
        unsignedRequest.headers.append((name: "X-Amz-Content-Sha256", value: SigV4.hexSHA256(Array(original.utf8))))
        let signer = SigV4Signer(credentials: Self.key, region: "us-east-1", service: "states")
        let good = signer.sign(unsignedRequest, date: Self.now)
        #expect(try verifier.verify(good, now: Self.now) == "AKIDEXAMPLE")
        // A captured request replayed with another body but the same (signed) header is refused.
        var swapped = good
        swapped.body = Array(#"{"maxResults":1000}"#.utf8)
        #expect(failure(swapped) == StepFunctionsError(.invalidSignature, SigV4Verifier.signatureMismatch))
        // UNSIGNED-PAYLOAD is refused even when the signature covers it.
        var unsignedPayload = request(body: original)
        unsignedPayload.headers.append((name: "X-Amz-Content-Sha256", value: "UNSIGNED-PAYLOAD"))
        #expect(failure(signer.sign(unsignedPayload, date: Self.now))?.code == .invalidSignature)
    }

    @Test("an unknown key or a missing session token is UnrecognizedClientException")
    func unrecognized() {
        let stranger = AWSCredentials(accessKeyId: "AKIDSTRANGER", secretAccessKey: "x")
        #expect(failure(signed(stranger)) == StepFunctionsError(.unrecognizedClient, "The security token included in the request is invalid."))
        let noToken = AWSCredentials(accessKeyId: "ASIATEMP", secretAccessKey: "temp-secret")
        #expect(failure(signed(noToken))?.code == .unrecognizedClient)
    }

    @Test("requests outside the clock skew are InvalidSignatureException")
    func clockSkew() throws {
        let old = try #require(failure(signed(at: Self.now.addingTimeInterval(-301))))
        #expect(old.code == .invalidSignature)
        #expect(old.message.hasPrefix("Signature expired: 20150830T123059Z is now earlier than 20150830T123100Z"))
        #expect(failure(signed(at: Self.now.addingTimeInterval(301)))?.code == .invalidSignature)
    }

    @Test(
        "malformed Authorization headers are IncompleteSignatureException",
        arguments: [
            "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/states/aws4_request, Signature=abc",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830, SignedHeaders=host, Signature=abc",
            "Basic dXNlcjpwYXNz",
        ])
    func incomplete(header: String) {
        var request = signed()
        request.headers = request.headers.map { $0.name == "Authorization" ? ($0.name, header) : $0 }
        #expect(failure(request)?.code == .incompleteSignature)
    }

    @Test("a missing X-Amz-Date is IncompleteSignatureException; another service's scope is rejected")
    func dateAndScope() {
        var noDate = signed()
        noDate.headers.removeAll { $0.name == "X-Amz-Date" }
        #expect(failure(noDate)?.code == .incompleteSignature)
        #expect(failure(signed(service: "dynamodb"))?.code == .invalidSignature)
    }

    @Test("credentials from the command line form")
    func colonSeparated() {
        #expect(AWSCredentials(colonSeparated: "AKID:secret/key+1") == AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret/key+1"))
        #expect(AWSCredentials(colonSeparated: "ASIA:s:tok")?.sessionToken == "tok")
        #expect(AWSCredentials(colonSeparated: "AKID") == nil)
        #expect(AWSCredentials(colonSeparated: "AKID::") == nil)
        #expect(AWSCredentials(colonSeparated: "a:b:c:d") == nil)
    }

    @Test("constant-time comparison")
    func compare() {
        #expect(SigV4Verifier.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!SigV4Verifier.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!SigV4Verifier.constantTimeEqual([1, 2], [1, 2, 3]))
        #expect(SigV4Verifier.hexBytes("0aFf") == nil)
        #expect(SigV4Verifier.hexBytes("0aff") == [0x0A, 0xFF])
    }

    @Test("with a region, a credential scoped to another region is InvalidSignatureException")
    func region() throws {
        let scoped = SigV4Verifier(credentials: [Self.key], region: "us-east-1")
        #expect(try scoped.verify(signed(), now: Self.now) == "AKIDEXAMPLE")
        #expect(throws: StepFunctionsError(.invalidSignature, "Credential should be scoped to a valid region. ")) {
            try scoped.verify(signed(region: "eu-central-1"), now: Self.now)
        }
    }

    @Test("an x-amz-* header sent but not signed is InvalidSignatureException, whatever its case")
    func unsignedAmzHeaders() {
        var untargeted = request()
        untargeted.headers.removeAll { $0.name == "X-Amz-Target" }
        var replayed = SigV4Signer(credentials: Self.key, region: "us-east-1").sign(untargeted, date: Self.now)
        replayed.headers.append((name: "x-AMZ-target", value: "AWSStepFunctions.DeleteActivity"))
        #expect(failure(replayed) == StepFunctionsError(.invalidSignature, "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."))
        var doubled = signed()  // a second target next to the signed one breaks the signature
        doubled.headers.append((name: "X-Amz-Target", value: "AWSStepFunctions.DeleteActivity"))
        #expect(failure(doubled)?.code == .invalidSignature)
        var extra = signed()
        extra.headers.append((name: "X-Amz-Foo", value: "1"))
        #expect(failure(extra)?.message == "'X-Amz-Foo' must be a 'SignedHeader' in the AWS Authorization.")
        var trace = signed()
        trace.headers.append((name: "X-Amzn-Trace-Id", value: "Root=1-abc"))  // not x-amz-: a proxy may add it
        #expect(failure(trace) == nil)
    }
}
