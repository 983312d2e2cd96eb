public import Foundation

/// A small Amazon S3 REST client: GetObject, PutObject, HeadObject, DeleteObject, CopyObject and ListObjectsV2
/// (with continuation), over an ``S3Sender`` that addresses and signs the requests (`StepFunctionsClient`'s
/// `s3Client(endpoint:)` signs with the SDK credential chain; tests pass a sender of their own).
///
/// ```swift
/// let s3 = client.s3Client(endpoint: "http://127.0.0.1:5000")
/// try await s3.putObject(bucket: "data", key: "in/items.json", body: Array("[1,2]".utf8))
/// let object = try await s3.getObject(bucket: "data", key: "in/items.json")
/// ```
///
/// Every operation throws ``S3Error`` for S3's error answers (its XML `<Error>` code) and rethrows the sender's
/// error when no answer came. No retries: callers (a state's Retry) decide. `Sendable`: immutable.
public struct S3Client: Sendable {
    public let send: S3Sender

    public init(send: @escaping S3Sender) {
        self.send = send
    }

    /// An object's bytes and headers.
    public func getObject(bucket: String, key: String, headers: [S3Pair] = [], query: [S3Pair] = []) async throws -> S3Object {
        let response = try await checked(S3Request(method: "GET", bucket: bucket, key: key, query: query, headers: headers))
        return S3Object(headers: response.headers, body: response.body)
    }

    /// An object's headers (`HEAD`); a missing object is ``S3Error`` `NoSuchKey`.
    public func headObject(bucket: String, key: String, headers: [S3Pair] = [], query: [S3Pair] = []) async throws -> S3Object {
        let response = try await checked(S3Request(method: "HEAD", bucket: bucket, key: key, query: query, headers: headers), isObjectHead: true)
        return S3Object(headers: response.headers, body: [])
    }

    /// Stores an object; returns the answer's headers (`etag`, `x-amz-version-id`, ...).
    @discardableResult
    public func putObject(bucket: String, key: String, body: [UInt8], headers: [S3Pair] = []) async throws -> [String: String] {
        try await checked(S3Request(method: "PUT", bucket: bucket, key: key, headers: headers, body: body)).headers
    }

    /// Deletes an object (S3 answers 204 whether or not it existed); returns the answer's headers.
    @discardableResult
    public func deleteObject(bucket: String, key: String, headers: [S3Pair] = [], query: [S3Pair] = []) async throws -> [String: String] {
        try await checked(S3Request(method: "DELETE", bucket: bucket, key: key, query: query, headers: headers)).headers
    }

    /// Copies `sourceBucket/sourceKey` to `bucket/key` (`x-amz-copy-source`); returns the answer's headers and its
    /// `CopyObjectResult` (`ETag`, `LastModified`). S3 can answer 200 with an `<Error>` body: that is an error too.
    public func copyObject(
        sourceBucket: String, sourceKey: String, bucket: String, key: String, headers: [S3Pair] = []
    ) async throws -> (headers: [String: String], result: S3XMLElement?) {
        let source = "/" + SigV4.uriEncode(sourceBucket) + "/" + S3Request.encodeKey(sourceKey)
        let response = try await checked(
            S3Request(method: "PUT", bucket: bucket, key: key, headers: [S3Pair("x-amz-copy-source", source)] + headers))
        let root = S3XMLElement.parse(response.body)
        if let root, root.name == "Error" { throw S3Error(response: S3Response(status: 500, headers: response.headers, body: response.body)) }
        return (response.headers, root)
    }

    /// One page of `ListObjectsV2`.
    public func listObjectsV2(
        bucket: String, prefix: String? = nil, delimiter: String? = nil, continuationToken: String? = nil,
        startAfter: String? = nil, maxKeys: Int? = nil, extra: [S3Pair] = []
    ) async throws -> S3ListPage {
        var query = [S3Pair("list-type", "2")]
        if let continuationToken { query.append(S3Pair("continuation-token", continuationToken)) }
        if let delimiter { query.append(S3Pair("delimiter", delimiter)) }
        if let maxKeys { query.append(S3Pair("max-keys", String(maxKeys))) }
        if let prefix { query.append(S3Pair("prefix", prefix)) }
        if let startAfter { query.append(S3Pair("start-after", startAfter)) }
        query += extra
        let response = try await checked(S3Request(method: "GET", bucket: bucket, query: query))
        guard let root = S3XMLElement.parse(response.body), root.name == "ListBucketResult" else {
            throw S3Error(code: S3Error.malformedResponse, message: "The ListObjectsV2 answer is not a ListBucketResult", status: response.status)
        }
        return S3ListPage(root: root, headers: response.headers)
    }

    /// Every object under `prefix`, following continuation tokens, at most `limit` of them.
    public func listAllObjects(bucket: String, prefix: String?, limit: Int = .max) async throws -> [S3ListedObject] {
        var objects: [S3ListedObject] = []
        var token: String?
        repeat {
            let page = try await listObjectsV2(bucket: bucket, prefix: prefix, continuationToken: token)
            objects += page.contents.prefix(limit - objects.count)
            token = page.isTruncated ? page.nextContinuationToken : nil
            // A truncated page without a token would loop for ever.
            if page.isTruncated, token == nil || page.contents.isEmpty && page.commonPrefixes.isEmpty { break }
        } while token != nil && objects.count < limit
        return objects
    }

    /// Sends a request and throws ``S3Error`` unless the status is 2xx.
    func checked(_ request: S3Request, isObjectHead: Bool = false) async throws -> S3Response {
        let response = try await send(request)
        guard (200..<300).contains(response.status) else { throw S3Error(response: response, isObjectHead: isObjectHead) }
        return response
    }
}

/// An object (or, from `HEAD`, its headers only). `Sendable`: a value.
public struct S3Object: Sendable, Hashable {
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]

    public var contentType: String? { headers["content-type"] }
    public var contentLength: Int? { headers["content-length"].flatMap { Int($0) } }
    /// With its quotes, as S3 sends it (`"9b2cf535f27731c974343645a3985328"`).
    public var eTag: String? { headers["etag"] }
    /// The `Last-Modified` header (an HTTP date).
    public var lastModified: Date? { headers["last-modified"].flatMap(S3Dates.parseHTTPDate) }
    /// The user metadata (`x-amz-meta-*`), names without the prefix.
    public var metadata: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in headers where name.hasPrefix("x-amz-meta-") { result[String(name.dropFirst(11))] = value }
        return result
    }
}

/// One page of `ListObjectsV2`. `Sendable`: a value.
public struct S3ListPage: Sendable, Hashable {
    public var name: String
    public var prefix: String?
    public var delimiter: String?
    public var maxKeys: Int?
    public var keyCount: Int?
    public var isTruncated: Bool
    public var continuationToken: String?
    public var nextContinuationToken: String?
    public var startAfter: String?
    public var encodingType: String?
    public var contents: [S3ListedObject]
    public var commonPrefixes: [String]
    /// Header names in lower case.
    public var headers: [String: String]

    init(root: S3XMLElement, headers: [String: String]) {
        name = root.text("Name") ?? ""
        prefix = root.text("Prefix")
        delimiter = root.text("Delimiter")
        maxKeys = root.text("MaxKeys").flatMap { Int($0) }
        keyCount = root.text("KeyCount").flatMap { Int($0) }
        isTruncated = root.text("IsTruncated") == "true"
        continuationToken = root.text("ContinuationToken")
        nextContinuationToken = root.text("NextContinuationToken")
        startAfter = root.text("StartAfter")
        encodingType = root.text("EncodingType")
        contents = root.children("Contents").map(S3ListedObject.init(element:))
        commonPrefixes = root.children("CommonPrefixes").compactMap { $0.text("Prefix") }
        self.headers = headers
    }
}

/// An object as `ListObjectsV2` lists it. `Sendable`: a value.
public struct S3ListedObject: Sendable, Hashable {
    public var key: String
    public var size: Int
    /// With its quotes.
    public var eTag: String?
    /// As S3 wrote it (ISO 8601, `2024-05-01T10:00:00.000Z`).
    public var lastModified: String?
    public var storageClass: String?

    public init(key: String, size: Int, eTag: String? = nil, lastModified: String? = nil, storageClass: String? = nil) {
        self.key = key
        self.size = size
        self.eTag = eTag
        self.lastModified = lastModified
        self.storageClass = storageClass
    }

    init(element: S3XMLElement) {
        self.init(
            key: element.text("Key") ?? "", size: element.text("Size").flatMap { Int($0) } ?? 0, eTag: element.text("ETag"),
            lastModified: element.text("LastModified"), storageClass: element.text("StorageClass"))
    }
}

/// The date formats S3 uses.
public enum S3Dates {
    /// An HTTP date (`Wed, 01 May 2024 10:00:00 GMT`).
    public static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    /// ISO 8601, with or without fractional seconds (`2024-05-01T10:00:00.000Z`, as S3 lists them).
    public static func parseISO8601(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// ISO 8601 with seconds (`2024-05-01T10:00:00Z`).
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
