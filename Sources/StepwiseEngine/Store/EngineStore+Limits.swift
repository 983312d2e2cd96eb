import Foundation
import GRDB

extension StepwiseEngine {
    /// Caps the database at its current size, as a full disk would (SQLite's `max_page_count` on the engine's writer
    /// connection): a write that needs a new page fails with `SQLITE_FULL`. `false` lifts the cap. For fault tests
    /// and the disk-full drill; it does not survive a restart.
    package func simulateFullDisk(_ full: Bool) async throws {
        try await store.writer.writeWithoutTransaction { db in
            // SQLite never sets the limit below the file's current size: 1 means "exactly as big as it is now".
            try db.execute(sql: "PRAGMA max_page_count = \(full ? 1 : 4_294_967_294)")
        }
    }
}
