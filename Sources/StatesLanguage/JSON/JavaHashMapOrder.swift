import OrderedCollections

/// The order in which a `java.util.HashMap<String, _>` (default capacity 16, load factor 0.75) iterates its keys.
///
/// Step Functions builds some objects in such a map, so their members come out in this order rather than in the
/// order they were read: a CSV row read by a Distributed Map's ItemReader is one (LocalStack's
/// test_base_scenarios.snapshot.json, recorded against AWS: the header row `0,True,{}` gives items
/// `{"0":…,"{}":…,"True":…}`, and `H1,` gives `{"":…,"H1":…}`).
package enum JavaHashMapOrder {
    /// `String.hashCode()`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, in 32-bit wrapping arithmetic.
    static func hashCode(_ key: String) -> Int32 {
        var hash: Int32 = 0
        for unit in key.utf16 { hash = hash &* 31 &+ Int32(truncatingIfNeeded: unit) }
        return hash
    }

    /// The bucket `HashMap` puts a key in: the hash with its high half folded in (`h ^ (h >>> 16)`), masked.
    static func bucket(_ key: String, capacity: Int) -> Int {
        let hash = UInt32(bitPattern: hashCode(key))
        return Int((hash ^ (hash >> 16)) & UInt32(capacity - 1))
    }

    /// The table size after inserting `count` keys into a default `HashMap` (it doubles past 3/4 full).
    static func capacity(for count: Int) -> Int {
        var capacity = 16
        while count > capacity * 3 / 4 { capacity *= 2 }
        return capacity
    }

    /// `keys` (distinct, in insertion order) in the order the map iterates them: by bucket, then by insertion
    /// within a bucket (resizing keeps that relative order).
    package static func ordered(_ keys: [String]) -> [String] {
        let capacity = capacity(for: keys.count)
        return keys.enumerated()
            .sorted { (bucket($0.element, capacity: capacity), $0.offset) < (bucket($1.element, capacity: capacity), $1.offset) }
            .map(\.element)
    }

    /// An object with its members reordered as a `HashMap` holding them would iterate them.
    package static func reordered(_ object: JSONObject) -> JSONObject {
        var result: JSONObject = [:]
        for key in ordered(Array(object.keys)) { result[key] = object[key] }
        return result
    }
}
