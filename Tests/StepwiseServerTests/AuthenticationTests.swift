import Foundation
import HTTPTypes
import Hummingbird
import StatesLanguage
import StepFunctionsAPI
import Testing

@testable import StepwiseServer

@Suite("SigV4 authentication (--auth)")
struct AuthenticationTests {
    static let key = AWSCredentials(accessKeyId: "AKIDSTEPWISE", secretAccessKey: "stepwise-secret-key")
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let configuration = ServerConfiguration(
        authentication: .sigV4(SigV4Verifier(credentials: [key], region: "us-east-1")), now: { AuthenticationTests.now })

    /// Headers of a ListActivities request signed like an SDK signs it (Host = the router's authority `localhost`).
    /// `unsigned` headers are added after signing, as an attacker replaying the request would add them.
    static func signedHeaders(
        _ credentials: AWSCredentials = key, body: String = "{}", date: Date = now, region: String = "us-east-1",
        target: String? = "AWSStepFunctions.ListActivities", unsigned: [(String, String)] = []
    ) -> HTTPFields {
        var headers = [("Host", "localhost"), ("Content-Type", "application/x-amz-json-1.0")]
        if let target { headers.append(("X-Amz-Target", target)) }
        let request = SigV4Request(method: "POST", headers: headers, body: Array(body.utf8))
        let signed = SigV4Signer(credentials: credentials, region: region).sign(request, date: date)
        var fields = HTTPFields()
        for header in signed.headers + unsigned where header.name != "Host" {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return fields
    }

    @Test("a credential scoped to another region is refused as AWS refuses it")
    func otherRegion() async throws {
        let backend = RecordingBackend()
        try await withServer(backend, configuration: Self.configuration) { client in
            let response = try await client.send(method: .post, headers: Self.signedHeaders(region: "eu-west-1"), body: "{}")
            #expect(response.status == .badRequest)
            #expect(response.errorType == "InvalidSignatureException")
            #expect(response.message == "Credential should be scoped to a valid region. ")
        }
        #expect(backend.calls.isEmpty)
    }

    @Test(
        "every x-amz-* header sent must be signed: an unsigned target cannot redirect a captured request",
        arguments: [
            ("X-Amz-Target", "AWSStepFunctions.DeleteActivity", "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."),
            ("X-Amz-Meta", "x", "'X-Amz-Meta' must be a 'SignedHeader' in the AWS Authorization."),
        ])
    func unsignedAmzHeaders(_ name: String, _ value: String, _ message: String) async throws {
        let backend = RecordingBackend()
        try await withServer(backend, configuration: Self.configuration) { client in
            let headers = Self.signedHeaders(target: name == "X-Amz-Target" ? nil : "AWSStepFunctions.ListActivities", unsigned: [(name, value)])
            let response = try await client.send(method: .post, headers: headers, body: "{}")
            #expect(response.status == .badRequest)
            #expect(response.errorType == "InvalidSignatureException")
            #expect(response.message == message)
        }
        #expect(backend.calls.isEmpty)
    }

    @Test("signed requests pass; unsigned and wrongly signed requests get AWS's errors")
    func verification() async throws {
        let backend = RecordingBackend()
        try await withServer(backend, configuration: Self.configuration) { client in
            let ok = try await client.send(method: .post, headers: Self.signedHeaders(), body: "{}")
            #expect(ok.status == .ok)

            let unsigned = try await client.call("ListActivities")
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.errorType == "MissingAuthenticationTokenException")

            let stranger = AWSCredentials(accessKeyId: "AKIDOTHER", secretAccessKey: "x")
            let unknown = try await client.send(method: .post, headers: Self.signedHeaders(stranger), body: "{}")
            #expect(unknown.errorType == "UnrecognizedClientException")

            let tampered = try await client.send(method: .post, headers: Self.signedHeaders(), body: #"{"maxResults":5}"#)
            #expect(tampered.errorType == "InvalidSignatureException")

            let stale = try await client.send(method: .post, headers: Self.signedHeaders(date: Self.now.addingTimeInterval(-3600)), body: "{}")
            #expect(stale.errorType == "InvalidSignatureException")
            #expect(stale.message?.hasPrefix("Signature expired") == true)
        }
        #expect(backend.calls.count == 1)
    }

    @Test("without --auth any credentials and unsigned requests are accepted")
    func acceptAny() async throws {
        try await withServer { client in
            let stranger = AWSCredentials(accessKeyId: "AKIDOTHER", secretAccessKey: "x")
            let signed = try await client.send(method: .post, headers: Self.signedHeaders(stranger), body: "{}")
            #expect(signed.status == .ok)
            let unsigned = try await client.call("ListActivities")
            #expect(unsigned.status == .ok)
        }
    }
}
