import Foundation
public import Logging
import Synchronization

/// A swift-log handler writing one JSON object per line to standard error: `time` (ISO 8601), `level`, `label`,
/// `message` and the metadata as string fields (`stepwise serve --log-format json`).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public let label: String

    private static let output = Mutex<FileHandle>(FileHandle.standardError)

    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        fields["time"] = HTML.date(Date())  // ISO 8601 in UTC with milliseconds
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = "\(event.message)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(fields) else { return }
        line.append(0x0A)
        Self.output.withLock { $0.write(line) }
    }
}

/// Whether a long-running loop runs, for `/health` (the serve command marks its engine service).
public final class LoopStatus: Sendable {
    private let running = Mutex(false)

    public init() {}

    public var isRunning: Bool { running.withLock { $0 } }

    public func set(running value: Bool) { running.withLock { $0 = value } }
}
