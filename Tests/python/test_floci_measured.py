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



def child_machine(sfn, name, definition):
    return create_machine(sfn, name, definition)


def compact(value):
    return json.dumps(value, separators=(",", ":"))


def parent_definition(resource, child_arn, **task):
    return {"StartAt": "Child", "States": {"Child": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution" + resource,
        "Parameters": {"StateMachineArn": child_arn, "Input": {"k": 1}}, "End": True, **task}}}


def test_a_sync_child_envelope_has_aws_members_in_alphabetical_order(sfn):
    # floci-io/floci AslExecutorNestedStartExecutionTest: "Measured on AWS: .sync returns the child's
    # DescribeExecution response in PascalCase, keys in alphabetical order, dates in epoch milliseconds, Input and
    # Output as JSON strings", with RedriveCount 0, RedriveStatus NOT_REDRIVABLE and RedriveStatusReason "Execution
    # is SUCCEEDED and cannot be redriven"; "Measured on AWS: .sync:2 returns the same envelope with Input and Output
    # as JSON values". We wrote the members in another order and without the redrive fields.
    child = child_machine(sfn, "EnvelopeChild", {"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Result": {"ok": True}, "End": True}}})
    for resource, name, value in [(".sync", "EnvelopeSync", compact), (".sync:2", "EnvelopeSync2", lambda v: v)]:
        described, _ = run(sfn, name, parent_definition(resource, child))
        assert described["status"] == "SUCCEEDED"
        output = json.loads(described["output"])
        assert list(output) == [
            "ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "RedriveCount",
            "RedriveStatus", "RedriveStatusReason", "StartDate", "StateMachineArn", "Status", "StopDate"]
        assert output["Input"] == value({"k": 1}) and output["Output"] == value({"ok": True})
        assert output["RedriveCount"] == 0 and output["RedriveStatus"] == "NOT_REDRIVABLE"
        assert output["RedriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven"
        assert output["Status"] == "SUCCEEDED" and isinstance(output["StartDate"], int)


def test_a_failed_sync_child_is_described_in_the_cause_with_its_input_as_text(sfn):
    # floci-io/floci AslExecutorNestedSyncFailureTest: "Measured on AWS (ap-northeast-1, 2026-09-29) for six endings
    # under both modes": States.TaskFailed whatever the child's error, the child's DescribeExecution as the cause,
    # members in alphabetical order with RedriveCount 0 and RedriveStatus REDRIVABLE, and Input as JSON text under
    # .sync:2 too. We had another order, no redrive fields, and Input as JSON under .sync:2.
    child = child_machine(sfn, "FailingChild", {"StartAt": "F", "States": {
        "F": {"Type": "Fail", "Error": "Boom", "Cause": "custom cause"}}})
    for resource, name in [(".sync", "FailedSync"), (".sync:2", "FailedSync2")]:
        described, history = run(sfn, name, parent_definition(resource, child))
        assert described["status"] == "FAILED" and described["error"] == "States.TaskFailed"
        cause = json.loads(described["cause"])
        assert list(cause) == [
            "Cause", "Error", "ExecutionArn", "Input", "InputDetails", "Name", "RedriveCount", "RedriveStatus",
            "StartDate", "StateMachineArn", "Status", "StopDate"]
        assert cause["Cause"] == "custom cause" and cause["Error"] == "Boom" and cause["Status"] == "FAILED"
        assert cause["Input"] == '{"k":1}'
        assert cause["RedriveCount"] == 0 and cause["RedriveStatus"] == "REDRIVABLE"
        failed = next(e for e in history if e["type"] == "TaskFailed")["taskFailedEventDetails"]
        assert failed["error"] == "States.TaskFailed" and failed["cause"] == described["cause"]


def test_a_sync_task_timing_out_aborts_its_child_with_aws_cause_and_no_error(sfn):
    # floci-io/floci AslExecutorNestedSyncTimeoutTest: "AWS aborts the child it was waiting on: no error, this exact
    # cause (measured)": "The Task state in AWS Step Functions execution [PARENT] which was managing this resource
    # was aborted". We stopped it with error States.Aborted and a cause of our own.
    child = child_machine(sfn, "SlowChild", {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}})
    arn = create_machine(sfn, "TimingOutParent", parent_definition(".sync", child, TimeoutSeconds=1))
    parent = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    described = wait_for_status(sfn, parent)
    assert described["status"] == "FAILED" and described["error"] == "States.Timeout"
    child_run = sfn.list_executions(stateMachineArn=child)["executions"][0]["executionArn"]
    stopped = wait_for_status(sfn, child_run)
    assert stopped["status"] == "ABORTED"
    assert "error" not in stopped
    assert stopped["cause"] == (
        f"The Task state in AWS Step Functions execution [{parent}] which was managing this resource was aborted")
    aborted = full_history(sfn, child_run)[-1]
    assert aborted["type"] == "ExecutionAborted"
    assert aborted["executionAbortedEventDetails"] == {"cause": stopped["cause"]}


def test_an_inline_map_iteration_reaching_a_fail_state_is_recorded_failed_after_the_ones_it_cut(sfn):
    # floci-io/floci AslExecutorParallelCutTest: "Measured on AWS: a failing iteration records, for each iteration it
    # cuts, MapIterationAborted and then the *StateAborted of the state it was in, all chained to the failing
    # iteration's last event and ahead of MapIterationFailed and MapStateFailed, which point at that same event."
    # We recorded MapIterationFailed first.
    definition = {"StartAt": "P", "States": {"P": {"Type": "Map", "End": True, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Route", "States": {
            "Route": {"Type": "Choice", "Default": "Long",
                      "Choices": [{"Variable": "$.kind", "StringEquals": "fail", "Next": "Pause"}]},
            "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Boom"},
            "Boom": {"Type": "Fail", "Error": "Boom", "Cause": "sibling failed"},
            "Long": {"Type": "Wait", "Seconds": 60, "End": True}}}}}}
    described, history = run(sfn, "MapFailAfterCut", definition, '[{"kind":"fail"},{"kind":"wait"}]')
    assert described["status"] == "FAILED" and described["error"] == "Boom"
    failure = next(e for e in history if e["type"] == "FailStateEntered")
    tail = [(e["type"], e["previousEventId"]) for e in history if e["id"] > failure["id"]]
    assert tail == [
        ("MapIterationAborted", failure["id"]), ("WaitStateAborted", failure["id"]),
        ("MapIterationFailed", failure["id"]), ("MapStateFailed", failure["id"]),
        ("ExecutionFailed", failure["id"] + 4)]
    aborted, failed = history[failure["id"]], history[failure["id"] + 2]
    assert aborted["mapIterationAbortedEventDetails"] == {"name": "P", "index": 1}
    assert failed["mapIterationFailedEventDetails"] == {"name": "P", "index": 0}


def test_a_parallel_branch_failure_aborts_a_sibling_sync_child_with_aws_cause(sfn):
    # floci-io/floci AslExecutorParallelCutTest: "Measured on AWS: a failure in one branch aborts the child of every
    # other branch within about 0.1 s with the cause below ["The Task state in AWS Step Functions execution [PARENT]
    # which was managing this resource was aborted"], and records one TaskStateAborted [...] per cut branch, each
    # chained to the failing branch's last event and recorded before ParallelStateFailed".
    child = child_machine(sfn, "CutChild", {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}})
    arn = create_machine(sfn, "CutParent", {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Nest", "States": {"Nest": {"Type": "Task", "End": True,
                                                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                                                "Parameters": {"StateMachineArn": child}}}},
        {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "Seconds": 1, "Next": "Boom"},
                                        "Boom": {"Type": "Fail", "Error": "Boom", "Cause": "sibling failed"}}}]}}})
    parent = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    described = wait_for_status(sfn, parent)
    assert described["status"] == "FAILED" and described["error"] == "Boom"
    history = full_history(sfn, parent)
    failure = next(e for e in history if e["type"] == "FailStateEntered")["id"]
    tail = [(e["type"], e["previousEventId"]) for e in history if e["id"] > failure]
    assert tail == [("TaskStateAborted", failure), ("ParallelStateFailed", failure), ("ExecutionFailed", failure + 2)]
    child_run = sfn.list_executions(stateMachineArn=child)["executions"][0]["executionArn"]
    stopped = wait_for_status(sfn, child_run)
    assert stopped["status"] == "ABORTED" and "error" not in stopped
    assert stopped["cause"] == (
        f"The Task state in AWS Step Functions execution [{parent}] which was managing this resource was aborted")


def test_stop_execution_records_only_execution_aborted_chained_to_zero(sfn):
    # floci-io/floci#2965: "StopExecution with no --error and no --cause leaves status: ABORTED, and DescribeExecution
    # omits the error and cause keys [...] {"type": "ExecutionAborted", "id": 3, "previousEventId": 0,
    # "executionAbortedEventDetails": {}} [...] Both measured against real AWS" (a Wait stopped, #2734). We recorded
    # WaitStateAborted first and chained ExecutionAborted to it.
    arn = create_machine(sfn, "StoppedWait", {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    for _ in range(100):
        if any(e["type"] == "WaitStateEntered" for e in full_history(sfn, execution)):
            break
    sfn.stop_execution(executionArn=execution)
    described = wait_for_status(sfn, execution)
    assert described["status"] == "ABORTED" and "error" not in described and "cause" not in described
    history = full_history(sfn, execution)
    assert [(e["id"], e["previousEventId"], e["type"]) for e in history] == [
        (1, 0, "ExecutionStarted"), (2, 0, "WaitStateEntered"), (3, 0, "ExecutionAborted")]
    assert history[-1]["executionAbortedEventDetails"] == {}


def test_a_sync_child_started_through_an_alias_names_the_alias_and_its_version(sfn):
    # floci-io/floci AslExecutorNestedStartExecutionTest: "Measured on AWS: a child started through an alias carries
    # the alias and its version", in the alphabetical order of the rest of the envelope.
    created = sfn.create_state_machine(name="AliasedChild", roleArn="arn:aws:iam::123456789012:role/StepwiseTests",
                                       publish=True, definition=json.dumps(
                                           {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))
    alias = sfn.create_state_machine_alias(name="live", routingConfiguration=[
        {"stateMachineVersionArn": created["stateMachineVersionArn"], "weight": 100}])["stateMachineAliasArn"]
    described, _ = run(sfn, "AliasedParent", {"StartAt": "N", "States": {"N": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": alias}, "End": True}}})
    output = json.loads(described["output"])
    assert list(output) == [
        "ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "RedriveCount", "RedriveStatus",
        "RedriveStatusReason", "StartDate", "StateMachineAliasArn", "StateMachineArn", "StateMachineVersionArn",
        "Status", "StopDate"]
    assert output["StateMachineAliasArn"] == alias
    assert output["StateMachineVersionArn"] == created["stateMachineVersionArn"]
