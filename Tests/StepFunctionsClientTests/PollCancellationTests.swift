import Foundation
import StepFunctionsAPI
import StepFunctionsClient
import Testing

/// Against `stepwise serve`, a cancelled long poll ends at once: the server says closing a poll loses no task.
@Suite("Long poll cancellation against stepwise serve")
struct PollCancellationTests {
    @Test("the server says polls may be cancelled, and a cancelled GetActivityTask returns promptly")
    func cancelledPollEndsPromptly() async throws {
        try await withEngineServer(pollTimeout: .seconds(120)) { url in
            let client = StepFunctionsClient(configuration: .init(endpoint: url, region: "us-east-1", credentials: StaticCredentialProvider(.init(accessKeyId: "test", secretAccessKey: "test"))))
            #expect(client.activityPollCancellationIsSafe == false)
            let arn = try await client.createActivity(CreateActivityInput(name: "idle")).activityArn
            #expect(client.activityPollCancellationIsSafe)
            let began = ContinuousClock.now
            let poll = Task { try await client.getActivityTask(GetActivityTaskInput(activityArn: arn)) }
            try await Task.sleep(for: .milliseconds(200))
            poll.cancel()
            _ = await poll.result
            // Well before the two-minute poll would end by itself (with room for a loaded machine).
            #expect(ContinuousClock.now - began < .seconds(60))
        }
    }
}
