import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine
import StepwiseTesting
import Testing

@Suite("Engine: state machine versions, aliases and Express rules")
struct VersionsAliasesTests {
    static func pass(_ value: Int) -> String { #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": \#(value), "End": true}}}"# }

    @Test(arguments: [
        (25, 0, "v1"), (25, 24, "v1"), (25, 25, "v2"), (25, 99, "v2"), (100, 99, "v1"), (0, 0, "v2"), (50, 49, "v1"), (50, 50, "v2"),
    ])
    func aliasRoutesARollByWeight(firstWeight: Int, roll: Int, expected: String) {
        let routing = [("v1", firstWeight), ("v2", 100 - firstWeight)].map { (stateMachineVersionArn: $0.0, weight: $0.1) }
        #expect(StepwiseEngine.route(routing, roll: roll) == expected)
    }

    @Test func aRollCoversEachRouteInProportion() {
        let routing = [(stateMachineVersionArn: "a", weight: 30), (stateMachineVersionArn: "b", weight: 70)]
        let counts = Dictionary(grouping: 0..<100) { StepwiseEngine.route(routing, roll: $0) ?? "" }.mapValues(\.count)
        #expect(counts == ["a": 30, "b": 70])
    }

    @Test func publishingIsIdempotentAndNumbersAreNotReused() async throws {
        try await withTestEngine { engine, _ in
            let arn = try await engine.createStateMachine(name: "V", definition: Self.pass(1)).stateMachineArn
            let first = try await engine.publishStateMachineVersion(.init(stateMachineArn: arn))
            #expect(first.stateMachineVersionArn == arn + ":1")
            #expect(try await engine.publishStateMachineVersion(.init(stateMachineArn: arn)).stateMachineVersionArn == arn + ":1")
            try await engine.updateStateMachine(stateMachineArn: arn, definition: Self.pass(2))
            #expect(try await engine.publishStateMachineVersion(.init(stateMachineArn: arn)).stateMachineVersionArn == arn + ":2")
            _ = try await engine.deleteStateMachineVersion(.init(stateMachineVersionArn: arn + ":2"))
            try await engine.updateStateMachine(stateMachineArn: arn, definition: Self.pass(3))
            #expect(try await engine.publishStateMachineVersion(.init(stateMachineArn: arn)).stateMachineVersionArn == arn + ":3")
            let listed = try await engine.listStateMachineVersions(.init(stateMachineArn: arn)).stateMachineVersions
            #expect(listed.map(\.stateMachineVersionArn) == [arn + ":3", arn + ":1"])
            await #expect(throws: StepFunctionsError.self) {
                try await engine.publishStateMachineVersion(.init(stateMachineArn: arn, revisionId: "INITIAL"))
            }
        }
    }

    @Test func aMachineHasAtMostAThousandVersions() async throws {
        try await withTestEngine { engine, _ in
            let arn = try await engine.createStateMachine(name: "Many", definition: Self.pass(0)).stateMachineArn
            for value in 1...StepwiseEngine.maxVersionsPerStateMachine {
                try await engine.updateStateMachine(stateMachineArn: arn, definition: Self.pass(value))
                _ = try await engine.publishStateMachineVersion(.init(stateMachineArn: arn))
            }
            try await engine.updateStateMachine(stateMachineArn: arn, definition: Self.pass(-1))
            let refused = await #expect(throws: StepFunctionsError.self) {
                try await engine.publishStateMachineVersion(.init(stateMachineArn: arn))
            }
            #expect(refused?.code == .serviceQuotaExceededException)
        }
    }

    @Test func anAliasStartsItsVersionAndDescribesIt() async throws {
        try await withTestEngine { engine, _ in
            let arn = try await engine.createStateMachine(name: "A", definition: Self.pass(1)).stateMachineArn
            _ = try await engine.publishStateMachineVersion(.init(stateMachineArn: arn))
            try await engine.updateStateMachine(stateMachineArn: arn, definition: Self.pass(2))
            let alias = try await engine.createStateMachineAlias(
                .init(name: "live", routingConfiguration: [.init(stateMachineVersionArn: arn + ":1", weight: 100)]))
            let run = try await engine.startExecution(stateMachineArn: alias.stateMachineAliasArn)
            let done = try await engine.awaitExecution(executionArn: run.executionArn)
            #expect(done.output == "1")
            let qualifiers = engine.versionAndAlias(ofExecution: run.executionArn)
            #expect(qualifiers.versionArn == arn + ":1")
            #expect(qualifiers.aliasArn == alias.stateMachineAliasArn)
            await #expect(throws: StepFunctionsError.self) {
                try await engine.deleteStateMachineVersion(.init(stateMachineVersionArn: arn + ":1"))
            }
            try await engine.deleteStateMachine(stateMachineArn: arn)
            await #expect(throws: StepFunctionsError.self) {
                try await engine.describeStateMachineAlias(.init(stateMachineAliasArn: alias.stateMachineAliasArn))
            }
        }
    }

    @Test(arguments: [
        ("arn:aws:states:us-east-1:123456789012:activity:Work", "Activity ARN"),
        ("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "'.waitForTaskToken' service integration "),
        ("arn:aws:states:::states:startExecution.sync:2", "'.sync' service integration"),
        ("arn:aws:states:::batch:submitJob.sync", "'.sync' service integration"),
        ("arn:aws:states:::lambda:invoke", nil),
        ("arn:aws:lambda:us-east-1:123456789012:function:f", nil),
    ] as [(String, String?)])
    func expressDefinitionsRefuseActivitiesAndCallbacks(resource: String, reason: String?) {
        let definition = #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "\#(resource)", "End": true}}}"#
        let diagnostics = StepwiseEngine.expressDefinitionDiagnostics(definition)
        #expect(diagnostics.first?.message == reason.map { "Express state machine does not support \($0)" })
        #expect(diagnostics.first.map(\.path) == (reason == nil ? nil : "/States/T/Resource"))
    }

    @Test(arguments: [
        (#"{"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.r", "Next": "N"}"#, #"{"x": 0}"#, TestExecutionStatus.succeeded, "N"),
        (#"{"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "One"}], "Default": "Other"}"#, #"{"x": 1}"#, .succeeded, "One"),
        (#"{"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "One"}], "Default": "Other"}"#, #"{"x": 2}"#, .succeeded, "Other"),
        (#"{"Type": "Fail", "Error": "E"}"#, "{}", .failed, nil),
        (#"{"Type": "Succeed"}"#, "{}", .succeeded, nil),
    ] as [(String, String, TestExecutionStatus, String?)])
    func testStateAnswersStatusAndNextState(definition: String, input: String, status: TestExecutionStatus, next: String?) async throws {
        try await withTestEngine { engine, _ in
            let result = try await engine.testState(.init(definition: definition, input: input))
            #expect(result.status == status)
            #expect(result.nextState == next)
            #expect(result.inspectionData == nil)
        }
    }
}
