import OrderedCollections

/// The order in which a `java.util.HashMap<String, ...>` filled by successive `put`s iterates its keys: AWS's order
/// for the members of a `States.JsonMerge` result and for the `.$` fields of a JSONPath payload template
/// (``JavaHashOrder``).
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
        var result = JSONObject(minimumCapacity: object.count)
        for index in iterationOrder(of: Array(object.keys)) { result[object.keys[index]] = object.values[index] }
        return result
    }

    /// The positions of `keys` (distinct, in the order they were put) in the order the `HashMap` iterates them.
    static func iterationOrder(of keys: [String]) -> [Int] {
        var capacity = 16
        while keys.count > capacity / 4 * 3 { capacity *= 2 }
        let mask = UInt32(capacity - 1)
        return keys.indices.sorted { lhs, rhs in
            let (left, right) = (spreadHash(of: keys[lhs]) & mask, spreadHash(of: keys[rhs]) & mask)
            return left != right ? left < right : lhs < rhs
        }
    }

    /// `String.hashCode()` (over UTF-16 code units, wrapping) with `HashMap.hash`'s `h ^ (h >>> 16)`.
    static func spreadHash(of key: String) -> UInt32 {
        var hash: UInt32 = 0
        for unit in key.utf16 { hash = hash &* 31 &+ UInt32(unit) }
        return hash ^ (hash >> 16)
    }
}
