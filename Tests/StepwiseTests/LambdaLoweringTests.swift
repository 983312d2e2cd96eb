import Foundation
import OrderedCollections
import StatesLanguage
import StepFunctionsAPI
import Stepwise
import StepwiseTesting
import Testing

/// Placing handlers on Lambda at ensure time: the same workflow lowers each Invoke to its activity or to a Lambda
/// task, with AWS's recommended Retry of Lambda's service errors.
@Suite("Lowering: handlers placed on Lambda")
struct LambdaLoweringTests {
    static func workflow() -> Workflow<Request, Summary> {
        Workflow("placed") {
            Invoke(Validate.self)
            Invoke(Fetch.self).dataFlow(parameters: ["name.$": "$.id"], input: Request.self, output: Request.self)
            Invoke(Validate.self).dataFlow(
                resultPath: .path("$.checked"), outputPath: .path("$.checked"), input: Request.self, output: Request.self)
            Invoke(Report.self)
            Invoke(Summarize.self)
        }
    }

    static var placed: LoweringConfiguration {
        var configuration = LoweringConfiguration.default
        configuration.lambdaFunctions = ["Validate": "validate-fn", "fetch-item": "arn:aws:lambda:eu-west-1:111122223333:function:fetch"]
        return configuration
    }

    @Test("lambda:invoke with FunctionName and Payload, OutputPath $.Payload; the function ARN where the step shapes its result")
    func golden() throws {
        try Golden.check(Self.workflow(), named: "lambda-placed", configuration: Self.placed)
    }

    @Test("without Lambda placements the workflow lowers to activities, as before")
    func unplacedIsUnchanged() throws {
        let plain = try Self.workflow().definition()
        for state in plain.states.values {
            guard case .task(let task) = state else { continue }
            #expect(task.resource.contains(":activity:"))
            #expect(!task.retry.contains(LoweringConfiguration.lambdaServiceRetrier))
        }
        #expect(try Self.workflow().activityNames() == ["Validate", "fetch-item", "Report", "Summarize"])
        #expect(try Self.workflow().activityNames(Self.placed) == ["Report", "Summarize"])
    }

    @Test("the Lambda Retry comes first and keeps the handler's own retriers after it")
    func retryOrder() throws {
        let definition = try Self.workflow().definition(Self.placed)
        guard case .task(let fetch)? = definition.states["Fetch"] else {
            Issue.record("no Fetch state")
            return
        }
        #expect(fetch.resource == "arn:aws:states:::lambda:invoke")
        #expect(fetch.retry.first == LoweringConfiguration.lambdaServiceRetrier)
        #expect(fetch.retry.count == 2)
        #expect(fetch.retry.first?.errorEquals.contains("Lambda.ServiceException") == true)
        #expect(fetch.parameters?["FunctionName"] == "arn:aws:lambda:eu-west-1:111122223333:function:fetch")
        #expect(fetch.parameters?["Payload"] == ["name.$": "$.id"])
        #expect(fetch.catch.count == 1)
    }

    @Test("placements: .onLambda names a function (derived, or given) and clamps its limits; .here places nothing on Lambda")
    func placements() {
        let placements: [Placement] = [
            .onLambda(Validate(), timeout: .seconds(2000), memorySize: 64, maxConcurrency: 4),
            .onLambda(Fetch(), functionName: "fetcher"), .here(Summarize(), slots: 2),
        ]
        let options = StateMachineOptions().placing(placements)
        #expect(options.lambdaFunctions == ["Validate": "Validate", "fetch-item": "fetcher"])
        let settings = placements[0].lambda
        #expect(settings?.timeoutSeconds == 900)
        #expect(settings?.memorySize == 128)
        #expect(settings?.maxConcurrency == 4)
        #expect(placements[2].lambda == nil)
        #expect(LambdaSettings.functionName(forActivity: "make dough:v2") == "make-dough-v2")
    }

    @Test("ensureStateMachine with Lambda placements creates only the activities left here; switching back updates the machine")
    func ensureSwitches() async throws {
        try await withWorkflowTestBed { bed in
            let options = StateMachineOptions().placing([.onLambda(Validate()), .onLambda(Fetch()), .here(Summarize())])
            let onLambda = try await bed.backend.ensureStateMachine(Self.workflow(), options: options)
            #expect(onLambda.change == .created)
            #expect(Set(onLambda.activityArns.keys) == ["Report", "Summarize"])
            let described = try await bed.backend.describeStateMachine(.init(stateMachineArn: onLambda.stateMachineArn))
            #expect(described.definition.contains("arn:aws:states:::lambda:invoke"))
            #expect(described.definition.contains("arn:aws:lambda:us-east-1:123456789012:function:Validate"))

            let here = try await bed.backend.ensureStateMachine(Self.workflow())
            #expect(here.change == .updated)
            #expect(Set(here.activityArns.keys) == ["Validate", "fetch-item", "Report", "Summarize"])
            let again = try await bed.backend.describeStateMachine(.init(stateMachineArn: here.stateMachineArn))
            #expect(!again.definition.contains("lambda"))
        }
    }
}
