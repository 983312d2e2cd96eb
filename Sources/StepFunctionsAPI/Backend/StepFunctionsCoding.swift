public import Foundation

/// The JSON coding of the AWS JSON 1.0 protocol: timestamps are epoch seconds (with milliseconds), optional
/// members that are `nil` are left out.
public enum StepFunctionsCoding {
    /// The media type of requests and responses.
    public static let contentType = "application/x-amz-json-1.0"
    /// The `X-Amz-Target` prefix: `AWSStepFunctions.StartExecution`.
    public static let targetPrefix = "AWSStepFunctions."

    /// An encoder writing AWS's wire format.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(epochSeconds(date))
        }
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }

    /// A decoder reading AWS's wire format.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    /// Seconds since 1970 rounded to milliseconds, as AWS reports timestamps.
    public static func epochSeconds(_ date: Date) -> Double {
        (date.timeIntervalSince1970 * 1000).rounded() / 1000
    }

    /// ISO 8601 text of a date to the nearest millisecond, as AWS keeps timestamps: `2026-12-03T13:05:01.123Z`, or
    /// `+01:00` in place of `Z` in another time zone (what the CLI and the console print).
    ///
    /// The milliseconds are rounded and written by hand: the format style's fractional seconds cut the date's binary
    /// value, and a date read from the wire (`….157`, a hair under as a `Double`) printed `….156`, where the same date
    /// read from the store printed `….157`.
    package static func iso8601(_ date: Date, timeZone: TimeZone) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        let fraction = Int(milliseconds - seconds * 1000)
        let style = Date.ISO8601FormatStyle(
            dateSeparator: .dash, dateTimeSeparator: .standard, timeSeparator: .colon, timeZoneSeparator: .colon,
            includingFractionalSeconds: false, timeZone: timeZone)
        let text = Date(timeIntervalSince1970: seconds).formatted(style)
        // `yyyy-MM-ddTHH:mm:ss` then the zone (`Z` or `±hh:mm`): the milliseconds go between them.
        let utf8 = Array(text.utf8)
        guard utf8.count > 19, [UInt8(ascii: "Z"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(utf8[19]) else {
            return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: timeZone))
        }
        let digits = String(fraction)
        return String(decoding: utf8[..<19], as: UTF8.self) + "." + String(repeating: "0", count: 3 - digits.count)
            + digits + String(decoding: utf8[19...], as: UTF8.self)
    }

    /// Encodes a shape to the bytes of its JSON body.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try makeEncoder().encode(value))
    }
}
