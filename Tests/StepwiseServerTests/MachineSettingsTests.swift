import Foundation
import StepFunctionsAPI
@testable import StepwiseEngine
import Testing


/// Logging, tracing and encryption settings: stored, validated and returned as AWS's API reference describes them.
@Suite("EngineBackend: loggingConfiguration, tracingConfiguration and encryptionConfiguration")
struct MachineSettingsTests {
    static let definition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#
    static let other = #"{"StartAt":"Q","States":{"Q":{"Type":"Pass","End":true}}}"#
    static let role = "arn:aws:iam::123456789012:role/R"
    static let logGroup = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/M:*"

    private func withBackend(_ body: (StepwiseEngine) async throws -> Void) async throws {
        let engine = try StepwiseEngine(location: .inMemory, activityPollTimeout: .milliseconds(200))
        engine.start()
        try await body(engine)
        await engine.shutdown()
    }

    static func logging(_ level: LogLevel?, data: Bool? = nil, groups: [String]) -> LoggingConfiguration {
        LoggingConfiguration(
            level: level, includeExecutionData: data,
            destinations: groups.map { LogDestination(cloudWatchLogsLogGroup: CloudWatchLogsLogGroup(logGroupArn: $0)) })
    }

    @Test("a machine created without settings reports AWS's defaults: logging OFF without data, tracing off, AWS owned key")
    func defaults() async throws {
        try await withBackend { backend in
            let machine = try await backend.createStateMachine(.init(name: "Plain", definition: Self.definition, roleArn: Self.role))
            let described = try await backend.describeStateMachine(.init(stateMachineArn: machine.stateMachineArn))
            #expect(described.loggingConfiguration == LoggingConfiguration(level: .off, includeExecutionData: false))
            #expect(described.tracingConfiguration == TracingConfiguration(enabled: false))
            #expect(described.encryptionConfiguration == EncryptionConfiguration(type: .awsOwnedKey))
        }
    }

    @Test("settings given at creation are stored and returned by DescribeStateMachine and DescribeStateMachineForExecution")
    func storedAtCreation() async throws {
        try await withBackend { backend in
            let logging = Self.logging(.error, data: true, groups: [Self.logGroup])
            let encryption = EncryptionConfiguration(
                kmsKeyId: "alias/flows", kmsDataKeyReusePeriodSeconds: 120, type: .customerManagedKmsKey)
            let machine = try await backend.createStateMachine(
                .init(
                    name: "Logged", definition: Self.definition, roleArn: Self.role, loggingConfiguration: logging,
                    tracingConfiguration: TracingConfiguration(enabled: true), encryptionConfiguration: encryption))
            let described = try await backend.describeStateMachine(.init(stateMachineArn: machine.stateMachineArn))
            #expect(described.loggingConfiguration == logging)
            #expect(described.tracingConfiguration == TracingConfiguration(enabled: true))
            #expect(described.encryptionConfiguration == encryption)
            let started = try await backend.startExecution(.init(stateMachineArn: machine.stateMachineArn))
            let forExecution = try await backend.describeStateMachineForExecution(.init(executionArn: started.executionArn))
            #expect(forExecution.loggingConfiguration == logging)
            #expect(forExecution.tracingConfiguration == TracingConfiguration(enabled: true))
            #expect(forExecution.encryptionConfiguration == encryption)
        }
    }

    @Test("UpdateStateMachine replaces only the settings it is given; executions keep the revision they started on")
    func updated() async throws {
        try await withBackend { backend in
            let machine = try await backend.createStateMachine(.init(name: "Later", definition: Self.definition, roleArn: Self.role))
            let before = try await backend.startExecution(.init(stateMachineArn: machine.stateMachineArn))
            _ = try await backend.updateStateMachine(
                .init(stateMachineArn: machine.stateMachineArn, loggingConfiguration: Self.logging(.all, groups: [Self.logGroup])))
            _ = try await backend.updateStateMachine(
                .init(stateMachineArn: machine.stateMachineArn, tracingConfiguration: TracingConfiguration(enabled: true)))
            let described = try await backend.describeStateMachine(.init(stateMachineArn: machine.stateMachineArn))
            #expect(described.loggingConfiguration == Self.logging(.all, data: false, groups: [Self.logGroup]))
            #expect(described.tracingConfiguration == TracingConfiguration(enabled: true))
            #expect(described.revisionId != nil)
            let old = try await backend.describeStateMachineForExecution(.init(executionArn: before.executionArn))
            #expect(old.loggingConfiguration == LoggingConfiguration(level: .off, includeExecutionData: false))
            #expect(old.tracingConfiguration == TracingConfiguration(enabled: false))
            #expect(old.revisionId == nil)
            let after = try await backend.startExecution(.init(stateMachineArn: machine.stateMachineArn))
            let new = try await backend.describeStateMachineForExecution(.init(executionArn: after.executionArn))
            #expect(new.tracingConfiguration == TracingConfiguration(enabled: true))
            #expect(new.revisionId == described.revisionId)
            #expect(new.updateDate >= old.updateDate)
            _ = try await backend.updateStateMachine(
                .init(stateMachineArn: machine.stateMachineArn, loggingConfiguration: LoggingConfiguration(level: .off)))
            let off = try await backend.describeStateMachine(.init(stateMachineArn: machine.stateMachineArn))
            #expect(off.loggingConfiguration == LoggingConfiguration(level: .off, includeExecutionData: false))
        }
    }

    @Test(
        "invalid settings get AWS's errors",
        arguments: [
            (MachineSettingsTests.logging(.all, groups: []), nil, nil, "InvalidLoggingConfiguration"),
            (MachineSettingsTests.logging(.error, groups: [MachineSettingsTests.logGroup, MachineSettingsTests.logGroup]), nil, nil, "InvalidLoggingConfiguration"),
            (MachineSettingsTests.logging(.fatal, groups: ["arn:aws:logs:us-east-1:123456789012:log-group:flows"]), nil, nil, "InvalidLoggingConfiguration"),
            (MachineSettingsTests.logging(.all, groups: ["not-an-arn:*"]), nil, nil, "InvalidLoggingConfiguration"),
            (LoggingConfiguration(level: .all, destinations: [LogDestination()]), nil, nil, "InvalidLoggingConfiguration"),
            (nil, nil, EncryptionConfiguration(type: .customerManagedKmsKey), "InvalidEncryptionConfiguration"),
            (nil, nil, EncryptionConfiguration(kmsKeyId: "alias/k", type: .awsOwnedKey), "InvalidEncryptionConfiguration"),
        ] as [(LoggingConfiguration?, TracingConfiguration?, EncryptionConfiguration?, String)])
    func invalid(logging: LoggingConfiguration?, tracing: TracingConfiguration?, encryption: EncryptionConfiguration?, code: String)
        async throws
    {
        try await withBackend { backend in
            do {
                _ = try await backend.createStateMachine(
                    .init(
                        name: "Bad", definition: Self.definition, roleArn: Self.role, loggingConfiguration: logging,
                        tracingConfiguration: tracing, encryptionConfiguration: encryption))
                Issue.record("CreateStateMachine accepted invalid settings")
            } catch let error as StepFunctionsError {
                #expect(error.code.rawValue == code)
            }
            let machine = try await backend.createStateMachine(.init(name: "Good", definition: Self.definition, roleArn: Self.role))
            do {
                _ = try await backend.updateStateMachine(
                    .init(
                        stateMachineArn: machine.stateMachineArn, loggingConfiguration: logging, tracingConfiguration: tracing,
                        encryptionConfiguration: encryption))
                Issue.record("UpdateStateMachine accepted invalid settings")
            } catch let error as StepFunctionsError {
                #expect(error.code.rawValue == code)
            }
        }
    }

    @Test("level ALL without destination: 'Invalid Logging Configuration: Must specify exactly one Log Destination.'")
    func missingDestinationMessage() async throws {
        try await withBackend { backend in
            await #expect(
                throws: StepFunctionsError(.invalidLoggingConfiguration, "Invalid Logging Configuration: Must specify exactly one Log Destination.")
            ) {
                _ = try await backend.createStateMachine(
                    .init(name: "NoLogs", definition: Self.definition, roleArn: Self.role, loggingConfiguration: LoggingConfiguration(level: .all)))
            }
        }
    }

    @Test("CreateStateMachine is idempotent on name, definition, type and settings; a different role is ignored")
    func idempotency() async throws {
        try await withBackend { backend in
            let logging = Self.logging(.all, groups: [Self.logGroup])
            let created = try await backend.createStateMachine(
                .init(name: "Same", definition: Self.definition, roleArn: Self.role, loggingConfiguration: logging))
            let again = try await backend.createStateMachine(
                .init(
                    name: "Same", definition: Self.definition, roleArn: "arn:aws:iam::123456789012:role/Other",
                    loggingConfiguration: logging, tags: [Tag(key: "ignored", value: "yes")]))
            #expect(again.stateMachineArn == created.stateMachineArn && again.creationDate == created.creationDate)
            let described = try await backend.describeStateMachine(.init(stateMachineArn: created.stateMachineArn))
            #expect(described.roleArn == Self.role)
            let tags = try await backend.listTagsForResource(.init(resourceArn: created.stateMachineArn))
            #expect(tags.tags?.isEmpty ?? true)
            for input in [
                CreateStateMachineInput(name: "Same", definition: Self.definition, roleArn: Self.role),
                CreateStateMachineInput(name: "Same", definition: Self.other, roleArn: Self.role, loggingConfiguration: logging),
                CreateStateMachineInput(
                    name: "Same", definition: Self.definition, roleArn: Self.role, loggingConfiguration: logging,
                    tracingConfiguration: TracingConfiguration(enabled: true)),
            ] {
                await #expect(throws: StepFunctionsError.stateMachineAlreadyExists(created.stateMachineArn)) {
                    _ = try await backend.createStateMachine(input)
                }
            }
        }
    }

    @Test("an activity keeps the encryption it was created with; creating it again changes nothing (AWS: idempotent on the name)")
    func activityEncryption() async throws {
        try await withBackend { backend in
            let plain = try await backend.createActivity(.init(name: "plain"))
            #expect(try await backend.describeActivity(.init(activityArn: plain.activityArn)).encryptionConfiguration
                == EncryptionConfiguration(type: .awsOwnedKey))
            let key = EncryptionConfiguration(kmsKeyId: "alias/tasks", kmsDataKeyReusePeriodSeconds: 300, type: .customerManagedKmsKey)
            let keyed = try await backend.createActivity(.init(name: "keyed", tags: [Tag(key: "a", value: "1")], encryptionConfiguration: key))
            let again = try await backend.createActivity(.init(name: "keyed", tags: [Tag(key: "b", value: "2")]))
            #expect(again.activityArn == keyed.activityArn && again.creationDate == keyed.creationDate)
            #expect(try await backend.describeActivity(.init(activityArn: keyed.activityArn)).encryptionConfiguration == key)
            #expect(try await backend.listTagsForResource(.init(resourceArn: keyed.activityArn)).tags == [Tag(key: "a", value: "1")])
            do {
                _ = try await backend.createActivity(.init(name: "badkey", encryptionConfiguration: EncryptionConfiguration(type: .customerManagedKmsKey)))
                Issue.record("CreateActivity accepted a customer managed key without kmsKeyId")
            } catch let error as StepFunctionsError {
                #expect(error.code == .invalidEncryptionConfiguration)
            }
        }
    }

    @Test("settings survive a restart of the engine on the same database")
    func durable() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let logging = Self.logging(.error, data: true, groups: [Self.logGroup])
        let machineArn: String
        do {
            let engine = try StepwiseEngine(location: .file(path))
            engine.start()
            let backend = engine
            machineArn = try await backend.createStateMachine(
                .init(
                    name: "Kept", definition: Self.definition, roleArn: Self.role, loggingConfiguration: logging,
                    tracingConfiguration: TracingConfiguration(enabled: true))
            ).stateMachineArn
            await engine.shutdown()
        }
        let engine = try StepwiseEngine(location: .file(path))
        engine.start()
        let described = try await engine.describeStateMachine(.init(stateMachineArn: machineArn))
        await engine.shutdown()
        #expect(described.loggingConfiguration == logging)
        #expect(described.tracingConfiguration == TracingConfiguration(enabled: true))
    }
}
