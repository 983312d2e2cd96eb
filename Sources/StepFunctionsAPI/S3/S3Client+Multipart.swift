import Foundation

/// S3's multipart upload (CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload), as the
/// Amazon S3 API reference documents it: an object of parts of at least ``minimumPartBytes`` each (but the last),
/// numbered from 1, assembled when the upload is completed with the parts' ETags.
extension S3Client {
    /// S3's smallest part but the last (5 MiB).
    public static let minimumPartBytes = 5 << 20

    /// Starts a multipart upload of `bucket/key` and returns its upload ID. `headers` are the object's
    /// (`Content-Type`, `x-amz-meta-*`).
    public func createMultipartUpload(bucket: String, key: String, headers: [S3Pair] = []) async throws -> String {
        let response = try await checked(
            S3Request(method: "POST", bucket: bucket, key: key, query: [S3Pair("uploads", "")], headers: headers))
        guard let root = S3XMLElement.parse(response.body), root.name == "InitiateMultipartUploadResult",
            let uploadId = root.text("UploadId"), !uploadId.isEmpty
        else {
            throw S3Error(
                code: S3Error.malformedResponse, message: "The CreateMultipartUpload answer has no UploadId", status: response.status)
        }
        return uploadId
    }

    /// Uploads part `partNumber` (1...10,000) of a multipart upload; returns the part's ETag (with its quotes).
    public func uploadPart(bucket: String, key: String, uploadId: String, partNumber: Int, body: [UInt8]) async throws -> String {
        let response = try await checked(
            S3Request(
                method: "PUT", bucket: bucket, key: key,
                query: [S3Pair("partNumber", String(partNumber)), S3Pair("uploadId", uploadId)], body: body))
        guard let eTag = response.headers["etag"] else {
            throw S3Error(code: S3Error.malformedResponse, message: "The UploadPart answer has no ETag", status: response.status)
        }
        return eTag
    }

    /// Assembles the uploaded parts (numbers and ETags, in ascending order) into the object; returns the answer's
    /// `CompleteMultipartUploadResult`. S3 can answer 200 with an `<Error>` body: that is an error too.
    @discardableResult
    public func completeMultipartUpload(
        bucket: String, key: String, uploadId: String, parts: [(number: Int, eTag: String)]
    ) async throws -> S3XMLElement? {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts {
            xml += "<Part><ETag>\(S3XMLElement.escape(part.eTag))</ETag><PartNumber>\(part.number)</PartNumber></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let response = try await checked(
            S3Request(
                method: "POST", bucket: bucket, key: key, query: [S3Pair("uploadId", uploadId)],
                headers: [S3Pair("Content-Type", "application/xml")], body: Array(xml.utf8)))
        let root = S3XMLElement.parse(response.body)
        if let root, root.name == "Error" { throw S3Error(response: S3Response(status: 500, headers: response.headers, body: response.body)) }
        return root
    }

    /// Abandons a multipart upload: S3 drops its parts.
    public func abortMultipartUpload(bucket: String, key: String, uploadId: String) async throws {
        _ = try await checked(S3Request(method: "DELETE", bucket: bucket, key: key, query: [S3Pair("uploadId", uploadId)]))
    }
}
