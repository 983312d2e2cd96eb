import Crypto
public import Foundation

/// Verifies SigV4-signed requests (server side), answering AWS's errors:
/// - no `Authorization` header: `MissingAuthenticationTokenException` ("Missing Authentication Token");
/// - a malformed header or missing date: `IncompleteSignatureException`;
/// - an unknown access key or a wrong session token: `UnrecognizedClientException`;
/// - a wrong signature, a credential scoped to another region or service, an `x-amz-*` header left out of the
///   signature, or a date more than the allowed skew from the server's clock: `InvalidSignatureException`.
public struct SigV4Verifier: Sendable {
    /// The credentials the server accepts, by access key id. A credential with a session token only accepts
    /// requests carrying that token.
    public var credentials: [String: AWSCredentials]
    /// The largest difference AWS allows between the request date and the server's clock: 5 minutes.
    public var allowedClockSkew: TimeInterval
    /// The service signing name requests must be scoped to (`states`), or nil for any.
    public var service: String?
    /// The region requests must be scoped to (the server's region), or nil for any.
    public var region: String?

    /// Creates a verifier accepting the given credentials (by access key id), scoped to `region` and `service`.
    public init(
        credentials: [AWSCredentials], allowedClockSkew: TimeInterval = 300, service: String? = "states", region: String? = nil
    ) {
        self.credentials = Dictionary(credentials.map { ($0.accessKeyId, $0) }, uniquingKeysWith: { first, _ in first })
        self.allowedClockSkew = allowedClockSkew
        self.service = service
        self.region = region
    }

    /// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` header.
    public struct Authorization: Sendable, Hashable {
        /// The access key id of the credential scope.
        public var accessKeyId: String
        /// The `YYYYMMDD` date of the credential scope.
        public var date: String
        /// The region of the credential scope.
        public var region: String
        /// The service of the credential scope.
        public var service: String
        /// The lowercase names of the signed headers.
        public var signedHeaders: [String]
        /// The hex signature.
        public var signature: String

        /// Parses the header; throws `IncompleteSignatureException` naming what is missing.
        public init(parsing header: String) throws(StepFunctionsError) {
            guard header.hasPrefix(SigV4.algorithm + " ") else {
                throw StepFunctionsError(
                    .incompleteSignature,
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=\(header)")
            }
            var fields: [String: String] = [:]
            for item in header.dropFirst(SigV4.algorithm.count + 1).split(separator: ",") {
                let pair = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
            }
            for required in ["Credential", "Signature", "SignedHeaders"] where fields[required] == nil {
                throw StepFunctionsError(
                    .incompleteSignature, "Authorization header requires '\(required)' parameter. Authorization=\(header)")
            }
            let credential = (fields["Credential"] ?? "").split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard credential.count == 5, credential[4] == "aws4_request", !credential[0].isEmpty else {
                throw StepFunctionsError(
                    .incompleteSignature,
                    "Credential should be scoped to a valid region, not '\(credential.count > 2 ? credential[2] : "")'. ")
            }
            accessKeyId = credential[0]
            date = credential[1]
            region = credential[2]
            service = credential[3]
            signedHeaders = (fields["SignedHeaders"] ?? "").split(separator: ";").map(String.init)
            signature = fields["Signature"] ?? ""
        }
    }

    /// Verifies a request; returns the access key id that signed it. `now` is the server's clock.
    @discardableResult
    public func verify(_ request: SigV4Request, now: Date) throws(StepFunctionsError) -> String {
        guard let header = request.header("authorization") else {
            throw StepFunctionsError(.missingAuthenticationToken, "Missing Authentication Token")
        }
        let authorization = try Authorization(parsing: header)
        guard let amzDate = request.header("x-amz-date"), let date = SigV4.parseAmzDate(amzDate) else {
            throw StepFunctionsError(
                .incompleteSignature, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=\(header)")
        }
        guard authorization.signedHeaders.contains("host") else {
            throw StepFunctionsError(.invalidSignature, "'Host' must be a 'SignedHeader' in the AWS Authorization.")
        }
        // Every `x-amz-*` header sent must be signed, or a captured request could be replayed with another
        // `X-Amz-Target` (another operation on the same body). AWS's wording for this case is not documented;
        // this follows the wording of its `Host` rule above.
        let signed = Set(authorization.signedHeaders)
        for (name, _) in request.headers {
            let lowercased = name.lowercased()
            if Self.mustBeSigned(lowercased), !signed.contains(lowercased) {
                throw StepFunctionsError(
                    .invalidSignature, "'\(Self.displayName(lowercased))' must be a 'SignedHeader' in the AWS Authorization.")
            }
        }
        guard let known = credentials[authorization.accessKeyId] else {
            throw StepFunctionsError(.unrecognizedClient, "The security token included in the request is invalid.")
        }
        if let token = known.sessionToken, request.header("x-amz-security-token") != token {
            throw StepFunctionsError(.unrecognizedClient, "The security token included in the request is invalid.")
        }
        // AWS's answer for a credential scoped to another region (as its JSON services word it).
        if let region, authorization.region != region {
            throw StepFunctionsError(.invalidSignature, "Credential should be scoped to a valid region. ")
        }
        if let service, authorization.service != service {
            throw StepFunctionsError(
                .invalidSignature, "Credential should be scoped to correct service: '\(service)'. ")
        }
        guard authorization.date == String(amzDate.prefix(8)) else {
            throw StepFunctionsError(
                .invalidSignature,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(authorization.date)' != '\(amzDate.prefix(8))', from '\(amzDate)'."
            )
        }
        if date < now.addingTimeInterval(-allowedClockSkew) {
            throw StepFunctionsError(
                .invalidSignature,
                "Signature expired: \(amzDate) is now earlier than \(SigV4.amzDate(now.addingTimeInterval(-allowedClockSkew))) (\(SigV4.amzDate(now)) - \(Int(allowedClockSkew / 60)) min.)"
            )
        }
        if date > now.addingTimeInterval(allowedClockSkew) {
            throw StepFunctionsError(
                .invalidSignature,
                "Signature not yet current: \(amzDate) is still later than \(SigV4.amzDate(now.addingTimeInterval(allowedClockSkew))) (\(SigV4.amzDate(now)) + \(Int(allowedClockSkew / 60)) min.)"
            )
        }
        // The payload hash is always computed from the body received: a client-sent `x-amz-content-sha256` is only a
        // claim, and trusting it would let a captured request's body be swapped while its signature still verified.
        // When sent it must match (so `UNSIGNED-PAYLOAD` is refused for this JSON API).
        let payloadHash = SigV4.hexSHA256(request.body)
        if let claimed = request.header("x-amz-content-sha256"),
            !Self.constantTimeEqual(Array(claimed.utf8), Array(payloadHash.utf8))
        {
            throw StepFunctionsError(.invalidSignature, Self.signatureMismatch)
        }
        let canonical = SigV4.canonicalRequest(request, signedHeaders: authorization.signedHeaders, payloadHash: payloadHash)
        let scope = SigV4.credentialScope(date: authorization.date, region: authorization.region, service: authorization.service)
        let toSign = SigV4.stringToSign(canonicalRequest: canonical, amzDate: amzDate, scope: scope)
        let key = SigV4.signingKey(
            secretAccessKey: known.secretAccessKey, date: authorization.date, region: authorization.region, service: authorization.service)
        let expected = HMAC<SHA256>.authenticationCode(for: Array(toSign.utf8), using: key)
        guard let given = Self.hexBytes(authorization.signature), Self.constantTimeEqual(Array(expected), given) else {
            throw StepFunctionsError(.invalidSignature, Self.signatureMismatch)
        }
        return authorization.accessKeyId
    }

    /// Whether a header must be covered by the signature: every `x-amz-*` header (`x-amzn-trace-id`, which
    /// proxies add, is not one).
    static func mustBeSigned(_ lowercasedName: String) -> Bool {
        lowercasedName.hasPrefix("x-amz-")
    }

    /// `x-amz-target` as `X-Amz-Target`.
    static func displayName(_ lowercasedName: String) -> String {
        lowercasedName.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
    }

    /// AWS's message for a signature that does not verify.
    static let signatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    static func hexBytes(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// Compares without an early exit, so timing does not reveal how much of a signature matched.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
