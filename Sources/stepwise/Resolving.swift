import Foundation
import StepFunctionsAPI
import Stepwise

/// Names the commands accept where the API takes ARNs.
enum Resolving {
    /// The ARN of an execution given as an ARN, or as `MACHINE/EXECUTION` (a state machine's name or ARN, a slash,
    /// the execution's name: names cannot hold a slash).
    /// - Throws: ``CommandFailure`` when the machine does not exist.
    static func executionArn(_ reference: String, on backend: any StepFunctionsBackend) async throws -> String {
        if reference.hasPrefix("arn:") && !reference.contains(":stateMachine:") { return reference }
        guard let slash = reference.lastIndex(of: "/") else { return reference }  // not an ARN: the API says InvalidArn
        let machine = String(reference[..<slash])
        let name = String(reference[reference.index(after: slash)...])
        let machineArn = try await resolveStateMachine(machine, on: backend)
        return executionArn(stateMachineArn: machineArn, name: name)
    }

    /// `arn:P:states:R:A:stateMachine:M` and `E` → `arn:P:states:R:A:execution:M:E` (a standard execution's ARN).
    static func executionArn(stateMachineArn: String, name: String) -> String {
        stateMachineArn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name
    }

    /// The ARN of an activity given by name or ARN.
    /// - Throws: ``CommandFailure``: `there is no activity named NAME`.
    static func activityArn(_ nameOrArn: String, on backend: any StepFunctionsBackend) async throws -> String {
        if nameOrArn.hasPrefix("arn:") { return nameOrArn }
        for activity in try await allActivities(on: backend) where activity.name == nameOrArn { return activity.activityArn }
        throw CommandFailure("there is no activity named \(nameOrArn)")
    }

    /// Every activity (all pages of ListActivities).
    static func allActivities(on backend: any StepFunctionsBackend) async throws -> [ActivityListItem] {
        var activities: [ActivityListItem] = []
        var token: String?
        repeat {
            let page = try await backend.listActivities(ListActivitiesInput(maxResults: 1000, nextToken: token))
            activities += page.activities
            token = page.nextToken
        } while token != nil
        return activities
    }

    /// Every state machine (all pages of ListStateMachines).
    static func allStateMachines(on backend: any StepFunctionsBackend) async throws -> [StateMachineListItem] {
        var machines: [StateMachineListItem] = []
        var token: String?
        repeat {
            let page = try await backend.listStateMachines(ListStateMachinesInput(maxResults: 1000, nextToken: token))
            machines += page.stateMachines
            token = page.nextToken
        } while token != nil
        return machines
    }
}
