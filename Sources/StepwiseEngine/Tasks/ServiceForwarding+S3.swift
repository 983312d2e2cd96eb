import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

/// `arn:aws:states:::aws-sdk:s3:<action>` for GetObject, PutObject, HeadObject, DeleteObject, CopyObject and
/// ListObjectsV2. S3 speaks REST-XML, so the SDK-style Parameters (`Bucket`, `Key`, `Body`, `ContentType`,
/// `Metadata`, ...) become the request's path, query and headers, and S3's headers and XML answer become the
/// output as the AWS SDK returns it in PascalCase (`Body` as text, `ContentLength`, `ETag`, `Contents`, ...).
///
/// Errors are named as the developer guide's "AWS SDK service integrations" page says: `S3.` and the error code
/// with an `Exception` suffix (`S3.NoSuchKeyException`, `S3.NoSuchBucketException`). S3 answers a `HEAD` error with
/// no body: a missing object is `S3.NoSuchKeyException` as the AWS SDK for Java v2 names it, any other status
/// `S3.S3Exception` (the SDK's base exception; a guess at AWS's wording for statuses it does not model).
extension ServiceForwarding {
    /// The S3 actions forwarded.
    static let s3Actions: Set<String> = ["getObject", "putObject", "headObject", "deleteObject", "copyObject", "listObjectsV2"]

    /// The S3 action of an `aws-sdk:s3:<action>` resource (the `.waitForTaskToken` form included), or nil.
    static func s3Action(forResource resource: String) -> String? {
        var rest = resource
        if rest.hasSuffix(".waitForTaskToken") { rest.removeLast(".waitForTaskToken".count) }
        guard rest.hasPrefix("arn:"), let range = rest.range(of: ":states:::aws-sdk:s3:") else { return nil }
        let action = String(rest[range.upperBound...])
        return s3Actions.contains(action) ? action : nil
    }

    /// Request headers taken from Parameters, by parameter name.
    static let s3HeaderParameters: [String: String] = [
        "ContentType": "Content-Type", "CacheControl": "Cache-Control", "ContentDisposition": "Content-Disposition",
        "ContentEncoding": "Content-Encoding", "ContentLanguage": "Content-Language", "Expires": "Expires",
        "StorageClass": "x-amz-storage-class", "ServerSideEncryption": "x-amz-server-side-encryption", "Tagging": "x-amz-tagging",
        "Acl": "x-amz-acl", "ExpectedBucketOwner": "x-amz-expected-bucket-owner", "IfMatch": "If-Match",
        "IfNoneMatch": "If-None-Match", "IfModifiedSince": "If-Modified-Since", "IfUnmodifiedSince": "If-Unmodified-Since",
        "Range": "Range", "MetadataDirective": "x-amz-metadata-directive", "TaggingDirective": "x-amz-tagging-directive",
        "CopySourceIfMatch": "x-amz-copy-source-if-match", "CopySourceIfNoneMatch": "x-amz-copy-source-if-none-match",
        "ChecksumMode": "x-amz-checksum-mode", "RequestPayer": "x-amz-request-payer", "WebsiteRedirectLocation": "x-amz-website-redirect-location",
    ]

    /// Query parameters taken from Parameters, by parameter name.
    static let s3QueryParameters: [String: String] = [
        "VersionId": "versionId", "PartNumber": "partNumber", "ResponseContentType": "response-content-type",
        "ResponseCacheControl": "response-cache-control", "ResponseContentDisposition": "response-content-disposition",
        "ResponseContentEncoding": "response-content-encoding", "ResponseContentLanguage": "response-content-language",
        "ResponseExpires": "response-expires",
    ]

    /// Output members read from the answer's headers, by header name (as the AWS SDK models them).
    static let s3OutputHeaders: [(header: String, member: String, isInteger: Bool)] = [
        ("accept-ranges", "AcceptRanges", false), ("cache-control", "CacheControl", false), ("content-disposition", "ContentDisposition", false),
        ("content-encoding", "ContentEncoding", false), ("content-language", "ContentLanguage", false), ("content-length", "ContentLength", true),
        ("content-range", "ContentRange", false), ("content-type", "ContentType", false), ("etag", "ETag", false), ("expires", "Expires", false),
        ("x-amz-version-id", "VersionId", false), ("x-amz-server-side-encryption", "ServerSideEncryption", false),
        ("x-amz-storage-class", "StorageClass", false), ("x-amz-tagging-count", "TagCount", true), ("x-amz-expiration", "Expiration", false),
        ("x-amz-website-redirect-location", "WebsiteRedirectLocation", false), ("x-amz-copy-source-version-id", "CopySourceVersionId", false),
        ("x-amz-missing-meta", "MissingMeta", true), ("x-amz-parts-count", "PartsCount", true),
    ]

    /// Runs one S3 action.
    func runS3(_ action: String, s3: S3Client, input: String) async -> IntegrationResult {
        guard let parameters = try? JSONValue(parsing: input), case .object(let fields) = parameters else {
            return .failure(error: StatesError.Name.runtime, cause: "The parameters of S3 \(action) must be a JSON object; got \(input.prefix(200))")
        }
        do {
            let request = try Self.s3Request(action, fields)
            let output: JSONObject
            switch action {
            case "listObjectsV2":
                let page = try await s3.listObjectsV2(
                    bucket: request.bucket, prefix: fields["Prefix"]?.stringValue, delimiter: fields["Delimiter"]?.stringValue,
                    continuationToken: fields["ContinuationToken"]?.stringValue, startAfter: fields["StartAfter"]?.stringValue,
                    maxKeys: fields["MaxKeys"]?.intValue, extra: request.query)
                output = Self.listOutput(page)
            case "copyObject":
                let (headers, result) = try await s3.copyObject(
                    sourceBucket: request.sourceBucket ?? "", sourceKey: request.sourceKey ?? "", bucket: request.bucket,
                    key: request.key ?? "", headers: request.headers)
                var object = Self.headerOutput(headers)
                object["ETag"] = nil
                if let result {
                    var copy = JSONObject()
                    if let tag = result.text("ETag") { copy["ETag"] = .string(tag) }
                    if let modified = result.text("LastModified") { copy["LastModified"] = .string(modified) }
                    object["CopyObjectResult"] = .object(copy)
                }
                output = object
            case "getObject":
                let object = try await s3.getObject(bucket: request.bucket, key: request.key ?? "", headers: request.headers, query: request.query)
                var result = Self.headerOutput(object.headers)
                // The AWS SDK integration returns the object's content as text.
                result["Body"] = .string(String(decoding: object.body, as: UTF8.self))
                output = result
            case "headObject":
                let object = try await s3.headObject(bucket: request.bucket, key: request.key ?? "", headers: request.headers, query: request.query)
                output = Self.headerOutput(object.headers)
            case "putObject":
                output = Self.headerOutput(try await s3.putObject(bucket: request.bucket, key: request.key ?? "", body: request.body, headers: request.headers))
                    .filter { ["ETag", "VersionId", "ServerSideEncryption", "Expiration"].contains($0.key) }
            default:  // deleteObject
                output = Self.headerOutput(
                    try await s3.deleteObject(bucket: request.bucket, key: request.key ?? "", headers: request.headers, query: request.query))
                    .filter { $0.key == "VersionId" || $0.key == "DeleteMarker" }
            }
            return .success(JSONValue.object(output).jsonString())
        } catch let error as S3RequestError {
            return .failure(error: StatesError.Name.runtime, cause: error.message)
        } catch let error as S3Error {
            return Self.s3Failure(error)
        } catch {
            // No answer: the SDK's client exception, as for the JSON services (``run(_:input:taskToken:)``).
            return .failure(error: "S3.SdkClientException", cause: "Unable to execute HTTP request: \(error)")
        }
    }

    /// The state's error for an S3 error answer: `S3.<Code>Exception` and a cause in the AWS SDK for Java v2's
    /// wording (`<message> (Service: S3, Status Code: 404, Request ID: ...)`; the wording is a guess from the SDK).
    static func s3Failure(_ error: S3Error) -> IntegrationResult {
        var name = error.code
        if ["NotFound", "Forbidden", "BadRequest", "UnknownError", "PreconditionFailed", "NotModified"].contains(name) { name = "S3" }
        if !name.hasSuffix("Exception") { name += "Exception" }
        let message = error.message.isEmpty || error.message.hasPrefix("HTTP ") ? "null" : error.message
        return .failure(
            error: "S3.\(name)",
            cause: "\(message) (Service: S3, Status Code: \(error.status), Request ID: \(error.requestId.isEmpty ? "null" : error.requestId))")
    }

    /// A parameter the action does not take, or a required one missing: the task fails with `States.Runtime`.
    struct S3RequestError: Error {
        var message: String
    }

    /// The request of an action from its Parameters.
    struct S3Call {
        var bucket: String
        var key: String?
        var query: [S3Pair] = []
        var headers: [S3Pair] = []
        var body: [UInt8] = []
        var sourceBucket: String?
        var sourceKey: String?
    }

    static func s3Request(_ action: String, _ fields: JSONObject) throws -> S3Call {
        guard let bucket = fields["Bucket"]?.stringValue, !bucket.isEmpty else {
            throw S3RequestError(message: "The field 'Bucket' is required by S3.\(pascal(action))")
        }
        var call = S3Call(bucket: bucket)
        let needsKey = action != "listObjectsV2"
        if needsKey {
            guard let key = fields["Key"]?.stringValue, !key.isEmpty else {
                throw S3RequestError(message: "The field 'Key' is required by S3.\(pascal(action))")
            }
            call.key = key
        }
        let listFields: Set<String> = ["Prefix", "Delimiter", "ContinuationToken", "StartAfter", "MaxKeys", "EncodingType", "FetchOwner"]
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            if name == "Bucket" || name == "Key" || value == .null { continue }
            let text = value.stringValue ?? value.jsonString()
            if action == "listObjectsV2", listFields.contains(name) {
                if name == "EncodingType" { call.query.append(S3Pair("encoding-type", text)) }
                if name == "FetchOwner" { call.query.append(S3Pair("fetch-owner", text)) }
                continue
            }
            if action == "putObject", name == "Body" {
                // Step Functions sends a JSON Body as its text.
                call.body = Array((value.stringValue ?? value.jsonString()).utf8)
            } else if action == "copyObject", name == "CopySource" {
                // `bucket/key` (URL-encoded, as the API takes it), optionally with `?versionId=`.
                let decoded = text.removingPercentEncoding ?? text
                let trimmed = decoded.hasPrefix("/") ? String(decoded.dropFirst()) : decoded
                let parts = trimmed.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[1].isEmpty else {
                    throw S3RequestError(message: "The field 'CopySource' must be 'bucket/key'; got '\(text)'")
                }
                call.sourceBucket = parts[0]
                call.sourceKey = parts[1]
            } else if (action == "putObject" || action == "copyObject"), name == "Metadata" {
                guard case .object(let metadata) = value else { throw S3RequestError(message: "The field 'Metadata' must be an object of strings") }
                for (metaName, metaValue) in metadata.sorted(by: { $0.key < $1.key }) {
                    call.headers.append(S3Pair("x-amz-meta-\(metaName.lowercased())", metaValue.stringValue ?? metaValue.jsonString()))
                }
            } else if action != "listObjectsV2", let header = s3HeaderParameters[name] {
                call.headers.append(S3Pair(header, text))
            } else if action != "listObjectsV2", let query = s3QueryParameters[name] {
                call.query.append(S3Pair(query, text))
            } else {
                // AWS refuses unknown fields of an SDK integration; a guess at the wording.
                throw S3RequestError(message: "The field '\(name)' is not supported by S3.\(pascal(action)) in the embedded engine")
            }
        }
        if action == "copyObject", call.sourceBucket == nil {
            throw S3RequestError(message: "The field 'CopySource' is required by S3.CopyObject")
        }
        return call
    }

    /// Output members from an answer's headers (`Metadata` from `x-amz-meta-*`; `LastModified` as ISO 8601).
    static func headerOutput(_ headers: [String: String]) -> JSONObject {
        var output = JSONObject()
        for entry in s3OutputHeaders {
            guard let value = headers[entry.header] else { continue }
            output[entry.member] = entry.isInteger ? (Int(value).map { .int($0) } ?? .string(value)) : .string(value)
        }
        if let modified = headers["last-modified"], let date = S3Dates.parseHTTPDate(modified) {
            output["LastModified"] = .string(S3Dates.iso8601(date))
        }
        if headers["x-amz-delete-marker"] == "true" { output["DeleteMarker"] = true }
        var metadata = JSONObject()
        for (name, value) in headers where name.hasPrefix("x-amz-meta-") { metadata[String(name.dropFirst(11))] = .string(value) }
        if !metadata.isEmpty || output["ContentLength"] != nil { output["Metadata"] = .object(metadata) }
        return output
    }

    /// ListObjectsV2's output; `Contents` and `CommonPrefixes` are left out when empty, as the SDK's JSON leaves out
    /// unset lists (a guess at Step Functions' rendering).
    static func listOutput(_ page: S3ListPage) -> JSONObject {
        var output: JSONObject = ["Name": .string(page.name), "IsTruncated": .bool(page.isTruncated)]
        if let prefix = page.prefix { output["Prefix"] = .string(prefix) }
        if let delimiter = page.delimiter { output["Delimiter"] = .string(delimiter) }
        if let maxKeys = page.maxKeys { output["MaxKeys"] = .int(maxKeys) }
        output["KeyCount"] = .int(page.keyCount ?? page.contents.count)
        if let token = page.continuationToken { output["ContinuationToken"] = .string(token) }
        if let token = page.nextContinuationToken { output["NextContinuationToken"] = .string(token) }
        if let startAfter = page.startAfter { output["StartAfter"] = .string(startAfter) }
        if let encoding = page.encodingType { output["EncodingType"] = .string(encoding) }
        if !page.contents.isEmpty {
            output["Contents"] = .array(page.contents.map { object in
                var item: JSONObject = ["Key": .string(object.key), "Size": .int(object.size)]
                if let tag = object.eTag { item["ETag"] = .string(tag) }
                if let modified = object.lastModified { item["LastModified"] = .string(modified) }
                if let storage = object.storageClass { item["StorageClass"] = .string(storage) }
                return .object(item)
            })
        }
        if !page.commonPrefixes.isEmpty { output["CommonPrefixes"] = .array(page.commonPrefixes.map { .object(["Prefix": .string($0)]) }) }
        return output
    }
}
