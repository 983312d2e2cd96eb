import ArgumentParser
import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import StepFunctionsClient
import Stepwise

/// `stepwise deploy FILE [--name NAME] [--role-arn ARN] [--type STANDARD|EXPRESS]`: ensures a state machine from an
/// ASL file, creating the activities its Task states name, and prints `created|updated|unchanged ARN`.
struct DeployCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Create or update a state machine from an ASL definition file (and the activities it uses).",
        discussion: """
            The definition is validated first: a definition with errors is refused (one line per error, exit \
            status 1) before anything is created. Without --name, the machine is named after the file \
            (order-totals.asl.json: order-totals). Idempotent: prints "created ARN", "updated ARN" (another definition or role) or "unchanged ARN". \
            Activities named by the definition's Task states are created first when they belong to the endpoint's \
            account and region (one line each: "activity created|exists ARN"). Without --role-arn, a new machine \
            gets the client's execution role: $STEPWISE_ROLE_ARN, else on AWS (or with an IAM endpoint) the role \
            StepwiseExecutionRole-NAME, ensured with the permissions the definition needs.
            """
    )

    @Argument(help: "The ASL definition file (JSON).")
    var file: String

    @Option(help: "The state machine's name (default: from the file name).")
    var name: String?

    @Option(name: .customLong("role-arn"), help: "The execution role's ARN.")
    var roleArn: String?

    @Option(help: "STANDARD or EXPRESS (used when the machine is created).")
    var type: String = "STANDARD"

    @OptionGroup var backend: BackendOptions

    func validate() throws {
        guard ["STANDARD", "EXPRESS"].contains(type) else { throw ValidationError("--type must be STANDARD or EXPRESS, not \(type)") }
    }

    func run() async throws {
        // The definition's errors come first: nothing is created for a definition that would be refused.
        let file = try DefinitionFile(path: self.file)
        file.printWarnings()
        let machineName = name ?? DefinitionFile.machineName(for: file.path)
        let activities = RunCommand.taskResources(file.definition.states.values).filter(Self.isActivityArn).sorted()
        let options = StateMachineOptions(roleArn: roleArn, type: StateMachineType(rawValue: type))
        try await backend.run(roleArn: roleArn) { sfn in
            for activity in activities {
                if let line = try await Self.ensureActivity(activity, on: sfn) { print(line) }
            }
            // On update, a role Stepwise ensured for this machine gets the permissions of the new definition.
            let deployment = try await sfn.ensureStateMachine(name: machineName, definition: file.text, options: options)
            print("\(deployment.change.rawValue) \(deployment.stateMachineArn)")
        }
    }

    /// `arn:<partition>:states:<region>:<account>:activity:<name>`.
    static func isActivityArn(_ resource: String) -> Bool {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity" && !parts[6].isEmpty
    }

    /// Creates the activity `arn` names when it is the endpoint's own (CreateActivity answers that very ARN); an
    /// activity of another account or region is left alone (nil). Answers the line to print.
    static func ensureActivity(_ arn: String, on backend: any StepFunctionsBackend) async throws -> String? {
        let name = String(arn.split(separator: ":", omittingEmptySubsequences: false)[6])
        var existing: [ActivityListItem] = []
        var token: String?
        repeat {
            let page = try await backend.listActivities(ListActivitiesInput(maxResults: 1000, nextToken: token))
            existing += page.activities
            token = page.nextToken
        } while token != nil
        if existing.contains(where: { $0.activityArn == arn }) { return "activity exists \(arn)" }
        // An activity of this name here with another ARN: the definition names another account's or region's.
        if existing.contains(where: { $0.name == name }) { return nil }
        let created = try await backend.ensureActivity(name: name)
        if created == arn { return "activity created \(arn)" }
        _ = try await backend.deleteActivity(DeleteActivityInput(activityArn: created))
        return nil
    }
}
