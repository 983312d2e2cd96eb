import Foundation
import StepFunctionsAPI
import Stepwise
import Testing

@testable import StepFunctionsClient

/// The endpoint of a running moto server (`scripts/test.sh` starts one on loopback); these tests run only when set.
let motoEndpoint = ProcessInfo.processInfo.environment["STEPWISE_MOTO_ENDPOINT"]

/// IAM and role-ensuring against moto, an implementation this project did not write (it serves IAM and Step
/// Functions on one endpoint, as `AWS_ENDPOINT_URL` points every service at it).
@Suite("IAM and ensured roles against moto", .enabled(if: motoEndpoint != nil), .serialized)
struct MotoTests {
    let client: StepFunctionsClient
    let suffix = String(UUID().uuidString.prefix(8)).lowercased()

    init() throws {
        let environment = AWSEnvironment(
            variables: [
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": try #require(motoEndpoint),
            ], homeDirectory: "/nonexistent")
        client = try StepFunctionsClient(environment: environment)
    }

    @Test("CreateRole, GetRole, PutRolePolicy, GetRolePolicy, typed errors, DeleteRolePolicy, DeleteRole")
    func roleCalls() async throws {
        #expect(client.configuration.executionRole == .ensure(iamEndpoint: try #require(motoEndpoint), signingRegion: "us-east-1"))
        let iam = client.iamClient()
        let name = "stepwise-test-\(suffix)"
        let created = try await iam.createRole(name: name, assumeRolePolicyDocument: ExecutionRolePolicy.trustPolicy, tags: ["app": "stepwise"])
        #expect(created.arn.hasSuffix(":role/\(name)"))
        let fetched = try await iam.getRole(name: name)
        #expect(fetched.arn == created.arn)
        #expect(fetched.assumeRolePolicyDocument?.contains("states.amazonaws.com") == true)
        do {
            _ = try await iam.createRole(name: name, assumeRolePolicyDocument: ExecutionRolePolicy.trustPolicy)
            Issue.record("expected EntityAlreadyExists")
        } catch IAMError.Code.entityAlreadyExists {}
        let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["*"]}]}"#
        try await iam.putRolePolicy(roleName: name, policyName: "p", policyDocument: document)
        let stored = try await iam.getRolePolicy(roleName: name, policyName: "p")
        #expect(stored.contains("lambda:InvokeFunction"))
        try await iam.deleteRolePolicy(roleName: name, policyName: "p")
        try await iam.deleteRole(name: name)
        do {
            _ = try await iam.getRole(name: name)
            Issue.record("expected NoSuchEntity")
        } catch IAMError.Code.noSuchEntity {}
    }

    @Test("ensureExecutionRole creates the role once, keeps it on the second call, and puts the derived policy")
    func ensureRole() async throws {
        let machine = "roles-\(suffix)"
        let lambda = "arn:aws:lambda:us-east-1:123456789012:function:bake"
        let definition = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(lambda)","End":true}}}"#
        let first = try await client.ensureExecutionRole(stateMachineName: machine, definition: definition)
        let second = try await client.ensureExecutionRole(stateMachineName: machine, definition: definition)
        #expect(first == second)
        #expect(first.hasSuffix(":role/StepwiseExecutionRole-\(machine)"))
        let roleName = ExecutionRolePolicy.roleName(forStateMachine: machine)
        let policy = try await client.iamClient().getRolePolicy(roleName: roleName, policyName: ExecutionRolePolicy.policyName)
        #expect(policy.contains(lambda))
        let trust = try await client.iamClient().getRole(name: roleName).assumeRolePolicyDocument ?? ""
        #expect(trust.contains("states.amazonaws.com"))
    }

    @Test("ensureStateMachine end to end on moto: the role ensured through IAM, then created, unchanged, updated")
    func ensureStateMachine() async throws {
        let name = "machine-\(suffix)"
        let first = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"End":true}}}"#
        let second = #"{"StartAt":"B","States":{"B":{"Type":"Pass","Result":2,"End":true}}}"#
        let created = try await client.ensureStateMachine(name: name, definition: first)
        #expect(created.change == .created)
        let described = try await client.describeStateMachine(.init(stateMachineArn: created.stateMachineArn))
        let role = try await client.iamClient().getRole(name: ExecutionRolePolicy.roleName(forStateMachine: name))
        #expect(described.roleArn == role.arn)
        // moto 5.2 leaves out ListStateMachines' required member `type`; the client reads such an item as STANDARD,
        // as AWS's SDKs tolerate a missing response member, so the lookup by name works against it.
        let unchanged = try await client.ensureStateMachine(name: name, definition: first)
        #expect(unchanged.change == .unchanged)
        let updated = try await client.ensureStateMachine(name: name, definition: second)
        #expect(updated.change == .updated)
        _ = try await client.deleteStateMachine(.init(stateMachineArn: created.stateMachineArn))
    }
}
