import DequeModule
import Foundation

/// The last executions that closed, kept in memory for a moment so that the caller who started one and now waits for
/// its result (``StepwiseEngine/awaitExecution(executionArn:)``) or describes it is answered without a store read: a
/// short workflow often closes before its caller asks.
///
/// Bounded by count and by the bytes of the inputs and outputs it holds (a definition text is shared with the
/// machine's, not copied). Only a closed execution's row as it was when it closed is kept; what changes a closed
/// execution (a redrive puts it back in memory, where it is found first; a retention purge deletes it) removes or
/// replaces its entry.
struct RecentlyClosed {
    static let maxCount = 2_048
    static let maxBytes = 8 << 20

    private var records: [String: ExecutionRecord] = [:]
    private var order = Deque<String>()
    private var bytes = 0

    /// The row of `arn` if it closed recently.
    func record(_ arn: String) -> ExecutionRecord? { records[arn] }

    /// Keeps `record` (a closed execution's row, without its saved runtime), dropping the oldest beyond the bounds.
    mutating func insert(_ record: ExecutionRecord) {
        var record = record
        record.runtime = nil
        remove(record.arn)
        let size = Self.size(of: record)
        guard size <= Self.maxBytes / 4 else { return }
        records[record.arn] = record
        order.append(record.arn)
        bytes += size
        while records.count > Self.maxCount || bytes > Self.maxBytes, let oldest = order.popFirst() {
            if let dropped = records.removeValue(forKey: oldest) { bytes -= Self.size(of: dropped) }
        }
    }

    /// Forgets `arn` (its row changes or goes).
    mutating func remove(_ arn: String) {
        guard let dropped = records.removeValue(forKey: arn) else { return }
        bytes -= Self.size(of: dropped)
        // Rare (a redrive, a purge, a second close): a linear search of at most `maxCount` ARNs.
        if let index = order.firstIndex(of: arn) { order.remove(at: index) }
    }

    /// Forgets every execution (the store changed under it).
    mutating func removeAll() {
        records.removeAll()
        order.removeAll()
        bytes = 0
    }

    private static func size(of record: ExecutionRecord) -> Int {
        record.input.utf8.count + (record.output?.utf8.count ?? 0) + (record.cause?.utf8.count ?? 0) + 512
    }
}
