import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import StepFunctionsAPI

extension StepFunctionsClient {
    /// An Amazon S3 client signed with this client's credentials (the SDK chain) and region, over its HTTP client.
    ///
    /// - Parameter endpoint: an S3-compatible endpoint (moto, LocalStack, MinIO: `http://127.0.0.1:5000`), addressed
    ///   in path style (`/<bucket>/<key>`); nil for AWS, addressed virtual-hosted style
    ///   (`https://<bucket>.s3.<region>.amazonaws.com/<key>`), or in path style on `s3.<region>.amazonaws.com` for
    ///   a bucket name that cannot be a host name label (dots, capitals).
    public func s3Client(endpoint: String?) -> S3Client {
        S3Client { request in try await self.sendS3(request, endpoint: endpoint) }
    }

    /// The URL and `Host` of a request, and the path that is signed.
    func s3Address(_ request: S3Request, endpoint: String?) -> (url: String, host: String, path: String) {
        let query = request.queryString
        if let endpoint {
            let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
            let path = request.pathStylePath
            return (base + path + (query.isEmpty ? "" : "?" + query), Self.hostHeader(endpoint), path)
        }
        let region = configuration.region
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        let regional = "s3.\(region).\(domain)"
        if Self.isVirtualHostable(request.bucket) {
            let host = "\(request.bucket).\(regional)"
            let path = request.virtualHostedPath
            return ("https://\(host)\(path)" + (query.isEmpty ? "" : "?" + query), host, path)
        }
        let path = request.pathStylePath
        return ("https://\(regional)\(path)" + (query.isEmpty ? "" : "?" + query), regional, path)
    }

    /// Whether a bucket name can be the first label of an HTTPS host name (lower case, digits, hyphens; no dots,
    /// which the wildcard certificate does not cover).
    static func isVirtualHostable(_ bucket: String) -> Bool {
        (3...63).contains(bucket.count) && !bucket.hasPrefix("-") && !bucket.hasSuffix("-")
            && bucket.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }

    /// The largest S3 answer read into memory.
    static let maxS3ResponseBytes = 2_000_000_000

    /// Signs (SigV4 for `s3`, with `x-amz-content-sha256`, the path signed as sent) and sends one request.
    func sendS3(_ request: S3Request, endpoint: String?) async throws -> S3Response {
        let credentials = try await currentCredentials()
        let address = s3Address(request, endpoint: endpoint)
        var headers: [(name: String, value: String)] = [
            (name: "Host", value: address.host), (name: "x-amz-content-sha256", value: SigV4.hexSHA256(request.body)),
        ]
        for header in request.headers { headers.append((name: header.name, value: header.value)) }
        if request.method == "PUT" || !request.body.isEmpty { headers.append((name: "Content-Length", value: String(request.body.count))) }
        let unsigned = SigV4Request(method: request.method, path: address.path, query: request.queryString, headers: headers, body: request.body)
        var signer = SigV4Signer(credentials: credentials, region: configuration.region, service: "s3")
        signer.pathIsEncoded = true
        let signed = signer.sign(unsigned, date: Date())
        var http = HTTPClientRequest(url: address.url)
        http.method = HTTPMethod(rawValue: request.method)
        for header in signed.headers where header.name != "Content-Length" { http.headers.add(name: header.name, value: header.value) }
        http.headers.add(name: "User-Agent", value: "stepwise-swift")
        if !request.body.isEmpty || request.method == "PUT" {
            http.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response = try await httpClient.execute(http, timeout: .nanoseconds(Self.nanoseconds(configuration.requestTimeout)))
        let bytes: [UInt8]
        if request.method == "HEAD" {
            bytes = []
        } else {
            bytes = Array(buffer: try await response.body.collect(upTo: Self.maxS3ResponseBytes))
        }
        var answer: [String: String] = [:]
        for header in response.headers { answer[header.name.lowercased()] = header.value }
        return S3Response(status: Int(response.status.code), headers: answer, body: bytes)
    }
}
