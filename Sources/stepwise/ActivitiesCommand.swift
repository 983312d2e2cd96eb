import ArgumentParser
import Foundation
import StepFunctionsAPI
import Stepwise

/// `stepwise activities`: the activities, as ListActivities answers.
struct ActivitiesCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "activities",
        abstract: "List the activities: name, creation date and ARN.")

    @OptionGroup var output: OutputOptions
    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await backend.run(readOnly: true) { sfn in
            let activities = try await Resolving.allActivities(on: sfn)
            switch output.output {
            case .json:
                for activity in activities { print(try output.jsonLine(activity)) }
            case .table:
                var table = Table("NAME", "CREATED", "ARN")
                for activity in activities {
                    table.append([activity.name, output.date(activity.creationDate), activity.activityArn])
                }
                table.print()
            }
        }
    }
}
