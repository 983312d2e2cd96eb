import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Who owns a database file: the process whose engine has it open, and the Step Functions endpoint it serves
/// the file on (`stepwise serve`), if any.
///
/// A database file has one engine at a time. The engine that opens it takes an exclusive `flock` on the sidecar
/// file `<database>.owner` and writes its PID (and, once it serves one, its endpoint) there. The operating system
/// releases the lock when the process ends however it ends (a `kill -9` included), so a lock is never stale; the
/// sidecar is never deleted (deleting it would let two openers lock two different files).
/// `Sendable`: a value.
public struct DatabaseOwner: Sendable, Hashable, Codable {
    /// The owning process.
    public var pid: Int32
    /// Where the owner serves the Step Functions API for this file (`http://127.0.0.1:8083`), or nil.
    public var endpoint: String?

    public init(pid: Int32, endpoint: String? = nil) {
        self.pid = pid
        self.endpoint = endpoint
    }

    /// The sidecar lock file of a database file.
    public static func lockPath(forDatabase path: String) -> String { path + ".owner" }

    /// The current owner of the database file at `path`, or nil when no engine has it open (no process holds
    /// the lock). Never takes the lock for longer than the check.
    public static func current(ofDatabase path: String) -> DatabaseOwner? {
        let lockPath = lockPath(forDatabase: path)
        let fd = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            // Nobody holds it: no owner (the content is what a process that has ended left).
            flock(fd, LOCK_UN)
            return nil
        }
        // The owner writes its record right after taking the lock: give it a moment when the file is still empty.
        for _ in 0..<50 {
            if let owner = read(lockPath) { return owner }
            usleep(2_000)
        }
        return DatabaseOwner(pid: 0)
    }

    static func read(_ lockPath: String) -> DatabaseOwner? {
        guard let data = FileManager.default.contents(atPath: lockPath), !data.isEmpty else { return nil }
        return try? JSONDecoder().decode(DatabaseOwner.self, from: data)
    }
}

/// A database file could not be opened because another engine owns it. `Sendable`: a value.
public struct DatabaseInUseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database file.
    public var path: String
    /// Its owner (PID 0 when the owner's record could not be read).
    public var owner: DatabaseOwner

    public init(path: String, owner: DatabaseOwner) {
        self.path = path
        self.owner = owner
    }

    public var description: String {
        let who = owner.pid > 0 ? "process \(owner.pid)" : "another process"
        if let endpoint = owner.endpoint {
            return "the database \(path) is in use by \(who), which serves it at \(endpoint): "
                + "send calls there (--endpoint \(endpoint)) instead of opening the file"
        }
        return "the database \(path) is in use by \(who): a database file has one engine at a time; "
            + "stop that process, or use another --db file"
    }
}

/// The exclusive lock an engine holds on its database file while it is open (see ``DatabaseOwner``).
///
/// Taken when the engine opens the file, released when the engine shuts down or goes away, taken again when it
/// starts again. `Sendable`: the descriptor is fixed at creation; the record and the held flag live in a `Mutex`.
final class OwnerLock: Sendable {
    private let fd: Int32
    private let path: String
    private let databasePath: String
    private let record: Mutex<(owner: DatabaseOwner, held: Bool)>

    /// Takes the lock of the database at `databasePath`, or throws ``DatabaseInUseError`` naming the owner.
    init(databasePath: String) throws {
        path = DatabaseOwner.lockPath(forDatabase: databasePath)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OwnerLockError(path: path, reason: String(cString: strerror(errno)))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                let owner = DatabaseOwner.current(ofDatabase: databasePath) ?? DatabaseOwner(pid: 0)
                throw DatabaseInUseError(path: databasePath, owner: owner)
            }
            throw OwnerLockError(path: path, reason: String(cString: strerror(code)))
        }
        self.fd = fd
        self.databasePath = databasePath
        let owner = DatabaseOwner(pid: getpid())
        record = Mutex((owner, true))
        write(owner)
    }

    /// Takes the lock again after ``release()`` (nothing when it is held).
    /// - Throws: ``DatabaseInUseError`` naming the engine that took the file in the meantime.
    func acquire() throws(DatabaseInUseError) {
        let outcome: DatabaseOwner?? = record.withLock { record in
            if record.held { return .some(nil) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return nil }
            record.held = true
            return .some(record.owner)
        }
        switch outcome {
        case .some(.some(let owner)): write(owner)
        case .some(.none): return
        case .none:
            throw DatabaseInUseError(
                path: databasePath, owner: DatabaseOwner.current(ofDatabase: databasePath) ?? DatabaseOwner(pid: 0))
        }
    }

    /// Lets another engine open the file (this one has stopped).
    func release() {
        record.withLock { record in
            guard record.held else { return }
            record.held = false
            flock(fd, LOCK_UN)
        }
    }

    /// Records where the owner serves the Step Functions API for this file (nil: nowhere).
    func setEndpoint(_ endpoint: String?) {
        let (owner, held) = record.withLock { record in
            record.owner.endpoint = endpoint
            return (record.owner, record.held)
        }
        if held { write(owner) }
    }

    private func write(_ owner: DatabaseOwner) {
        guard let data = try? JSONEncoder().encode(owner) else { return }
        // Readers ignore an empty or partial record and read again (see DatabaseOwner.current).
        _ = ftruncate(fd, 0)
        _ = data.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// The owner lock file could not be created or locked (permissions, a read-only directory).
struct OwnerLockError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot lock \(path): \(reason)" }
}
