import Dispatch
import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import Synchronization

/// A Distributed Map's `ItemReader` over Amazon S3 itself (the engine's ``StepwiseEngine/useS3(_:)``: an
/// S3-compatible endpoint given with `--aws-endpoint`, or AWS), for the buckets not mapped to directories:
/// `s3:getObject` reads one object as a JSON array (whole; JSONL and CSV are read in ranges,
/// ``S3RangeReader``), `s3:listObjectsV2` lists a prefix's objects following continuation tokens, as the developer
/// guide's "ItemReader (Map)" page documents them. S3's errors fail the Map with `States.ItemReaderFailed`, naming
/// S3's error code.
struct RemoteItemReader {
    var s3: S3Client

    func items(resource: String, bucket: String, parameters: JSONValue, config: ItemReader.ReaderConfig?, limit: Int) throws(StatesError) -> [JSONValue] {
        switch resource {
        case "arn:aws:states:::s3:getObject":
            guard let key = parameters["Key"]?.stringValue else { throw LocalItemReader.failure("The ItemReader's parameters must name a Key") }
            let object = try S3Blocking.run(what: "s3:getObject \(bucket)/\(key)") { [s3] in
                try await s3.getObject(
                    bucket: bucket, key: key,
                    query: parameters["VersionId"]?.stringValue.map { [S3Pair("versionId", $0)] } ?? [])
            }
            guard object.body.count <= LocalItemReader.maxObjectBytes else {
                throw LocalItemReader.failure("The object '\(key)' is larger than the engine reads (\(LocalItemReader.maxObjectBytes) bytes)")
            }
            return try LocalItemReader.parse(Data(object.body), key: key, config: config, limit: limit)
        case "arn:aws:states:::s3:listObjectsV2":
            let prefix = parameters["Prefix"]?.stringValue
            let objects = try S3Blocking.run(what: "s3:listObjectsV2 \(bucket)/\(prefix ?? "")") { [s3] in
                try await s3.listAllObjects(bucket: bucket, prefix: prefix, limit: limit)
            }
            return objects.map { object in
                var item: JSONObject = ["Key": .string(object.key), "Size": .int(object.size)]
                if let tag = object.eTag { item["Etag"] = .string(tag) }
                // Epoch seconds, as the developer guide's example item shows them.
                if let modified = object.lastModified.flatMap(S3Dates.parseISO8601) { item["LastModified"] = .int(Int(modified.timeIntervalSince1970)) }
                if let storage = object.storageClass { item["StorageClass"] = .string(storage) }
                return .object(item)
            }
        default:
            throw LocalItemReader.failure("The ItemReader resource '\(resource)' is not supported by the embedded engine")
        }
    }
}

/// Runs one S3 call to completion from an interpreter, which is synchronous and runs on the engine's evaluation
/// threads (``EvaluationPool``: dedicated threads, not Swift's cooperative pool, so waiting here cannot starve the
/// tasks that perform the call). The call runs as a detached task on the cooperative pool and the HTTP client's
/// event loops; the thread waits on a semaphore. S3's errors and a missing answer become `States.ItemReaderFailed`
/// (reading) — the caller names the field.
enum S3Blocking {
    static func run<T: Sendable>(what: String, _ operation: @escaping @Sendable () async throws -> T) throws(StatesError) -> T {
        let box = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        // Unstructured on purpose: the caller is a synchronous evaluation thread that waits for it just below.
        Task.detached {
            let result: Result<T, any Error>
            do {
                result = .success(try await operation())
            } catch {
                result = .failure(error)
            }
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        switch box.withLock({ $0 }) {
        case .success(let value)?:
            return value
        case .failure(let error as S3Error)?:
            throw StatesError(StatesError.Name.itemReaderFailed, cause: "\(what) failed: \(error.description)")
        case .failure(let error)?:
            throw StatesError(StatesError.Name.itemReaderFailed, cause: "\(what) got no answer from Amazon S3: \(error)")
        case nil:
            throw StatesError(StatesError.Name.itemReaderFailed, cause: "\(what) did not finish")
        }
    }
}

/// Reads an object in S3 a range at a time (`GET` with `Range: bytes=a-b`), asking for the version the Map Run
/// started with (``S3ObjectVersion``). An object that changed (`412 PreconditionFailed`) or disappeared
/// (`NoSuchKey`) fails the Map; blocks the engine already holds of the version it started with are still read from
/// memory (``S3RangeCache``), so a Map Run never mixes two versions' bytes.
struct S3RangeReader {
    let s3: S3Client
    let object: S3ObjectVersion
    let key: String
    let size: Int
    var position: Int

    /// The next `count` bytes from `position` (fewer at the object's end; empty past it, without a request).
    mutating func read(_ count: Int) throws(StatesError) -> [UInt8] {
        guard position < size, count > 0 else { return [] }
        let first = position
        // Within one block of the engine's cache (S3RangeCache): each block is then asked of S3 once.
        let blockEnd = (position / S3RangeCache.blockBytes + 1) * S3RangeCache.blockBytes
        let last = min(position + count, size, blockEnd) - 1
        let headers = [S3Pair("Range", "bytes=\(first)-\(last)")] + (object.eTag.map { [S3Pair("If-Match", $0)] } ?? [])
        let query = object.versionId.map { [S3Pair("versionId", $0)] } ?? []
        let (s3, bucket, key) = (s3, object.bucket, key)
        let got: S3Object? = try S3Blocking.run(what: "s3:getObject \(bucket)/\(key)") {
            do {
                return try await s3.getObject(bucket: bucket, key: key, headers: headers, query: query)
            } catch let error as S3Error where error.status == 412 || error.code == S3Error.noSuchKey {
                return nil
            }
        }
        guard let got else {
            throw LocalItemReader.failure("The object '\(key)' changed or disappeared while the Map Run read it")
        }
        var body = got.body
        // An endpoint that ignores `Range` answers 200 with the whole object: take the range from it.
        if got.headers["content-range"] == nil, body.count == size, size > last - first + 1 {
            body = Array(body[first...last])
        }
        guard !body.isEmpty, body.count <= last - first + 1 else {
            throw LocalItemReader.failure(
                "s3:getObject \(bucket)/\(key) answered \(body.count) bytes for the range \(first)-\(last) of \(size)")
        }
        position += body.count
        return body
    }
}
