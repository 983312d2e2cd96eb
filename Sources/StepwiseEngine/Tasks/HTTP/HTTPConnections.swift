public import Foundation
import OrderedCollections
import StatesLanguage

/// Connection credentials for `http:invoke` tasks, in place of EventBridge connections: a JSON file mapping each
/// connection ARN a definition names (`Authentication.ConnectionArn`) to the `AuthorizationType` and
/// `AuthParameters` EventBridge's `CreateConnection` takes.
///
/// ```json
/// {
///   "arn:aws:events:us-east-1:123456789012:connection/orders-api/0f1e": {
///     "AuthorizationType": "API_KEY",
///     "AuthParameters": {
///       "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "s3cret"},
///       "InvocationHttpParameters": {"HeaderParameters": [{"Key": "x-team", "Value": "orders"}]}
///     }
///   }
/// }
/// ```
///
/// `BASIC` takes `BasicAuthParameters` (`Username`, `Password`); `OAUTH_CLIENT_CREDENTIALS` takes `OAuthParameters`
/// (`AuthorizationEndpoint`, `HttpMethod`, `ClientParameters` with `ClientID` and `ClientSecret`, optional
/// `OAuthHttpParameters`): the token is fetched from the endpoint with the client's credentials and kept until it
/// expires or is refused (401/407).
/// `InvocationHttpParameters` (`HeaderParameters`, `QueryStringParameters`, `BodyParameters`: lists of `Key`/`Value`)
/// are merged into every request, the connection's values winning, as EventBridge connections are.
public struct HTTPConnections: Sendable, Equatable {
    /// How a connection authorizes requests.
    public enum Authorization: Sendable, Equatable {
        case basic(username: String, password: String)
        case apiKey(name: String, value: String)
        case oauthClientCredentials(endpoint: String, method: String, clientID: String, clientSecret: String, parameters: Parameters)
    }

    /// Key/value parameters added to a request.
    public struct Parameters: Sendable, Equatable {
        public var headers: [(String, String)] = []
        public var query: [(String, String)] = []
        public var body: [(String, String)] = []

        public init() {}

        public static func == (lhs: Self, rhs: Self) -> Bool {
            func same(_ a: [(String, String)], _ b: [(String, String)]) -> Bool { a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1) }
            return same(lhs.headers, rhs.headers) && same(lhs.query, rhs.query) && same(lhs.body, rhs.body)
        }
    }

    /// One connection.
    public struct Connection: Sendable, Equatable {
        public var authorization: Authorization
        public var invocation: Parameters
    }

    public var connections: [String: Connection]

    public init(connections: [String: Connection] = [:]) {
        self.connections = connections
    }

    /// Reads a connections file (`--connections FILE`).
    /// - Throws: ``HTTPConnectionsError`` naming the file and the place that is wrong.
    public init(contentsOfFile path: String) throws(HTTPConnectionsError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HTTPConnectionsError("Cannot read the connections file \(path).")
        }
        do {
            try self.init(parsing: data)
        } catch {
            throw HTTPConnectionsError("The connections file \(path) is not valid: \(error.message)")
        }
    }

    /// Parses a connections document.
    public init(parsing data: Data) throws(HTTPConnectionsError) {
        guard let root = try? JSONValue(parsing: data), let members = root.objectValue else {
            throw HTTPConnectionsError("it must be a JSON object mapping connection ARNs to connections.")
        }
        var connections: [String: Connection] = [:]
        for (arn, body) in members {
            connections[arn] = try Self.connection(arn, body)
        }
        self.init(connections: connections)
    }

    private static func connection(_ arn: String, _ body: JSONValue) throws(HTTPConnectionsError) -> Connection {
        func string(_ value: JSONValue?, _ place: String) throws(HTTPConnectionsError) -> String {
            guard let text = value?.stringValue else { throw HTTPConnectionsError("\(arn): \(place) must be a string.") }
            return text
        }
        let type = try string(body["AuthorizationType"], "AuthorizationType")
        guard let auth = body["AuthParameters"], auth.objectValue != nil else {
            throw HTTPConnectionsError("\(arn): AuthParameters must be an object.")
        }
        let authorization: Authorization
        switch type {
        case "BASIC":
            let basic = auth["BasicAuthParameters"]
            authorization = .basic(
                username: try string(basic?["Username"], "BasicAuthParameters.Username"),
                password: try string(basic?["Password"], "BasicAuthParameters.Password"))
        case "API_KEY":
            let key = auth["ApiKeyAuthParameters"]
            authorization = .apiKey(
                name: try string(key?["ApiKeyName"], "ApiKeyAuthParameters.ApiKeyName"),
                value: try string(key?["ApiKeyValue"], "ApiKeyAuthParameters.ApiKeyValue"))
        case "OAUTH_CLIENT_CREDENTIALS":
            let oauth = auth["OAuthParameters"]
            authorization = .oauthClientCredentials(
                endpoint: try string(oauth?["AuthorizationEndpoint"], "OAuthParameters.AuthorizationEndpoint"),
                method: try string(oauth?["HttpMethod"], "OAuthParameters.HttpMethod").uppercased(),
                clientID: try string(oauth?["ClientParameters"]?["ClientID"], "OAuthParameters.ClientParameters.ClientID"),
                clientSecret: try string(oauth?["ClientParameters"]?["ClientSecret"], "OAuthParameters.ClientParameters.ClientSecret"),
                parameters: try parameters(oauth?["OAuthHttpParameters"], "\(arn): OAuthParameters.OAuthHttpParameters"))
        default:
            throw HTTPConnectionsError("\(arn): AuthorizationType must be BASIC, API_KEY or OAUTH_CLIENT_CREDENTIALS, not '\(type)'.")
        }
        let invocation = try parameters(auth["InvocationHttpParameters"], "\(arn): InvocationHttpParameters")
        return Connection(authorization: authorization, invocation: invocation)
    }

    private static func parameters(_ value: JSONValue?, _ place: String) throws(HTTPConnectionsError) -> Parameters {
        var parameters = Parameters()
        guard let value else { return parameters }
        guard value.objectValue != nil else { throw HTTPConnectionsError("\(place) must be an object.") }
        func list(_ name: String) throws(HTTPConnectionsError) -> [(String, String)] {
            guard let items = value[name] else { return [] }
            guard let array = items.arrayValue else { throw HTTPConnectionsError("\(place).\(name) must be a list.") }
            var pairs: [(String, String)] = []
            for item in array {
                guard let key = item["Key"]?.stringValue, let text = item["Value"]?.stringValue else {
                    throw HTTPConnectionsError("\(place).\(name) entries need a string Key and Value.")
                }
                pairs.append((key, text))
            }
            return pairs
        }
        parameters.headers = try list("HeaderParameters")
        parameters.query = try list("QueryStringParameters")
        parameters.body = try list("BodyParameters")
        return parameters
    }
}

/// A connections file that cannot be read or used.
public struct HTTPConnectionsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
