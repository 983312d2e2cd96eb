import Foundation
import GRDB
import Testing

@testable import StepwiseEngine

/// Dates in the execution and task rows are formatted by ``StoredDate``, not GRDB's `DateFormatter`: the text must be
/// exactly GRDB's, so that rows written before and after read and sort the same.
@Suite("Store: dates written as GRDB writes them")
struct StoredDateTests {
    static func grdbText(_ date: Date) -> String? {
        String.fromDatabaseValue(date.databaseValue)
    }

    @Test("the same text as GRDB for edge dates and 20,000 random ones from 1970 to 9999")
    func sameTextAsGRDB() throws {
        var dates: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 0.0009), Date(timeIntervalSince1970: 0.999_999),
            Date(timeIntervalSince1970: 951_782_400), Date(timeIntervalSince1970: 951_868_799.9999),  // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_400), Date(timeIntervalSince1970: 4_102_444_799.999),  // 2100
            Date(timeIntervalSince1970: 1_764_892_800.123_456), Date(timeIntervalSince1970: 253_402_300_799.998),
            Date(timeIntervalSince1970: 1_700_000_000.25), Date(timeIntervalSince1970: 1_700_000_000.1),
            Date(timeIntervalSince1970: 1_700_000_000.7), Date(timeIntervalSince1970: 1_733_356_800 - 0.0001),
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<253_402_300_799, using: &generator)))
            // Recent dates with every millisecond fraction, as the engine's clock gives them.
            dates.append(Date(timeIntervalSince1970: 1_700_000_000 + Double.random(in: 0..<400_000_000, using: &generator)))
        }
        for date in dates {
            let text = try #require(StoredDate.text(date))
            #expect(text == Self.grdbText(date), "\(date.timeIntervalSince1970)")
            #expect(StoredDate.value(date) == date.databaseValue)
        }
    }

    @Test("dates before 1970 or after 9999 go through GRDB")
    func outOfRangeDatesGoThroughGRDB() {
        for seconds in [-1.0, -12_219_292_800.5, -62_135_596_800, 253_402_300_800, 1e12] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(StoredDate.text(date) == nil)
            #expect(StoredDate.value(date) == date.databaseValue)
        }
        #expect(StoredDate.value(nil as Date?) == .null)
    }
}
