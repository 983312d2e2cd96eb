import Foundation

/// The shared `credentials` and `config` files of the AWS CLI and SDKs, parsed into profiles.
///
/// In `credentials` a section is `[name]`; in `config` it is `[profile name]`, except `[default]`. Keys are
/// lower-cased; comments start with `#` or `;`; indented lines continue a nested setting (such as `s3 =`) and
/// are skipped. For one profile, the credentials file wins over the config file, key by key.
public struct AWSSharedConfig: Sendable, Hashable {
    /// Profiles of the credentials file, by name.
    public var credentialsProfiles: [String: [String: String]]
    /// Profiles of the config file, by name (without the `profile ` prefix).
    public var configProfiles: [String: [String: String]]

    /// Creates a configuration from parsed profiles.
    public init(credentialsProfiles: [String: [String: String]] = [:], configProfiles: [String: [String: String]] = [:]) {
        self.credentialsProfiles = credentialsProfiles
        self.configProfiles = configProfiles
    }

    /// Reads the files the environment points to; missing files are empty.
    public init(environment: AWSEnvironment) {
        func read(_ path: String?) -> String? {
            guard let path, let data = FileManager.default.contents(atPath: path) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        self.init(
            credentialsProfiles: read(environment.credentialsFilePath).map { Self.parse($0, isConfigFile: false) } ?? [:],
            configProfiles: read(environment.configFilePath).map { Self.parse($0, isConfigFile: true) } ?? [:])
    }

    /// The settings of a profile: the config file's, overridden by the credentials file's.
    public func profile(_ name: String) -> [String: String]? {
        let config = configProfiles[name]
        let credentials = credentialsProfiles[name]
        if config == nil, credentials == nil { return nil }
        return (config ?? [:]).merging(credentials ?? [:]) { _, fromCredentials in fromCredentials }
    }

    /// Parses the INI-style text of a shared file into profiles.
    public static func parse(_ text: String, isConfigFile: Bool) -> [String: [String: String]] {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let isIndented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                current = sectionName(line, isConfigFile: isConfigFile)
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }
            guard let current, !isIndented, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            // An inline comment needs whitespace before `#`/`;` (values such as secrets may contain them).
            for marker in [" #", " ;", "\t#", "\t;"] {
                if let range = value.range(of: marker) { value = value[..<range.lowerBound].trimmingCharacters(in: .whitespaces) }
            }
            if !key.isEmpty { profiles[current, default: [:]][key] = value }
        }
        return profiles
    }

    /// `[name]` → `name`; in the config file `[profile name]` → `name` and `[default]` → `default`; nil for other
    /// config sections (`[sso-session x]`, `[services x]`) and malformed lines.
    private static func sectionName(_ line: String, isConfigFile: Bool) -> String? {
        var inner = line.dropFirst()
        if let comment = inner.firstIndex(where: { $0 == "#" || $0 == ";" }) { inner = inner[..<comment] }
        guard let close = inner.lastIndex(of: "]") else { return nil }
        let name = inner[..<close].trimmingCharacters(in: .whitespaces)
        guard isConfigFile else { return name.isEmpty ? nil : name }
        if name == "default" { return name }
        let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 2, words[0] == "profile" else { return nil }
        return String(words[1])
    }
}
