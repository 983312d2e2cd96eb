import Foundation
import GRDB
import GRDBSQLite

/// An SQLite VFS over the default one that writes each transaction's WAL frames in one system call instead of two per
/// page.
///
/// Why: SQLite writes a WAL frame as two writes, its 24-byte header and then its page, at offsets that are not
/// aligned to the file system's blocks. On ext4 each such write costs about 5 µs of kernel time (measured: 15 frames
/// as 30 `pwrite`s took 169 µs, as one `pwritev` 13 µs), and a start or a task's result writes 8 to 16 frames: a
/// fifth of the activity round trip was spent there.
///
/// How: only WAL files are wrapped (the database file, journals and temporary files are the default VFS's own). The
/// writes to a WAL file are kept in a buffer while they are contiguous, and written out in one call:
/// - once the page of a commit frame is written (a frame header whose "database size after commit" field is not
///   zero), so that a transaction's frames are with the system before SQLite publishes the commit in the WAL index,
///   whatever the `synchronous` setting (other connections and processes read committed frames from the file);
/// - before any other operation on the file (read, sync, size, truncate, close, a write elsewhere), so that this
///   connection always sees the file as if nothing were buffered;
/// - when the buffer holds ``capacity`` bytes.
///
/// A write that fails when the buffer is written out fails the call that wrote it out (the commit frame's page, a
/// sync): SQLite then fails the transaction, as for a failed write of its own, and the buffer is dropped. A process
/// that dies with frames in the buffer dies before their transaction committed. The file's format is SQLite's: other
/// processes (and connections opened without this VFS) read and write it as usual.
///
/// Used through a URI filename (`file:…?vfs=stepwise-wal`), by the store's own connections only; unavailable (the
/// store opens files by path) when this SQLite does not accept URI filenames by default.
enum WALWriteCoalescing {
    static let vfsName = "stepwise-wal"
    /// The most a buffer holds before it is written out (a large group commit writes in pieces of this size).
    static let capacity = 1 << 20
    /// The most one write to the default VFS's file carries: SQLite's unix VFS takes a write's length modulo 128 KiB
    /// (`seekAndWriteFd`: `nBuf &= 0x1ffff`), so a larger one would be cut short and reported as a full disk.
    static let largestWrite = 31 * 4096

    /// The filename to open `path` with through this VFS, or `path` itself when the VFS is unavailable.
    static func filename(_ path: String) -> String {
        guard registered else { return path }
        // RFC 3986 path characters stay; the rest (`?`, `#`, `%`, spaces, …) are percent-encoded, as SQLite's URIs
        // require.
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/!$&'()*+,;=:@")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:\(encoded)?vfs=\(vfsName)"
    }

    /// Registers the VFS once per process (not as the default); false when it cannot be used.
    static let registered: Bool = register()

    /// The writes this VFS made to the WAL of `db`'s main database so far, or nil when that WAL is not open through it
    /// (for tests: a transaction's frames are one write).
    static func writesMade(_ db: Database) -> Int? {
        var pointer: UnsafeMutableRawPointer?
        guard sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_JOURNAL_POINTER, &pointer) == SQLITE_OK,
            let file = pointer?.assumingMemoryBound(to: sqlite3_file.self),
            file.pointee.pMethods == UnsafePointer(CoalescingFile.methods)
        else { return nil }
        return UnsafeMutableRawPointer(file).load(fromByteOffset: CoalescingFile.writesOffset, as: Int.self)
    }

    private static func register() -> Bool {
        guard sqlite3_compileoption_used("USE_URI") == 1, let base = sqlite3_vfs_find(nil) else { return false }
        if sqlite3_vfs_find(vfsName) != nil { return true }
        CoalescingFile.base = base
        let vfs = UnsafeMutablePointer<sqlite3_vfs>.allocate(capacity: 1)
        vfs.initialize(to: base.pointee)
        vfs.pointee.pNext = nil
        vfs.pointee.zName = UnsafePointer(strdup(vfsName))
        vfs.pointee.szOsFile = Int32(CoalescingFile.realOffset) + base.pointee.szOsFile
        vfs.pointee.xOpen = { _, name, file, flags, outFlags in
            CoalescingFile.open(name, file, flags, outFlags)
        }
        // The default VFS's other methods are kept; they are given this VFS, whose application data is the default's.
        return sqlite3_vfs_register(vfs, 0) == SQLITE_OK
    }
}

/// The layout of a wrapped WAL file: SQLite's `sqlite3_file` (its methods), the buffer's fields, then the default
/// VFS's own file object at ``realOffset``. SQLite allocates `szOsFile` bytes and serializes the calls on one file.
private enum CoalescingFile {
    /// The VFS this one wraps; set once, before the VFS is registered (registration is under SQLite's mutex).
    nonisolated(unsafe) static var base: UnsafeMutablePointer<sqlite3_vfs>?

    static let bufferOffset = 8
    static let capacityOffset = 16
    static let lengthOffset = 24
    static let startOffset = 32
    /// Nonzero after the header of a commit frame: the next write (its page) ends the transaction's frames.
    static let commitOffset = 40
    /// Writes made to the default VFS's file (``WALWriteCoalescing/writesMade(_:)``).
    static let writesOffset = 48
    static let realOffset = 64

    static func open(
        _ name: sqlite3_filename?, _ file: UnsafeMutablePointer<sqlite3_file>?, _ flags: Int32,
        _ outFlags: UnsafeMutablePointer<Int32>?
    ) -> Int32 {
        guard let base, let xOpen = base.pointee.xOpen, let file else { return SQLITE_CANTOPEN }
        // Anything but a WAL file is the default VFS's own file, in place.
        guard flags & SQLITE_OPEN_WAL != 0 else { return xOpen(base, name, file, flags, outFlags) }
        let raw = UnsafeMutableRawPointer(file)
        let real = (raw + realOffset).assumingMemoryBound(to: sqlite3_file.self)
        let code = xOpen(base, name, real, flags, outFlags)
        // SQLite closes a file whose methods are set even when its opening failed: so is the default VFS's.
        guard real.pointee.pMethods != nil else {
            file.pointee.pMethods = nil
            return code == SQLITE_OK ? SQLITE_CANTOPEN : code
        }
        (raw + bufferOffset).storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        (raw + capacityOffset).storeBytes(of: 0, as: Int.self)
        (raw + lengthOffset).storeBytes(of: 0, as: Int.self)
        (raw + startOffset).storeBytes(of: 0, as: Int64.self)
        (raw + commitOffset).storeBytes(of: 0, as: Int.self)
        (raw + writesOffset).storeBytes(of: 0, as: Int.self)
        file.pointee.pMethods = UnsafePointer(methods)
        return code
    }

    static func real(_ file: UnsafeMutablePointer<sqlite3_file>) -> UnsafeMutablePointer<sqlite3_file> {
        (UnsafeMutableRawPointer(file) + realOffset).assumingMemoryBound(to: sqlite3_file.self)
    }

    static func realMethods(_ file: UnsafeMutablePointer<sqlite3_file>) -> sqlite3_io_methods {
        real(file).pointee.pMethods.pointee
    }

    /// Writes to the default VFS's file, counted.
    static func writeOut(
        _ file: UnsafeMutablePointer<sqlite3_file>, _ data: UnsafeRawPointer, _ amount: Int32, _ offset: Int64
    ) -> Int32 {
        let raw = UnsafeMutableRawPointer(file)
        raw.storeBytes(of: raw.load(fromByteOffset: writesOffset, as: Int.self) + 1, toByteOffset: writesOffset, as: Int.self)
        return realMethods(file).xWrite!(real(file), data, amount, offset)
    }

    /// Writes the buffer out (and empties it, whether or not the write succeeded).
    static func flush(_ file: UnsafeMutablePointer<sqlite3_file>) -> Int32 {
        let raw = UnsafeMutableRawPointer(file)
        let length = raw.load(fromByteOffset: lengthOffset, as: Int.self)
        raw.storeBytes(of: 0, toByteOffset: commitOffset, as: Int.self)
        guard length > 0, let buffer = raw.load(fromByteOffset: bufferOffset, as: UnsafeMutableRawPointer?.self)
        else { return SQLITE_OK }
        raw.storeBytes(of: 0, toByteOffset: lengthOffset, as: Int.self)
        let start = raw.load(fromByteOffset: startOffset, as: Int64.self)
        var written = 0
        while written < length {
            let count = min(length - written, WALWriteCoalescing.largestWrite)
            let code = writeOut(file, buffer + written, Int32(count), start + Int64(written))
            guard code == SQLITE_OK else { return code }
            written += count
        }
        return SQLITE_OK
    }

    static func write(
        _ file: UnsafeMutablePointer<sqlite3_file>, _ data: UnsafeRawPointer, _ amount: Int32, _ offset: Int64
    ) -> Int32 {
        let raw = UnsafeMutableRawPointer(file)
        let count = Int(amount)
        var length = raw.load(fromByteOffset: lengthOffset, as: Int.self)
        let start = raw.load(fromByteOffset: startOffset, as: Int64.self)
        let endsCommit = raw.load(fromByteOffset: commitOffset, as: Int.self) != 0
        // A write elsewhere, or one that does not fit: what is buffered goes first.
        if length > 0, offset != start + Int64(length) || length + count > WALWriteCoalescing.capacity {
            let code = flush(file)
            guard code == SQLITE_OK else { return code }
            length = 0
        }
        if count > WALWriteCoalescing.largestWrite {
            raw.storeBytes(of: 0, toByteOffset: commitOffset, as: Int.self)
            return writeOut(file, data, amount, offset)
        }
        if count == 24, isCommitHeader(data), length == 0 {
            // A commit frame's header with nothing before it in the buffer goes to the file at once: besides a
            // one-page transaction, that is SQLite rewriting the headers of frames it overwrote in the transaction
            // (`walRewriteChecksums`, each header after a read of its frame), where no page follows the last header.
            // A page that follows it still ends the transaction's frames.
            raw.storeBytes(of: 1, toByteOffset: commitOffset, as: Int.self)
            return writeOut(file, data, amount, offset)
        }
        var buffer = raw.load(fromByteOffset: bufferOffset, as: UnsafeMutableRawPointer?.self)
        let capacity = raw.load(fromByteOffset: capacityOffset, as: Int.self)
        if buffer == nil || capacity < length + count {
            let grown = min(WALWriteCoalescing.capacity, max(64 << 10, (length + count) * 2))
            guard let reallocated = realloc(buffer, grown) else {
                // No memory for the buffer: this write goes to the file as it is.
                if length > 0 {
                    let code = flush(file)
                    guard code == SQLITE_OK else { return code }
                }
                return writeOut(file, data, amount, offset)
            }
            buffer = reallocated
            raw.storeBytes(of: reallocated, toByteOffset: bufferOffset, as: UnsafeMutableRawPointer?.self)
            raw.storeBytes(of: grown, toByteOffset: capacityOffset, as: Int.self)
        }
        guard let buffer else { return SQLITE_NOMEM }
        if length == 0 { raw.storeBytes(of: offset, toByteOffset: startOffset, as: Int64.self) }
        (buffer + length).copyMemory(from: data, byteCount: count)
        raw.storeBytes(of: length + count, toByteOffset: lengthOffset, as: Int.self)
        // A frame header (SQLite writes a frame as its 24-byte header, then its page): bytes 4–7 hold the database's
        // size in pages after a commit, zero in the other frames.
        if count == 24 {
            raw.storeBytes(of: isCommitHeader(data) ? 1 : 0, toByteOffset: commitOffset, as: Int.self)
            return SQLITE_OK
        }
        if endsCommit { return flush(file) }
        return SQLITE_OK
    }

    /// A 24-byte frame header whose bytes 4–7 (the database's size in pages after a commit) are not zero.
    static func isCommitHeader(_ data: UnsafeRawPointer) -> Bool {
        let bytes = data.assumingMemoryBound(to: UInt8.self)
        return bytes[4] | bytes[5] | bytes[6] | bytes[7] != 0
    }

    static func close(_ file: UnsafeMutablePointer<sqlite3_file>) -> Int32 {
        let flushed = flush(file)
        let raw = UnsafeMutableRawPointer(file)
        free(raw.load(fromByteOffset: bufferOffset, as: UnsafeMutableRawPointer?.self))
        raw.storeBytes(of: nil, toByteOffset: bufferOffset, as: UnsafeMutableRawPointer?.self)
        raw.storeBytes(of: 0, toByteOffset: capacityOffset, as: Int.self)
        let closed = realMethods(file).xClose!(real(file))
        file.pointee.pMethods = nil
        return flushed != SQLITE_OK ? flushed : closed
    }

    /// The methods of a wrapped WAL file: writes are buffered, everything else writes the buffer out first (or needs
    /// not) and goes to the default VFS's file.
    nonisolated(unsafe) static let methods: UnsafeMutablePointer<sqlite3_io_methods> = {
        let methods = UnsafeMutablePointer<sqlite3_io_methods>.allocate(capacity: 1)
        methods.initialize(to: sqlite3_io_methods(
            iVersion: 3,
            xClose: { file in close(file!) },
            xRead: { file, data, amount, offset in
                let code = flush(file!)
                guard code == SQLITE_OK else { return code }
                return realMethods(file!).xRead!(real(file!), data, amount, offset)
            },
            xWrite: { file, data, amount, offset in write(file!, data!, amount, offset) },
            xTruncate: { file, size in
                let code = flush(file!)
                guard code == SQLITE_OK else { return code }
                return realMethods(file!).xTruncate!(real(file!), size)
            },
            xSync: { file, flags in
                let code = flush(file!)
                guard code == SQLITE_OK else { return code }
                return realMethods(file!).xSync!(real(file!), flags)
            },
            xFileSize: { file, size in
                let code = flush(file!)
                guard code == SQLITE_OK else { return code }
                return realMethods(file!).xFileSize!(real(file!), size)
            },
            xLock: { file, lock in realMethods(file!).xLock!(real(file!), lock) },
            xUnlock: { file, lock in realMethods(file!).xUnlock!(real(file!), lock) },
            xCheckReservedLock: { file, result in realMethods(file!).xCheckReservedLock!(real(file!), result) },
            xFileControl: { file, op, argument in
                let code = flush(file!)
                guard code == SQLITE_OK else { return code }
                return realMethods(file!).xFileControl!(real(file!), op, argument)
            },
            xSectorSize: { file in realMethods(file!).xSectorSize!(real(file!)) },
            xDeviceCharacteristics: { file in realMethods(file!).xDeviceCharacteristics!(real(file!)) },
            xShmMap: { file, page, size, extend, address in
                guard let map = realMethods(file!).xShmMap else { return SQLITE_IOERR }
                return map(real(file!), page, size, extend, address)
            },
            xShmLock: { file, offset, count, flags in
                guard let lock = realMethods(file!).xShmLock else { return SQLITE_IOERR }
                return lock(real(file!), offset, count, flags)
            },
            xShmBarrier: { file in realMethods(file!).xShmBarrier?(real(file!)) },
            xShmUnmap: { file, delete in
                guard let unmap = realMethods(file!).xShmUnmap else { return SQLITE_OK }
                return unmap(real(file!), delete)
            },
            xFetch: { file, offset, amount, pointer in
                let code = flush(file!)
                guard code == SQLITE_OK else { return code }
                let methods = realMethods(file!)
                guard methods.iVersion >= 3, let fetch = methods.xFetch else {
                    pointer?.pointee = nil
                    return SQLITE_OK
                }
                return fetch(real(file!), offset, amount, pointer)
            },
            xUnfetch: { file, offset, pointer in
                let methods = realMethods(file!)
                guard methods.iVersion >= 3, let unfetch = methods.xUnfetch else { return SQLITE_OK }
                return unfetch(real(file!), offset, pointer)
            }))
        return methods
    }()
}
