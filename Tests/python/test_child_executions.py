"""Workflows calling workflows on `stepwise serve`, through boto3: `states:startExecution.sync:2` waits for the child
and outputs its description; a failed child fails the parent's state with States.TaskFailed; stopping the parent
stops its .sync child."""
import json
import time

from conftest import create_machine, full_history, wait_for_status

CHILD = {"StartAt": "Double", "States": {"Double": {"Type": "Pass", "Parameters": {
    "doubled.$": "States.MathAdd($.n, $.n)", "startedBy.$": "$.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"}, "End": True}}}


def parent(resource, child_arn):
    return {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": resource, "Parameters": {
        "StateMachineArn": child_arn,
        "Input": {"n.$": "$.n", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}}, "End": True}}}


def test_sync2_waits_for_the_child_and_outputs_its_description(sfn):
    child = create_machine(sfn, "PyChild", CHILD)
    arn = create_machine(sfn, "PyParent", parent("arn:aws:states:::states:startExecution.sync:2", child))
    started = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": 5}))
    described = wait_for_status(sfn, started["executionArn"])
    assert described["status"] == "SUCCEEDED", described
    output = json.loads(described["output"])
    assert output["Status"] == "SUCCEEDED"
    assert output["Output"] == {"doubled": 10, "startedBy": started["executionArn"]}
    child_run = sfn.describe_execution(executionArn=output["ExecutionArn"])
    assert child_run["stateMachineArn"] == child and child_run["status"] == "SUCCEEDED"


def test_failed_child_fails_the_parent_with_states_task_failed(sfn):
    child = create_machine(sfn, "PyFailing", {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Child.Broke", "Cause": "no"}}})
    arn = create_machine(sfn, "PyParentOfFailing", parent("arn:aws:states:::states:startExecution.sync", child))
    started = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": 1}))
    described = wait_for_status(sfn, started["executionArn"])
    assert described["status"] == "FAILED"
    assert described["error"] == "States.TaskFailed"
    cause = json.loads(described["cause"])
    assert cause["Status"] == "FAILED" and cause["Error"] == "Child.Broke"


def test_stopping_the_parent_stops_its_sync_child(sfn):
    child = create_machine(sfn, "PyWaiting", {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 100000, "End": True}}})
    arn = create_machine(sfn, "PyParentOfWaiting", parent("arn:aws:states:::states:startExecution.sync:2", child))
    started = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": 1}))
    deadline = time.monotonic() + 20
    children = []
    while not children and time.monotonic() < deadline:
        children = sfn.list_executions(stateMachineArn=child)["executions"]
        time.sleep(0.05)
    assert children, "the child never started"
    sfn.stop_execution(executionArn=started["executionArn"])
    assert wait_for_status(sfn, children[0]["executionArn"])["status"] == "ABORTED"


def task_events(events):
    return [(e["type"], e["id"], e["previousEventId"]) for e in events if e["type"].startswith("Task")]


def test_sync_and_callback_tasks_record_task_submitted(sfn):
    # AWS records TaskSubmitted (the service's answer to the call) between TaskStarted and the task's end for
    # .sync and .waitForTaskToken tasks; a request-response task records none.
    child = create_machine(sfn, "PySubmittedChild", CHILD)
    for resource in ("arn:aws:states:::states:startExecution.sync", "arn:aws:states:::states:startExecution"):
        arn = create_machine(sfn, "PySubmitted" + str(len(resource)), parent(resource, child))
        execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": 2}))["executionArn"]
        assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
        events = full_history(sfn, execution)
        if resource.endswith(".sync"):
            assert task_events(events) == [
                ("TaskStateEntered", 2, 0), ("TaskScheduled", 3, 2), ("TaskStarted", 4, 3), ("TaskSubmitted", 5, 4),
                ("TaskSucceeded", 6, 5), ("TaskStateExited", 7, 6)]
            details = events[4]["taskSubmittedEventDetails"]
            assert details["resourceType"] == "states" and details["resource"] == "startExecution.sync"
            # StartExecution's answer with the SDK's HTTP metadata, as AWS records it (LocalStack's
            # test_credentials_base.snapshot.json, recorded against AWS).
            assert set(json.loads(details["output"])) == {"ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata", "StartDate"}
            assert details["outputDetails"] == {"truncated": False}
        else:
            assert "TaskSubmitted" not in [e["type"] for e in events]

    waiting = create_machine(sfn, "PyCallbackChild", {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 100000, "End": True}}})
    arn = create_machine(sfn, "PyCallbackParent", {"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
        "Parameters": {"StateMachineArn": waiting, "Input": {"token.$": "$$.Task.Token"}}, "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "TaskSubmitted" not in [e["type"] for e in full_history(sfn, execution)]:
        time.sleep(0.05)
    child_run = sfn.list_executions(stateMachineArn=waiting)["executions"][0]["executionArn"]
    token = json.loads(sfn.describe_execution(executionArn=child_run)["input"])["token"]
    sfn.send_task_success(taskToken=token, output='{"done": true}')
    assert json.loads(wait_for_status(sfn, execution)["output"]) == {"done": True}
    events = full_history(sfn, execution)
    assert task_events(events) == [
        ("TaskStateEntered", 2, 0), ("TaskScheduled", 3, 2), ("TaskStarted", 4, 3), ("TaskSubmitted", 5, 4),
        ("TaskSucceeded", 6, 5), ("TaskStateExited", 7, 6)]
    assert json.loads(events[4]["taskSubmittedEventDetails"]["output"])["ExecutionArn"] == child_run
    sfn.stop_execution(executionArn=child_run)
