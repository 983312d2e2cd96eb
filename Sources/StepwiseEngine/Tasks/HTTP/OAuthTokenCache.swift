import Foundation
import Synchronization

/// OAuth tokens of `OAUTH_CLIENT_CREDENTIALS` connections, kept as EventBridge connections keep theirs: a token is
/// fetched once and used for every request until it expires (its `expires_in`, refreshed a little before), or until
/// the endpoint answers 401 or 407 with it, when it is fetched again and the request sent once more. A token without
/// `expires_in` is kept until such an answer. Keyed by the connection's whole client configuration, so changed
/// credentials never use an old token; shared by the engines of a process (equal credentials, equal tokens).
final class OAuthTokenCache: Sendable {
    static let shared = OAuthTokenCache()

    private struct Entry {
        var token: String
        var expires: Date?
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// At most this many clients are remembered (the oldest entries go first past it).
    static let capacity = 1_000

    /// The cached token for `key`, unless it has expired at `now`.
    func token(for key: String, now: Date = Date()) -> String? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if let expires = entry.expires, expires <= now {
                entries[key] = nil
                return nil
            }
            return entry.token
        }
    }

    /// Keeps `token` for `key`; `expiresIn` (seconds, from the token answer) sets when it is refreshed: 10 % of its
    /// life (at most 30 s) before it ends.
    func store(_ token: String, expiresIn: Double?, for key: String, now: Date = Date()) {
        let expires = expiresIn.map { now.addingTimeInterval($0 - min(30, $0 * 0.1)) }
        entries.withLock { entries in
            if entries.count >= Self.capacity, entries[key] == nil, let victim = entries.keys.first { entries[victim] = nil }
            entries[key] = Entry(token: token, expires: expires)
        }
    }

    /// Forgets `token` for `key` (the endpoint refused it); a newer token stored meanwhile is kept.
    func invalidate(_ key: String, token: String) {
        entries.withLock { entries in
            if entries[key]?.token == token { entries[key] = nil }
        }
    }
}
