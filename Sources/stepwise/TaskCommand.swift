import ArgumentParser
import Foundation
import StepFunctionsAPI
import Stepwise

/// `stepwise task success|failure|heartbeat|get`: answer a task by its token, as a worker or a callback would.
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Answer a task by its token (success, failure, heartbeat), or take one from an activity (get).",
        discussion: """
            A token is given as text, as @FILE, or as - (standard input). Tokens come from an activity \
            (stepwise task get ACTIVITY, a worker's GetActivityTask) or from a .waitForTaskToken state's \
            parameters ($$.Task.Token).
            """,
        subcommands: [TaskSuccessCommand.self, TaskFailureCommand.self, TaskHeartbeatCommand.self, TaskGetCommand.self])

    /// The token an argument gives: the text itself, the contents of @FILE, or standard input for `-`, trimmed.
    static func token(_ argument: String) throws -> String {
        let text: String =
            if argument == "-" { try UserInput.text(of: "-", what: "task token") }
            else if argument.hasPrefix("@") { try UserInput.text(of: String(argument.dropFirst()), what: "task token file") }
            else { argument }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw CommandFailure("the task token is empty") }
        return token
    }
}

/// `stepwise task success TOKEN --task-output JSON|@FILE`: SendTaskSuccess.
struct TaskSuccessCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "success", abstract: "Report a task's success with its output (SendTaskSuccess).")

    @Argument(help: "The task token (text, @FILE, or - for standard input).")
    var token: String

    @Option(name: .customLong("task-output"), help: "The task's output: JSON text, or @FILE to read it from a file.")
    var taskOutput: String

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        let output = try UserInput.json(taskOutput, option: "--task-output")
        let request = SendTaskSuccessInput(taskToken: try TaskCommand.token(token), output: output)
        try request.validateRequest()
        try await backend.run { sfn in
            _ = try await sfn.sendTaskSuccess(request)
            print("task success sent")
        }
    }
}

/// `stepwise task failure TOKEN [--error E] [--cause C]`: SendTaskFailure.
struct TaskFailureCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "failure", abstract: "Report a task's failure with an error name and cause (SendTaskFailure).")

    @Argument(help: "The task token (text, @FILE, or - for standard input).")
    var token: String

    @Option(help: "The error name (matched by the state's Retry and Catch).")
    var error: String?

    @Option(help: "The cause: a description of the failure.")
    var cause: String?

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        let request = SendTaskFailureInput(taskToken: try TaskCommand.token(token), error: error, cause: cause)
        try request.validateRequest()
        try await backend.run { sfn in
            _ = try await sfn.sendTaskFailure(request)
            print("task failure sent")
        }
    }
}

/// `stepwise task heartbeat TOKEN`: SendTaskHeartbeat.
struct TaskHeartbeatCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "heartbeat", abstract: "Report that a task is still being worked on (SendTaskHeartbeat).")

    @Argument(help: "The task token (text, @FILE, or - for standard input).")
    var token: String

    @OptionGroup var backend: BackendOptions

    func run() async throws {
        let request = SendTaskHeartbeatInput(taskToken: try TaskCommand.token(token))
        try request.validateRequest()
        try await backend.run { sfn in
            _ = try await sfn.sendTaskHeartbeat(request)
            print("task heartbeat sent")
        }
    }
}

/// `stepwise task get ACTIVITY [--worker-name N]`: GetActivityTask, for one task taken by hand.
struct TaskGetCommand: AsyncParsableCommand, RemoteCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Take one task from an activity (GetActivityTask): print its token, then its input.",
        discussion: """
            Waits up to 60 seconds for a task (exit status 1 when none arrives). The task is then this command's: \
            answer it with stepwise task success|failure before the state's timeout. With --output json, prints \
            GetActivityTask's answer ({"input": ..., "taskToken": ...}) on one line.
            """)

    @Argument(help: "The activity's name or ARN.")
    var activity: String

    @Option(name: .customLong("worker-name"), help: "The worker name recorded in the ActivityStarted event.")
    var workerName: String = "stepwise-cli"

    @OptionGroup var output: OutputOptions
    @OptionGroup var backend: BackendOptions

    func run() async throws {
        try await backend.run { sfn in
            let arn = try await Resolving.activityArn(activity, on: sfn)
            let request = GetActivityTaskInput(activityArn: arn, workerName: workerName)
            try request.validateRequest()
            let task = try await sfn.getActivityTask(request)
            guard let token = task.taskToken else {
                throw CommandFailure("no task of activity \(arn) arrived within 60 seconds")
            }
            switch output.output {
            case .json: print(try output.jsonLine(task))
            case .table:
                print(token)
                print(task.input ?? "null")
            }
        }
    }
}
