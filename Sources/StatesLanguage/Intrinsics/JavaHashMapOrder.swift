import OrderedCollections

/// The order in which a `java.util.HashMap<String, ...>` filled by successive `put`s iterates its keys.
///
/// `States.JsonMerge` answers its members in this order rather than in the order of its arguments: recorded against
/// AWS (LocalStack's test_json_manipulation.snapshot.json, TestJsonManipulation::test_json_merge, where merging
/// `{a, b, d}` with `{a, c, d}` gives `{a, b, c, d}`, and test_json_merge_escaped_argument, where merging
/// `{constant_in_literal}` with `{constant_input_field}` gives `{constant_input_field, constant_in_literal}`). Both
/// are the iteration order of a default `HashMap` (16 buckets, doubling past a load of 0.75): by bucket, then, within a
/// bucket, by first insertion.
enum JavaHashMapOrder {
    /// `object`'s members reordered as a `HashMap` that received them in their current order iterates them.
    static func ordered(_ object: JSONObject) -> JSONObject {
        var capacity = 16
        while object.count > capacity / 4 * 3 { capacity *= 2 }
        let mask = UInt32(capacity - 1)
        let buckets = object.keys.enumerated().map { (bucket: spreadHash(of: $0.element) & mask, insertion: $0.offset) }
        let order = buckets.sorted { ($0.bucket, $0.insertion) < ($1.bucket, $1.insertion) }
        var result = JSONObject(minimumCapacity: object.count)
        for entry in order { result[object.keys[entry.insertion]] = object.values[entry.insertion] }
        return result
    }

    /// `String.hashCode()` (over UTF-16 code units, wrapping) with `HashMap.hash`'s `h ^ (h >>> 16)`.
    static func spreadHash(of key: String) -> UInt32 {
        var hash: UInt32 = 0
        for unit in key.utf16 { hash = hash &* 31 &+ UInt32(unit) }
        return hash ^ (hash >> 16)
    }
}
