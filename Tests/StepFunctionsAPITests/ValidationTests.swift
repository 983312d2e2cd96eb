import OrderedCollections
import StatesLanguage
import Testing

@testable import StepFunctionsAPI

@Suite("Request validation")
struct ValidationTests {
    private func decodeError<S: StepFunctionsRequest>(_ type: S.Type, _ body: String) -> StepFunctionsError? {
        do {
            let shape = try RequestDecoding.decode(type, from: Array(body.utf8))
            try shape.validateRequest()
            return nil
        } catch { return error }
    }

    @Test("missing required members are listed as null")
    func missingMembers() throws {
        let error = try #require(decodeError(CreateStateMachineInput.self, #"{"definition":"{}"}"#))
        #expect(error.code == .validationException)
        #expect(
            error.message
                == "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'roleArn' failed to satisfy constraint: Member must not be null")
        let one = try #require(decodeError(DescribeExecutionInput.self, "{}"))
        #expect(one.message == "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null")
    }

    @Test("member constraints use AWS's wording")
    func constraints() throws {
        // Recorded from AWS: the enumeration is listed in AWS's own order.
        let filter = try #require(
            decodeError(
                ListExecutionsInput.self, #"{"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:M","statusFilter":"succeeded"}"#))
        #expect(
            filter.message
                == "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]"
        )
        let token = String(repeating: "t", count: 1025)
        let longToken = try #require(decodeError(ListStateMachinesInput.self, #"{"nextToken":"\#(token)"}"#))
        #expect(
            longToken.message
                == "1 validation error detected: Value '\(token)' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024"
        )
        let pageSize = try #require(decodeError(ListStateMachinesInput.self, #"{"maxResults":1001}"#))
        #expect(
            pageSize.message
                == "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"
        )
        let type = try #require(
            decodeError(CreateStateMachineInput.self, #"{"name":"a","definition":"{}","roleArn":"arn:aws:iam::123456789012:role/r","type":"FAST"}"#))
        #expect(
            type.message
                == "1 validation error detected: Value 'FAST' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]"
        )
        let longName = String(repeating: "n", count: 81)
        let name = try #require(decodeError(CreateActivityInput.self, #"{"name":"\#(longName)"}"#))
        #expect(
            name.message
                == "1 validation error detected: Value '\(longName)' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80"
        )
        let tag = try #require(decodeError(CreateActivityInput.self, #"{"name":"a","tags":[{"key":"ok"},{"key":""}]}"#))
        #expect(
            tag.message
                == "1 validation error detected: Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
        #expect(decodeError(ListStateMachinesInput.self, #"{"maxResults":0}"#) == nil)
    }

    @Test("an oversized input is rejected without echoing it")
    func oversizedInput() throws {
        let big = "\"" + String(repeating: "x", count: 262_144) + "\""
        let body = JSONValue.object(["stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:M", "input": .string(big)])
        let error = try #require(decodeError(StartExecutionInput.self, body.jsonString()))
        #expect(
            error.message
                == "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144")
    }

    @Test(
        "bodies that are not JSON objects or have wrong types are SerializationException",
        arguments: [
            "not json", "[1]", #"{"maxResults":"ten"}"#, #"{"maxResults":1.5}"#,
        ])
    func serialization(body: String) throws {
        let error = try #require(decodeError(ListStateMachinesInput.self, body))
        #expect(error.code == .serializationException)
    }

    @Test("semantic checks: names, ARNs and payloads")
    func semantic() throws {
        let machine = "arn:aws:states:us-east-1:123456789012:stateMachine:M"
        #expect(
            decodeError(StartExecutionInput.self, #"{"stateMachineArn":"\#(machine)","name":"bad name"}"#)
                == StepFunctionsError(.invalidName, "Invalid Name: 'bad name'"))
        #expect(decodeError(StartExecutionInput.self, #"{"stateMachineArn":"\#(machine)","input":"{oops"}"#)?.code == .invalidExecutionInput)
        #expect(decodeError(StartExecutionInput.self, #"{"stateMachineArn":"nope"}"#)?.code == .invalidArn)
        #expect(
            decodeError(DescribeExecutionInput.self, #"{"executionArn":"\#(machine)"}"#)
                == StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: stateMachine'"))
        #expect(decodeError(SendTaskSuccessInput.self, #"{"taskToken":"t","output":"nope"}"#)?.code == .invalidOutput)
        #expect(decodeError(UpdateStateMachineInput.self, #"{"stateMachineArn":"\#(machine)"}"#)?.code == .missingRequiredParameter)
        #expect(decodeError(StartExecutionInput.self, #"{"stateMachineArn":"\#(machine)","name":"ok-1","input":"{\"a\":1}"}"#) == nil)
        #expect(decodeError(ListExecutionsInput.self, "{}")?.code == .validationException)
        #expect(
            decodeError(StartExecutionInput.self, #"{"stateMachineArn":"\#(machine)","input":""}"#)
                == StepFunctionsError(.invalidExecutionInput, "Invalid State Machine Execution Input: 'Invalid execution input.'"))
        for input in ["42", #"\"text\""#, "null"] {
            #expect(decodeError(StartExecutionInput.self, #"{"stateMachineArn":"\#(machine)","input":"\#(input)"}"#) == nil)
        }
        #expect(
            decodeError(DescribeStateMachineInput.self, #"{"stateMachineArn":"not_a_valid_arn"}"#)
                == StepFunctionsError(.invalidArn, "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'"))
        #expect(
            decodeError(UpdateStateMachineInput.self, #"{"stateMachineArn":"\#(machine)"}"#)?.message
                == "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified")
        #expect(decodeError(CreateStateMachineInput.self, #"{"name":"a","definition":"{}","roleArn":"role"}"#)?.code == .invalidArn)
    }
}
