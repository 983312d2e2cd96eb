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
    /// The most bytes one results file holds before the next one starts (AWS cuts at 5 GB; the embedded engine
    /// builds each file in memory).
    static let resultFileBytes = 256 << 20

    /// The Map's result with its `ResultWriter`, after the results are written.
    /// - Parameter results: the children's results in item order, which of them failed within the tolerated
    ///   failures, and their inputs (the items, or the children's inputs as their rows keep them).
    func writeResults(
        _ rt: ExecutionRuntime, _ fid: Int, _ map: MapState, _ writer: ResultWriter, wait: ChildrenWait, results: MapRunResults
    ) throws(StatesError) -> JSONValue {
        guard let machine else { return .null }
        let transformation = writer.writerConfig?.transformation ?? (writer.resource == nil ? "COMPACT" : "NONE")
        let jsonLines = writer.writerConfig?.outputType == "JSONL"
        guard ["NONE", "COMPACT", "FLATTEN"].contains(transformation) else {
            throw StatesError(StatesError.Name.runtime, cause: "The ResultWriter's Transformation must be NONE, COMPACT or FLATTEN; got '\(transformation)'")
        }
        let runArn = wait.mapRun?.arn ?? wait.mapRunArn ?? ""
        let runId = runArn.split(separator: ":").last.map(String.init) ?? UUID().uuidString.lowercased()
        let childMachine = wait.mapRun?.childMachineArn ?? ""
        let started = wait.mapRun?.startDate ?? now
        var succeeded: [JSONValue] = []
        var failed: [JSONValue] = []
        for (index, result) in results.results.enumerated() {
            let isFailed = results.failed.contains(index)
            let output = result ?? .null
            if isFailed || transformation == "NONE" {
                let record = Self.childRecord(
                    index: index, runId: runId, childMachine: childMachine, input: index < results.inputs.count ? results.inputs[index] : .null,
                    output: output, failed: isFailed, started: started, stopped: now)
                if isFailed { failed.append(record) } else { succeeded.append(record) }
            } else if transformation == "FLATTEN", case .array(let values) = output {
                succeeded += values
            } else {
                succeeded.append(output)
            }
        }
        guard let resource = writer.resource else {
            // WriterConfig alone: the formatted results are the Map's result.
            return .array(succeeded + failed)
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
        var files: JSONObject = ["FAILED": .array([]), "PENDING": .array([]), "SUCCEEDED": .array([])]
        for (status, records) in [("SUCCEEDED", succeeded), ("FAILED", failed)] where !records.isEmpty {
            var listed: [JSONValue] = []
            for (number, chunk) in Self.resultFiles(records, jsonLines: jsonLines).enumerated() {
                let key = base + "\(status)_\(number).json"
                try store.put(key: key, body: chunk)
                listed.append(.object(["Key": .string(key), "Size": .int(chunk.count)]))
            }
            files[status] = .array(listed)
        }
        let manifest: JSONValue = ["DestinationBucket": .string(bucket), "MapRunArn": .string(runArn), "ResultFiles": .object(files)]
        let manifestKey = base + "manifest.json"
        try store.put(key: manifestKey, body: Array(manifest.jsonString().utf8))
        return ["MapRunArn": .string(runArn), "ResultWriterDetails": ["Bucket": .string(bucket), "Key": .string(manifestKey)]]
    }

    /// One child as `Transformation: NONE` writes it (the fields of DescribeExecution; input and output as text).
    static func childRecord(
        index: Int, runId: String, childMachine: String, input: JSONValue, output: JSONValue, failed: Bool, started: Date, stopped: Date
    ) -> JSONValue {
        let name = childName(runId: runId, index: index)
        var record: JSONObject = [
            "ExecutionArn": .string(childMachine.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name),
            "Input": .string(input.jsonString()), "InputDetails": ["Included": true], "Name": .string(name),
            "RedriveCount": 0, "StartDate": .string(timestamp(started)), "StateMachineArn": .string(childMachine),
            "Status": .string(failed ? "FAILED" : "SUCCEEDED"), "StopDate": .string(timestamp(stopped)),
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

    /// Records cut into files of at most ``resultFileBytes`` (a record larger than that gets a file of its own).
    static func resultFiles(_ records: [JSONValue], jsonLines: Bool) -> [[UInt8]] {
        var files: [[UInt8]] = []
        var current: [UInt8] = []
        func close() {
            guard !current.isEmpty || files.isEmpty else { return }
            if !jsonLines { current = Array("[".utf8) + current + Array("]".utf8) }
            files.append(current)
            current = []
        }
        for record in records {
            let text = Array(record.jsonString().utf8)
            if !current.isEmpty, current.count + text.count + 1 > resultFileBytes { close() }
            if !current.isEmpty { current += jsonLines ? [0x0A] : [UInt8(ascii: ",")] }
            current += text
        }
        close()
        return files
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

    func put(key: String, body: [UInt8]) throws(StatesError) {
        if let directory {
            guard !key.split(separator: "/").contains("..") else {
                throw StatesError(StatesError.Name.resultWriterFailed, cause: "Invalid object key: '\(key)'")
            }
            let url = URL(fileURLWithPath: directory).appendingPathComponent(key)
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

extension Interpreter {
    /// DescribeMapRun's `resultsWritten`: every child and item of the finished Map Run.
    mutating func noteResultsWritten(_ rt: ExecutionRuntime, _ wait: inout ChildrenWait) {
        guard wait.mapRun != nil else { return }
        let children = wait.childCount
        wait.mapRun?.executions.resultsWritten = children
        wait.mapRun?.items.resultsWritten = wait.itemTotal ?? wait.items.count
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
