// zlib as swift-nio-extras vendors it for NIOHTTPCompression (a dependency already): its decompressor handlers stop at
// the end of the first gzip member and do not report how much input they used, so they cannot read a file of
// several members.
import CNIOExtrasZlib
import StatesLanguage

/// Inflates a gzip file as its bytes come, every member of it: a file made of concatenated gzip members (as
/// `cat a.gz b.gz` or a writer that flushes members makes) inflates to the members' texts one after the other, as
/// `gunzip` reads it (RFC 1952 2.2: "A gzip file consists of a series of members"). A member cut short, or bytes that
/// are not gzip, fail the Map with `States.ItemReaderFailed`.
///
/// Not `Sendable`: it owns zlib's stream state; one reader uses it on one thread.
final class GzipInflater {
    private let stream: UnsafeMutablePointer<cnioextras_z_stream>
    /// Whether the last input ended exactly at the end of a member (the next byte starts a new member, or the file
    /// ends there).
    private var atMemberEnd = false
    private var inflated = 0
    /// The most bytes one file inflates to (AWS's limit for an item source object, 10 GB, is far above what the
    /// embedded engine reads).
    static let maxInflatedBytes = LocalItemReader.maxObjectBytes
    /// The output buffer's size per inflate call.
    private static let outputBytes = 1 << 16

    init() throws(StatesError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: cnioextras_z_stream())
        // 15 + 16: the largest window, gzip only.
        let rc = CNIOExtrasZlib_inflateInit2(stream, 15 + 16)
        guard rc == CNIOEXTRAS_Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw LocalItemReader.failure("zlib could not start inflating (\(rc))")
        }
    }

    deinit {
        cnioextras_z_inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The bytes `input` inflates to (possibly none yet: zlib may need more input).
    func inflate(_ input: [UInt8], key: String) throws(StatesError) -> [UInt8] {
        var output: [UInt8] = []
        var failure: Int32?
        var consumed = 0
        input.withUnsafeBufferPointer { inputBytes in
            var chunk = [UInt8](repeating: 0, count: Self.outputBytes)
            while consumed < inputBytes.count, failure == nil {
                if atMemberEnd {
                    // The next member: the stream starts over on the bytes after the last member's trailer.
                    guard cnioextras_z_inflateReset(stream) == CNIOEXTRAS_Z_OK else {
                        failure = CNIOEXTRAS_Z_STREAM_ERROR
                        break
                    }
                    atMemberEnd = false
                }
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBytes.baseAddress.map { $0 + consumed })
                stream.pointee.avail_in = UInt32(inputBytes.count - consumed)
                let (rc, produced) = chunk.withUnsafeMutableBufferPointer { outputBytes -> (Int32, Int) in
                    stream.pointee.next_out = outputBytes.baseAddress
                    stream.pointee.avail_out = UInt32(outputBytes.count)
                    let rc = cnioextras_z_inflate(stream, CNIOEXTRAS_Z_NO_FLUSH)
                    return (rc, outputBytes.count - Int(stream.pointee.avail_out))
                }
                consumed = inputBytes.count - Int(stream.pointee.avail_in)
                stream.pointee.next_in = nil
                stream.pointee.avail_in = 0
                stream.pointee.next_out = nil
                stream.pointee.avail_out = 0
                if produced > 0 { output.append(contentsOf: chunk[..<produced]) }
                switch rc {
                case CNIOEXTRAS_Z_STREAM_END:
                    atMemberEnd = true
                case CNIOEXTRAS_Z_OK:
                    continue
                case CNIOEXTRAS_Z_BUF_ERROR where produced == 0 && consumed == inputBytes.count:
                    // No progress possible without more input.
                    break
                default:
                    failure = rc
                }
            }
            // zlib may hold inflated bytes it had no room for: drain them (no input left).
            while failure == nil, !atMemberEnd {
                let (rc, produced) = chunk.withUnsafeMutableBufferPointer { outputBytes -> (Int32, Int) in
                    stream.pointee.next_out = outputBytes.baseAddress
                    stream.pointee.avail_out = UInt32(outputBytes.count)
                    let rc = cnioextras_z_inflate(stream, CNIOEXTRAS_Z_NO_FLUSH)
                    return (rc, outputBytes.count - Int(stream.pointee.avail_out))
                }
                stream.pointee.next_out = nil
                stream.pointee.avail_out = 0
                if produced > 0 { output.append(contentsOf: chunk[..<produced]) }
                if rc == CNIOEXTRAS_Z_STREAM_END { atMemberEnd = true }
                if rc == CNIOEXTRAS_Z_BUF_ERROR || produced == 0 { break }
                if rc != CNIOEXTRAS_Z_OK && rc != CNIOEXTRAS_Z_STREAM_END { failure = rc }
            }
        }
        if let failure {
            throw LocalItemReader.failure("The object '\(key)' is not a valid gzip file (zlib error \(failure))")
        }
        inflated += output.count
        guard inflated <= Self.maxInflatedBytes else {
            throw LocalItemReader.failure("The object '\(key)' inflates to more than the engine reads (\(Self.maxInflatedBytes) bytes)")
        }
        return output
    }

    /// Checks that the file ended at the end of a member (not inside one).
    func finish(key: String) throws(StatesError) {
        guard atMemberEnd else { throw LocalItemReader.failure("The object '\(key)' is not a valid gzip file (it ends inside a member)") }
    }
}
