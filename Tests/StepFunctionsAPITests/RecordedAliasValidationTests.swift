import Testing

@testable import StepFunctionsAPI

/// Alias requests validated as recorded against AWS (LocalStack's test_sfn_api_aliasing.snapshot.json,
/// TestSfnApiAliasing::test_error_create_alias_invalid_router_configs).
@Suite("Alias validation as recorded")
struct RecordedAliasValidationTests {
    private func error(_ body: String) -> StepFunctionsError? {
        do {
            let shape = try RequestDecoding.decode(CreateStateMachineAliasInput.self, from: Array(body.utf8))
            try shape.validateRequest()
            return nil
        } catch { return error }
    }

    @Test("a routing configuration of three versions is printed in the message as AWS's Java model prints it")
    func tooManyRoutes() throws {
        let machine = "arn:aws:states:us-east-1:123456789012:stateMachine:M"
        let routes = [(1, 50), (2, 30), (3, 20)].map { #"{"stateMachineVersionArn":"\#(machine):\#($0.0)","weight":\#($0.1)}"# }
        let failure = try #require(error(#"{"name":"A","routingConfiguration":[\#(routes.joined(separator: ","))]}"#))
        #expect(failure.code == .validationException)
        #expect(
            failure.message
                == "1 validation error detected: Value '[RoutingConfigurationListItem(stateMachineVersionArn=\(machine):1, weight=50), "
                + "RoutingConfigurationListItem(stateMachineVersionArn=\(machine):2, weight=30), "
                + "RoutingConfigurationListItem(stateMachineVersionArn=\(machine):3, weight=20)]' at 'routingConfiguration' "
                + "failed to satisfy constraint: Member must have length less than or equal to 2")
    }
}
