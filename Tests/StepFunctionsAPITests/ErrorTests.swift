import StatesLanguage
import Testing

@testable import StepFunctionsAPI

@Suite("Errors")
struct ErrorTests {
    @Test("renders __type and message")
    func rendersAWSBody() throws {
        let error = StepFunctionsError(.executionDoesNotExist, "Execution Does Not Exist: 'arn:x'")
        let body = try JSONValue(parsing: error.jsonBody)
        #expect(body == ["__type": "ExecutionDoesNotExist", "message": "Execution Does Not Exist: 'arn:x'"])
        #expect(error.httpStatus == 400)
        let notFound = StepFunctionsError(.resourceNotFound, "Resource not found", resourceName: "arn:y")
        #expect(try JSONValue(parsing: notFound.jsonBody)["resourceName"] == "arn:y")
    }

    @Test(
        "statuses follow AWS",
        arguments: [
            (StepFunctionsError.Code.validationException, 400), (.invalidArn, 400), (.taskTimedOut, 400),
            (.unknownOperationException, 400), (.internalFailure, 500), (.serviceUnavailable, 503),
            (.missingAuthenticationToken, 400), (.invalidSignature, 400), (.unrecognizedClient, 400), (.invalidClientTokenId, 403),
        ])
    func statuses(code: StepFunctionsError.Code, status: Int) {
        #expect(code.httpStatus == status)
    }

    @Test("parses AWS error bodies with namespaces")
    func parsesNamespacedType() throws {
        let body = #"{"__type":"com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist","message":"gone"}"#
        let error = try #require(StepFunctionsError(jsonBody: Array(body.utf8)))
        #expect(error.code == .stateMachineDoesNotExist)
        #expect(error.message == "gone")
        let coral = #"{"__type":"com.amazon.coral.service#UnrecognizedClientException","Message":"bad token"}"#
        #expect(StepFunctionsError(jsonBody: Array(coral.utf8))?.code == .unrecognizedClient)
        #expect(StepFunctionsError(jsonBody: Array("not json".utf8)) == nil)
    }

    @Test("codes match in catch clauses")
    func catchByCode() {
        func fail() throws { throw StepFunctionsError(.taskTimedOut, "Task Timed Out") }
        var caught = false
        do { try fail() } catch StepFunctionsError.Code.taskTimedOut { caught = true } catch {}
        #expect(caught)
    }
}

@Suite("Error wording recorded from AWS")
struct RecordedWordingTests {
    @Test("not-found and already-exists errors")
    func wording() {
        let machine = "arn:aws:states:us-east-1:111111111111:stateMachine:M"
        #expect(StepFunctionsError.stateMachineDoesNotExist(machine).message == "State Machine Does Not Exist: '\(machine)'")
        #expect(StepFunctionsError.stateMachineAlreadyExists(machine).message == "State Machine Already Exists: '\(machine)'")
        #expect(StepFunctionsError.executionDoesNotExist("e").message == "Execution Does Not Exist: 'e'")
        #expect(StepFunctionsError.activityDoesNotExist("a").message == "Activity Does Not Exist: 'a'")
        #expect(StepFunctionsError.stateMachineTypeNotSupported().message == "This operation is not supported by this type of state machine")
        #expect(StepFunctionsError.resourceNotFound("r").resourceName == "r")
    }
}
