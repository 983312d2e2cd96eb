import AsyncHTTPClient
import Foundation
import Logging
import StepFunctionsAPI
import Testing

@testable import StepFunctionsClient

/// The IAM client's AWS Query requests and XML answers, against a scripted server on loopback.
@Suite("IAM over the AWS Query protocol, against a scripted server")
struct IAMClientTests {
    static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// A client whose Step Functions and IAM endpoints are both `url`; sleeping takes no time.
    static func makeClient(_ url: String, role: ExecutionRoleSource? = nil) -> StepFunctionsClient {
        var configuration = StepFunctionsClientConfiguration(
            endpoint: url, region: "eu-west-1", credentials: StaticCredentialProvider(credentials),
            executionRole: role ?? .ensure(iamEndpoint: url, signingRegion: "us-east-1"))
        configuration.rolePropagationTimeout = .seconds(30)
        return StepFunctionsClient(
            configuration: configuration, httpClient: .shared, logger: .init(label: "test"), sleep: { _ in }, jitter: { 0 })
    }

    static func roleXML(_ name: String, action: String = "GetRole") -> String {
        let trust = ExecutionRolePolicy.trustPolicy.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return """
            <\(action)Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <\(action)Result>
                <Role>
                  <Path>/</Path>
                  <AssumeRolePolicyDocument>\(trust)</AssumeRolePolicyDocument>
                  <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
                  <RoleName>\(name)</RoleName>
                  <Arn>arn:aws:iam::123456789012:role/\(name)</Arn>
                  <CreateDate>2026-11-25T18:00:00Z</CreateDate>
                </Role>
              </\(action)Result>
              <ResponseMetadata><RequestId>df37e965-9967-11e1-a4c3-270EXAMPLE04</RequestId></ResponseMetadata>
            </\(action)Response>
            """
    }

    static func errorXML(_ code: String, _ message: String) -> String {
        """
        <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>
          <RequestId>4a6e2e68-EXAMPLE</RequestId>
        </ErrorResponse>
        """
    }

    static let emptyOK = #"<PutRolePolicyResponse><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></PutRolePolicyResponse>"#

    /// The form fields of a request body.
    static func fields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    @Test("GetRole: a form-encoded POST signed for iam in us-east-1; the Role element and its decoded trust policy")
    func getRole() async throws {
        let server = ScriptedServer(["/": [.init(status: 200, body: Self.roleXML("R1"), headers: ["Content-Type": "text/xml"])]])
        try await server.run { url in
            let role = try await Self.makeClient(url).iamClient().getRole(name: "R1")
            #expect(role.arn == "arn:aws:iam::123456789012:role/R1")
            #expect(role.roleId == "AROADBQP57FF2AEXAMPLE")
            #expect(role.path == "/")
            #expect(role.assumeRolePolicyDocument == ExecutionRolePolicy.trustPolicy)
        }
        let request = try #require(server.received.first)
        #expect(request.method == "POST")
        #expect(request.path == "/")
        #expect(request.body == "Action=GetRole&Version=2010-05-08&RoleName=R1")
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded; charset=utf-8")
        let authorization = try #require(request.headers["authorization"])
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
        #expect(authorization.contains("/us-east-1/iam/aws4_request"))
        #expect(request.headers["x-amz-date"] != nil)
    }

    @Test("a form body escapes everything but RFC 3986's unreserved characters")
    func formEncoding() {
        let body = IAMClient.formBody(action: "PutRolePolicy", parameters: ["PolicyDocument": #"{"a": "b/c+d=e&f~g"}"#, "RoleName": "r"])
        #expect(body == "Action=PutRolePolicy&Version=2010-05-08&PolicyDocument=%7B%22a%22%3A%20%22b%2Fc%2Bd%3De%26f~g%22%7D&RoleName=r")
    }

    @Test(
        "XML errors become typed IAMError codes with the service's message",
        arguments: [
            ("NoSuchEntity", 404, IAMError.Code.noSuchEntity), ("EntityAlreadyExists", 409, .entityAlreadyExists),
            ("MalformedPolicyDocument", 400, .malformedPolicyDocument), ("AccessDenied", 403, .accessDenied),
        ])
    func typedErrors(code: String, status: Int, expected: IAMError.Code) async throws {
        let server = ScriptedServer(["/": [.init(status: status, body: Self.errorXML(code, "The role with name X cannot be found."))]])
        try await server.run { url in
            let error = await #expect(throws: IAMError.self) { try await Self.makeClient(url).iamClient().getRole(name: "X") }
            #expect(error?.code == expected)
            #expect(error?.httpStatus == status)
            #expect(error?.message == "The role with name X cannot be found.")
            #expect(error.map { "\($0)".contains(Self.credentials.secretAccessKey) } == false)
        }
        #expect(server.received.count == 1)  // not retried
    }

    @Test("Throttling and ServiceFailure are retried; a body that is not XML is named by the status")
    func retries() async throws {
        let server = ScriptedServer([
            "/": [
                .init(status: 400, body: Self.errorXML("Throttling", "Rate exceeded")),
                .init(status: 500, body: Self.errorXML("ServiceFailure", "oops")),
                .init(status: 200, body: Self.roleXML("R")),
            ]
        ])
        try await server.run { url in
            let role = try await Self.makeClient(url).iamClient().getRole(name: "R")
            #expect(role.roleName == "R")
        }
        #expect(server.received.count == 3)
        #expect(IAMClient.serviceError(status: 503, body: Array("<html>".utf8)).code == .serviceFailure)
    }

    @Test("ensureExecutionRole creates a missing role trusted by states.amazonaws.com and puts the derived policy")
    func ensureCreates() async throws {
        let name = "StepwiseExecutionRole-orders"
        let server = ScriptedServer([
            "/": [
                .init(status: 404, body: Self.errorXML("NoSuchEntity", "The role with name \(name) cannot be found.")),
                .init(status: 200, body: Self.roleXML(name, action: "CreateRole")),
                .init(status: 200, body: Self.emptyOK),
            ]
        ])
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:eu-west-1:123456789012:function:bake","End":true}}}"#
        try await server.run { url in
            let arn = try await Self.makeClient(url).ensureExecutionRole(stateMachineName: "orders", definition: definition)
            #expect(arn == "arn:aws:iam::123456789012:role/\(name)")
        }
        let requests = server.received.map { Self.fields($0.body) }
        #expect(requests.map { $0["Action"] } == ["GetRole", "CreateRole", "PutRolePolicy"])
        #expect(requests[1]["RoleName"] == name)
        #expect(requests[1]["AssumeRolePolicyDocument"] == ExecutionRolePolicy.trustPolicy)
        #expect(requests[2]["PolicyName"] == "StepwiseExecutionPolicy")
        let policy = try #require(requests[2]["PolicyDocument"])
        #expect(policy.contains(#""Action":["lambda:InvokeFunction"]"#))
        #expect(policy.contains(#""arn:aws:lambda:eu-west-1:123456789012:function:bake:*""#))
    }

    @Test("ensureExecutionRole: a concurrent creator's EntityAlreadyExists is answered with its role")
    func ensureRace() async throws {
        let name = "StepwiseExecutionRole-race"
        let server = ScriptedServer([
            "/": [
                .init(status: 404, body: Self.errorXML("NoSuchEntity", "not found")),
                .init(status: 409, body: Self.errorXML("EntityAlreadyExists", "Role with name \(name) already exists.")),
                .init(status: 200, body: Self.roleXML(name)),
                .init(status: 404, body: Self.errorXML("NoSuchEntity", "The role policy with name StepwiseExecutionPolicy cannot be found.")),
            ]
        ])
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#
        try await server.run { url in
            let arn = try await Self.makeClient(url).ensureExecutionRole(stateMachineName: "race", definition: definition)
            #expect(arn.hasSuffix(":role/\(name)"))
        }
        // A definition that needs no permission deletes the inline policy (its absence is fine).
        #expect(server.received.map { Self.fields($0.body)["Action"] } == ["GetRole", "CreateRole", "GetRole", "DeleteRolePolicy"])
    }

    @Test("a fixed role or the placeholder role: no IAM call at all")
    func noIAM() async throws {
        let server = ScriptedServer([:])
        try await server.run { url in
            let fixed = Self.makeClient(url, role: .fixed("arn:aws:iam::111122223333:role/Mine"))
            let fixedArn = try await fixed.ensureExecutionRole(stateMachineName: "m", definition: "{}")
            #expect(fixedArn == "arn:aws:iam::111122223333:role/Mine")
            let placeholder = Self.makeClient(url, role: .placeholder)
            let placeholderArn = try await placeholder.ensureExecutionRole(stateMachineName: "m", definition: "{}")
            #expect(placeholderArn == ExecutionRoleSource.placeholderRoleArn)
        }
        #expect(server.received.isEmpty)
    }

    @Test("CreateStateMachine right after the role was ensured retries while Step Functions cannot assume it yet")
    func rolePropagation() async throws {
        let name = "StepwiseExecutionRole-fresh"
        let denied = #"{"__type":"AccessDeniedException","message":"Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role."}"#
        let server = ScriptedServer([
            "/": [
                .init(status: 200, body: Self.roleXML(name)),
                .init(status: 404, body: Self.errorXML("NoSuchEntity", "no policy")),
                .init(status: 400, body: denied),
                .init(status: 400, body: denied),
                .init(status: 200, body: #"{"stateMachineArn":"arn:aws:states:eu-west-1:123456789012:stateMachine:fresh","creationDate":1.0}"#),
            ]
        ])
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#
        try await server.run { url in
            let client = Self.makeClient(url)
            let role = try await client.ensureExecutionRole(stateMachineName: "fresh", definition: definition)
            let created = try await client.createStateMachine(.init(name: "fresh", definition: definition, roleArn: role))
            #expect(created.stateMachineArn.hasSuffix(":stateMachine:fresh"))
        }
        #expect(server.received.count == 5)
    }

    @Test("a role the client did not ensure is not waited for: AccessDeniedException at once")
    func foreignRoleNotRetried() async throws {
        let denied = #"{"__type":"AccessDeniedException","message":"is not authorized to assume the provided role"}"#
        let server = ScriptedServer(["/": [.init(status: 400, body: denied)]])
        try await server.run { url in
            let client = Self.makeClient(url)
            await #expect(throws: StepFunctionsError.self) {
                try await client.createStateMachine(
                    .init(name: "m", definition: "{}", roleArn: "arn:aws:iam::123456789012:role/Other"))
            }
        }
        #expect(server.received.count == 1)
    }

    @Test(
        "which CreateStateMachine errors mean that a new role has not reached Step Functions yet",
        arguments: [
            (StepFunctionsError.Code.accessDeniedException, "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.", true),
            (.accessDeniedException, "Step Functions is not authorized to assume the provided role", true),
            (.invalidArn, "Invalid Role Arn: arn:aws:iam::123456789012:role/StepwiseExecutionRole-x", true),
            (.accessDeniedException, "User is not authorized to perform: states:CreateStateMachine", false),
            (.invalidDefinition, "Invalid State Machine Definition: role", false),
        ])
    func roleNotYetAssumable(code: StepFunctionsError.Code, message: String, expected: Bool) {
        #expect(StepFunctionsClient.isRoleNotYetAssumable(StepFunctionsError(code, message)) == expected)
    }

    @Test("refreshExecutionRolePolicy replaces the policy of a role Stepwise manages, and leaves other roles alone")
    func refresh() async throws {
        let server = ScriptedServer(["/": [.init(status: 200, body: Self.emptyOK)]])
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:eu-west-1:123456789012:function:f","End":true}}}"#
        try await server.run { url in
            let client = Self.makeClient(url)
            let managed = try await client.refreshExecutionRolePolicy(
                roleArn: "arn:aws:iam::123456789012:role/StepwiseExecutionRole-orders", definition: definition)
            #expect(managed)
            let foreign = try await client.refreshExecutionRolePolicy(roleArn: "arn:aws:iam::123456789012:role/Mine", definition: definition)
            #expect(!foreign)
            let local = try await Self.makeClient(url, role: .placeholder).refreshExecutionRolePolicy(
                roleArn: "arn:aws:iam::123456789012:role/StepwiseExecutionRole-orders", definition: definition)
            #expect(!local)
        }
        let fields = server.received.map { Self.fields($0.body) }
        #expect(fields.map { $0["Action"] } == ["PutRolePolicy"])
        #expect(fields.first?["RoleName"] == "StepwiseExecutionRole-orders")
        #expect(fields.first?["PolicyDocument"]?.contains("function:f:*") == true)
    }
}
