import Foundation
import OrderedCollections
import StatesLanguage
import Testing

@testable import StepFunctionsAPI

@Suite("Wire shapes")
struct ShapeCodingTests {
    private func json(_ value: some Encodable) throws -> JSONValue {
        try JSONValue(parsing: try StepFunctionsCoding.encode(value))
    }

    @Test("timestamps are epoch seconds and absent optionals are omitted")
    func encodesAWSWireFormat() throws {
        let output = StartExecutionOutput(
            executionArn: "arn:aws:states:us-east-1:123456789012:execution:HelloWorld:run-1",
            startDate: Date(timeIntervalSince1970: 1_700_000_000.123))
        let encoded = try json(output)
        #expect(encoded["executionArn"] == "arn:aws:states:us-east-1:123456789012:execution:HelloWorld:run-1")
        #expect(encoded["startDate"]?.doubleValue == 1_700_000_000.123)
        let describe = DescribeExecutionOutput(
            executionArn: "a", stateMachineArn: "b", status: .running, startDate: Date(timeIntervalSince1970: 5))
        let object = try #require(try json(describe).objectValue)
        #expect(Array(object.keys).sorted() == ["executionArn", "startDate", "stateMachineArn", "status"])
        #expect(object["status"] == "RUNNING")
    }

    @Test("a history event reads and writes AWS's member names")
    func historyEventRoundTrip() throws {
        let text = """
            {"timestamp":1.57E9,"type":"TaskStateEntered","id":2,"previousEventId":1,
             "stateEnteredEventDetails":{"name":"Hello","input":"{}","inputDetails":{"truncated":false}}}
            """
        let event = try StepFunctionsCoding.makeDecoder().decode(HistoryEvent.self, from: Data(text.utf8))
        #expect(event.type == .taskStateEntered)
        #expect(event.id == 2)
        #expect(event.previousEventId == 1)
        #expect(event.stateEnteredEventDetails?.name == "Hello")
        #expect(event.stateEnteredEventDetails?.inputDetails?.truncated == false)
        #expect(event.timestamp == Date(timeIntervalSince1970: 1_570_000_000))
        let back = try json(event)
        #expect(back["stateEnteredEventDetails"]?["input"] == "{}")
        #expect(back["timestamp"]?.doubleValue == 1_570_000_000)
        #expect(back["executionStartedEventDetails"] == nil)
    }

    @Test("a state machine list item without its type (as moto sends it) reads as STANDARD; one with it keeps it")
    func listItemWithoutType() throws {
        let text = """
            {"stateMachines":[
             {"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:a","name":"a","creationDate":5},
             {"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:b","name":"b","type":"EXPRESS","creationDate":6}]}
            """
        let output = try StepFunctionsCoding.makeDecoder().decode(ListStateMachinesOutput.self, from: Data(text.utf8))
        #expect(output.stateMachines.map(\.type) == [.standard, .express])
        #expect(output.stateMachines.map(\.name) == ["a", "b"])
        #expect(try json(output.stateMachines[0])["type"] == "STANDARD")
        #expect(throws: DecodingError.self) {
            try StepFunctionsCoding.makeDecoder().decode(StateMachineListItem.self, from: Data(#"{"name":"a","creationDate":5}"#.utf8))
        }
    }

    @Test("enumerations keep values they do not know")
    func unknownEnumValue() throws {
        let status = try StepFunctionsCoding.makeDecoder().decode([ExecutionStatus].self, from: Data(#"["RUNNING","NEW_STATUS"]"#.utf8))
        #expect(status == [.running, ExecutionStatus(rawValue: "NEW_STATUS")])
        #expect(HistoryEventType.allKnown.contains(.executionRedriven))
        #expect(ExecutionStatus.allKnown.map(\.rawValue) == ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"])
    }

    @Test("operations map to and from X-Amz-Target")
    func operationTargets() {
        #expect(StepFunctionsOperation(target: "AWSStepFunctions.StartExecution") == .startExecution)
        #expect(StepFunctionsOperation(target: "AWSStepFunctions.StartExecutions") == nil)
        #expect(StepFunctionsOperation(target: "StartExecution") == nil)
        #expect(StepFunctionsOperation.sendTaskHeartbeat.target == "AWSStepFunctions.SendTaskHeartbeat")
        #expect(StepFunctionsOperation.allCases.count == 37)
    }
}
