import ArgumentParser
import Foundation
import StepFunctionsAPI
import Stepwise

/// `stepwise delete MACHINE` or `stepwise delete --activity ACTIVITY`: deletes a state machine or an activity.
struct DeleteCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a state machine (by name or ARN), or with --activity an activity; print \"deleted ARN\".",
        discussion: """
            As on AWS, a state machine's running executions go on until they stop, and deleting an activity does not \
            stop the executions waiting for it. An activity ARN is deleted as an activity without --activity.
            """)

    @Argument(help: "The state machine's (or with --activity, the activity's) name or ARN.")
    var target: String

    @Flag(help: "Delete the activity of this name or ARN instead of a state machine.")
    var activity = false

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await backend.run { sfn in
            if activity || (target.hasPrefix("arn:") && target.contains(":activity:")) {
                let arn = try await Resolving.activityArn(target, on: sfn)
                let request = DeleteActivityInput(activityArn: arn)
                try request.validateRequest()
                _ = try await sfn.deleteActivity(request)
                print("deleted \(arn)")
            } else {
                let arn = try await resolveStateMachine(target, on: sfn)
                let request = DeleteStateMachineInput(stateMachineArn: arn)
                try request.validateRequest()
                _ = try await sfn.deleteStateMachine(request)
                print("deleted \(arn)")
            }
        }
    }
}
