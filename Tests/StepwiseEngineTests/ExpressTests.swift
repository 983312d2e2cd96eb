import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

@Suite("Engine: EXPRESS state machines and StartSyncExecution")
struct ExpressTests {
    static let pass = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, 1)"}, "End": true}}}"#
    static let fail = #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Bad.Thing", "Cause": "it broke"}}}"#

    @Test func syncExecutionReturnsTheResult() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(name: "Fast", definition: Self.pass, type: .express)
            #expect(try engine.describeStateMachine(stateMachineArn: machine.stateMachineArn).type.rawValue == "EXPRESS")
            #expect(try engine.listStateMachines().stateMachines.first?.type.rawValue == "EXPRESS")
            let result = try await engine.startSyncExecution(
                .init(stateMachineArn: machine.stateMachineArn, name: "once", input: #"{"a": 41}"#))
            #expect(result.status == .succeeded)
            #expect(try json(result.output) == ["sum": 42])
            #expect(result.name == "once")
            #expect(result.executionArn.hasPrefix("arn:aws:states:us-east-1:123456789012:express:Fast:once:"))
            #expect(result.stateMachineArn == machine.stateMachineArn)
            #expect(result.stopDate >= result.startDate)
            #expect(result.billingDetails?.billedMemoryUsedInMB == 64)
            #expect(result.billingDetails?.billedDurationInMilliseconds == 100)
            #expect(result.error == nil)
            // Names of EXPRESS executions may repeat: each run gets its own ARN.
            let again = try await engine.startSyncExecution(.init(stateMachineArn: machine.stateMachineArn, name: "once"))
            #expect(again.executionArn != result.executionArn)
            #expect(again.status == .failed)  // $.a is missing
            #expect(again.error != nil)
        }
    }

    @Test func failureIsAResultNotAnError() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(name: "Failing", definition: Self.fail, type: .express)
            let result = try await engine.startSyncExecution(.init(stateMachineArn: machine.stateMachineArn))
            #expect(result.status == .failed)
            #expect(result.error == "Bad.Thing")
            #expect(result.cause == "it broke")
            #expect(result.output == nil)
        }
    }

    @Test func standardMachinesAreRefused() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(name: "Std", definition: Self.pass)
            #expect(try engine.describeStateMachine(stateMachineArn: machine.stateMachineArn).type.rawValue == "STANDARD")
            #expect(await awsError {
                _ = try await engine.startSyncExecution(.init(stateMachineArn: machine.stateMachineArn))
            } == "StateMachineTypeNotSupported")
            #expect(await awsError {
                _ = try await engine.startSyncExecution(.init(stateMachineArn: machine.stateMachineArn + "x"))
            } == "StateMachineDoesNotExist")
            // The type is part of the machine: creating it again as EXPRESS is another machine.
            #expect(await awsError {
                _ = try await engine.createStateMachine(name: "Std", definition: Self.pass, type: .express)
            } == "StateMachineAlreadyExists")
        }
    }

    @Test func asyncExpressExecutionsRunAndTimeOutAfterFiveMinutes() async throws {
        try await withTestEngine { engine, clock in
            let machine = try await engine.createStateMachine(
                name: "Slow", definition: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 600, "End": true}}}"#,
                type: .express)
            let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "slow")
            #expect(ResourceNames.isExpressExecutionArn(run.executionArn))
            #expect(try engine.describeExecution(executionArn: run.executionArn).status == .running)
            clock.advance(by: .seconds(300))
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.status == .timedOut)
            #expect(done.error == nil)  // AWS describes a TIMED_OUT execution without error or cause
            #expect(done.redriveStatus == .notRedrivable)
            // No AWS-style history for EXPRESS executions, and no redrive.
            #expect(await awsError { _ = try engine.getExecutionHistory(executionArn: run.executionArn) } == "InvalidArn")
            #expect(await awsError { try await engine.redriveExecution(executionArn: run.executionArn) } == "InvalidArn")
            #expect(try engine.describeStateMachineForExecution(executionArn: run.executionArn).name == "Slow")
        }
    }
}
