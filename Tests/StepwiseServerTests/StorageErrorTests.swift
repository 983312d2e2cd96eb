import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StatesLanguage
import StepFunctionsAPI
import Testing

@testable import StepwiseServer

@Suite("Server faults are answered without their details")
struct StorageErrorTests {
    @Test("a storage failure (InternalFailure with SQL text) is answered with AWS's generic wording, never the SQL")
    func storageFailure() async throws {
        let backend = RecordingBackend()
        let leaked = "SQLite error 11: database disk image is malformed - while executing `SELECT * FROM execution WHERE arn = ?`"
        backend.fail("listActivities", with: StepFunctionsError(.internalFailure, leaked))
        try await withServer(backend) { client in
            let response = try await client.call("ListActivities")
            #expect(response.status == .internalServerError)
            #expect(response.errorType == "InternalFailure")
            #expect(response.message == "The request processing has failed because of an unknown error, exception or failure.")
        }
    }

    @Test("client errors keep their message")
    func clientErrorsKeepTheirMessage() async throws {
        let backend = RecordingBackend()
        backend.fail("listActivities", with: StepFunctionsError(.validationException, "bad maxResults"))
        try await withServer(backend) { client in
            let response = try await client.call("ListActivities")
            #expect(response.status == .badRequest)
            #expect(response.message == "bad maxResults")
        }
    }

    @Test("the answer for a 5xx is logged with the original error")
    func logsTheOriginal() {
        let answer = StepFunctionsRoute<RecordingBackend>.answer(
            for: StepFunctionsError(.internalFailure, "SELECT secret"), requestId: "r", logger: .init(label: "test"))
        #expect(answer.error.message.contains("SELECT") == false)
        #expect(answer.error.code == .internalFailure)
    }
}
