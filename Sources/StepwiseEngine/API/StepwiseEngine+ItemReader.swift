import Foundation
public import StepFunctionsAPI
import Synchronization

extension StepwiseEngine {
    /// Serves a Distributed Map's `ItemReader` for an S3 bucket from a local directory: object keys are paths under
    /// `directory` (`s3:getObject` reads one file, `s3:listObjectsV2` lists the files under a prefix). For offline
    /// runs of definitions written for AWS; a bucket that is not mapped fails the Map with `States.ItemReaderFailed`.
    ///
    /// - Throws: `ValidationException` when `directory` is not a directory.
    public func mapS3Bucket(_ bucket: String, toDirectory directory: String) throws(StepFunctionsError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StepFunctionsError(.validationException, "Not a directory: '\(directory)' (for the S3 bucket '\(bucket)')")
        }
        state.withLock { $0.s3Directories[bucket] = directory }
    }
}

extension StepwiseEngine {
    /// Serves the S3 buckets that are not mapped to directories from Amazon S3 itself, or an S3-compatible endpoint:
    /// a Distributed Map's `ItemReader` reads them and its `ResultWriter` writes them through `s3` (the `stepwise`
    /// commands pass the `--aws-endpoint` client's `s3Client(endpoint:)`). Without it, such a Map fails with
    /// `States.ItemReaderFailed` naming the bucket.
    ///
    /// JSONL and CSV objects are read in ranged GETs through a small cache of 1 MiB blocks (``S3RangeCache``), so a
    /// Map Run asks for each block of its object about once however its children start.
    public func useS3(_ s3: S3Client) {
        let cached = S3RangeCache(s3.send).client
        state.withLock { $0.s3Client = cached }
    }
}
