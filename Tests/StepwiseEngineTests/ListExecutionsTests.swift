import StepFunctionsAPI
import Foundation
import StatesLanguage
import StepwiseEngine
import StepwiseTesting
import Testing

/// ListExecutions' filters (status, redriven or not) apply before paging: pages honour maxResults and nextToken.
@Suite("Engine: ListExecutions filters and pages")
struct ListExecutionsTests {
    @Test("redriven and not redriven executions page separately, newest first")
    func redriveFilterPages() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(
                name: "Fails", definition: #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}"#)
            var arns: [String] = []
            for index in 0..<5 {
                let run = try await engine.startExecution(stateMachineArn: machine.stateMachineArn, name: "e\(index)")
                _ = try await engine.awaitExecution(executionArn: run.executionArn)
                arns.append(run.executionArn)
            }
            // Redrive e1 and e3: they fail again at the Fail state, now with redriveCount 1.
            for arn in [arns[1], arns[3]] {
                _ = try await engine.redriveExecution(executionArn: arn)
                #expect(try await engine.awaitExecution(executionArn: arn).redriveCount == 1)
            }
            func all(redriven: Bool) throws -> [[String]] {
                var pages: [[String]] = []
                var token: String?
                repeat {
                    let page = try engine.listExecutions(
                        stateMachineArn: machine.stateMachineArn, redriven: redriven, maxResults: 2, nextToken: token)
                    pages.append(page.executions.map(\.name))
                    token = page.nextToken
                } while token != nil && pages.count < 10
                return pages
            }
            #expect(try all(redriven: true) == [["e3", "e1"]])
            #expect(try all(redriven: false) == [["e4", "e2"], ["e0"]])
            let failedRedriven = try engine.listExecutions(
                stateMachineArn: machine.stateMachineArn, statusFilter: .failed, redriven: true, maxResults: 1)
            #expect(failedRedriven.executions.map(\.name) == ["e3"] && failedRedriven.nextToken != nil)
            #expect(try engine.listExecutions(stateMachineArn: machine.stateMachineArn, statusFilter: .succeeded, redriven: true).executions.isEmpty)
        }
    }
}
