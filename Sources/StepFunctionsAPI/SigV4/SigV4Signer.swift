import Crypto
public import Foundation

/// Signs requests with AWS Signature Version 4 (client side).
///
/// ```swift
/// let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "states")
/// let signed = signer.sign(request, date: .now)   // adds X-Amz-Date, X-Amz-Security-Token, Authorization
/// ```
public struct SigV4Signer: Sendable {
    /// The credentials requests are signed with.
    public var credentials: AWSCredentials
    /// The region requests are scoped to, such as `us-east-1`.
    public var region: String
    /// The signing name of the service: `states` for Step Functions.
    public var service: String
    /// Amazon S3's rule for the canonical URI: the request's path is URI-encoded once by the sender and signed as it
    /// is, without normalization. False (the rule of every other service) unless set.
    public var pathIsEncoded = false

    /// Creates a signer for a region and service (`states` for Step Functions).
    public init(credentials: AWSCredentials, region: String, service: String = "states") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The parts of one signature, for inspection and known-answer tests.
    public struct Signature: Sendable, Hashable {
        /// The canonical request (task 1 of the specification).
        public var canonicalRequest: String
        /// The string to sign (task 2).
        public var stringToSign: String
        /// The hex signature (task 3).
        public var signature: String
        /// The `Authorization` header value (task 4).
        public var authorization: String
    }

    /// Returns the request with `X-Amz-Date`, `X-Amz-Security-Token` (temporary credentials) and `Authorization`
    /// added. A `Host` header must be present; every header except ``SigV4/unsignedHeaders`` is signed.
    public func sign(_ request: SigV4Request, date: Date) -> SigV4Request {
        var request = request
        request.headers.removeAll {
            let name = $0.name.lowercased()
            return name == "authorization" || name == "x-amz-date" || (credentials.sessionToken != nil && name == "x-amz-security-token")
        }
        request.headers.append((name: "X-Amz-Date", value: SigV4.amzDate(date)))
        if let token = credentials.sessionToken { request.headers.append((name: "X-Amz-Security-Token", value: token)) }
        let parts = signature(for: request, date: date)
        request.headers.append((name: "Authorization", value: parts.authorization))
        return request
    }

    /// Computes the signature of a request whose headers are final (including `X-Amz-Date` when it is to be signed).
    public func signature(for request: SigV4Request, date: Date) -> Signature {
        let names = Set(request.headers.map { $0.name.lowercased() }).subtracting(SigV4.unsignedHeaders).sorted()
        let payloadHash = request.header("x-amz-content-sha256") ?? SigV4.hexSHA256(request.body)
        let amzDate = SigV4.amzDate(date)
        let day = String(amzDate.prefix(8))
        let scope = SigV4.credentialScope(date: day, region: region, service: service)
        let canonical = SigV4.canonicalRequest(request, signedHeaders: names, payloadHash: payloadHash, encodedPath: pathIsEncoded)
        let toSign = SigV4.stringToSign(canonicalRequest: canonical, amzDate: amzDate, scope: scope)
        let key = SigV4.signingKey(secretAccessKey: credentials.secretAccessKey, date: day, region: region, service: service)
        let signature = SigV4.signature(stringToSign: toSign, key: key)
        let authorization =
            "\(SigV4.algorithm) Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)"
        return Signature(canonicalRequest: canonical, stringToSign: toSign, signature: signature, authorization: authorization)
    }
}
