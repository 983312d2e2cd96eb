import Dispatch
import Foundation
import Synchronization

/// What a function's process writes (standard output and standard error, in one pipe so their order is kept) is
/// captured per invocation, as Lambda sends it to CloudWatch Logs: `START RequestId: ... Version: $LATEST`, the
/// output, `END RequestId: ...` and the `REPORT` line (duration, billed duration, memory size, the process's peak
/// memory, and the init duration of a cold start). `Invoke` with `LogType: Tail` answers the last 4 KB of it,
/// base64-encoded (`X-Amz-Log-Result`). The output is also copied to this process's standard error.
///
/// `@unchecked Sendable`: state lives in a `Mutex`; the dispatch source (not marked `Sendable` by Dispatch) is only
/// cancelled after creation, which Dispatch allows from any thread. The pipe is read on that source and, when an
/// invocation ends, once more under the same lock, so output written before the process answered is never missed.
final class LogCapture: @unchecked Sendable {
    private struct State {
        var requestId: String?
        var text: [UInt8] = []
        var began = Date()
        var initDuration: Double?
        var closed = false
    }

    private let descriptor: Int32
    private let spawned: Date
    private let pid = Mutex<Int32?>(nil)
    private let state = Mutex(State())
    private let source: any DispatchSourceRead
    /// Lambda keeps at most this much of an invocation's log for `LogType: Tail`.
    static let tailBytes = 4096
    /// An invocation's log in memory is capped (the start and the last part are kept).
    static let maxBytes = 256 * 1024

    /// Reads `descriptor` (the pipe's read end, owned from now on) until it ends.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        self.spawned = Date()
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue.global())
        source.setEventHandler { [weak self] in self?.drain() }
        source.setCancelHandler { close(descriptor) }
        source.resume()
    }

    func started(pid: Int32) { self.pid.withLock { $0 = pid } }

    /// The process took invocation `requestId`: its log starts.
    func begin(_ requestId: String) {
        drain()
        state.withLock { state in
            let now = Date()
            state.initDuration = state.requestId == nil && state.text.isEmpty && state.initDuration == nil
                ? now.timeIntervalSince(spawned) * 1000 : nil
            state.requestId = requestId
            state.began = now
            state.text = Array("START RequestId: \(requestId) Version: $LATEST\n".utf8)
        }
    }

    /// The invocation ended: its whole log (the END and REPORT lines added); nil when this process did not hold it.
    func end(_ requestId: String, memorySize: Int, cold: Bool) -> [UInt8]? {
        drain()
        let peak = pid.withLock { $0 }.flatMap(Self.peakMemoryMegabytes)
        return state.withLock { state in
            guard state.requestId == requestId else { return nil }
            state.requestId = nil
            let milliseconds = Date().timeIntervalSince(state.began) * 1000
            var report = "REPORT RequestId: \(requestId)\tDuration: \(String(format: "%.2f", milliseconds)) ms\t"
                + "Billed Duration: \(Int(milliseconds.rounded(.up))) ms\tMemory Size: \(memorySize) MB\t"
                + "Max Memory Used: \(peak ?? 0) MB\t"
            if cold, let initDuration = state.initDuration { report += "Init Duration: \(String(format: "%.2f", initDuration)) ms\t" }
            state.initDuration = nil
            var text = state.text
            if !text.isEmpty, text.last != 0x0A { text.append(0x0A) }
            text += Array("END RequestId: \(requestId)\n\(report)\n".utf8)
            state.text = []
            return text
        }
    }

    /// Reads what the pipe holds now (non-blocking), appends it to the current invocation's log and copies it to
    /// standard error; at the end of the stream the source is cancelled (closing the descriptor).
    func drain() {
        var ended = false
        var copied: [UInt8] = []
        state.withLock { state in
            guard !state.closed else { return }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    copied += buffer[0..<count]
                    if state.requestId != nil {
                        state.text += buffer[0..<count]
                        if state.text.count > Self.maxBytes { state.text.removeFirst(state.text.count - Self.maxBytes) }
                    }
                    continue
                }
                if count < 0, errno == EINTR { continue }
                if count == 0 {
                    state.closed = true
                    ended = true
                }
                break
            }
        }
        if !copied.isEmpty { try? FileHandle.standardError.write(contentsOf: Data(copied)) }  // a closed stderr drops it
        if ended { source.cancel() }
    }

    /// Stops reading (the process is gone and will write no more).
    func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        if first { source.cancel() }
    }

    /// `VmHWM` of a running process, in MB (Linux); nil elsewhere or once it is gone.
    static func peakMemoryMegabytes(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
            return kilobytes.map { ($0 + 1023) / 1024 }
        }
        return nil
    }

    /// The last 4 KB of `log`, base64-encoded, as `X-Amz-Log-Result` carries it.
    static func tail(_ log: [UInt8]) -> String { Data(log.suffix(tailBytes)).base64EncodedString() }
}
