import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Gives the memory glibc's allocator keeps after large frees back to the system (`malloc_trim(0)`), at most once per
/// ``interval``.
///
/// Why: a wide Distributed Map makes the writer thread encode and free a parent runtime of several megabytes per
/// commit group and the evaluation threads build and free batches of thousands of children, each thread in an arena
/// of its own. glibc returns a heap's memory only from its top, so the freed space between live allocations stays
/// resident: measured with `malloc_stats()` during a 200,000-item Map Run (docs/benchmarks.md), the allocator held
/// 171 MiB of which 65 MiB was in use, and `malloc_trim(0)` took the RSS from 226 to 155 MiB. The trim walks the
/// arenas' free chunks and releases their whole pages (`madvise`), which no threshold setting does for memory inside
/// a heap. Elsewhere than glibc it does nothing.
enum MemoryTrim {
    /// The least time between two trims (each takes each arena's lock for the walk).
    static let interval: Duration = .seconds(1)

    private static let last = Mutex<ContinuousClock.Instant?>(nil)

    #if canImport(Glibc)
    /// glibc's `malloc_trim`, looked up once (`<malloc.h>` is not part of Swift's Glibc module).
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }  // nil: RTLD_DEFAULT
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
    #endif

    /// Trims unless a trim ran less than ``interval`` ago; true when it trimmed.
    @discardableResult
    static func afterLargeFree() -> Bool {
        #if canImport(Glibc)
        guard let trim else { return false }
        let now = ContinuousClock.now
        let due = last.withLock { last in
            if let previous = last, now - previous < interval { return false }
            last = now
            return true
        }
        guard due else { return false }
        _ = trim(0)
        return true
        #else
        return false
        #endif
    }
}
