import ArgumentParser
import Foundation
import StatesLanguage
import StepFunctionsAPI
import StepwiseEngine

/// `--mock-config FILE` (else `$SFN_MOCK_CONFIG`, as AWS Step Functions Local reads it): mocked integrations from a
/// Step Functions Local mock configuration file, unchanged.
enum MockOptions {
    /// The environment variable Step Functions Local reads its mock configuration file from.
    static let environmentVariable = "SFN_MOCK_CONFIG"

    /// The mock configuration file to use: the option, else `$SFN_MOCK_CONFIG` when set and not empty.
    static func path(_ option: String?) -> String? {
        if let option { return option }
        let value = ProcessInfo.processInfo.environment[environmentVariable] ?? ""
        return value.isEmpty ? nil : value
    }

    /// Reads the mock configuration named by `--mock-config` or `$SFN_MOCK_CONFIG`; nil when neither is given.
    /// - Throws: `ValidationError` naming the file and what is wrong with it.
    static func load(_ option: String?) throws -> MockConfiguration? {
        guard let path = path(option) else { return nil }
        do {
            return try MockConfiguration(contentsOfFile: path)
        } catch {
            let source = option == nil ? " (from $\(environmentVariable))" : ""
            throw ValidationError("\(error.message)\(source)")
        }
    }

    /// The Task states of a flow and every nested branch: (state name, resource).
    static func taskStates(_ states: some Sequence<(key: String, value: State)>) -> [(name: String, resource: String)] {
        var found: [(name: String, resource: String)] = []
        for (name, state) in states {
            switch state {
            case .task(let task): found.append((name, task.resource))
            case .parallel(let parallel):
                for branch in parallel.branches { found += taskStates(branch.states) }
            case .map(let map): found += taskStates(map.itemProcessor.states)
            default: break
            }
        }
        return found
    }

    /// The resources that still need a worker when `mocked` states answer from the mock configuration: those of the
    /// Task states it does not mock.
    static func unmockedResources(_ states: some Sequence<(key: String, value: State)>, mocked: Set<String>) -> Set<String> {
        Set(taskStates(states).filter { !mocked.contains($0.name) }.map(\.resource))
    }
}

/// `--connections FILE`: credentials for `http:invoke` tasks, by connection ARN, in place of EventBridge connections.
enum ConnectionOptions {
    static let help = ArgumentHelp(
        "Credentials for http:invoke tasks: a JSON file mapping connection ARNs to EventBridge-style AuthorizationType and "
            + "AuthParameters (BASIC, API_KEY, OAUTH_CLIENT_CREDENTIALS).", valueName: "FILE")

    /// Reads the connections file, if one is given.
    /// - Throws: `ValidationError` naming the file and what is wrong with it.
    static func load(_ path: String?) throws -> HTTPConnections? {
        guard let path else { return nil }
        do {
            return try HTTPConnections(contentsOfFile: path)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
