import ArgumentParser
import Foundation
import StepFunctionsAPI
import StepFunctionsClient
import Stepwise

/// Where the remote commands (`deploy`, `start`, `executions`, `describe`, `history`) send their calls.
///
/// Remote (the Step Functions client) when `--endpoint`, `--profile` or `--region` is given or `AWS_ENDPOINT_URL_SFN`
/// / `AWS_ENDPOINT_URL` is set: `stepwise serve`, AWS, LocalStack or any other Step Functions endpoint, with the
/// credentials and region AWS SDKs would use. Otherwise the database file `--db PATH`, else `$STEPWISE_DB`, else
/// `$HOME/.stepwise/stepwise.sqlite`, as `stepwise run` uses: through the process that has it open when there is
/// one (a file has one engine at a time; `stepwise serve` is reached at its endpoint, any other owner is named in
/// the error), else with the embedded engine opened here.
struct BackendOptions: ParsableArguments {
    @Option(help: "The Step Functions endpoint URL (default: $AWS_ENDPOINT_URL_SFN, $AWS_ENDPOINT_URL, else AWS).")
    var endpoint: String?

    @Option(help: "The AWS profile of the shared credentials and config files.")
    var profile: String?

    @Option(help: "The AWS region (default: $AWS_REGION, $AWS_DEFAULT_REGION, the profile's region).")
    var region: String?

    @Option(help: "The embedded engine's database file, when no endpoint, profile or region is given.")
    var db: String?

    /// Whether the calls go to a Step Functions endpoint rather than the embedded engine.
    var isRemote: Bool {
        let environment = ProcessInfo.processInfo.environment
        let configured = ["AWS_ENDPOINT_URL_SFN", "AWS_ENDPOINT_URL"].contains { !(environment[$0] ?? "").isEmpty }
        return endpoint != nil || profile != nil || region != nil || configured
    }

    func validate() throws {
        if db != nil, endpoint != nil || profile != nil || region != nil {
            throw ValidationError("--db is for the embedded engine; it cannot be combined with --endpoint, --profile or --region")
        }
    }

    /// Runs `body` with the backend, then shuts the embedded engine down (also when `body` throws).
    /// - Parameter readOnly: the command only reads: an engine opened here is not started, so it advances no
    ///   execution as a side effect.
    func run<T>(
        roleArn: String? = nil, readOnly: Bool = false, _ body: (any StepFunctionsBackend) async throws -> T
    ) async throws -> T {
        if isRemote {
            let client = try StepFunctionsClient(endpoint: endpoint, region: region, profile: profile, roleArn: roleArn)
            return try await body(client)
        }
        return try await withDatabase(db, roleArn: roleArn, startEngine: !readOnly) { backend, _ in try await body(backend) }
    }
}

/// Runs `body` with a backend for the database file `db` (else the default file): the Step Functions endpoint of
/// the `stepwise serve` that owns the file, or an engine opened here (started when `startEngine`), shut down after.
/// `body` learns the owner when the calls go through one.
/// - Throws: ``CommandFailure`` naming the owner when the file is open in a process that serves no endpoint.
func withDatabase<T>(
    _ db: String?, roleArn: String? = nil, startEngine: Bool = true,
    _ body: (any StepFunctionsBackend, EmbeddedBackend.Owner?) async throws -> T
) async throws -> T {
    let path = db ?? EmbeddedBackend.defaultDatabasePath()
    if !startEngine, !FileManager.default.fileExists(atPath: path) {
        // A command that only reads creates no file (a mistyped --db would otherwise leave one behind, and list
        // nothing without a word): it says so, and answers from an empty store.
        Console.err("stepwise: there is no database at \(path) yet (nothing has run there)\n")
        return try await body(try EmbeddedBackend.empty(), nil)
    }
    switch try EmbeddedBackend.open(path: path, start: startEngine) {
    case .engine(let backend, let shutdown):
        do {
            let value = try await body(backend, nil)
            await shutdown()
            return value
        } catch {
            await shutdown()
            throw error
        }
    case .owned(let owner):
        guard let endpoint = owner.endpoint else { throw CommandFailure(owner.refusal) }
        Console.err("stepwise: \(path) is served by process \(owner.pid) at \(endpoint); sending the calls there\n")
        let client = try StepFunctionsClient(endpoint: endpoint, roleArn: roleArn)
        return try await body(client, owner)
    }
}

/// A command's failure: printed as `error: MESSAGE` on standard error, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension AsyncParsableCommand {
    /// Runs `body`; any error is printed on standard error as `error: ...` (never a backtrace) and exits with
    /// status 1. Usage errors (`ValidationError`) keep ArgumentParser's handling (status 2).
    func reportingErrors(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ValidationError {
            throw error
        } catch let error as ExitCode {
            throw error
        } catch {
            Console.err("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}

/// Reads a text file; the error names the path.
func readText(_ path: String, what: String) throws -> String {
    do {
        return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw CommandFailure("cannot read the \(what) \(path): \(error.localizedDescription)")
    }
}

/// The ARN of a state machine given by name or ARN.
func resolveStateMachine(_ nameOrArn: String, on backend: any StepFunctionsBackend) async throws -> String {
    if nameOrArn.hasPrefix("arn:") { return nameOrArn }
    guard let arn = try await backend.stateMachineArn(named: nameOrArn) else {
        throw CommandFailure("there is no state machine named \(nameOrArn)")
    }
    return arn
}
