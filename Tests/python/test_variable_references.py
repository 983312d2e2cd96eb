"""DescribeStateMachine and DescribeStateMachineForExecution answer variableReferences as recorded against AWS
(LocalStack's test_sfn_api_variable_references snapshots, test_base_variable_references_in_assign_templates):
each state that reads workflow variables, by name, with the names it reads sorted; no member at all when none
does."""
from conftest import create_machine, wait_for_status


CHOICE = {"StartAt": "Setup", "States": {
    "Setup": {"Type": "Pass", "Assign": {"guess": "g", "answer": "a"}, "Next": "Check"},
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$guess", "StringEqualsPath": "$answer", "Next": "Right"}],
              "Default": "Wrong"},
    "Right": {"Type": "Succeed"},
    "Wrong": {"Type": "Pass", "Assign": {"guess.$": "$answer"}, "Next": "Check"}}}


def test_describe_state_machine_lists_the_references(sfn):
    arn = create_machine(sfn, "VariableReferencesChoice", CHOICE)
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["variableReferences"] == {"Check": ["answer", "guess"], "Wrong": ["answer"]}


def test_describe_state_machine_for_execution_lists_them_too(sfn):
    definition = {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": {"answer": 42}, "Assign": {"theAnswer.$": "$.answer"}, "Next": "B"},
        "B": {"Type": "Pass", "OutputPath": "$theAnswer", "End": True}}}
    arn = create_machine(sfn, "VariableReferencesOutputPath", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
    described = sfn.describe_state_machine_for_execution(executionArn=execution)
    assert described["variableReferences"] == {"B": ["theAnswer"]}


def test_a_machine_reading_no_variable_has_no_member(sfn):
    definition = {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"result": "$result"}, "Assign": {"r.$": "$.x"}, "End": True}}}
    arn = create_machine(sfn, "VariableReferencesNone", definition)
    assert "variableReferences" not in sfn.describe_state_machine(stateMachineArn=arn)
