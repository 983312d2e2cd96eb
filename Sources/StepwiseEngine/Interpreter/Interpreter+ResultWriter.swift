import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// A Distributed Map's `ResultWriter`, as the developer guide's "ResultWriter (Map)" page documents it.
///
/// With `Resource` `arn:aws:states:::s3:putObject` and `Parameters` (or JSONata `Arguments`) naming a `Bucket` and a
/// `Prefix`, the children's results are written under `<Prefix>/<map run id>/`: `SUCCEEDED_<n>.json`,
/// `FAILED_<n>.json` and `PENDING_<n>.json` (each a JSON array of the children of that status, or JSON Lines with
/// `OutputType` `JSONL`), then `manifest.json` naming them (`DestinationBucket`, `MapRunArn`, `ResultFiles` with
/// each file's `Key` and `Size`). The Map's result is then `{"MapRunArn": ..., "ResultWriterDetails": {"Bucket":
/// ..., "Key": ".../manifest.json"}}`. A bucket mapped to a directory (`--s3-directory`) is written there; any
/// other through ``StepwiseEngine/useS3(_:)``. A write that fails fails the Map with `States.ResultWriterFailed`.
///
/// `WriterConfig.Transformation`: `NONE` (the default when writing) writes each child's metadata with its input
/// and output as JSON text; `COMPACT` only the outputs; `FLATTEN` the outputs with arrays flattened. A failed
/// child is always written as with `NONE`. With `WriterConfig` alone, nothing is written and the Map's result is
/// the transformed results.
///
/// The embedded engine runs a Map Run's children inside the parent execution: their execution names are derived
/// from the Map Run and the index, and their start and stop dates are the Map Run's (a guess at what is useful;
/// AWS records each child's own).
extension Interpreter {
    /// The most bytes one results file holds before the next one starts (AWS cuts at 5 GB). A file written to a
    /// directory is streamed through a buffer of ``resultBufferBytes``; one written to S3 is uploaded in parts of
    /// ``resultPartBytes`` (a multipart upload), or put whole when it is smaller than one part.
    static let resultFileBytes = 256 << 20
    /// A multipart upload's part: S3's smallest (5 MiB, but the last), so that at most this much of a file is held.
    static let resultPartBytes = S3Client.minimumPartBytes
    /// How much of a results file is buffered before it is appended to its directory's temporary file.
    static let resultBufferBytes = 1 << 20

    /// The Map's result with its `ResultWriter`, after the results are written.
    ///
    /// The children's results are visited in item order and written as they come (`results` reads them from the
    /// children's rows one at a time), so a Map Run of 1,000,000 children is written in bounded memory. With
    /// `WriterConfig` alone the formatted results are the Map's result: they fail the Map with
    /// `States.DataLimitExceeded` as soon as they pass the 256 KiB payload quota.
    /// - Parameter results: the children's results in item order, which of them failed within the tolerated
    ///   failures, and their inputs (the items, or the children's inputs as their rows keep them).
    func writeResults(
        _ rt: ExecutionRuntime, _ fid: Int, _ map: MapState, _ writer: ResultWriter, wait: ChildrenWait, results: MapRunResultSource
    ) throws(StatesError) -> JSONValue {
        guard let machine else { return .null }
        let transformation = writer.writerConfig?.transformation ?? (writer.resource == nil ? "COMPACT" : "NONE")
        let jsonLines = writer.writerConfig?.outputType == "JSONL"
        guard ["NONE", "COMPACT", "FLATTEN"].contains(transformation) else {
            throw StatesError(StatesError.Name.runtime, cause: "The ResultWriter's Transformation must be NONE, COMPACT or FLATTEN; got '\(transformation)'")
        }
        let runArn = wait.mapRun?.arn ?? wait.mapRunArn ?? ""
        let runId = runArn.split(separator: ":").last.map(String.init) ?? RandomUUID.text()
        let childMachine = wait.mapRun?.childMachineArn ?? ""
        // Formatted once: a formatter per record would cost more than the record.
        let started = Self.timestamp(wait.mapRun?.startDate ?? now)
        let stopped = Self.timestamp(now)
        /// What one item contributes: its record (`NONE`, or a failed child), its output, or its output's elements
        /// (`FLATTEN`), each with whether it goes to the failed ones.
        func formatted(_ item: MapRunItemResult, _ emit: (JSONValue, Bool) throws(StatesError) -> Void) throws(StatesError) {
            if item.failed || transformation == "NONE" {
                try emit(Self.childRecord(
                    index: item.index, runId: runId, childMachine: childMachine, input: item.input, output: item.output,
                    failed: item.failed, redriveCount: item.redriveCount, started: started, stopped: stopped), item.failed)
            } else if transformation == "FLATTEN", case .array(let values) = item.output {
                for value in values { try emit(value, false) }
            } else {
                try emit(item.output, false)
            }
        }
        guard let resource = writer.resource else {
            // WriterConfig alone: the formatted results are the Map's result (the succeeded, then the failed), within
            // the payload quota.
            var succeeded = ResultArray(limit: StepwiseEngine.maxPayloadBytes, stateName: rt.frames[fid]?.stateName ?? "")
            var failed: [JSONValue] = []
            try Self.visit(results) { (item: MapRunItemResult) throws(StatesError) -> Bool in
                try formatted(item) { (value: JSONValue, isFailed: Bool) throws(StatesError) in
                    // one budget for both: the failed ones follow the succeeded ones in the same array
                    try succeeded.charge(value)
                    if isFailed { failed.append(value) } else { succeeded.values.append(value) }
                }
                return true
            }
            return .array(succeeded.values + failed)
        }
        guard resource == "arn:aws:states:::s3:putObject" else {
            throw StatesError(StatesError.Name.resultWriterFailed, cause: "The ResultWriter resource '\(resource)' is not supported (use arn:aws:states:::s3:putObject)")
        }
        let scope = scope(rt, fid, input: wait.effectiveInput)
        let parameters: JSONValue
        if machine.definition.effectiveQueryLanguage(of: .map(map)) == .jsonata {
            parameters = try Self.jsonata(writer.arguments, ["input": wait.effectiveInput, "context": scope.context], scope, field: "Arguments") ?? .object([:])
        } else {
            parameters = try Flow.template(writer.parameters, scope, machine: machine) ?? .object([:])
        }
        guard let bucket = parameters["Bucket"]?.stringValue, !bucket.isEmpty else {
            throw StatesError(StatesError.Name.resultWriterFailed, cause: "The ResultWriter's parameters must name a Bucket")
        }
        let prefix = parameters["Prefix"]?.stringValue ?? ""
        let base = (prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/") + runId + "/"
        let store = try ResultStore(bucket: bucket, directory: s3Directories[bucket], s3: s3Client)
        var succeeded = ResultFiles(store: store, base: base, status: "SUCCEEDED", jsonLines: jsonLines)
        var failed = ResultFiles(store: store, base: base, status: "FAILED", jsonLines: jsonLines)
        do throws(StatesError) {
            try Self.visit(results) { (item: MapRunItemResult) throws(StatesError) -> Bool in
                try formatted(item) { (value: JSONValue, isFailed: Bool) throws(StatesError) in
                    if isFailed { try failed.append(value.jsonBytes()) } else { try succeeded.append(value.jsonBytes()) }
                }
                return true
            }
            try succeeded.close()
            try failed.close()
        } catch {
            succeeded.discard()
            failed.discard()
            throw error
        }
        let files: JSONObject = ["FAILED": .array(failed.listed), "PENDING": .array([]), "SUCCEEDED": .array(succeeded.listed)]
        let manifest: JSONValue = ["DestinationBucket": .string(bucket), "MapRunArn": .string(runArn), "ResultFiles": .object(files)]
        let manifestKey = base + "manifest.json"
        try store.put(key: manifestKey, body: Array(manifest.jsonString().utf8))
        return ["MapRunArn": .string(runArn), "ResultWriterDetails": ["Bucket": .string(bucket), "Key": .string(manifestKey)]]
    }

    /// Visits `source`'s items; an error of the store (the children's rows could not be read) is a `States.Runtime`.
    static func visit(_ source: MapRunResultSource, _ body: (MapRunItemResult) throws(StatesError) -> Bool) throws(StatesError) {
        do {
            try source.forEach { item in try body(item) }
        } catch let error as StatesError {
            throw error
        } catch {
            throw StatesError(StatesError.Name.runtime, cause: "The Map Run's results could not be read from the store: \(error)")
        }
    }

    /// A Map's collected result over the payload quota (the message AWS gives for a state's oversized result).
    static func resultTooLarge(_ stateName: String) -> StatesError {
        StatesError(
            StatesError.Name.dataLimitExceeded,
            cause: "The state/task '\(stateName)' returned a result with a size exceeding the maximum number of bytes service limit.")
    }

    /// A finished Map's result without a `ResultWriter`: its children's results as one array. A Distributed Map's
    /// (`limit`) fails with `States.DataLimitExceeded` as soon as the array's JSON text passes the payload quota, so
    /// at most that much is ever held, however many children it had.
    static func collectResults(_ source: MapRunResultSource, limit: Int, stateName: String) throws(StatesError) -> JSONValue {
        var collected = ResultArray(limit: limit, stateName: stateName)
        try visit(source) { (item: MapRunItemResult) throws(StatesError) -> Bool in
            try collected.charge(item.output)
            collected.values.append(item.output)
            return true
        }
        return .array(collected.values)
    }

    /// A Map's result array built within the payload quota: each value's JSON text is counted (with its comma) before
    /// it is added, and the first past `limit` fails with `States.DataLimitExceeded`.
    struct ResultArray {
        var values: [JSONValue] = []
        let limit: Int
        let stateName: String
        /// The array's JSON text so far: its brackets, its values and their commas.
        private var size = 2
        private var counted = 0

        init(limit: Int, stateName: String) {
            self.limit = limit
            self.stateName = stateName
        }

        mutating func charge(_ value: JSONValue) throws(StatesError) {
            size += value.jsonString().utf8.count + (counted == 0 ? 0 : 1)
            counted += 1
            guard size <= limit else { throw Interpreter.resultTooLarge(stateName) }
        }
    }

    /// One child as `Transformation: NONE` writes it (the fields of DescribeExecution; input and output as text).
    static func childRecord(
        index: Int, runId: String, childMachine: String, input: JSONValue, output: JSONValue, failed: Bool, redriveCount: Int = 0,
        started: String, stopped: String
    ) -> JSONValue {
        let name = childName(runId: runId, index: index)
        var record: JSONObject = [
            "ExecutionArn": .string(childMachine.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name),
            "Input": .string(input.jsonString()), "InputDetails": ["Included": true], "Name": .string(name),
            "RedriveCount": .int(redriveCount), "StartDate": .string(started), "StateMachineArn": .string(childMachine),
            "Status": .string(failed ? "FAILED" : "SUCCEEDED"), "StopDate": .string(stopped),
            // Map Run children are redriven with their parent (RedriveExecution), not on their own.
            "RedriveStatus": "NOT_REDRIVABLE",
            "RedriveStatusReason": .string(failed ? "Execution is a Map Run child execution" : "Execution is SUCCEEDED and cannot be redriven"),
        ]
        if failed {
            record["Error"] = output["Error"] ?? .string("States.TaskFailed")
            record["Cause"] = output["Cause"] ?? .string("")
        } else {
            record["Output"] = .string(output.jsonString())
            record["OutputDetails"] = ["Included": true]
        }
        return .object(record)
    }

    /// A child's execution name: UUID-shaped, derived from the Map Run and the index (stable across redrives).
    static func childName(runId: String, index: Int) -> String {
        let hex = Array(SigV4.hexSHA256(Array("\(runId)/\(index)".utf8)).prefix(32))
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }
        return groups.joined(separator: "-")
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// Where a ResultWriter's files go: a directory standing for the bucket, or Amazon S3.
struct ResultStore {
    var bucket: String
    var directory: String?
    var s3: S3Client?

    init(bucket: String, directory: String?, s3: S3Client?) throws(StatesError) {
        guard directory != nil || s3 != nil else {
            throw StatesError(
                StatesError.Name.resultWriterFailed,
                cause: "The bucket '\(bucket)' is not available to the embedded engine: map it to a directory "
                    + "(stepwise serve --s3-directory \(bucket)=DIR) or give an S3 endpoint (--aws-endpoint URL)")
        }
        self.bucket = bucket
        self.directory = directory
        self.s3 = s3
    }

    /// An object being written: buffered, and for a directory appended to a temporary file each
    /// ``Interpreter/resultBufferBytes`` (renamed to its key when it is finished); for S3 uploaded a part each
    /// ``Interpreter/resultPartBytes`` once it passes one part (a multipart upload, completed when it is finished and
    /// aborted when it is dropped).
    final class Upload {
        let key: String
        var buffer: [UInt8] = []
        /// Bytes written so far, the buffer included.
        var size = 0
        var handle: FileHandle?
        var temporary: URL?
        var destination: URL?
        /// S3: the multipart upload once the object passed one part, and its parts' numbers and ETags.
        var uploadId: String?
        var parts: [(number: Int, eTag: String)] = []

        init(key: String) { self.key = key }
    }

    /// Starts writing the object `key`.
    func begin(key: String) throws(StatesError) -> Upload {
        let upload = Upload(key: key)
        guard let directory else { return upload }
        let url = try fileURL(directory, key)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
            upload.handle = try FileHandle(forWritingTo: temporary)
        } catch {
            throw StatesError(StatesError.Name.resultWriterFailed, cause: "Writing '\(key)' to the directory of the bucket '\(bucket)' failed: \(error)")
        }
        upload.temporary = temporary
        upload.destination = url
        return upload
    }

    /// Appends to an object being written.
    func write(_ bytes: [UInt8], to upload: Upload) throws(StatesError) {
        upload.buffer += bytes
        upload.size += bytes.count
        if upload.handle != nil, upload.buffer.count >= Interpreter.resultBufferBytes { try flush(upload) }
        if directory == nil, upload.buffer.count >= Interpreter.resultPartBytes { try uploadPart(upload) }
    }

    /// Finishes an object: renamed to its key in a directory; in S3 its last part uploaded and the multipart upload
    /// completed, or put whole when it is smaller than one part.
    func finish(_ upload: Upload) throws(StatesError) {
        if directory == nil, let uploadId = upload.uploadId {
            if !upload.buffer.isEmpty { try uploadPart(upload) }
            let (bucket, key, parts) = (bucket, upload.key, upload.parts)
            _ = try s3Call(upload, "s3:putObject \(bucket)/\(key) (CompleteMultipartUpload)") { s3 in
                try await s3.completeMultipartUpload(bucket: bucket, key: key, uploadId: uploadId, parts: parts)
            }
            upload.uploadId = nil
            return
        }
        guard let handle = upload.handle, let temporary = upload.temporary, let destination = upload.destination else {
            try put(key: upload.key, body: upload.buffer)
            return
        }
        try flush(upload)
        do {
            try handle.close()
            upload.handle = nil
            if FileManager.default.fileExists(atPath: destination.path) { try FileManager.default.removeItem(at: destination) }
            try FileManager.default.moveItem(at: temporary, to: destination)
        } catch {
            discard(upload)
            throw StatesError(StatesError.Name.resultWriterFailed, cause: "Writing '\(upload.key)' to the directory of the bucket '\(bucket)' failed: \(error)")
        }
    }

    /// Drops an object that will not be finished (its temporary file is removed, its multipart upload aborted).
    func discard(_ upload: Upload) {
        try? upload.handle?.close()
        upload.handle = nil
        if let temporary = upload.temporary { try? FileManager.default.removeItem(at: temporary) }
        upload.buffer = []
        if let s3, let uploadId = upload.uploadId {
            upload.uploadId = nil
            let (bucket, key) = (bucket, upload.key)
            // Best effort: the Map already fails with the error that stopped the upload; an upload S3 keeps is
            // removed by the bucket's lifecycle rules (AbortIncompleteMultipartUpload).
            _ = try? S3Blocking.run(what: "s3:putObject \(bucket)/\(key) (AbortMultipartUpload)") {
                try await s3.abortMultipartUpload(bucket: bucket, key: key, uploadId: uploadId)
            }
        }
    }

    /// Uploads the buffer as the next part of the object's multipart upload (started with its first part).
    private func uploadPart(_ upload: Upload) throws(StatesError) {
        let (bucket, key, body) = (bucket, upload.key, upload.buffer)
        if upload.uploadId == nil {
            upload.uploadId = try s3Call(upload, "s3:putObject \(bucket)/\(key) (CreateMultipartUpload)") { s3 in
                try await s3.createMultipartUpload(bucket: bucket, key: key, headers: [S3Pair("Content-Type", "application/json")])
            }
        }
        guard let uploadId = upload.uploadId else { return }
        let number = upload.parts.count + 1
        let eTag = try s3Call(upload, "s3:putObject \(bucket)/\(key) (UploadPart \(number))") { s3 in
            try await s3.uploadPart(bucket: bucket, key: key, uploadId: uploadId, partNumber: number, body: body)
        }
        upload.parts.append((number, eTag))
        upload.buffer.removeAll(keepingCapacity: true)
    }

    /// One S3 call for an object being written; its failure aborts the object's multipart upload and fails the Map
    /// with `States.ResultWriterFailed`.
    private func s3Call<T: Sendable>(
        _ upload: Upload, _ what: String, _ operation: @escaping @Sendable (S3Client) async throws -> T
    ) throws(StatesError) -> T {
        guard let s3 else { throw StatesError(StatesError.Name.resultWriterFailed, cause: "\(what): no S3 endpoint") }
        do {
            return try S3Blocking.run(what: what) { try await operation(s3) }
        } catch {
            discard(upload)
            throw StatesError(StatesError.Name.resultWriterFailed, cause: error.cause)
        }
    }

    private func flush(_ upload: Upload) throws(StatesError) {
        guard let handle = upload.handle, !upload.buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: upload.buffer)
        } catch {
            throw StatesError(StatesError.Name.resultWriterFailed, cause: "Writing '\(upload.key)' to the directory of the bucket '\(bucket)' failed: \(error)")
        }
        upload.buffer.removeAll(keepingCapacity: true)
    }

    private func fileURL(_ directory: String, _ key: String) throws(StatesError) -> URL {
        guard !key.split(separator: "/").contains("..") else {
            throw StatesError(StatesError.Name.resultWriterFailed, cause: "Invalid object key: '\(key)'")
        }
        return URL(fileURLWithPath: directory).appendingPathComponent(key)
    }

    func put(key: String, body: [UInt8]) throws(StatesError) {
        if let directory {
            let url = try fileURL(directory, key)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(body).write(to: url, options: .atomic)
            } catch {
                throw StatesError(StatesError.Name.resultWriterFailed, cause: "Writing '\(key)' to the directory of the bucket '\(bucket)' failed: \(error)")
            }
            return
        }
        guard let s3 else { return }
        let bucket = bucket
        do {
            _ = try S3Blocking.run(what: "s3:putObject \(bucket)/\(key)") {
                try await s3.putObject(bucket: bucket, key: key, body: body, headers: [S3Pair("Content-Type", "application/json")])
            }
        } catch {
            throw StatesError(StatesError.Name.resultWriterFailed, cause: error.cause)
        }
    }
}

/// One status's results files (`SUCCEEDED_<n>.json`, `FAILED_<n>.json`), written as the records come: a JSON array
/// (or JSON Lines) per file, the next file started before a record would take one past ``Interpreter/resultFileBytes``
/// (a record larger than that gets a file of its own). No file is written for a status without records.
struct ResultFiles {
    let store: ResultStore
    let base: String
    let status: String
    let jsonLines: Bool
    /// The files finished so far, as the manifest lists them (`Key`, `Size`).
    private(set) var listed: [JSONValue] = []
    private var current: ResultStore.Upload?
    /// The records' bytes in the current file (without the array's brackets).
    private var content = 0

    init(store: ResultStore, base: String, status: String, jsonLines: Bool) {
        self.store = store
        self.base = base
        self.status = status
        self.jsonLines = jsonLines
    }

    mutating func append(_ record: [UInt8]) throws(StatesError) {
        if current != nil, content + record.count + 1 > Interpreter.resultFileBytes { try close() }
        if current == nil {
            current = try store.begin(key: base + "\(status)_\(listed.count).json")
            content = 0
            if !jsonLines, let current { try store.write(Array("[".utf8), to: current) }
        }
        guard let current else { return }
        if content > 0 {
            try store.write(jsonLines ? [0x0A] : [UInt8(ascii: ",")], to: current)
            content += 1
        }
        try store.write(record, to: current)
        content += record.count
    }

    /// Finishes the current file, if any.
    mutating func close() throws(StatesError) {
        guard let upload = current else { return }
        if !jsonLines { try store.write(Array("]".utf8), to: upload) }
        current = nil
        try store.finish(upload)
        listed.append(.object(["Key": .string(upload.key), "Size": .int(upload.size)]))
    }

    /// Drops the current file (the results could not all be written).
    mutating func discard() {
        if let current { store.discard(current) }
        current = nil
    }
}

extension Interpreter {
    /// DescribeMapRun's `resultsWritten`: every child and item of the finished Map Run.
    mutating func noteResultsWritten(_ rt: ExecutionRuntime, _ wait: inout ChildrenWait) {
        guard wait.mapRun != nil else { return }
        let children = wait.childCount
        wait.mapRun?.executions.resultsWritten = children
        wait.mapRun?.items.resultsWritten = wait.itemTotal ?? wait.items.count
        recordMapRun(rt, wait, status: "SUCCEEDED")
    }

    /// DescribeMapRun's `resultsWritten` for a Map Run without a `ResultWriter`, whose results are the Map state's
    /// result: its succeeded children and items (as AWS records it).
    mutating func noteResultsReturned(_ rt: ExecutionRuntime, _ wait: inout ChildrenWait) {
        guard let run = wait.mapRun else { return }
        wait.mapRun?.executions.resultsWritten = run.executions.succeeded
        wait.mapRun?.items.resultsWritten = run.items.succeeded
        recordMapRun(rt, wait, status: "SUCCEEDED")
    }

    /// The results of a finished Map Run could not be written: the Map Run and the Map state fail with the error.
    mutating func failMapRun(_ rt: inout ExecutionRuntime, _ fid: Int, _ map: MapState, _ wait: inout ChildrenWait, _ error: StatesError) {
        stopMapRun(rt, &wait, status: "FAILED")
        rt.frames[fid]?.waiting = .nothing
        if Self.isDistributed(map) {
            emit(&rt, frame: fid, "MapRunFailed", ["error": .string(error.error), "cause": .string(error.cause)])
        }
        emit(&rt, frame: fid, "MapStateFailed", nil)
        handleError(&rt, fid, error)
    }
}
