import OrderedCollections

/// The order in which a `java.util.HashMap<String, _>` filled by successive `put`s (default capacity 16, doubled past
/// a load of 0.75) iterates its keys: by bucket of the spread `String.hashCode`, then, within a bucket, by insertion
/// (resizing keeps that relative order).
///
/// Step Functions builds some objects in such a map, so their members come out in this order, as recorded against AWS
/// (LocalStack's snapshots, member order kept):
/// - `States.JsonMerge`: merging `{a, b, d}` with `{a, c, d}` gives `{a, b, c, d}`, and `{constant_in_literal}` with
///   `{constant_input_field}` gives `{constant_input_field, constant_in_literal}` (test_json_manipulation,
///   test_json_merge and test_json_merge_escaped_argument);
/// - the `.$` fields of a JSONPath payload template (``TemplateMemberOrder``);
/// - a CSV row read by a Distributed Map's ItemReader: the header row `0,True,{}` gives items `{"0", "{}", "True"}`,
///   and `H1,` gives `{"", "H1"}` (test_base_scenarios).
package enum JavaHashMapOrder {
    /// The positions of `keys` (distinct, in the order they were put) in the order the map iterates them.
    package static func iterationOrder(of keys: [String]) -> [Int] {
        let mask = UInt32(capacity(for: keys.count) - 1)
        let buckets = keys.map { spread(hashCode($0)) & mask }
        return keys.indices.sorted { (buckets[$0], $0) < (buckets[$1], $1) }
    }

    /// The table size after putting `count` keys into a default `HashMap` (it doubles past three quarters full).
    static func capacity(for count: Int) -> Int {
        var capacity = 16
        while count > capacity / 4 * 3 { capacity *= 2 }
        return capacity
    }

    /// `keys` (distinct, in the order they were put) in the order the map iterates them.
    package static func ordered(_ keys: [String]) -> [String] {
        iterationOrder(of: keys).map { keys[$0] }
    }

    /// `object`'s members reordered as a map that received them in their current order iterates them.
    package static func reordered(_ object: JSONObject) -> JSONObject {
        var result = JSONObject(minimumCapacity: object.count)
        for index in iterationOrder(of: Array(object.keys)) { result[object.keys[index]] = object.values[index] }
        return result
    }

    /// `String.hashCode()`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, in 32-bit wrapping arithmetic.
    static func hashCode(_ key: String) -> Int32 {
        var hash: Int32 = 0
        for unit in key.utf16 { hash = hash &* 31 &+ Int32(truncatingIfNeeded: unit) }
        return hash
    }

    /// `HashMap.hash`: the hash with its high half folded in (`h ^ (h >>> 16)`).
    static func spread(_ hash: Int32) -> UInt32 {
        let bits = UInt32(bitPattern: hash)
        return bits ^ (bits >> 16)
    }
}
