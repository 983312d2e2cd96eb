public import Foundation
import StatesLanguage

/// The JSON coding of the AWS JSON 1.0 protocol: timestamps are epoch seconds (with milliseconds), optional
/// members that are `nil` are left out, members are written sorted by name.
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
        // Members in one order every time: this encoder writes a keyed container's members in an order of its own,
        // which changed from one response to the next (boto3 reads structures in the model's order whatever the
        // text's, but a map's entries, `assignedVariables`, in the text's).
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
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
    /// The milliseconds are rounded, then written as JSONata writes timestamps (`JSONataDateTime`): Foundation's format
    /// style cuts the date's binary value, and a date read from the wire (`….157`, a hair under as a `Double`) printed
    /// `….156`, where the same date read from the store printed `….157`.
    package static func iso8601(_ date: Date, timeZone: TimeZone) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let offset = timeZone.secondsFromGMT(for: date)
        let text = JSONataDateTime.iso8601(millis: milliseconds + Int64(offset) * 1000)
        guard offset != 0 else { return text }
        let minutes = abs(offset) / 60
        return text.dropLast() + (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// Encodes a shape to the bytes of its JSON body.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try makeEncoder().encode(value))
    }
}
