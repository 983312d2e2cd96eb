import Foundation
import OrderedCollections
package import StatesLanguage

/// The request an `arn:aws:states:::http:invoke` task makes, from its parameters as AWS documents them: `ApiEndpoint`,
/// `Method`, `Authentication.ConnectionArn`, `Headers`, `QueryParameters`, `RequestBody` and `Transform`
/// (`RequestBodyEncoding` `NONE` or `URL_ENCODED`, `RequestEncodingOptions.ArrayFormat` `INDICES` (the default),
/// `REPEAT`, `COMMAS` or `BRACKETS`).
package struct HTTPInvokeRequest: Sendable, Equatable {
    package var url: String
    package var method: String
    package var connectionArn: String
    /// Header names and values in order (names as given).
    package var headers: [(String, String)]
    package var body: String?

    static let methods: Set<String> = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.url == rhs.url && lhs.method == rhs.method && lhs.connectionArn == rhs.connectionArn && lhs.body == rhs.body
            && lhs.headers.map(\.0) == rhs.headers.map(\.0) && lhs.headers.map(\.1) == rhs.headers.map(\.1)
    }

    /// Builds the request; a parameter AWS would refuse fails the task with `States.Runtime` naming it (the wordings
    /// are ours).
    package init(parameters: JSONValue, region: String) throws(StatesError) {
        guard let object = parameters.objectValue else { throw Self.invalid("the parameters must be an object") }
        guard let endpoint = object["ApiEndpoint"]?.stringValue, let components = URLComponents(string: endpoint),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http", components.host?.isEmpty == false
        else {
            throw Self.invalid("ApiEndpoint must be an absolute https (or, locally, http) URL")
        }
        guard let method = object["Method"]?.stringValue?.uppercased(), Self.methods.contains(method) else {
            throw Self.invalid("Method must be one of \(Self.methods.sorted().joined(separator: ", "))")
        }
        guard let connection = object["Authentication"]?["ConnectionArn"]?.stringValue else {
            throw Self.invalid("Authentication.ConnectionArn is required")
        }
        self.method = method
        self.connectionArn = connection
        var query = components.percentEncodedQuery.map { [$0] } ?? []
        if let parameters = object["QueryParameters"] {
            guard let members = parameters.objectValue else { throw Self.invalid("QueryParameters must be an object") }
            for (name, value) in members {
                query.append(Self.formEncode(name) + "=" + Self.formEncode(Self.text(value)))
            }
        }
        var url = components
        url.percentEncodedQuery = query.isEmpty ? nil : query.joined(separator: "&")
        self.url = url.string ?? endpoint
        var headers: [(String, String)] = []
        if let given = object["Headers"] {
            guard let members = given.objectValue else { throw Self.invalid("Headers must be an object") }
            for (name, value) in members {
                let lower = name.lowercased()
                if Self.forbiddenHeaders.contains(lower) || lower.hasPrefix("x-amz-") || lower.hasPrefix("x-amzn-") {
                    throw Self.invalid("the header '\(name)' cannot be set")
                }
                headers.append((name, Self.text(value)))
            }
        }
        let encoding = object["Transform"]?["RequestBodyEncoding"]?.stringValue ?? "NONE"
        guard encoding == "NONE" || encoding == "URL_ENCODED" else {
            throw Self.invalid("Transform.RequestBodyEncoding must be NONE or URL_ENCODED")
        }
        let arrayFormat = object["Transform"]?["RequestEncodingOptions"]?["ArrayFormat"]?.stringValue ?? "INDICES"
        guard ["INDICES", "REPEAT", "COMMAS", "BRACKETS"].contains(arrayFormat) else {
            throw Self.invalid("Transform.RequestEncodingOptions.ArrayFormat must be INDICES, REPEAT, COMMAS or BRACKETS")
        }
        var contentType: String?
        if let body = object["RequestBody"], body != .null {
            if encoding == "URL_ENCODED" {
                guard let members = body.objectValue else { throw Self.invalid("a URL_ENCODED RequestBody must be an object") }
                self.body = Self.urlEncoded(members, arrayFormat: arrayFormat)
                contentType = "application/x-www-form-urlencoded"
            } else if case .string(let text) = body {
                self.body = text
                contentType = "text/plain; charset=UTF-8"
            } else {
                self.body = body.jsonString()
                contentType = "application/json; charset=UTF-8"
            }
        } else {
            self.body = nil
        }
        if let contentType, !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            headers.append(("Content-Type", contentType))
        }
        // What AWS sends with every HTTP Task request.
        headers.append(("User-Agent", "Amazon|StepFunctions|HttpInvoke|\(region)"))
        headers.append(("Range", "bytes=0-262144"))
        self.headers = headers
    }

    /// Headers a task cannot set (AWS sets them, or they would break the request).
    static let forbiddenHeaders: Set<String> = [
        "host", "content-length", "connection", "transfer-encoding", "user-agent", "range", "expect", "upgrade", "te",
        "proxy-authorization", "proxy-connection", "trailer",
    ]

    /// A URL-encoded form body of an object: nested objects as `outer[inner]`, arrays as `ArrayFormat` says.
    package static func urlEncoded(_ members: JSONObject, arrayFormat: String) -> String {
        var pairs: [String] = []
        func add(_ key: String, _ value: JSONValue) {
            switch value {
            case .object(let inner):
                for (name, item) in inner { add("\(key)[\(name)]", item) }
            case .array(let items):
                switch arrayFormat {
                case "REPEAT": for item in items { add(key, item) }
                case "COMMAS": pairs.append(formEncode(key) + "=" + items.map { formEncode(text($0)) }.joined(separator: ","))
                case "BRACKETS": for item in items { add("\(key)[]", item) }
                default: for (index, item) in items.enumerated() { add("\(key)[\(index)]", item) }
                }
            default:
                pairs.append(formEncode(key) + "=" + formEncode(text(value)))
            }
        }
        for (name, value) in members { add(name, value) }
        return pairs.joined(separator: "&")
    }

    /// A scalar as text (a string as itself, anything else as JSON).
    static func text(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.jsonString()
    }

    /// Percent-encodes for a query or form: everything but unreserved characters (RFC 3986).
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func invalid(_ reason: String) -> StatesError {
        StatesError(StatesError.Name.runtime, cause: "The http:invoke task's parameters are not valid: \(reason).")
    }
}
