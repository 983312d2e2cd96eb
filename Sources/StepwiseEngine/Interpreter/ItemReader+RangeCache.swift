import StepFunctionsAPI
import Synchronization

/// The engine's S3 sender for Distributed Maps (``StepwiseEngine/useS3(_:)``), with a small cache of object blocks
/// for the ranged GETs of ``S3RangeReader``.
///
/// A Map Run reading its items as its children start reopens its object at the cursor's offset in every transition
/// that starts children; with `MaxConcurrency` that is a transition or two per child. Each would be a GET. Instead a
/// ranged GET pinned to one version (`If-Match` with the ETag the Map Run started with) asks S3 for the 1 MiB-aligned
/// blocks around the range, keeps them, and answers the next ranges of those blocks from memory: a Map Run costs one
/// GET per MiB of its object, however its children start. Only requests with both `Range` and `If-Match` are cached
/// (their bytes cannot change under the ETag); every other request, and any answer but 206, passes through.
///
/// `Sendable`: the blocks are behind a `Mutex`.
final class S3RangeCache: Sendable {
    /// The block size: a miss asks for the blocks the range touches.
    static let blockBytes = 1 << 20
    /// At most this many fetched ranges (each one or two blocks) are kept, the least recently used dropped first.
    static let maxEntries = 4

    private struct Entry {
        var object: String
        var start: Int
        var bytes: [UInt8]
        var size: Int
        var eTag: String
        var used: UInt64
    }

    private let entries = Mutex<(list: [Entry], clock: UInt64)>(([], 0))
    private let upstream: S3Sender

    init(_ upstream: @escaping S3Sender) {
        self.upstream = upstream
    }

    /// A client whose ranged, ETag-pinned GETs go through this cache.
    var client: S3Client { S3Client { request in try await self.answer(request) } }

    private func answer(_ request: S3Request) async throws -> S3Response {
        guard request.method == "GET", let key = request.key,
            let range = Self.header(request, "Range"), let eTag = Self.header(request, "If-Match"),
            let (first, last) = Self.bounds(range), first <= last
        else { return try await upstream(request) }
        let version = request.query.first { $0.name == "versionId" }?.value ?? ""
        let object = request.bucket + "\u{0}" + key + "\u{0}" + version + "\u{0}" + eTag
        if let hit = cached(object, first, last) { return hit }
        let blockStart = first / Self.blockBytes * Self.blockBytes
        let blockEnd = (last / Self.blockBytes + 1) * Self.blockBytes - 1
        var blocks = request
        blocks.headers = request.headers.map { $0.name.lowercased() == "range" ? S3Pair($0.name, "bytes=\(blockStart)-\(blockEnd)") : $0 }
        let response = try await upstream(blocks)
        // An error (412 when the object changed, 404, ...) or a whole object (an endpoint that ignores Range, which
        // the reader cuts itself) is the reader's to handle.
        guard response.status == 206 else { return response }
        guard let contentRange = response.headers["content-range"],
            let size = contentRange.split(separator: "/").last.flatMap({ Int($0) }),
            let (start, _) = Self.bounds(String(contentRange.split(separator: "/").first ?? "")),
            start == blockStart
        else { return try await upstream(request) }
        entries.withLock { state in
            state.clock += 1
            state.list.append(Entry(object: object, start: blockStart, bytes: response.body, size: size, eTag: eTag, used: state.clock))
            if state.list.count > Self.maxEntries, let oldest = state.list.indices.min(by: { state.list[$0].used < state.list[$1].used }) {
                state.list.remove(at: oldest)
            }
        }
        if let hit = cached(object, first, last) { return hit }
        return try await upstream(request)
    }

    /// The answer to `first...last` from a kept range that holds it (to the object's end), else nil.
    private func cached(_ object: String, _ first: Int, _ last: Int) -> S3Response? {
        entries.withLock { state -> S3Response? in
            guard let index = state.list.firstIndex(where: { entry in
                entry.object == object && entry.start <= first && first < entry.start + entry.bytes.count
                    && min(last, entry.size - 1) < entry.start + entry.bytes.count
            }) else { return nil }
            state.clock += 1
            state.list[index].used = state.clock
            let entry = state.list[index]
            let end = min(last, entry.size - 1)
            return S3Response(
                status: 206, headers: ["content-range": "bytes \(first)-\(end)/\(entry.size)", "etag": entry.eTag],
                body: Array(entry.bytes[(first - entry.start)...(end - entry.start)]))
        }
    }

    private static func header(_ request: S3Request, _ name: String) -> String? {
        request.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// `bytes=a-b` (or `bytes a-b`, as Content-Range writes it) as its two offsets.
    private static func bounds(_ text: String) -> (Int, Int)? {
        let numbers = text.drop { !$0.isNumber }.split(separator: "-")
        guard numbers.count == 2, let first = Int(numbers[0]), let last = Int(numbers[1]) else { return nil }
        return (first, last)
    }
}
