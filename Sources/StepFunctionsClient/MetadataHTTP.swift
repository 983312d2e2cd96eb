import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Small HTTP calls to the credential endpoints (container endpoint, instance metadata), with short timeouts.
struct MetadataHTTP: Sendable {
    var httpClient: HTTPClient
    var timeout: TimeAmount

    /// The timeout the SDKs read from `AWS_METADATA_SERVICE_TIMEOUT` (seconds), else `seconds`.
    static func timeout(in environment: AWSEnvironment, default seconds: Double) -> TimeAmount {
        let configured = environment["AWS_METADATA_SERVICE_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 && $0 < 3600 ? $0 : nil }
        return .milliseconds(Int64((configured ?? seconds) * 1000))
    }

    struct Response {
        var status: Int
        var body: [UInt8]
    }

    /// Sends a request; transport failures become ``CredentialsError`` naming `source` (headers are never included:
    /// they may carry authorization tokens).
    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], source: String) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 1 << 20)
            return Response(status: Int(response.status.code), body: Array(buffer: body))
        } catch let error as CancellationError {
            throw error
        } catch {
            throw CredentialsError("\(source) at \(Self.redactedURL(url)) could not be reached: \(error)")
        }
    }

    /// The URL without its query (which could carry a token).
    static func redactedURL(_ url: String) -> String {
        url.firstIndex(of: "?").map { String(url[..<$0]) } ?? url
    }
}
