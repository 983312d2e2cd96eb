import Foundation
import StatesLanguage
import StepwiseEngine
import Testing

/// How an `http:invoke` task's parameters become a request (AWS's HTTP Task fields), and connection files.
@Suite("Engine: http:invoke requests and connections")
struct HTTPInvokeRequestTests {
    static func request(_ parameters: String) throws -> HTTPInvokeRequest {
        try HTTPInvokeRequest(parameters: try JSONValue(parsing: parameters), region: "us-east-1")
    }

    static let connection = #""Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/c/1"}"#

    @Test("a JSON RequestBody is sent as JSON; QueryParameters are percent-encoded onto the endpoint's query")
    func jsonBodyAndQuery() throws {
        let built = try Self.request("""
            {"ApiEndpoint": "https://api.example.com/orders?x=1", "Method": "post", \(Self.connection),
             "QueryParameters": {"q": "a b&c", "n": 3}, "Headers": {"X-Team": "orders"}, "RequestBody": {"id": 7}}
            """)
        #expect(built.method == "POST")
        #expect(built.url == "https://api.example.com/orders?x=1&q=a%20b%26c&n=3")
        #expect(built.body == #"{"id":7}"#)
        let headers = Dictionary(built.headers, uniquingKeysWith: { a, _ in a })
        #expect(headers["Content-Type"] == "application/json; charset=UTF-8")
        #expect(headers["X-Team"] == "orders")
        #expect(headers["User-Agent"] == "Amazon|StepFunctions|HttpInvoke|us-east-1")
        #expect(headers["Range"] == "bytes=0-262144")
    }

    @Test(
        "URL_ENCODED bodies encode arrays as ArrayFormat says (INDICES by default)",
        arguments: [
            (nil, "a%5B0%5D=x&a%5B1%5D=y&n=1&o%5Bk%5D=v"),
            ("INDICES", "a%5B0%5D=x&a%5B1%5D=y&n=1&o%5Bk%5D=v"),
            ("REPEAT", "a=x&a=y&n=1&o%5Bk%5D=v"),
            ("COMMAS", "a=x,y&n=1&o%5Bk%5D=v"),
            ("BRACKETS", "a%5B%5D=x&a%5B%5D=y&n=1&o%5Bk%5D=v"),
        ] as [(String?, String)])
    func urlEncoded(format: String?, expected: String) throws {
        let options = format.map { #", "RequestEncodingOptions": {"ArrayFormat": "\#($0)"}"# } ?? ""
        let built = try Self.request("""
            {"ApiEndpoint": "https://api.example.com", "Method": "POST", \(Self.connection),
             "RequestBody": {"a": ["x", "y"], "n": 1, "o": {"k": "v"}}, "Transform": {"RequestBodyEncoding": "URL_ENCODED"\(options)}}
            """)
        #expect(built.body == expected)
        #expect(built.headers.contains { $0.0 == "Content-Type" && $0.1 == "application/x-www-form-urlencoded" })
    }

    @Test(
        "parameters AWS refuses fail the task with States.Runtime",
        arguments: [
            #"{"Method": "GET", "Authentication": {"ConnectionArn": "c"}}"#,
            #"{"ApiEndpoint": "not a url", "Method": "GET", "Authentication": {"ConnectionArn": "c"}}"#,
            #"{"ApiEndpoint": "https://a.example", "Method": "FETCH", "Authentication": {"ConnectionArn": "c"}}"#,
            #"{"ApiEndpoint": "https://a.example", "Method": "GET"}"#,
            #"{"ApiEndpoint": "https://a.example", "Method": "GET", "Authentication": {"ConnectionArn": "c"}, "Headers": {"Host": "x"}}"#,
            #"{"ApiEndpoint": "https://a.example", "Method": "GET", "Authentication": {"ConnectionArn": "c"}, "Transform": {"RequestBodyEncoding": "GZIP"}}"#,
        ])
    func refused(parameters: String) throws {
        #expect(throws: StatesError.self) { _ = try Self.request(parameters) }
        do {
            _ = try Self.request(parameters)
        } catch let error as StatesError {
            #expect(error.error == "States.Runtime")
        }
    }

    @Test("a connections file reads BASIC, API_KEY and OAUTH_CLIENT_CREDENTIALS with invocation parameters; mistakes are named")
    func connections() throws {
        let file = """
            {"arn:c:basic": {"AuthorizationType": "BASIC", "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "p"}}},
             "arn:c:key": {"AuthorizationType": "API_KEY", "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "k"},
               "InvocationHttpParameters": {"HeaderParameters": [{"Key": "x-team", "Value": "t"}], "QueryStringParameters": [{"Key": "v", "Value": "2"}]}}},
             "arn:c:oauth": {"AuthorizationType": "OAUTH_CLIENT_CREDENTIALS", "AuthParameters": {"OAuthParameters": {
               "AuthorizationEndpoint": "https://auth.example/token", "HttpMethod": "post", "ClientParameters": {"ClientID": "id", "ClientSecret": "s"}}}}}
            """
        let parsed = try HTTPConnections(parsing: Data(file.utf8))
        #expect(parsed.connections["arn:c:basic"]?.authorization == .basic(username: "u", password: "p"))
        #expect(parsed.connections["arn:c:key"]?.authorization == .apiKey(name: "x-api-key", value: "k"))
        #expect(parsed.connections["arn:c:key"]?.invocation.headers.first?.1 == "t")
        guard case .oauthClientCredentials(_, let method, let id, _, _)? = parsed.connections["arn:c:oauth"]?.authorization else {
            Issue.record("OAuth connection not read")
            return
        }
        #expect(method == "POST" && id == "id")
        let bad = #"{"arn:c": {"AuthorizationType": "DIGEST", "AuthParameters": {}}}"#
        #expect(throws: HTTPConnectionsError.self) { _ = try HTTPConnections(parsing: Data(bad.utf8)) }
    }
}
