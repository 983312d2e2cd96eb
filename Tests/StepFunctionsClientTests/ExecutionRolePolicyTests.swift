import Foundation
import Testing

@testable import StepFunctionsClient

/// The inline policy derived from definitions, and the derived role names.
@Suite("Execution role policies derived from definitions")
struct ExecutionRolePolicyTests {
    static func task(_ resource: String, parameters: String = "") -> String {
        #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(resource)",\#(parameters)"End":true}}}"#
    }

    static let lambda = "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction"
    static let child = "arn:aws:states:us-east-1:123456789012:stateMachine:HelloWorld"

    @Test(
        "what each kind of Task needs",
        arguments: [
            // A Lambda ARN as the resource (qualified or not): InvokeFunction on the function and its versions/aliases.
            (task(lambda), [["lambda:InvokeFunction"]: [lambda, lambda + ":*"]]),
            (task(lambda + ":prod"), [["lambda:InvokeFunction"]: [lambda, lambda + ":*"]]),
            // The optimized integration with a constant FunctionName, in Parameters (JSONPath) or Arguments (JSONata).
            (
                task("arn:aws:states:::lambda:invoke", parameters: #""Parameters":{"FunctionName":"\#(lambda):1","Payload.$":"$"},"#),
                [["lambda:InvokeFunction"]: [lambda, lambda + ":*"]]
            ),
            (
                task("arn:aws:states:::lambda:invoke.waitForTaskToken", parameters: #""QueryLanguage":"JSONata","Arguments":{"FunctionName":"\#(lambda)"},"#),
                [["lambda:InvokeFunction"]: [lambda, lambda + ":*"]]
            ),
            // A FunctionName chosen at run time cannot be derived.
            (task("arn:aws:states:::lambda:invoke", parameters: #""Parameters":{"FunctionName.$":"$.fn"},"#), [:]),
            // Nested workflows: asynchronous, and .sync:2 with the execution and EventBridge rule permissions AWS documents.
            (
                task("arn:aws:states:::states:startExecution", parameters: #""Parameters":{"StateMachineArn":"\#(child)"},"#),
                [["states:StartExecution"]: [child]]
            ),
            (
                task("arn:aws:states:::states:startExecution.sync:2", parameters: #""Parameters":{"StateMachineArn":"\#(child)"},"#),
                [
                    ["states:StartExecution"]: [child],
                    ["states:DescribeExecution", "states:StopExecution"]: ["arn:aws:states:us-east-1:123456789012:execution:HelloWorld:*"],
                    ["events:DescribeRule", "events:PutRule", "events:PutTargets"]: [
                        "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
                    ],
                ]
            ),
            // Activities need nothing of the role.
            (task("arn:aws:states:us-east-1:123456789012:activity:bake"), [:]),
        ])
    func derivation(definition: String, expected: [[String]: [String]]) throws {
        let policy = try ExecutionRolePolicy(definition: definition)
        var found: [[String]: [String]] = [:]
        for statement in policy.statements { found[statement.actions] = statement.resources }
        #expect(found == expected)
        #expect((policy.document == nil) == expected.isEmpty)
    }

    @Test("Tasks inside Parallel branches and Map item processors count; one statement per action set")
    func nested() throws {
        let other = "arn:aws:lambda:us-east-1:123456789012:function:Other"
        let definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"\(Self.lambda)","End":true}}},
              {"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"B","States":{
                "B":{"Type":"Task","Resource":"\(other)","End":true}}},"End":true}}}
            ],"End":true}}}
            """
        let policy = try ExecutionRolePolicy(definition: definition)
        #expect(policy.statements.count == 1)
        #expect(policy.statements.first?.resources == [Self.lambda, Self.lambda + ":*", other, other + ":*"])
        let document = try #require(policy.document)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        #expect(parsed["Version"] as? String == "2012-10-17")
        let statement = try #require((parsed["Statement"] as? [[String: Any]])?.first)
        #expect(statement["Effect"] as? String == "Allow")
    }

    @Test("a definition that does not parse is an error")
    func badDefinition() {
        #expect(throws: (any Error).self) { try ExecutionRolePolicy(definition: "{not json") }
    }

    @Test("role names: StepwiseExecutionRole-<name>, at most 64 characters, distinct when shortened")
    func roleNames() {
        #expect(ExecutionRolePolicy.roleName(forStateMachine: "orders") == "StepwiseExecutionRole-orders")
        let long1 = String(repeating: "a", count: 80)
        let long2 = String(repeating: "a", count: 79) + "b"
        let name1 = ExecutionRolePolicy.roleName(forStateMachine: long1)
        let name2 = ExecutionRolePolicy.roleName(forStateMachine: long2)
        #expect(name1.count == 64)
        #expect(name2.count == 64)
        #expect(name1 != name2)
        #expect(name1.hasPrefix("StepwiseExecutionRole-aaaa"))
        // Characters IAM does not allow in role names are replaced, and the name keeps a hash of the original.
        let cleaned = ExecutionRolePolicy.roleName(forStateMachine: "café:x")
        #expect(cleaned.hasPrefix("StepwiseExecutionRole-caf--x-"))
        #expect(cleaned.count == "StepwiseExecutionRole-caf--x-".count + 8)
    }

    @Test("execution role source: STEPWISE_ROLE_ARN, an IAM endpoint, AWS, or the placeholder for local endpoints")
    func source() throws {
        func resolve(_ variables: [String: String], endpoint: String? = nil) throws -> ExecutionRoleSource {
            var variables = variables
            variables["AWS_REGION"] = "eu-west-1"
            return try StepFunctionsClientConfiguration.resolve(
                environment: AWSEnvironment(variables: variables, homeDirectory: "/nonexistent"), endpoint: endpoint
            ).executionRole
        }
        #expect(try resolve(["STEPWISE_ROLE_ARN": "arn:aws:iam::1:role/R"]) == .fixed("arn:aws:iam::1:role/R"))
        #expect(try resolve([:]) == .ensure(iamEndpoint: "https://iam.amazonaws.com", signingRegion: "us-east-1"))
        #expect(try resolve([:], endpoint: "http://127.0.0.1:8083") == .placeholder)
        #expect(
            try resolve(["AWS_ENDPOINT_URL": "http://127.0.0.1:5000/"])
                == .ensure(iamEndpoint: "http://127.0.0.1:5000", signingRegion: "us-east-1"))
        #expect(
            try resolve(["AWS_ENDPOINT_URL_IAM": "http://127.0.0.1:5001"], endpoint: "http://127.0.0.1:8083")
                == .ensure(iamEndpoint: "http://127.0.0.1:5001", signingRegion: "us-east-1"))
    }

    @Test(
        "profiles that use AssumeRole, SSO, web identity or credential_process are a clear error, not a fall-through",
        arguments: [
            "role_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base",
            "sso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev",
            "credential_process = /usr/local/bin/get-creds",
            "web_identity_token_file = /var/run/token\nrole_arn = arn:aws:iam::123456789012:role/W",
        ])
    func unsupportedProfiles(settings: String) async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try "[profile dev]\nregion = eu-west-1\n\(settings)\n".write(
            to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        let environment = AWSEnvironment(variables: ["AWS_PROFILE": "dev", "AWS_EC2_METADATA_DISABLED": "true"], homeDirectory: home.path)
        let chain = CredentialChain.default(environment: environment)
        let error = await #expect(throws: CredentialsError.self) { try await chain.credentials() }
        #expect(error?.message.contains("profile 'dev'") == true)
        #expect(error?.message.contains("does not support") == true)
    }

    @Test("a named profile that does not exist is an error")
    func missingProfile() async throws {
        let environment = AWSEnvironment(variables: ["AWS_EC2_METADATA_DISABLED": "true"], homeDirectory: "/nonexistent")
        let chain = CredentialChain.default(environment: environment, profile: "nope")
        let error = await #expect(throws: CredentialsError.self) { try await chain.credentials() }
        #expect(error?.message.contains("'nope' could not be found") == true)
    }
}
