import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives the store's WAL its working size before SQLite opens it, written with zeros, so that commits overwrite the
/// file in place instead of growing it.
///
/// A commit flushes the WAL with `fdatasync`. While the file grows, each flush must also write the file's new size
/// and its new blocks: on ext4 that made a flush of 14 pages 0.24–0.38 ms instead of 0.15–0.21 ms
/// (`bench/fsync_floor.py 400 14 --growing`). SQLite reuses its WAL from the beginning once a checkpoint has copied it
/// all, so the file stops growing at about the checkpoint threshold (16 MiB); before this, every opening of the store
/// paid the growing flushes for its first 16 MiB of commits. (Space reserved with `fallocate` does not help:
/// its first write still changes the file system's metadata.)
///
/// Safe by SQLite's WAL format: a WAL whose header is not valid (here, zeros) is read as empty, SQLite writes a new
/// header when it first commits, and frames past the last valid one (stale or zero) are never read. Only a WAL that
/// does not exist, or is empty, is prepared: one with anything in it may hold commits (left by a crash, or written by
/// another connection still open). An empty one is what a read-only connection leaves (the CLI reads the file before
/// it opens an engine): it holds nothing, and no other engine writes it while this one holds the owner lock.
/// A new database cannot have one (SQLite deletes a WAL beside a database file of no pages), so ``EngineStore``
/// creates a new database first, closes it, and opens it again.
enum WALPreallocation {
    /// The frames prepared: the checkpoint threshold, and room for the commits that land while a checkpoint runs.
    static let frames = Int(Checkpointer.defaultPages) + 512

    /// Whether `path` is a file with anything in it (SQLite keeps a WAL beside it; beside an empty one it deletes it).
    static func databaseHasPages(_ path: String) -> Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        return size > 0
    }

    /// The first 18 bytes of `databasePath` when they are an SQLite database's header (its magic string, then the
    /// page size); nil for anything else (a file that is not a database gets no WAL beside it).
    private static func header(_ databasePath: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: databasePath) else { return nil }
        defer { try? handle.close() }
        guard let bytes = try? handle.read(upToCount: 18), bytes.count == 18,
            bytes.prefix(16).elementsEqual("SQLite format 3\u{0}".utf8)
        else { return nil }
        return Array(bytes)
    }

    /// Writes `databasePath`'s WAL, ``frames`` frames of zeros long, and flushes it and its directory; does nothing
    /// when the WAL is not empty, or when `databasePath` is not an SQLite database. A failure (a full disk) leaves an
    /// empty WAL, which SQLite takes as none. Called with the database's owner lock held.
    /// - Returns: whether the WAL was prepared.
    @discardableResult
    static func prepare(databasePath: String) -> Bool {
        guard let header = header(databasePath) else { return false }
        let walPath = databasePath + "-wal"
        let descriptor = open(walPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size == 0 else { return false }
        let total = 32 + frames * (pageSize(header: header) + 24)
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        var written = 0
        let complete = chunk.withUnsafeBytes { zeros -> Bool in
            while written < total {
                let count = pwrite(descriptor, zeros.baseAddress, min(zeros.count, total - written), off_t(written))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            #if canImport(Darwin)
            return fsync(descriptor) == 0
            #else
            return fdatasync(descriptor) == 0
            #endif
        }
        guard complete else {
            _ = ftruncate(descriptor, 0)
            return false
        }
        // The WAL's directory entry is durable before any commit is written into the file.
        let directory = open((databasePath as NSString).deletingLastPathComponent.isEmpty
            ? "." : (databasePath as NSString).deletingLastPathComponent, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
        return true
    }

    /// The page size a database header gives (bytes 16–17, big-endian; 1 means 65,536); SQLite's default 4,096 when
    /// the value is not a valid page size.
    static func pageSize(header: [UInt8]) -> Int {
        guard header.count >= 18 else { return 4096 }
        let value = Int(header[16]) << 8 | Int(header[17])
        if value == 1 { return 65_536 }
        return value >= 512 && value & (value - 1) == 0 ? value : 4096
    }
}
