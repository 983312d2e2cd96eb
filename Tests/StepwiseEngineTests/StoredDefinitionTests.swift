import OrderedCollections
import StatesLanguage
import Testing

@testable import StepwiseEngine

/// A definition the store holds was validated when it was created. It is not validated again when a machine starts
/// or an execution resumes, so that a rule added since (this version refuses what an earlier one accepted, as AWS
/// does) does not stop the machine or fail its running executions after an upgrade.
@Suite struct StoredDefinitionTests {
    static let refusedToday = [
        #"{"Version": "2.0", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
        #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.sync", "Parameters": {"FunctionName": "f"}, "End": true}}}"#,
        #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "Timestamp": "2030-01-01T00:00:00Z", "End": true}}}"#,
    ]

    @Test(arguments: refusedToday)
    func aStoredDefinitionIsNotValidatedAgain(_ definition: String) throws {
        #expect(throws: (any Error).self) { try CompiledMachine(definitionText: definition) }
        let stored = try CompiledMachine(definitionText: definition, stored: true)
        #expect(!stored.definition.states.isEmpty)
    }

    @Test func aStoredDefinitionThatIsNotOneStillFails() {
        #expect(throws: (any Error).self) { try CompiledMachine(definitionText: #"{"StartAt": 1}"#, stored: true) }
    }
}
