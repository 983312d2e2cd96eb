import Foundation
import StepFunctionsAPI
import Synchronization

/// What the AWS API records about state machines and activities beyond what the engine stores: the machine type,
/// logging and tracing configuration and the tags. Kept in memory and, for a database file, in a JSON file next to
/// it (`<db>.meta.json`), rewritten on every change (these change rarely).
final class ResourceMetadata: Sendable {
    struct Entry: Codable, Sendable {
        var type: StateMachineType?
        var loggingConfiguration: LoggingConfiguration?
        var tracingConfiguration: TracingConfiguration?
        var tags: [Tag] = []
    }

    private let entries: Mutex<[String: Entry]>
    private let path: String?

    /// Loads the metadata file at `path` (if any and present).
    init(path: String?) {
        self.path = path
        var loaded: [String: Entry] = [:]
        if let path, let data = FileManager.default.contents(atPath: path),
            let decoded = try? JSONDecoder().decode([String: Entry].self, from: data)
        {
            loaded = decoded
        }
        entries = Mutex(loaded)
    }

    subscript(arn: String) -> Entry? { entries.withLock { $0[arn] } }

    /// Changes the entry of `arn` (creating it) and saves.
    func update(_ arn: String, _ change: (inout Entry) -> Void) {
        let snapshot = entries.withLock { entries in
            change(&entries[arn, default: Entry()])
            return entries
        }
        save(snapshot)
    }

    /// Forgets `arn` (a deleted resource).
    func remove(_ arn: String) {
        let snapshot: [String: Entry]? = entries.withLock { entries in
            entries.removeValue(forKey: arn) == nil ? nil : entries
        }
        if let snapshot { save(snapshot) }
    }

    private func save(_ snapshot: [String: Entry]) {
        guard let path, let data = try? JSONEncoder().encode(snapshot) else { return }
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
