import Foundation

/// A function's configuration as Lambda's API reports it (`FunctionConfiguration`), with where its code is.
/// `Sendable`, `Codable`: a value saved as `function.json`.
public struct FunctionRecord: Sendable, Hashable, Codable {
    /// The function's name.
    public var name: String
    /// `provided.al2023`, `provided.al2`, `python3.12`, ...
    public var runtime: String
    /// The execution role ARN given at creation (recorded; the local Lambda runs with the server's rights).
    public var role: String
    /// The handler setting (`_HANDLER`; for Python, `module.function`).
    public var handler: String
    public var description: String
    /// Seconds an invocation may run (1 to 900).
    public var timeout: Int
    /// Memory in MB (128 to 10,240).
    public var memorySize: Int
    public var environment: [String: String]
    public var architectures: [String]
    /// The base64 SHA-256 of the package.
    public var codeSha256: String
    /// The package's size in bytes.
    public var codeSize: Int
    /// `2026-12-03T15:55:50.000+0000`, as Lambda formats it.
    public var lastModified: String
    public var revisionId: String
    /// Reserved concurrency (`PutFunctionConcurrency`), nil when unreserved.
    public var reservedConcurrency: Int?
    /// The unpacked package's directory under the function's directory.
    public var codeDirectory: String?
    /// For a function given as a command (`--function NAME=COMMAND`): that command.
    public var command: [String]?

    public init(
        name: String, runtime: String, role: String, handler: String, description: String = "", timeout: Int = 3, memorySize: Int = 128,
        environment: [String: String] = [:], architectures: [String] = ["x86_64"]
    ) {
        self.name = name
        self.runtime = runtime
        self.role = role
        self.handler = handler
        self.description = description
        self.timeout = timeout
        self.memorySize = memorySize
        self.environment = environment
        self.architectures = architectures
        self.codeSha256 = ""
        self.codeSize = 0
        self.lastModified = ""
        self.revisionId = ""
        touch()
    }

    /// The description of a function given as a command.
    init(command function: LocalFunction) {
        self.init(
            name: function.name, runtime: function.runtime, role: "", handler: function.handler, timeout: function.timeoutSeconds,
            memorySize: function.memorySize, environment: function.environment)
        self.reservedConcurrency = function.reservedConcurrency
        self.command = function.command
        self.lastModified = ""
    }

    /// A new revision, modified now.
    mutating func touch() {
        revisionId = UUID().uuidString.lowercased()
        lastModified = Self.timestamp(Date())
    }

    /// Lambda's `LastModified` format: `yyyy-MM-dd'T'HH:mm:ss.SSS+0000` in UTC.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS'+0000'"
        return formatter.string(from: date)
    }
}
