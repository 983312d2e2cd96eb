import Foundation

/// An error answer of Amazon S3: its error code (`NoSuchKey`, `NoSuchBucket`, `AccessDenied`, ...) from the XML
/// `<Error>` body, the message, the HTTP status and the request ID. A `HEAD` answer has no body: its code comes
/// from the status (`NoSuchKey` for 404 on an object, as the AWS SDKs report it; `NotFound`/`Forbidden`/... otherwise).
/// `Sendable`: a value.
public struct S3Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// S3's error code (open-ended: S3 adds codes; compare with the static names or the text).
    public var code: String
    public var message: String
    /// The HTTP status (0 when the answer was not an HTTP error but could not be read).
    public var status: Int
    public var requestId: String

    public init(code: String, message: String, status: Int, requestId: String = "") {
        self.code = code
        self.message = message
        self.status = status
        self.requestId = requestId
    }

    public static let noSuchKey = "NoSuchKey"
    public static let noSuchBucket = "NoSuchBucket"
    /// The code of an answer that is not S3's XML (a body that cannot be read).
    public static let malformedResponse = "MalformedResponse"

    public var description: String {
        "\(code): \(message) (Status Code: \(status)\(requestId.isEmpty ? "" : "; Request ID: \(requestId)"))"
    }

    /// The error of an answer whose status is not 2xx.
    /// - Parameter isObjectHead: a `HEAD` on an object (a body-less 404 is `NoSuchKey`).
    public init(response: S3Response, isObjectHead: Bool = false) {
        let requestId = response.headers["x-amz-request-id"] ?? response.headers["x-amzn-requestid"] ?? ""
        if let root = S3XMLElement.parse(response.body), root.name == "Error", let code = root.text("Code"), !code.isEmpty {
            self.init(code: code, message: root.text("Message") ?? "", status: response.status, requestId: root.text("RequestId") ?? requestId)
            return
        }
        let code: String =
            switch response.status {
            case 404: isObjectHead ? Self.noSuchKey : "NotFound"
            case 403: "Forbidden"
            case 400: "BadRequest"
            case 412: "PreconditionFailed"
            case 304: "NotModified"
            case 500...: "InternalError"
            default: "UnknownError"
            }
        let text = String(decoding: response.body.prefix(300), as: UTF8.self)
        self.init(code: code, message: text.isEmpty ? "HTTP \(response.status)" : text, status: response.status, requestId: requestId)
    }
}
