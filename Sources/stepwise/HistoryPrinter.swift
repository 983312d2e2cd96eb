import Foundation
import StepFunctionsAPI

/// Prints history events as a table (`TIME  ELAPSED  ID  EVENT  STATE  ERROR  CAUSE`) or as JSON lines, in
/// batches: the whole history at once, or what `--follow` sees arrive. Column widths only grow, so a followed
/// history stays aligned unless a wider cell arrives.
struct HistoryPrinter {
    static let header = ["TIME", "ELAPSED", "ID", "EVENT", "STATE", "ERROR", "CAUSE"]

    var options: OutputOptions
    private var widths: [Int]
    private var printedHeader = false
    private var start: Date?

    /// - Parameters:
    ///   - following: whether more batches will come: columns then start as wide as their likely content (the
    ///     widest event type, the longest state name of the definition), so later rows stay aligned.
    ///   - stateNameWidth: the longest state name of the definition.
    init(options: OutputOptions, following: Bool = false, stateNameWidth: Int = 0) {
        self.options = options
        widths = following ? [0, 9, 3, 28, min(max(stateNameWidth, 5), 40), 5, 0] : Array(repeating: 0, count: Self.header.count)
    }

    /// The lines for `events` (with their placements), in the order given; the first batch of a table starts with
    /// the header. `start` (the execution's first event's time) is what ELAPSED counts from.
    mutating func lines(for events: [(HistoryEvent, HistoryScopes.Placement)], start executionStart: Date? = nil) throws -> [String] {
        if options.output == .json { return try events.map { try options.jsonLine($0.0) } }
        if start == nil { start = executionStart ?? events.first(where: { $0.0.id == 1 })?.0.timestamp ?? events.first?.0.timestamp }
        let rows = events.map { row($0.0, $0.1) }
        for row in rows + (printedHeader ? [] : [Self.header]) {
            for (index, cell) in row.enumerated() where index < widths.count - 1 { widths[index] = max(widths[index], cell.count) }
        }
        var lines = printedHeader ? [] : [Table.line(Self.header, widths: widths)]
        printedHeader = true
        lines += rows.map { Table.line($0, widths: widths) }
        return lines
    }

    /// One event's cells.
    func row(_ event: HistoryEvent, _ placement: HistoryScopes.Placement) -> [String] {
        let elapsed = start.map { Self.elapsed(event.timestamp.timeIntervalSince($0)) } ?? ""
        let failure = Self.failure(of: event)
        return [
            options.date(event.timestamp), elapsed, String(event.id), event.type.rawValue, Table.oneLine(placement.label),
            Table.oneLine(failure.error ?? ""), Table.oneLine(failure.cause ?? ""),
        ]
    }

    /// `0.250s`, `12.034s`, `3m05.200s`, `2h03m05s`, `4d02h03m`.
    static func elapsed(_ interval: TimeInterval) -> String {
        let seconds = max(interval, 0)
        if seconds < 60 { return String(format: "%.3fs", seconds) }
        let whole = Int(seconds)
        if seconds < 3600 { return String(format: "%dm%06.3fs", whole / 60, seconds - Double(whole / 60 * 60)) }
        if seconds < 86400 { return String(format: "%dh%02dm%02ds", whole / 3600, whole % 3600 / 60, whole % 60) }
        return String(format: "%dd%02dh%02dm", whole / 86400, whole % 86400 / 3600, whole % 3600 / 60)
    }

    /// The error and cause an event carries, whichever kind of failure it records.
    static func failure(of event: HistoryEvent) -> (error: String?, cause: String?) {
        let candidates: [(String?, String?)?] = [
            event.executionFailedEventDetails.map { ($0.error, $0.cause) },
            event.executionAbortedEventDetails.map { ($0.error, $0.cause) },
            event.executionTimedOutEventDetails.map { ($0.error, $0.cause) },
            event.activityFailedEventDetails.map { ($0.error, $0.cause) },
            event.activityScheduleFailedEventDetails.map { ($0.error, $0.cause) },
            event.activityTimedOutEventDetails.map { ($0.error, $0.cause) },
            event.taskFailedEventDetails.map { ($0.error, $0.cause) },
            event.taskStartFailedEventDetails.map { ($0.error, $0.cause) },
            event.taskSubmitFailedEventDetails.map { ($0.error, $0.cause) },
            event.taskTimedOutEventDetails.map { ($0.error, $0.cause) },
            event.lambdaFunctionFailedEventDetails.map { ($0.error, $0.cause) },
            event.lambdaFunctionScheduleFailedEventDetails.map { ($0.error, $0.cause) },
            event.lambdaFunctionStartFailedEventDetails.map { ($0.error, $0.cause) },
            event.lambdaFunctionTimedOutEventDetails.map { ($0.error, $0.cause) },
            event.mapRunFailedEventDetails.map { ($0.error, $0.cause) },
            event.evaluationFailedEventDetails.map { ($0.error, $0.cause) },
        ]
        for case let (error, cause)? in candidates { return (error, cause) }
        return (nil, nil)
    }
}
