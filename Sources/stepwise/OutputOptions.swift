import ArgumentParser
import Foundation
import StepFunctionsAPI

/// How a listing command prints: `--output table` (aligned columns under a header, for people) or `--output json`
/// (one JSON object per line, the API's shape with ISO 8601 dates, for scripts); `--utc` prints dates in UTC
/// instead of the local time zone.
struct OutputOptions: ParsableArguments {
    /// The output formats of the listing commands.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "table (aligned columns with a header) or json (one JSON object per line).")
    var output: Format = .table

    @Flag(help: "Print dates in UTC (default: the local time zone).")
    var utc = false

    /// The time zone of printed dates.
    var timeZone: TimeZone { utc ? TimeZone(identifier: "UTC") ?? .current : .current }

    /// An ISO 8601 date in the chosen time zone: `2026-12-03T13:05:01.123+01:00`, or `...Z` in UTC.
    func date(_ date: Date) -> String { ISO8601.format(date, timeZone: timeZone) }

    /// A value as one line of JSON: its Codable members as the API names them, dates in ISO 8601, keys sorted.
    func jsonLine(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        let zone = timeZone
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.format(date, timeZone: zone))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// ISO 8601 dates with milliseconds, as every human-readable line of the CLI prints them (to the nearest
/// millisecond, see `StepFunctionsCoding.iso8601`).
enum ISO8601 {
    static func format(_ date: Date, timeZone: TimeZone) -> String {
        StepFunctionsCoding.iso8601(date, timeZone: timeZone)
    }
}

/// Rows printed in aligned columns under a header: each column as wide as its widest cell, two spaces apart; the
/// last column is not padded. Tabs and line breaks inside a cell are shown as `\t` and `\n`, so a row stays one line.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) { self.header = header }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The header and the rows, one line each (no trailing newline).
    var lines: [String] {
        let all = ([header] + rows).map { $0.map(Self.oneLine) }
        var widths = Array(repeating: 0, count: header.count)
        for row in all { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        return all.map { Self.line($0, widths: widths) }
    }

    /// Prints the table on standard output.
    func print() { for line in lines { Swift.print(line) } }

    /// One row: cells padded to `widths`, two spaces apart, trailing spaces dropped.
    static func line(_ cells: [String], widths: [Int]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 { text += "  " }
            let width = index < widths.count ? widths[index] : 0
            text += cell
            // Padding by characters (not UTF-16 units, which `padding(toLength:)` counts and would cut by).
            if index < cells.count - 1 { text += String(repeating: " ", count: max(0, width - cell.count)) }
        }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// A cell on one line: line breaks and tabs escaped.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
    }
}
