import Foundation
import StatesLanguage
import StepFunctionsAPI
import TestChildProcess
import Testing

@testable import StepFunctionsClient

/// Lambda's REST API requests against moto (an implementation this project did not write; it creates and lists
/// functions without Docker): create with a zip, get, update code and configuration, reserved concurrency, a
/// permission, list and delete.
@Suite("Lambda API against moto", .enabled(if: motoEndpoint != nil), .serialized)
struct LambdaMotoTests {
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

    /// A role Lambda may assume (moto checks that the function's role exists).
    func lambdaRole() async throws -> String {
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        return try await client.iamClient().createRole(name: "lambda-\(suffix)", assumeRolePolicyDocument: trust).arn
    }

    static func bootstrapZip(_ script: String) -> [UInt8] {
        LambdaPackage.zip([(name: "bootstrap", mode: 0o755, contents: Array(script.utf8))])
    }

    @Test("CreateFunction, GetFunction, UpdateFunctionCode, UpdateFunctionConfiguration, PutFunctionConcurrency, AddPermission, ListFunctions, DeleteFunction")
    func functionLifecycle() async throws {
        let lambda = client.lambdaClient()
        #expect(lambda.endpoint == motoEndpoint)
        let role = try await lambdaRole()
        let name = "double-\(suffix)"
        let zip = Self.bootstrapZip("#!/bin/sh\necho one\n")
        let request = LambdaFunctionRequest(functionName: name, roleArn: role, handler: "Double", timeoutSeconds: 5, memorySize: 256)
        let created = try await lambda.createFunction(request, zipFile: zip)
        #expect(created.functionArn.hasSuffix(":function:\(name)"))
        #expect(created.runtime == "provided.al2023")
        #expect(created.handler == "Double")
        #expect(created.timeout == 5)
        #expect(created.memorySize == 256)
        #expect(created.codeSha256 == LambdaPackage.sha256Base64(zip))

        do {
            _ = try await lambda.createFunction(request, zipFile: zip)
            Issue.record("expected ResourceConflictException")
        } catch LambdaError.Code.resourceConflict {}

        let newZip = Self.bootstrapZip("#!/bin/sh\necho two\n")
        let updated = try await lambda.updateFunctionCode(name: name, zipFile: newZip)
        #expect(updated.codeSha256 == LambdaPackage.sha256Base64(newZip))
        var changed = request
        changed.timeoutSeconds = 30
        changed.memorySize = 512
        let configured = try await lambda.updateFunctionConfiguration(changed)
        #expect(configured.timeout == 30)
        #expect(configured.memorySize == 512)

        try await lambda.putFunctionConcurrency(name: name, reserved: 3)
        let fetched = try await lambda.getFunction(name: name)
        #expect(fetched.reservedConcurrency == 3)
        #expect(fetched.configuration.functionName == name)

        try await lambda.addPermission(
            name: name, statementId: "stepwise", principal: "states.amazonaws.com",
            sourceArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m")

        #expect(try await lambda.listFunctions().contains { $0.functionName == name })
        try await lambda.deleteFunction(name: name)
        do {
            _ = try await lambda.getFunction(name: name)
            Issue.record("expected ResourceNotFoundException")
        } catch LambdaError.Code.resourceNotFound {}
    }

    @Test("ensureFunction creates the function once, then updates code, configuration and reserved concurrency in place")
    func ensureFunction() async throws {
        let lambda = client.lambdaClient()
        let role = try await lambdaRole()
        let name = "ensure-\(suffix)"
        let request = LambdaFunctionRequest(functionName: name, roleArn: role, handler: "MakeDough", timeoutSeconds: 10)
        let arn = try await lambda.ensureFunction(request, zipFile: Self.bootstrapZip("#!/bin/sh\n"), reservedConcurrency: 2)
        var bigger = request
        bigger.memorySize = 1024
        let again = try await lambda.ensureFunction(bigger, zipFile: Self.bootstrapZip("#!/bin/sh\nexit 0\n"), reservedConcurrency: 4)
        #expect(again == arn)
        let fetched = try await lambda.getFunction(name: name)
        #expect(fetched.configuration.memorySize == 1024)
        #expect(fetched.reservedConcurrency == 4)
        #expect(fetched.configuration.codeSha256 == LambdaPackage.sha256Base64(Self.bootstrapZip("#!/bin/sh\nexit 0\n")))
        try await lambda.deleteFunction(name: name)
    }
}

extension LambdaMotoTests {
    @Test("ensureFunctionRole creates a role Lambda may assume, with the logs policy, and keeps it on the next call")
    func functionRole() async throws {
        let lambda = client.lambdaClient()
        let name = "StepwiseLambdaRole-\(suffix)"
        let first = try await lambda.ensureFunctionRole(name: name)
        let second = try await lambda.ensureFunctionRole(name: name)
        #expect(first == second)
        let role = try await client.iamClient().getRole(name: name)
        #expect(role.assumeRolePolicyDocument?.contains("lambda.amazonaws.com") == true)
        let policy = try await client.iamClient().getRolePolicy(roleName: name, policyName: "StepwiseLambdaLogs")
        #expect(policy.contains("logs:PutLogEvents"))
        // The role serves a function: CreateFunction accepts it.
        let function = LambdaFunctionRequest(functionName: "with-role-\(suffix)", roleArn: first, handler: "H")
        let arn = try await lambda.ensureFunction(function, zipFile: Self.bootstrapZip("#!/bin/sh\n"), reservedConcurrency: nil)
        #expect(arn.hasSuffix(":function:with-role-\(suffix)"))
        try await lambda.deleteFunction(name: function.functionName)
    }
}

/// The zip a `bootstrap` is packaged in: checked with Python's zipfile when it is there (an independent reader).
@Suite("Lambda packaging")
struct LambdaPackageTests {
    @Test("a stored zip with an executable bootstrap; CRC-32 and SHA-256 known answers")
    func zip() async throws {
        #expect(LambdaPackage.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(LambdaPackage.sha256Base64([]) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        let zip = LambdaPackage.zip([(name: "bootstrap", mode: 0o755, contents: Array("#!/bin/sh\necho hi\n".utf8))])
        #expect(Array(zip.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-zip-\(UUID().uuidString).zip")
        try Data(zip).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        // No Python here: the known answers above still ran.
        guard let python = try? await ChildProcess.run(
            "python3",
            arguments: [
                "-c",
                "import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);i=z.getinfo('bootstrap');assert z.testzip() is None;"
                    + "print(oct(i.external_attr>>16), z.read('bootstrap').decode(), end='')",
                url.path,
            ]), python.status != 127
        else { return }
        let text = python.output
        #expect(python.status == 0, "\(python.error)")
        #expect(text == "0o100755 #!/bin/sh\necho hi\n")
    }
}
