"""Cases whose AWS answer was measured by contributors of floci (floci-io/floci, another emulator) against real AWS
Step Functions and written down in its issues, pull requests and tests. Only those measured claims are the
specification here, each cited where it is used; floci's own behaviour is not."""
import json

from conftest import create_machine, full_history, wait_for_status

PREFIX = "An error occurred while executing the state "


def run(sfn, name, definition, execution_input="{}"):
    arn = create_machine(sfn, name, definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=execution_input)["executionArn"]
    return wait_for_status(sfn, execution), full_history(sfn, execution)


def test_an_intrinsic_argument_matching_nothing_is_states_runtime(sfn):
    # floci-io/floci#2870 ("AWS: States.Runtime / The function 'States.Format('{}', $.nope)' had the following
    # error: ..."), and its AslExecutorIntrinsicMissingArgumentTest: "Every cause here was captured from real AWS
    # (us-east-1)". We named the error States.IntrinsicFailure.
    described, _ = run(sfn, "IntrinsicMissingArgument", {"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Parameters": {"v.$": "States.Format('{}', $.nope)"}, "End": True}}}, '{"other":1}')
    assert described["status"] == "FAILED"
    assert described["error"] == "States.Runtime"
    assert described["cause"] == (
        PREFIX + "'P' (entered at the event id #2). The function 'States.Format('{}', $.nope)' had the following "
        "error: The JsonPath argument for the field '$.nope' could not be found in the input '{\"other\":1}'")


