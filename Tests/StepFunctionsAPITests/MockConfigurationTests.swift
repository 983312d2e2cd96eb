import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import Testing

@Suite("Step Functions Local mock configuration files")
struct MockConfigurationTests {
    /// The example of AWS's "Configuration file for mocked service integrations" page, as written there.
    static let awsExample = """
        {
          "StateMachines": {
            "LambdaSQSIntegration": {
              "TestCases": {
                "HappyPath": { "LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess" },
                "RetryPath": { "LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess" },
                "HybridPath": { "LambdaState": "MockedLambdaSuccess" }
              }
            }
          },
          "MockedResponses": {
            "MockedLambdaSuccess": {
              "0": { "Return": { "StatusCode": 200, "Payload": { "StatusCode": 200, "body": "Hello from Lambda!" } } }
            },
            "LambdaMockedResourceNotReady": {
              "0": { "Throw": { "Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready." } }
            },
            "MockedSQSSuccess": {
              "0": { "Return": { "MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51" } }
            },
            "MockedLambdaRetry": {
              "0": { "Throw": { "Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready." } },
              "1-2": { "Throw": { "Error": "Lambda.TimeoutException", "Cause": "Lambda timed out." } },
              "3": { "Return": { "StatusCode": 200, "Payload": { "StatusCode": 200, "body": "Hello from Lambda!" } } }
            }
          }
        }
        """

    @Test("AWS's example parses, and the retry path answers each invocation from its key")
    func awsExampleRetryPath() throws {
        let configuration = try MockConfiguration(parsing: Data(Self.awsExample.utf8))
        let outcomes = try (0...3).map { invocation in
            try configuration.outcome(
                stateMachine: "LambdaSQSIntegration", testCase: "RetryPath", state: "LambdaState", invocation: invocation)
        }
        #expect(outcomes[0] == .fails(error: "Lambda.ResourceNotReadyException", cause: "Lambda resource is not ready."))
        #expect(outcomes[1] == .fails(error: "Lambda.TimeoutException", cause: "Lambda timed out."))
        #expect(outcomes[2] == outcomes[1])
        let payload = try JSONValue(parsing: #"{"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}"#)
        #expect(outcomes[3] == .returns(payload))
    }

    @Test("A state the test case does not mock calls its resource; the hybrid path mocks one state of two")
    func unmockedStates() throws {
        let configuration = try MockConfiguration(parsing: Data(Self.awsExample.utf8))
        #expect(try configuration.outcome(
            stateMachine: "LambdaSQSIntegration", testCase: "HybridPath", state: "SQSState", invocation: 0) == nil)
        #expect(try configuration.outcome(
            stateMachine: "LambdaSQSIntegration", testCase: "HybridPath", state: "LambdaState", invocation: 0) != nil)
        #expect(configuration.testCase(stateMachine: "LambdaSQSIntegration", named: "NoSuchCase") == nil)
        #expect(configuration.testCase(stateMachine: "Other", named: "HappyPath") == nil)
    }

    @Test("An invocation past the last key is an error that names the response, the state and the invocation")
    func pastTheLastKey() throws {
        let configuration = try MockConfiguration(parsing: Data(Self.awsExample.utf8))
        #expect {
            try configuration.outcome(
                stateMachine: "LambdaSQSIntegration", testCase: "HappyPath", state: "LambdaState", invocation: 1)
        } throws: { error in
            "\(error)".contains("'MockedLambdaSuccess'") && "\(error)".contains("invocation 1")
                && "\(error)".contains("'LambdaState'")
        }
    }

    /// The seed's inference step: SageMaker Runtime's InvokeEndpoint through the AWS SDK integration, mocked locally.
    @Test("The seed's SageMaker inference step, mocked through the AWS SDK integration")
    func sageMakerInference() throws {
        let file = """
            {"StateMachines": {"classify-feedback": {"TestCases": {"Positive": {"Classify": "ZeroShotPositive"}}}},
             "MockedResponses": {"ZeroShotPositive": {"0": {"Return": {
               "Body": "{\\"labels\\":[\\"positive\\",\\"negative\\"],\\"scores\\":[0.93,0.07]}",
               "ContentType": "application/json", "InvokedProductionVariant": "AllTraffic"}}}}}
            """
        let configuration = try MockConfiguration(parsing: Data(file.utf8))
        let outcome = try configuration.outcome(
            stateMachine: "classify-feedback", testCase: "Positive", state: "Classify", invocation: 0)
        guard case .returns(let value) = outcome else {
            Issue.record("expected a returned value, got \(String(describing: outcome))")
            return
        }
        #expect(value.objectValue?["ContentType"] == .string("application/json"))
    }

    @Test("The test case follows the last # of the state machine ARN")
    func splitTestCase() {
        let arn = "arn:aws:states:us-east-1:123456789012:stateMachine:LambdaSQSIntegration"
        #expect(MockConfiguration.splitTestCase(arn + "#HappyPath") == (arn, "HappyPath"))
        #expect(MockConfiguration.splitTestCase(arn) == (arn, nil))
        #expect(MockConfiguration.splitTestCase(arn + "#") == (arn, nil))
    }

    @Test(
        "Invalid files are refused with a message naming the place",
        arguments: [
            ("[]", "top level must be an object"),
            (#"{"StateMachines": {}, "Extra": 1}"#, "unknown top-level field 'Extra'"),
            (#"{"MockedResponses": {"R": {"x": {"Return": 1}}}}"#, "MockedResponses.R.x: a key must be"),
            (#"{"MockedResponses": {"R": {"2-1": {"Return": 1}}}}"#, "MockedResponses.R.2-1: a key must be"),
            (#"{"MockedResponses": {"R": {"-1": {"Return": 1}}}}"#, "MockedResponses.R.-1: a key must be"),
            (#"{"MockedResponses": {"R": {"0-2": {"Return": 1}, "2": {"Return": 2}}}}"#, "overlaps invocations 0-2"),
            (#"{"MockedResponses": {"R": {"0": {"Return": 1, "Throw": {"Error": "E"}}}}}"#, "exactly one of Return and Throw"),
            (#"{"MockedResponses": {"R": {"0": {}}}}"#, "exactly one of Return and Throw"),
            (#"{"MockedResponses": {"R": {"0": {"Throw": {"Cause": "c"}}}}}"#, "string Error"),
            (#"{"MockedResponses": {"R": {}}}"#, "non-empty object"),
            (#"{"StateMachines": {"M": {"TestCases": {"T": {"S": "Missing"}}}}}"#, "which MockedResponses does not define"),
            (#"{"StateMachines": {"M": {}}}"#, "TestCases object"),
            ("{", "not JSON"),
        ])
    func invalidFiles(text: String, message: String) {
        #expect {
            try MockConfiguration(parsing: Data(text.utf8))
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("A missing file or a directory is named with the reason")
    func unreadableFiles() {
        #expect {
            try MockConfiguration(contentsOfFile: "/nonexistent/mock.json")
        } throws: { "\($0)" == "Cannot read the mock configuration /nonexistent/mock.json: no such file." }
        #expect {
            try MockConfiguration(contentsOfFile: NSTemporaryDirectory())
        } throws: { "\($0)".contains("it is a directory") }
    }
}
