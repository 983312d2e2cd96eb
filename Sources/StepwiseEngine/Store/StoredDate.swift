import Foundation
import GRDB
import StatesLanguage

/// The text GRDB stores a `Date` as (`yyyy-MM-dd HH:mm:ss.SSS` in UTC, to the nearest millisecond), written without
/// Foundation's `DateFormatter`: the execution and task rows written on every transition carry dates, and the
/// formatter cost the writer thread as much as encoding the execution's state.
///
/// Dates from 1970 up to the year 9999 are formatted here; any other goes through GRDB (whose formatter switches to
/// the Julian calendar before 1582, which this does not follow). `StoredDateTests` compares the two.
enum StoredDate {
    static func value(_ date: Date) -> DatabaseValue {
        text(date).map { $0.databaseValue } ?? date.databaseValue
    }

    static func value(_ date: Date?) -> DatabaseValue {
        date.map(value) ?? .null
    }

    /// The stored text, or nil outside 1970...9999.
    static func text(_ date: Date) -> String? {
        let seconds = date.timeIntervalSince1970
        // 253402300800 is 10000-01-01T00:00:00Z.
        guard seconds >= 0, seconds < 253_402_300_799.999 else { return nil }
        // The formatter works on whole milliseconds, rounded to the nearest.
        let milliseconds = Int64((seconds * 1000).rounded(.toNearestOrAwayFromZero))
        let days = milliseconds / 86_400_000
        let ofDay = milliseconds % 86_400_000
        let (year, month, day) = JSONataDateTime.civil(fromDays: days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(23)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: " "))
        digits(ofDay / 3_600_000, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(ofDay / 60_000 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(ofDay / 1000 % 60, 2)
        bytes.append(UInt8(ascii: "."))
        digits(ofDay % 1000, 3)
        return String(decoding: bytes, as: UTF8.self)
    }
}
