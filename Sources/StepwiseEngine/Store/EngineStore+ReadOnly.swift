import Foundation
import StepFunctionsAPI
import GRDB

/// A write asked of a store opened read-only (``StoreLocation/readOnlyFile(_:)``).
struct ReadOnlyStoreError: Error, CustomStringConvertible {
    var path: String
    var description: String { "the database '\(path)' is open read-only" }
}

extension EngineStore {
    /// Opens an existing database file for reading only: no migration, no write, and the owner lock only when it can
    /// be taken (a read-only directory cannot hold the lock file; an engine that writes nothing needs none then).
    ///
    /// In WAL mode SQLite readers need the `-shm` file: when it is missing and the directory is read-only, the file is
    /// read as immutable (nothing else can be writing it: no one can write in that directory).
    static func openReadOnly(_ path: String, configuration: Configuration) throws -> (OwnerLock?, any DatabaseWriter) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StepFunctionsError.storage("Cannot open the database '\(path)' read-only: the file does not exist")
        }
        let lock: OwnerLock?
        do {
            lock = try OwnerLock(databasePath: path)
        } catch is OwnerLockError {
            lock = nil
        }
        var configuration = configuration
        configuration.readonly = true
        let writer: any DatabaseWriter
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            writer = pool
        } catch let first {
            do {
                let queue = try DatabaseQueue(path: "file:\(path)?immutable=1", configuration: configuration)
                _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
                writer = queue
            } catch {
                let reason = (first as? DatabaseError).map { $0.message ?? "SQLite error \($0.resultCode.rawValue)" } ?? "\(first)"
                throw StepFunctionsError.storage("Cannot open the database '\(path)' read-only: \(reason)")
            }
        }
        let current: Bool
        do {
            current = try writer.read { db in try Schema.isCurrent(db) }
        } catch {
            throw StepFunctionsError.storage("Cannot open the database '\(path)' read-only: \(error)")
        }
        guard current else {
            throw StepFunctionsError.storage(
                "Cannot open the database '\(path)' read-only: it was written by another version of Stepwise and needs "
                    + "migrating, which a read-only file cannot take (open it writable once)")
        }
        return (lock, writer)
    }
}
