import StepFunctionsAPI
import Foundation
import StepwiseEngine
import StepwiseTesting
import Testing

@Suite("Engine: TagResource, UntagResource, ListTagsForResource")
struct TagTests {
    static let pass = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#

    @Test func tagsOnMachinesAndActivities() async throws {
        try await withTestEngine { engine, _ in
            let machine = try await engine.createStateMachine(
                name: "Tagged", definition: Self.pass, tags: [ResourceTag(key: "team", value: "a")])
            let arn = machine.stateMachineArn
            #expect(try engine.listTagsForResource(resourceArn: arn) == [ResourceTag(key: "team", value: "a")])
            try await engine.tagResource(
                resourceArn: arn, tags: [ResourceTag(key: "env", value: ""), ResourceTag(key: "team", value: "b")])
            #expect(try engine.listTagsForResource(resourceArn: arn) == [
                ResourceTag(key: "team", value: "b"), ResourceTag(key: "env", value: ""),
            ])
            try await engine.untagResource(resourceArn: arn, tagKeys: ["team", "unknown"])
            #expect(try engine.listTagsForResource(resourceArn: arn) == [ResourceTag(key: "env", value: "")])

            let activity = try await engine.createActivity(name: "work", tags: [ResourceTag(key: "k", value: "v")])
            #expect(try engine.listTagsForResource(resourceArn: activity.activityArn) == [ResourceTag(key: "k", value: "v")])

            try await engine.deleteStateMachine(stateMachineArn: arn)
            #expect(await awsError { _ = try engine.listTagsForResource(resourceArn: arn) } == "ResourceNotFound")
            #expect(await awsError { try await engine.tagResource(resourceArn: arn, tags: []) } == "ResourceNotFound")
            #expect(await awsError { try await engine.untagResource(resourceArn: arn, tagKeys: ["a"]) } == "ResourceNotFound")
        }
    }

    @Test func awsLimits() async throws {
        try await withTestEngine { engine, _ in
            let fifty = (1...50).map { ResourceTag(key: "k\($0)", value: "v") }
            let machine = try await engine.createStateMachine(name: "Full", definition: Self.pass, tags: fifty)
            let arn = machine.stateMachineArn
            // Replacing a value keeps the count at 50; a 51st key is refused.
            try await engine.tagResource(resourceArn: arn, tags: [ResourceTag(key: "k1", value: "w")])
            #expect(await awsError {
                try await engine.tagResource(resourceArn: arn, tags: [ResourceTag(key: "k51", value: "v")])
            } == "TooManyTags")
            #expect(try engine.listTagsForResource(resourceArn: arn).count == 50)
            #expect(await awsError {
                try await engine.createActivity(name: "a", tags: fifty + [ResourceTag(key: "x", value: "")])
            } == "TooManyTags")
            #expect(await awsError {
                try await engine.tagResource(resourceArn: arn, tags: [ResourceTag(key: "", value: "v")])
            } == "ValidationException")
            #expect(await awsError {
                try await engine.tagResource(resourceArn: arn, tags: [ResourceTag(key: String(repeating: "k", count: 129), value: "")])
            } == "ValidationException")
            #expect(await awsError {
                try await engine.tagResource(resourceArn: arn, tags: [ResourceTag(key: "k2", value: String(repeating: "v", count: 257))])
            } == "ValidationException")
            try await engine.tagResource(resourceArn: arn, tags: [ResourceTag(key: "k2", value: String(repeating: "v", count: 256))])
        }
    }

    @Test func tagsSurviveARestart() async throws {
        let path = temporaryDatabasePath()
        let arn: String
        do {
            let engine = try StepwiseEngine(location: .file(path))
            engine.start()
            arn = try await engine.createActivity(name: "kept", tags: [ResourceTag(key: "b", value: "2")]).activityArn
            try await engine.tagResource(resourceArn: arn, tags: [ResourceTag(key: "a", value: "1")])
            await engine.shutdown()
        }
        let engine = try StepwiseEngine(location: .file(path))
        #expect(try engine.listTagsForResource(resourceArn: arn) == [
            ResourceTag(key: "b", value: "2"), ResourceTag(key: "a", value: "1"),
        ])
    }
}
