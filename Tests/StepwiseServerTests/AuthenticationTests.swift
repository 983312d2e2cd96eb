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
        authentication: .sigV4(SigV4Verifier(credentials: [key])), now: { AuthenticationTests.now })

    /// Headers of a ListActivities request signed like an SDK signs it (Host = the router's authority `localhost`).
    static func signedHeaders(_ credentials: AWSCredentials = key, body: String = "{}", date: Date = now) -> HTTPFields {
        let request = SigV4Request(
            method: "POST",
            headers: [("Host", "localhost"), ("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "AWSStepFunctions.ListActivities")],
            body: Array(body.utf8))
        let signed = SigV4Signer(credentials: credentials, region: "us-east-1").sign(request, date: date)
        var fields = HTTPFields()
        for header in signed.headers where header.name != "Host" {
            if let name = HTTPField.Name(header.name) { fields[name] = header.value }
        }
        return fields
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
