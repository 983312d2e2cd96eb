import Foundation
import OrderedCollections
import Testing

@testable import StatesLanguage

/// AWS's documented example definitions, and the definitions shipped in `Examples/definitions/`.
@Suite struct ValidationExampleTests {
    static let examplesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/definitions")

    static let pizza: String =
        (try? String(contentsOf: examplesDirectory.appendingPathComponent("pizza.asl.json"), encoding: .utf8)) ?? ""

    static var shippedExamples: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".asl.json") }.sorted()
    }

    @Test func theExamplesAreShipped() {
        #expect(Self.shippedExamples.contains("pizza.asl.json"))
        #expect(Self.shippedExamples.count >= 3)
    }

    @Test(arguments: shippedExamples)
    func shippedExampleIsValid(_ name: String) throws {
        let text = try String(contentsOf: Self.examplesDirectory.appendingPathComponent(name), encoding: .utf8)
        let diagnostics = StatesLanguageValidator.validate(text)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test func pizzaHasTheBlogPostsShape() throws {
        let pizza = try JSONValue(parsing: Self.pizza)
        let states = try #require(pizza["States"]?.objectValue)
        #expect(states.values.contains { $0["Type"] == "Parallel" })
        #expect(states["Rest"]?["Seconds"] == 120)
        #expect(states.values.contains { $0["Type"] == "Choice" })
        #expect(states.values.contains { $0["Type"] == "Fail" })
        let branches = try #require(states["Prepare"]?["Branches"]?.arrayValue)
        #expect(branches.contains { $0["States"]?.objectValue?.values.contains { $0["Type"] == "Map" } == true })
    }

    /// Examples from AWS's developer guide (one per state type page, plus error handling), valid as documented.
    static let documentedValid: [String] = [
        // "Hello World" (Pass state page).
        #"""
        {"Comment": "A Hello World example of the Amazon States Language using a Pass state", "StartAt": "HelloWorld",
         "States": {"HelloWorld": {"Type": "Pass", "Result": "Hello World!", "End": true}}}
        """#,
        // Pass state example: inject fixed data with ResultPath.
        machine(
            #""No-op": {"Type": "Pass", "Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355}, "ResultPath": "$.coords", "End": true}"#,
            startAt: "No-op"),
        // Wait state examples.
        machine(
            #""wait_ten_seconds": {"Type": "Wait", "Seconds": 10, "Next": "wait_until"}, "wait_until": {"Type": "Wait", "Timestamp": "2016-03-14T01:59:00Z", "Next": "wait_path"}, "wait_path": {"Type": "Wait", "TimestampPath": "$.expirydate", "Next": "wait_seconds_path"}, "wait_seconds_path": {"Type": "Wait", "SecondsPath": "$.expiryseconds", "End": true}"#,
            startAt: "wait_ten_seconds"),
        // Fail and Succeed.
        machine(#""FailState": {"Type": "Fail", "Error": "ErrorA", "Cause": "Kaiju attack"}"#, startAt: "FailState"),
        machine(#""SuccessState": {"Type": "Succeed"}"#, startAt: "SuccessState"),
        // Choice state example (developer guide).
        #"""
        {"StartAt": "ChoiceStateX", "States": {
          "ChoiceStateX": {"Type": "Choice", "Choices": [
              {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
              {"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
              {"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}],
               "Next": "ValueInTwenties"}],
            "Default": "DefaultState"},
          "Public": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Foo", "Next": "NextState"},
          "ValueIsZero": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Zero", "Next": "NextState"},
          "ValueInTwenties": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Bar", "Next": "NextState"},
          "DefaultState": {"Type": "Fail", "Error": "DefaultStateError", "Cause": "No Matches!"},
          "NextState": {"Type": "Succeed"}}}
        """#,
        // Parallel state example (LookupCustomerInfo).
        #"""
        {"StartAt": "LookupCustomerInfo", "States": {"LookupCustomerInfo": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "LookupAddress", "States": {"LookupAddress": {"Type": "Task",
             "Resource": "arn:aws:lambda:us-east-1:123456789012:function:AddressFinder", "End": true}}},
          {"StartAt": "LookupPhone", "States": {"LookupPhone": {"Type": "Task",
             "Resource": "arn:aws:lambda:us-east-1:123456789012:function:PhoneFinder", "End": true}}}]}}}
        """#,
        // Retry and Catch examples (error handling page).
        #"""
        {"StartAt": "HelloWorld", "States": {"HelloWorld": {"Type": "Task",
          "Resource": "arn:aws:lambda:us-east-1:123456789012:function:FailFunction",
          "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 1.5},
                    {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 5, "BackoffRate": 2.0,
                     "MaxDelaySeconds": 5, "JitterStrategy": "FULL"}],
          "Catch": [{"ErrorEquals": ["CustomError"], "Next": "CustomErrorFallback"},
                    {"ErrorEquals": ["States.TaskFailed"], "Next": "ReservedTypeFallback"},
                    {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error-info", "Next": "CatchAllFallback"}],
          "End": true},
          "CustomErrorFallback": {"Type": "Pass", "Result": "This is a fallback from a custom Lambda function exception", "End": true},
          "ReservedTypeFallback": {"Type": "Pass", "Result": "This is a fallback from a reserved error code", "End": true},
          "CatchAllFallback": {"Type": "Pass", "Result": "This is a fallback from any error code", "End": true}}}
        """#,
        // Inline Map with ItemProcessor and ItemSelector (Map state page).
        #"""
        {"StartAt": "Validate-All", "States": {"Validate-All": {"Type": "Map", "InputPath": "$.detail", "ItemsPath": "$.shipped",
          "MaxConcurrency": 0, "ItemSelector": {"parcel.$": "$$.Map.Item.Value", "courier.$": "$.delivery-partner"},
          "ItemProcessor": {"StartAt": "Validate", "States": {"Validate": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:ship-val", "End": true}}},
          "ResultPath": "$.detail.shipped", "End": true}}}
        """#,
        // ItemsPath example (ItemsPath page): iterate over one of two arrays.
        #"""
        {"StartAt": "PiratesSay", "States": {"PiratesSay": {"Type": "Map", "ItemsPath": "$.ThingsPiratesSay",
          "ItemProcessor": {"StartAt": "SayWord", "States": {"SayWord": {"Type": "Pass", "End": true}}}, "End": true}}}
        """#,
        // ItemSelector example (ItemSelector page).
        #"""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemSelector": {"size": 10, "value.$": "$$.Map.Item.Value"},
          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
        """#,
        // Intrinsic functions in Parameters and a Task with activity ARN and heartbeat.
        machine(
            #""A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:HelloWorld", "TimeoutSeconds": 300, "HeartbeatSeconds": 60, "Parameters": {"greeting.$": "States.Format('Hello, {}', $.name)", "id.$": "States.UUID()"}, "End": true}"#
        ),
        // JSONata (transforming data page): Arguments and Output with {% %}.
        #"""
        {"QueryLanguage": "JSONata", "StartAt": "Task", "States": {"Task": {"Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f", "Payload": {"title": "{% $states.input.title %}"}},
          "Output": "{% $states.result.Payload %}", "End": true}}}
        """#,
    ]

    @Test(arguments: documentedValid)
    func documentedExampleIsValid(_ definition: String) {
        expectClean(definition)
    }

    /// What validation accepts, the typed model parses too (the two read the same documentation).
    @Test(
        arguments: documentedValid
            + shippedExamples.map {
                (try? String(contentsOf: examplesDirectory.appendingPathComponent($0), encoding: .utf8)) ?? ""
            })
    func validDefinitionsParseIntoTheModel(_ definition: String) {
        #expect(throws: Never.self) { try StateMachineDefinition(parsing: definition) }
    }
}
