import Foundation

/// One Amazon S3 REST request before addressing and signing: the sender (``S3Sender``) places the bucket in the
/// host (virtual-hosted style, on AWS) or in the path (path style, on a configured endpoint), signs with SigV4 for
/// `s3` with the `x-amz-content-sha256` header S3 requires, and sends it. `Sendable`: a value.
public struct S3Request: Sendable, Hashable {
    /// `GET`, `PUT`, `HEAD`, `DELETE`.
    public var method: String
    public var bucket: String
    /// The object key; nil for a request on the bucket itself (`ListObjectsV2`).
    public var key: String?
    /// Query parameters, unencoded (`list-type=2`).
    public var query: [S3Pair]
    /// Extra headers (`Content-Type`, `x-amz-meta-*`, `x-amz-copy-source`).
    public var headers: [S3Pair]
    public var body: [UInt8]

    public init(method: String, bucket: String, key: String? = nil, query: [S3Pair] = [], headers: [S3Pair] = [], body: [UInt8] = []) {
        self.method = method
        self.bucket = bucket
        self.key = key
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The path of the request in path style: `/<bucket>/<key>` (`/<bucket>` without a key), each segment
    /// URI-encoded once, slashes in the key kept (as S3 signs it).
    public var pathStylePath: String {
        "/" + SigV4.uriEncode(bucket) + (key.map { "/" + Self.encodeKey($0) } ?? "")
    }

    /// The path of the request with the bucket in the host: `/<key>` (`/` without a key).
    public var virtualHostedPath: String {
        "/" + (key.map(Self.encodeKey) ?? "")
    }

    /// The encoded query string, parameters in the order given.
    public var queryString: String {
        query.map { "\(SigV4.uriEncode($0.name))=\(SigV4.uriEncode($0.value))" }
            .joined(separator: "&")
    }

    /// A key URI-encoded once per segment, `/` kept.
    public static func encodeKey(_ key: String) -> String {
        key.split(separator: "/", omittingEmptySubsequences: false).map { SigV4.uriEncode(String($0)) }.joined(separator: "/")
    }
}

/// A name and a value (a query parameter or a header). `Sendable`: a value.
public struct S3Pair: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What S3 answered. `Sendable`: a value.
public struct S3Response: Sendable, Hashable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Addresses, signs and sends an ``S3Request``; throws only when no answer came (connection refused, timeout).
public typealias S3Sender = @Sendable (S3Request) async throws -> S3Response
