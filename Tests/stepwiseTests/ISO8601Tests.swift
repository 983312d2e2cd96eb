import Foundation
import Testing

@testable import stepwise
import StepFunctionsAPI

/// The CLI (and the console, through the same `StepFunctionsCoding.iso8601`) prints a date to the nearest
/// millisecond, whichever way it was read: through a server (epoch seconds with three decimals, a hair under the
/// millisecond as a binary value) or from the store (its text).
@Suite struct ISO8601Tests {
    @Test func printsTheNearestMillisecond() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        // 2026-12-05T01:24:54.157Z as the API sends it: 1796433894.157, which a Double holds as 1796433894.15699982...
        let fromWire = Date(timeIntervalSince1970: 1_796_433_894.157)
        #expect(ISO8601.format(fromWire, timeZone: utc) == "2026-12-05T01:24:54.157Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: 1_796_433_894.1574), timeZone: utc) == "2026-12-05T01:24:54.157Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: 1_796_433_894.9996), timeZone: utc) == "2026-12-05T01:24:55.000Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: 1_796_433_894.05), timeZone: utc) == "2026-12-05T01:24:54.050Z")
        let plusOne = try #require(TimeZone(secondsFromGMT: 3600))
        #expect(ISO8601.format(fromWire, timeZone: plusOne) == "2026-12-05T02:24:54.157+01:00")
        let minusFive = try #require(TimeZone(secondsFromGMT: -5 * 3600))
        #expect(ISO8601.format(fromWire, timeZone: minusFive) == "2026-12-04T20:24:54.157-05:00")
        // Every millisecond of a second, read back as the API's three decimals.
        for millisecond in 0..<1000 {
            let date = Date(timeIntervalSince1970: Double(1_796_433_894_000 + millisecond) / 1000)
            let text = ISO8601.format(date, timeZone: utc)
            #expect(text.hasSuffix(String(format: ".%03dZ", millisecond)), "\(text)")
            #expect(StepFunctionsCoding.iso8601(date, timeZone: utc) == text)
        }
    }
}
