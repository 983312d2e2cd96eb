import OrderedCollections
import Testing

@testable import StatesLanguage

/// Member order AWS gives objects it builds in a Java `HashMap`, checked against answers recorded from AWS in
/// LocalStack's tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json (and the
/// recordings the payload-template rule was checked against, named at each test).
@Suite struct RecordedScenarioOrderTests {
    /// `String.hashCode()` values Java gives (known answers).
    @Test(arguments: [("", 0), ("a", 97), ("Col1", 2_106_065), ("hello", 99_162_322), ("polygenelubricants", Int32.min)] as [(String, Int32)])
    func javaStringHashCode(_ key: String, _ expected: Int32) {
        #expect(JavaHashMapOrder.hashCode(key) == expected)
    }

    /// CSV rows read by an ItemReader (test_map_item_reader_csv_headers_first_row_typed_headers and
    /// test_map_item_reader_csv_first_row_extra_fields; the header rows `Col1,Col2,Col3` and `H1,H2,H3` keep their order).
    @Test(arguments: [
        (["0", "True", "{}"], ["0", "{}", "True"]),
        (["H1", ""], ["", "H1"]),
        (["Col1", "Col2", "Col3"], ["Col1", "Col2", "Col3"]),
        (["H1", "H2", "H3"], ["H1", "H2", "H3"]),
    ])
    func csvHeaders(_ header: [String], _ recorded: [String]) {
        #expect(JavaHashMapOrder.ordered(header) == recorded)
    }

    /// The table doubles past three quarters full: 13 keys are bucketed in 32 slots, not 16.
    @Test func capacityGrowsPastThreeQuarters() {
        #expect(JavaHashMapOrder.capacity(for: 12) == 16)
        #expect(JavaHashMapOrder.capacity(for: 13) == 32)
        #expect(JavaHashMapOrder.capacity(for: 25) == 64)
    }
}
