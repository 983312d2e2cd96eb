import Foundation
import StatesLanguage
import StepFunctionsAPI

/// Builds console HTML. Every value that comes from a definition, a name, an input or an output goes through
/// ``HTML/escape(_:)``: pages are assembled from escaped strings only, so `<script>` in a state name is text.
enum HTML {
    /// Escapes text for HTML content and quoted attribute values.
    static func escape(_ text: String) -> String { DefinitionGraph.escapeMarkup(text) }

    /// Percent-encodes a query parameter value.
    static func query(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A URL with query parameters; `nil` values are left out.
    static func url(_ path: String, _ parameters: [(String, String?)]) -> String {
        let pairs = parameters.compactMap { name, value in value.map { "\(name)=\(query($0))" } }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    /// An ISO 8601 date to the nearest millisecond, in UTC (the same text for a date read from memory or the store).
    static func date(_ date: Date?) -> String {
        guard let date else { return "–" }
        return StepFunctionsCoding.iso8601(date, timeZone: utc)
    }

    private static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current

    /// A `<time>` element: ISO 8601 in UTC (the page's script shows it in the reader's zone too).
    static func time(_ value: Date?) -> String {
        guard let value else { return "–" }
        let text = date(value)
        return "<time datetime=\"\(text)\">\(text)</time>"
    }

    /// A short duration: `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`.
    static func duration(from start: Date?, to end: Date?) -> String {
        guard let start, let end else { return "–" }
        return duration(end.timeIntervalSince(start))
    }

    static func duration(_ seconds: Double) -> String {
        let seconds = max(0, seconds)
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds)
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        if whole < 86400 { return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60) }
        return String(format: "%d d %02d h", whole / 86400, (whole % 86400) / 3600)
    }

    /// A status badge.
    static func status(_ status: String) -> String {
        let slug = status.lowercased().replacingOccurrences(of: "_", with: "-")
        return "<span class=\"badge status-\(escape(slug))\">\(escape(status.replacingOccurrences(of: "_", with: " ")))</span>"
    }

    /// JSON text pretty-printed when it parses, else as given; escaped, in a `<pre>`.
    static func json(_ text: String?, empty: String = "(none)") -> String {
        guard let text else { return "<p class=\"muted\">\(empty)</p>" }
        return "<pre class=\"json\">\(escape(prettyJSON(text)))</pre>"
    }

    static func prettyJSON(_ text: String) -> String {
        // The project's own JSON value keeps key order and numbers exactly as the execution wrote them.
        guard text.utf8.count <= 1 << 20, let value = try? JSONValue(parsing: text) else { return text }
        return value.jsonString(.pretty)
    }

    /// The last part of an ARN (the machine's or execution's name).
    static func lastComponent(_ arn: String) -> String {
        arn.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? arn
    }
}
