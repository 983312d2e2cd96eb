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

    /// Encodes a shape to the bytes of its JSON body.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try makeEncoder().encode(value))
    }
}
