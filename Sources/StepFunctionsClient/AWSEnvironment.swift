import Foundation

/// The inputs AWS SDKs read their configuration from: environment variables and the home directory.
///
/// Injected rather than read from the process so tests (and embedding programs) control it:
///
/// ```swift
/// let environment = AWSEnvironment(variables: ["AWS_PROFILE": "dev"], homeDirectory: "/tmp/home")
/// ```
public struct AWSEnvironment: Sendable {
    /// The environment variables.
    public var variables: [String: String]
    /// The home directory `~/.aws/credentials` and `~/.aws/config` are found under; nil when there is none.
    public var homeDirectory: String?

    /// Creates an environment from variables and a home directory.
    public init(variables: [String: String], homeDirectory: String? = nil) {
        self.variables = variables
        self.homeDirectory = homeDirectory
    }

    /// The environment of this process and its user's home directory.
    public static var process: AWSEnvironment {
        let variables = ProcessInfo.processInfo.environment
        return AWSEnvironment(variables: variables, homeDirectory: variables["HOME"] ?? NSHomeDirectory())
    }

    /// A variable's value; nil when unset or empty (as the SDKs treat empty values).
    public subscript(_ name: String) -> String? {
        guard let value = variables[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// The profile in use: `AWS_PROFILE`, else `default`.
    public var profileName: String { self["AWS_PROFILE"] ?? "default" }

    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    public var credentialsFilePath: String? { expand(self["AWS_SHARED_CREDENTIALS_FILE"]) ?? homePath(".aws/credentials") }

    /// `AWS_CONFIG_FILE`, else `~/.aws/config`.
    public var configFilePath: String? { expand(self["AWS_CONFIG_FILE"]) ?? homePath(".aws/config") }

    private func homePath(_ relative: String) -> String? {
        homeDirectory.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + relative }
    }

    private func expand(_ path: String?) -> String? {
        guard let path else { return nil }
        if path == "~" { return homeDirectory }
        if path.hasPrefix("~/"), let home = homePath("") { return home + path.dropFirst(2) }
        return path
    }
}
