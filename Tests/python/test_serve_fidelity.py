"""Fidelity through boto3: a Task on a missing activity, Distributed Map batching and Map Run events, redriveFilter pages."""
import json

from conftest import create_machine, full_history, machine_arn, wait_for_status

MISSING = "arn:aws:states:us-east-1:123456789012:activity:fidelity-never-created"


def test_task_on_missing_activity_fails_the_execution_at_once(sfn):
    # As AWS records it: no ActivityScheduleFailed; ExecutionFailed follows the state's entry, its cause naming the state.
    arn = create_machine(sfn, "FidelityMissing", {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": MISSING, "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "FAILED" and described["error"] == "States.Runtime"
    events = full_history(sfn, execution)
    assert [e["type"] for e in events] == ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"]
    assert events[2]["previousEventId"] == 2
    assert events[2]["executionFailedEventDetails"] == {
        "error": "States.Runtime",
        "cause": f"An error occurred while executing the state 'T' (entered at the event id #2). The activity {MISSING} does not exist."}


def test_distributed_map_batches_items(sfn):
    definition = {"StartAt": "Map", "States": {"Map": {
        "Type": "Map", "ItemsPath": "$.items",
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"factCheck": "December 2022"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}},
        "End": True}}}
    arn = create_machine(sfn, "FidelityBatches", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"items": [1, 2, 3]}))["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == [
        {"Items": [1, 2], "BatchInput": {"factCheck": "December 2022"}},
        {"Items": [3], "BatchInput": {"factCheck": "December 2022"}},
    ]
    events = full_history(sfn, execution)
    started = next(e for e in events if e["type"] == "MapRunStarted")
    assert started["mapRunStartedEventDetails"]["mapRunArn"].startswith(
        "arn:aws:states:us-east-1:123456789012:mapRun:FidelityBatches/Map:")
    assert "MapRunSucceeded" in [e["type"] for e in events]


def test_distributed_map_item_reader_fails_clearly(sfn):
    definition = {"StartAt": "Map", "States": {"Map": {
        "Type": "Map",
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                       "Parameters": {"Bucket": "b", "Key": "items.json"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                          "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}},
        "End": True}}}
    arn = create_machine(sfn, "FidelityReader", definition)
    described = wait_for_status(sfn, sfn.start_execution(stateMachineArn=arn)["executionArn"])
    # A bucket that no --s3-directory maps: AWS's ItemReader error, with a cause that says what would serve it.
    assert described["status"] == "FAILED" and described["error"] == "States.ItemReaderFailed"
    assert "--s3-directory b=DIR" in described["cause"]


def test_redrive_filter_pages(sfn):
    arn = create_machine(sfn, "FidelityRedrive", {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}})
    executions = []
    for i in range(3):
        execution = sfn.start_execution(stateMachineArn=arn, name=f"r{i}")["executionArn"]
        wait_for_status(sfn, execution)
        executions.append(execution)
    for execution in executions[:2]:
        sfn.redrive_execution(executionArn=execution)
        wait_for_status(sfn, execution)
    first = sfn.list_executions(stateMachineArn=arn, redriveFilter="REDRIVEN", maxResults=1)
    assert len(first["executions"]) == 1 and "nextToken" in first
    second = sfn.list_executions(stateMachineArn=arn, redriveFilter="REDRIVEN", maxResults=1, nextToken=first["nextToken"])
    assert len(second["executions"]) == 1 and "nextToken" not in second
    names = {e["name"] for e in first["executions"] + second["executions"]}
    assert names == {"r0", "r1"}
    assert [e["name"] for e in sfn.list_executions(stateMachineArn=arn, redriveFilter="NOT_REDRIVEN")["executions"]] == ["r2"]
