import Synchronization

/// Parsed expressions by source text, so a definition's expressions are parsed once.
final class JSONataCache: Sendable {
    static let shared = JSONataCache()
    private static let limit = 10_000
    private let storage = Mutex<[String: JSONataExpression]>([:])

    func expression(for source: String) -> JSONataExpression? {
        storage.withLock { $0[source] }
    }

    func store(_ expression: JSONataExpression, for source: String) {
        storage.withLock { cache in
            if cache.count >= Self.limit { cache.removeAll(keepingCapacity: true) }
            cache[source] = expression
        }
    }
}
