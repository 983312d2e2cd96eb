import Foundation

extension JSONataBuiltins.Call {
    /// Date/time functions and the functions AWS Step Functions adds to JSONata.
    ///
    /// AWS documents the added functions' arguments (Developer Guide, "Transforming data with JSONata in Step
    /// Functions": `$partition(array, chunkSize)`, `$range(start, end, step)`, `$hash(data, algorithm)` with MD5,
    /// SHA-1, SHA-256, SHA-384 or SHA-512, `$random(seed)`, `$uuid()`, `$parse(jsonString)`) but not the error a
    /// bad argument raises, so the codes and words here are ours: an argument outside what AWS documents (a
    /// chunk size below 1 or fractional, a fractional or zero step, an unknown algorithm, a fractional seed) is
    /// JSONata's own T0410 ("Argument N of function "x" does not match function signature"); a `$parse` argument
    /// that is not JSON is D3150, a code JSONata does not have; `$range` refuses more than 1,000,000 values
    /// (T0410 on its second argument), a limit of ours where AWS documents none.
    func stepFunctionsFunction() throws(JSONataError) -> Handled? {
        switch name {
        case "now":
            return Handled(.string(try formatted(evaluator.nowMillis, pictureIndex: 0)))
        case "millis":
            return Handled(.number(Double(evaluator.nowMillis)))
        case "fromMillis":
            guard let ms = try number(0) else { return Handled(nil) }
            guard abs(ms) <= 8.64e15 else {
                throw JSONataError(code: "D3136", message: "The argument of the fromMillis function is out of range: \(JSONataValue.formatNumber(ms))", position: position)
            }
            // a fraction of a millisecond is cut toward zero, as JavaScript's Date does (-1.5 is -1)
            return Handled(.string(try formatted(Int64(ms.rounded(.towardZero)), pictureIndex: 1)))
        case "toMillis":
            guard let text = try string(0) else { return Handled(nil) }
            if let picture = try string(1) {
                return Handled(try JSONataDateTime.parse(text, picture: picture, now: evaluator.nowMillis, at: position).map { .number(Double($0)) })
            }
            guard let ms = JSONataDateTime.millis(iso8601: text) else {
                throw JSONataError(code: "D3110", message: "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given \(JSONataValue.quoted(text))", position: position)
            }
            return Handled(.number(Double(ms)))
        case "partition":
            guard let items = array(0) else { return Handled(nil) }
            guard let size = try number(1), size >= 1, size == size.rounded() else { throw mismatch(1) }
            let chunk = JSONataBuiltins.clampedInt(size)
            let chunks = stride(from: 0, to: items.count, by: chunk).map { JSONataValue.array(Array(items[$0..<min($0 + chunk, items.count)])) }
            return Handled(.array(chunks))
        case "range":
            // Non-integer arguments are truncated toward zero, as AWS does (`$range(-1.7, 2, 1)` is [-1, 0, 1, 2];
            // floci-io/floci#2676, measured against AWS).
            guard let rawStart = try number(0), let rawEnd = try number(1) else { return Handled(nil) }
            let start = rawStart.rounded(.towardZero), end = rawEnd.rounded(.towardZero)
            let step = (try number(2) ?? 1).rounded(.towardZero)
            guard step != 0 else { throw mismatch(2) }
            let count = ((end - start) / step).rounded(.down) + 1
            // AWS's memory bound: `$count($range(1, 200000, 1))` evaluates, a range of 500,000 does not (floci#2676);
            // the bound is where a Java list growing by half reaches the next size past 360,145 items (floci#2790).
            guard count <= 360_145 else { throw evaluator.memoryExceeded(at: position) }
            let values = stride(from: start, through: end, by: step).map { JSONataValue.number($0) }
            // A sequence, as AWS answers it: recorded against AWS (LocalStack's test_array_jsonata
            // test_array_range), `$range(1, 9, 9)` is the number 1, not [1]; so an empty range is undefined.
            return Handled(.sequence(values))
        case "hash":
            guard let data = try string(0) else { return Handled(nil) }
            guard let algorithm = try string(1), let digest = Digest.hex(algorithm, of: Array(data.utf8)) else {
                throw mismatch(1)
            }
            return Handled(.string(digest))
        case "uuid":
            var bytes = (0..<16).map { _ in UInt8(min(evaluator.randomSource() * 256, 255)) }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
                String(hex.dropFirst(range.lowerBound).prefix(range.count))
            }
            return Handled(.string(parts.joined(separator: "-")))
        case "parse":
            guard let text = try string(0) else { return Handled(nil) }
            do {
                return Handled(JSONataValue(try JSONValue(parsing: text)))
            } catch {
                throw JSONataError(code: "D3150", message: "Unable to parse the JSON string: \(error.message)", position: position)
            }
        default:
            return nil
        }
    }

    private func formatted(_ millis: Int64, pictureIndex: Int) throws(JSONataError) -> String {
        let picture = try string(pictureIndex)
        let timezone = try string(pictureIndex + 1)
        guard picture != nil || timezone != nil else { return JSONataDateTime.iso8601(millis: millis) }
        let effective = picture ?? "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"
        return try JSONataDateTime.format(millis: millis, picture: effective, timezone: timezone, at: position)
    }
}

/// ISO 8601 timestamps with millisecond precision in UTC, as JSONata writes them without a picture: with its
/// default picture `[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]`, the same text as JavaScript's
/// `Date.prototype.toISOString` for the years 0 to 9999. Outside them the year is as `[Y0001]` writes it, at
/// least four digits after a `-` for years before 0 (`-0001-01-01T00:00:00.000Z`, `10000-01-01T...`), where
/// `toISOString` would write six digits and a sign.
package enum JSONataDateTime {
    package static func iso8601(millis: Int64) -> String {
        let (days, msOfDay) = millis.quotientAndRemainder(dividingBy: 86_400_000)
        let dayNumber = msOfDay < 0 ? days - 1 : days
        let ms = msOfDay < 0 ? msOfDay + 86_400_000 : msOfDay
        let (year, month, day) = civil(fromDays: dayNumber)
        let yearText = (year < 0 ? "-" : "") + String(format: "%04lld", abs(year))
        return yearText + String(format: "-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", month, day, ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
    }

    static func millis(iso8601 text: String) -> Int64? {
        // JSONata accepts what its ISO 8601 pattern allows and `Date.parse` reads: a year, optionally a month and
        // a day, then optionally `Thh:mm:ss` (seconds required; no space separator), a `.fraction` and `Z` or `±hh[:]mm`
        let pattern = /(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?)?)?)?/
        guard let m = text.wholeMatch(of: pattern), let year = Int64(m.1) else { return nil }
        let month = m.2.flatMap { Int64($0) } ?? 1
        let day = m.3.flatMap { Int64($0) } ?? 1
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let hour = m.4.flatMap { Int64($0) } ?? 0
        let minute = m.5.flatMap { Int64($0) } ?? 0
        let second = m.6.flatMap { Int64($0) } ?? 0
        guard hour < 24, minute < 60, second < 60 else { return nil }
        var fraction: Int64 = 0
        if let digits = m.7 { fraction = Int64(String((String(digits) + "00").prefix(3))) ?? 0 }
        var offset: Int64 = 0
        if let zone = m.8, zone != "Z" {
            let digits = zone.dropFirst().filter { $0 != ":" }
            let h = Int64(digits.prefix(2)) ?? 0, mm = Int64(digits.suffix(2)) ?? 0
            offset = (h * 60 + mm) * (zone.hasPrefix("-") ? -1 : 1)
        }
        let days = self.days(fromCivil: year, month, day)
        return ((days * 24 + hour) * 60 + minute - offset) * 60_000 + second * 1000 + fraction
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian year, month and day of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
    package static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
