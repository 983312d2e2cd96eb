import Synchronization

extension JSONPath {
    private static let cache = Mutex<[String: JSONPath]>([:])
    /// Paths are few per definition; the cache is cleared when it grows past this many entries.
    private static let cacheLimit = 4096

    /// The compiled path for `text`, parsed once per process and then shared.
    public static func cached(_ text: String) throws(JSONPathError) -> JSONPath {
        if let hit = cache.withLock({ $0[text] }) { return hit }
        let path = try JSONPath(text)
        cache.withLock { entries in
            if entries.count >= cacheLimit { entries.removeAll(keepingCapacity: true) }
            entries[text] = path
        }
        return path
    }
}
