import ArgumentParser
import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import StepFunctionsClient
import Stepwise
import StepwiseEngine
import StepwiseLambda

/// `stepwise run FILE --input JSON|@file [--db PATH] [--history]`: runs a definition to completion on the
/// embedded durable engine and prints the output.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a state machine definition to completion on the embedded engine and print its output.",
        discussion: """
            The execution is stored in a SQLite file: --db PATH, else $STEPWISE_DB, else \
            $HOME/.stepwise/stepwise.sqlite. When `stepwise serve` has that file open, the run goes through it (its \
            workers serve the Task states); when another process has it open, the command fails naming it. A \
            failed execution prints its error and cause on standard error and exits with status 1.
            """
    )

    @Argument(help: "The ASL definition file (JSON).")
    var file: String

    @Option(help: "The execution input: JSON text, or @FILE to read it from a file.")
    var input: String = "{}"

    @Option(help: "The engine's database file.")
    var db: String?

    @Flag(help: "Print the execution's history events (one JSON object per line) before the output.")
    var history = false

    @Option(
        name: .customLong("function"),
        help: ArgumentHelp(
            "A local Lambda function (repeatable): NAME=COMMAND runs COMMAND (a bootstrap talking to the Lambda Runtime API) "
                + "for lambda:invoke tasks naming NAME and for its function ARN as a Resource.",
            valueName: "NAME=COMMAND"))
    var functions: [String] = []

    @Option(help: ArgumentHelp(
        "A mock configuration file in AWS Step Functions Local's format (default: $SFN_MOCK_CONFIG): the states --test-case "
            + "names answer their mocked responses instead of calling their resources.", valueName: "FILE"))
    var mockConfig: String?

    @Option(help: "The test case of the mock configuration to run (as `#TestCase` after the ARN on Step Functions Local).")
    var testCase: String?

    @Option(
        help: ArgumentHelp(
            "Forward Tasks calling other AWS services (DynamoDB, SQS, SNS, EventBridge, aws-sdk:* JSON services, aws-sdk:s3) and "
                + "Distributed Map ItemReader/ResultWriter S3 access to this "
                + "endpoint (LocalStack, moto), signed with the SDK credential chain; 'aws' sends each to AWS.",
            valueName: "URL"))
    var awsEndpoint: String?

    @Option(help: ConnectionOptions.help)
    var connections: String?

    func validate() throws {
        if testCase != nil, MockOptions.path(mockConfig) == nil {
            throw ValidationError("--test-case needs a mock configuration: --mock-config FILE or $SFN_MOCK_CONFIG.")
        }
        if let awsEndpoint, awsEndpoint != "aws", !(awsEndpoint.hasPrefix("http://") || awsEndpoint.hasPrefix("https://")) {
            throw ValidationError("--aws-endpoint takes an http:// or https:// URL, or 'aws', not '\(awsEndpoint)'.")
        }
    }

    func run() async throws {
        // The definition's errors come first, before anything is created or started (DefinitionRejected prints each).
        let definitionFile = try DefinitionFile(path: file)
        definitionFile.printWarnings()
        let definitionText = definitionFile.text
        let definition = definitionFile.definition
        let inputText = try UserInput.json(input, option: "--input")
        let local: LocalLambda?
        let mocks: MockConfiguration?
        let httpConnections: HTTPConnections?
        do {
            local = try LocalLambda.fromOptions(functions)
            mocks = try MockOptions.load(mockConfig)
            httpConnections = try ConnectionOptions.load(connections)
        } catch {
            Self.fail("\(error)")
        }
        let machineName = DefinitionFile.machineName(for: file)
        var mockedStates: Set<String> = []
        if let mocks, let testCase {
            guard let states = mocks.testCase(stateMachine: machineName, named: testCase) else {
                Self.fail("the mock configuration has no test case '\(testCase)' for the state machine '\(machineName)' (named after \(file))")
            }
            mockedStates = Set(states.keys)
        }
        let forwarding: ServiceForwarding?
        do {
            forwarding = try awsEndpoint.map { try ServiceForwarding(client: StepFunctionsClient(), endpoint: $0 == "aws" ? nil : $0) }
        } catch {
            Self.fail("--aws-endpoint: \(error)")
        }
        // Tasks a worker must serve: not those a local function serves, that are forwarded or that the test case
        // mocks, nor those that fail at once with a clear error.
        let resources = MockOptions.unmockedResources(definition.states, mocked: mockedStates).filter { resource in
            local.map { $0.handler(forResource: resource) == nil } ?? true
        }.filter { resource in forwarding.map { $0.handler(forResource: resource) == nil } ?? true }
        .filter { StepwiseEngine.unservedError(resource: $0) == nil && !$0.hasPrefix("arn:aws:states:::states:startExecution") }
        let interruption = RunInterruption(local: local)
        let result: DescribeExecutionOutput
        do {
            result = try await withDatabase(db) { backend, owner in
                interruption.attach(backend)
                if owner == nil, !resources.isEmpty {
                    let list = resources.sorted().joined(separator: ", ")
                    Self.fail(
                        "\(file) has Task states that need workers, and no worker is attached to `stepwise run`: \(list). "
                            + "Run the workflow where a worker serves them: an ActivityWorker in your own process, or "
                            + "`stepwise serve` on this database with workers polling it.")
                }
                if let httpConnections {
                    guard let engine = backend as? StepwiseEngine else {
                        Self.fail("--connections applies to this process's engine; the database is served by another process (give it to that `stepwise serve`)")
                    }
                    engine.setHTTPConnections(httpConnections)
                }
                if let mocks {
                    guard let engine = backend as? StepwiseEngine else {
                        Self.fail("--mock-config mocks integrations in this process's engine; the database is served by another process (give it to that `stepwise serve`)")
                    }
                    engine.setMockConfiguration(mocks)
                }
                if let local {
                    guard let engine = backend as? StepwiseEngine else {
                        Self.fail("--function runs local Lambda functions in this process's engine; the database is served by another process")
                    }
                    engine.addTaskDispatcher(local)
                }
                if let forwarding {
                    guard let engine = backend as? StepwiseEngine else {
                        Self.fail("--aws-endpoint forwards in this process's engine; the database is served by another process")
                    }
                    engine.addTaskDispatcher(forwarding)
                    if let s3 = forwarding.s3 { engine.useS3(s3) }
                }
                return try await LocalLambda.running(local) {
                    try await execute(definitionText, input: inputText, on: backend) { executionArn in
                        interruption.executionStarted(
                            executionArn, database: db ?? EmbeddedBackend.defaultDatabasePath(), endpoint: owner?.endpoint)
                    }
                }
            }
        } catch let failure as CommandFailure {
            Self.fail(failure.description)
        } catch {
            Self.fail("\(error)")
        }
        switch result.status {
        case .succeeded:
            let output = (try? JSONValue(parsing: result.output ?? "null"))?.jsonString(.pretty) ?? (result.output ?? "null")
            print(output)
        default:
            let message = "Execution \(result.status.rawValue): \(result.error ?? "")\(result.cause.map { ": \($0)" } ?? "")\n"
            Console.err(message)
            throw ExitCode(1)
        }
    }

    /// Creates or updates the machine, runs one execution to its end, prints its history when asked.
    private func execute(
        _ definition: String, input: String, on backend: any StepFunctionsBackend, started startedCallback: (String) -> Void
    ) async throws -> DescribeExecutionOutput {
        let deployment = try await backend.ensureStateMachine(name: DefinitionFile.machineName(for: file), definition: definition)
        let start = StartExecutionInput(stateMachineArn: deployment.stateMachineArn + (testCase.map { "#" + $0 } ?? ""), input: input)
        try start.validateRequest()
        let started = try await backend.startExecution(start)
        startedCallback(started.executionArn)
        let result = try await backend.awaitExecution(executionArn: started.executionArn)
        if history {
            let events = try await Execution<JSONValue>(executionArn: started.executionArn, backend: backend).history()
            for event in events { print(String(decoding: try StepFunctionsCoding.encode(event), as: UTF8.self)) }
        }
        return result
    }

    /// Prints `message` on standard error and exits with status 1.
    static func fail(_ message: String) -> Never {
        Console.err("error: \(message)\n")
        Foundation.exit(1)
    }

    static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// The Task resources of a flow and every nested branch.
    static func taskResources(_ states: some Sequence<State>) -> Set<String> {
        var resources: Set<String> = []
        for state in states {
            switch state {
            case .task(let task): resources.insert(task.resource)
            case .parallel(let parallel):
                for branch in parallel.branches { resources.formUnion(taskResources(branch.states.values)) }
            case .map(let map): resources.formUnion(taskResources(map.itemProcessor.states.values))
            default: break
            }
        }
        return resources
    }

}
