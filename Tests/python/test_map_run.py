"""Map Runs of a Distributed Map through `stepwise serve`, with boto3 and the aws CLI: DescribeMapRun, ListMapRuns,
UpdateMapRun, as the Step Functions API reference documents them."""
import json
import time

import pytest

from conftest import create_machine, full_history, wait_for_status


def distributed(processor_states, start_at, **fields):
    return {"StartAt": "Map", "States": {"Map": {
        "Type": "Map", **fields,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": start_at, "States": processor_states},
        "End": True}}}


def map_run_arn(sfn, execution_arn):
    started = [e for e in full_history(sfn, execution_arn) if e["type"] == "MapRunStarted"]
    assert len(started) == 1
    return started[0]["mapRunStartedEventDetails"]["mapRunArn"]


def test_describe_and_list_a_finished_map_run(sfn):
    definition = distributed({"Echo": {"Type": "Pass", "End": True}}, "Echo",
                             Label="Echoes", MaxConcurrency=5, ToleratedFailurePercentage=10,
                             ItemBatcher={"MaxItemsPerBatch": 2})
    machine = create_machine(sfn, "MapRunEcho", definition)
    execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps([1, 2, 3, 4, 5]))["executionArn"]
    assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
    arn = map_run_arn(sfn, execution)
    assert arn.startswith("arn:aws:states:us-east-1:123456789012:mapRun:MapRunEcho/Echoes:")

    run = sfn.describe_map_run(mapRunArn=arn)
    assert run["status"] == "SUCCEEDED"
    assert run["executionArn"] == execution
    assert run["maxConcurrency"] == 5
    assert run["toleratedFailurePercentage"] == 10
    assert run["toleratedFailureCount"] == 0
    assert run["stopDate"] >= run["startDate"]
    assert run["itemCounts"]["total"] == 5 and run["itemCounts"]["succeeded"] == 5
    assert run["itemCounts"]["pending"] == 0 and run["itemCounts"]["running"] == 0
    assert run["executionCounts"]["total"] == 3 and run["executionCounts"]["succeeded"] == 3

    listed = sfn.list_map_runs(executionArn=execution)["mapRuns"]
    assert [item["mapRunArn"] for item in listed] == [arn]
    assert listed[0]["stateMachineArn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:MapRunEcho/Echoes"
    assert listed[0]["executionArn"] == execution


def test_update_map_run_live_with_an_activity_worker(server, sfn):
    activity = sfn.create_activity(name="MapRunItems")["activityArn"]
    definition = distributed({"Work": {"Type": "Task", "Resource": activity, "End": True}}, "Work", MaxConcurrency=1)
    machine = create_machine(sfn, "MapRunLive", definition)
    execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps([1, 2, 3]))["executionArn"]
    arn = map_run_arn(sfn, execution)
    run = sfn.describe_map_run(mapRunArn=arn)
    assert run["status"] == "RUNNING" and "stopDate" not in run
    assert run["executionCounts"]["running"] == 1 and run["executionCounts"]["pending"] == 2

    sfn.update_map_run(mapRunArn=arn, maxConcurrency=3, toleratedFailureCount=1)
    run = sfn.describe_map_run(mapRunArn=arn)
    assert run["maxConcurrency"] == 3 and run["toleratedFailureCount"] == 1
    assert run["executionCounts"]["running"] == 3

    # One failure is tolerated now; the others succeed.
    for index in range(3):
        task = sfn.get_activity_task(activityArn=activity)
        if index == 0:
            sfn.send_task_failure(taskToken=task["taskToken"], error="Flaky", cause="tolerated")
        else:
            sfn.send_task_success(taskToken=task["taskToken"], output=task["input"])
    assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
    run = sfn.describe_map_run(mapRunArn=arn)
    assert run["status"] == "SUCCEEDED"
    assert run["itemCounts"]["failed"] == 1 and run["itemCounts"]["succeeded"] == 2

    with pytest.raises(sfn.exceptions.ValidationException):
        sfn.update_map_run(mapRunArn=arn, maxConcurrency=2)


def test_errors(sfn):
    unknown = "arn:aws:states:us-east-1:123456789012:mapRun:Nothing/Label:00000000-0000-0000-0000-000000000000"
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.describe_map_run(mapRunArn=unknown)
    with pytest.raises(sfn.exceptions.InvalidArn):
        sfn.describe_map_run(mapRunArn="arn:aws:states:us-east-1:123456789012:execution:Nothing:run")
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.update_map_run(mapRunArn=unknown, maxConcurrency=2)
    with pytest.raises(sfn.exceptions.ValidationException):
        sfn.update_map_run(mapRunArn=unknown, toleratedFailurePercentage=150)
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist):
        sfn.list_map_runs(executionArn="arn:aws:states:us-east-1:123456789012:execution:Nothing:run")


def test_aws_cli_describe_map_run(server, sfn):
    definition = distributed({"Echo": {"Type": "Pass", "End": True}}, "Echo")
    machine = create_machine(sfn, "MapRunCli", definition)
    execution = sfn.start_execution(stateMachineArn=machine, input="[1, 2]")["executionArn"]
    assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
    _, listed, _ = server.aws("list-map-runs", "--execution-arn", execution)
    arn = listed["mapRuns"][0]["mapRunArn"]
    _, described, _ = server.aws("describe-map-run", "--map-run-arn", arn)
    assert described["status"] == "SUCCEEDED"
    assert described["itemCounts"]["succeeded"] == 2
    code, _, stderr = server.aws("update-map-run", "--map-run-arn", arn, "--max-concurrency", "4", check=False)
    assert code != 0 and "ValidationException" in stderr


def test_a_wide_map_answers_start_at_once_and_finishes(sfn):
    # 20,000 items from the input with no MaxConcurrency: at most 1,000 children start in the transition that
    # answers StartExecution, the rest in the following ones, and the whole run completes (timings are measured in
    # docs/benchmarks.md, not here).
    definition = distributed({"Echo": {"Type": "Pass", "End": True}}, "Echo", ResultPath=None)
    machine = create_machine(sfn, "MapRunWide", definition)
    execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps(list(range(20_000))))["executionArn"]
    assert wait_for_status(sfn, execution, timeout=120)["status"] == "SUCCEEDED"
    # DescribeMapRun reads the store: the last transition may still be on its way to disk.
    arn = map_run_arn(sfn, execution)
    deadline = time.monotonic() + 30
    run = sfn.describe_map_run(mapRunArn=arn)
    while run["status"] == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.05)
        run = sfn.describe_map_run(mapRunArn=arn)
    assert run["status"] == "SUCCEEDED"
    assert run["itemCounts"]["succeeded"] == 20_000
    # Every child is an execution of the Map Run.
    listed = sfn.list_executions(mapRunArn=arn, maxResults=1000, statusFilter="SUCCEEDED")
    assert len(listed["executions"]) == 1000 and "nextToken" in listed


def test_item_reader_from_a_directory_given_to_serve(tmp_path):
    # `serve --s3-directory BUCKET=DIR` serves a Distributed Map's ItemReader from local files.
    from conftest import Server
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / "2026.jsonl").write_text('{"id": 1}\n{"id": 2}\n{"id": 3}\n')
    (tmp_path / "orders" / "2026.csv").write_text('id,total\n1,"9,50"\n2,3\n')
    server = Server("--in-memory", "--s3-directory", f"shop={tmp_path}")
    try:
        sfn = server.client()
        definition = distributed({"Echo": {"Type": "Pass", "End": True}}, "Echo", ItemReader={
            "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL", "MaxItems": 2},
            "Parameters": {"Bucket": "shop", "Key.$": "$.key"}})
        machine = create_machine(sfn, "Reader", definition)
        execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps({"key": "orders/2026.jsonl"}))["executionArn"]
        described = wait_for_status(sfn, execution)
        assert described["status"] == "SUCCEEDED"
        assert json.loads(described["output"]) == [{"id": 1}, {"id": 2}]

        csv = distributed({"Echo": {"Type": "Pass", "End": True}}, "Echo", ItemReader={
            "Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
            "Parameters": {"Bucket": "shop", "Key": "orders/2026.csv"}})
        execution = sfn.start_execution(stateMachineArn=create_machine(sfn, "CsvReader", csv), input="{}")["executionArn"]
        assert json.loads(wait_for_status(sfn, execution)["output"]) == [{"id": "1", "total": "9,50"}, {"id": "2", "total": "3"}]

        missing = distributed({"Echo": {"Type": "Pass", "End": True}}, "Echo", ItemReader={
            "Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "elsewhere", "Key": "x.json"}})
        execution = sfn.start_execution(stateMachineArn=create_machine(sfn, "NoBucket", missing), input="{}")["executionArn"]
        described = wait_for_status(sfn, execution)
        assert described["status"] == "FAILED" and described["error"] == "States.ItemReaderFailed"
    finally:
        server.stop()


def test_children_are_executions(server, sfn):
    # Each child workflow of a Map Run is an execution: ListExecutions --map-run-arn lists them, DescribeExecution
    # answers with their mapRunArn, GetExecutionHistory with their own events; EXPRESS children too.
    processor = {"Echo": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "value.$": "$"}, "End": True}}
    for kind, resource in [("STANDARD", "execution"), ("EXPRESS", "express")]:
        definition = distributed(processor, "Echo", Label="Kids")
        definition["States"]["Map"]["ItemProcessor"]["ProcessorConfig"]["ExecutionType"] = kind
        machine = create_machine(sfn, f"MapRunKids{kind}", definition)
        execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps([1, 2, 3]))["executionArn"]
        assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
        arn = map_run_arn(sfn, execution)
        pages = sfn.get_paginator("list_executions").paginate(mapRunArn=arn, PaginationConfig={"PageSize": 2})
        children = [item for page in pages for item in page["executions"]]
        assert len(children) == 3
        for child in children:
            assert child["executionArn"].startswith(
                f"arn:aws:states:us-east-1:123456789012:{resource}:MapRunKids{kind}/Kids:")
            assert child["stateMachineArn"] == f"arn:aws:states:us-east-1:123456789012:stateMachine:MapRunKids{kind}/Kids"
            assert child["mapRunArn"] == arn and child["itemCount"] == 1 and child["status"] == "SUCCEEDED"
            described = sfn.describe_execution(executionArn=child["executionArn"])
            assert described["mapRunArn"] == arn
            assert json.loads(described["output"]) == {"id": child["executionArn"], "value": json.loads(described["input"])}
            events = full_history(sfn, child["executionArn"])
            assert [e["type"] for e in events] == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
        # The machine's own executions do not include the children.
        listed = sfn.list_executions(stateMachineArn=machine)["executions"]
        assert [item["executionArn"] for item in listed] == [execution]

    _, listed, _ = server.aws("list-executions", "--map-run-arn", arn, "--status-filter", "SUCCEEDED")
    assert len(listed["executions"]) == 3
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.list_executions(mapRunArn=arn[:-4] + "0000")


def test_redriven_children_keep_or_get_their_arns(sfn):
    # "Redriving Map Runs": RedriveExecution of the parent redrives a STANDARD child in place (same ARN, its history
    # going on with ExecutionRedriven) and starts an EXPRESS child anew (a new ARN; the failed one stays FAILED).
    activity = sfn.create_activity(name="RedrivenKids")["activityArn"]
    processor = {"Work": {"Type": "Task", "Resource": activity, "End": True}}
    for kind, resource in [("STANDARD", "execution"), ("EXPRESS", "express")]:
        definition = distributed(processor, "Work", Label="Kids")
        definition["States"]["Map"]["ItemProcessor"]["ProcessorConfig"]["ExecutionType"] = kind
        machine = create_machine(sfn, f"MapRunRedriven{kind}", definition)
        execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps([1, 2]))["executionArn"]
        for _ in range(2):
            task = sfn.get_activity_task(activityArn=activity)
            if task["input"] == "1":
                sfn.send_task_success(taskToken=task["taskToken"], output="{}")
            else:
                sfn.send_task_failure(taskToken=task["taskToken"], error="Flaky", cause="first try")
        assert wait_for_status(sfn, execution)["status"] == "FAILED"
        arn = map_run_arn(sfn, execution)
        failed = sfn.list_executions(mapRunArn=arn, statusFilter="FAILED")["executions"]
        assert len(failed) == 1
        sfn.redrive_execution(executionArn=execution)
        task = sfn.get_activity_task(activityArn=activity)
        assert task["input"] == "2"
        sfn.send_task_success(taskToken=task["taskToken"], output="{}")
        assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
        children = sfn.list_executions(mapRunArn=arn)["executions"]
        for child in children:
            assert child["executionArn"].startswith(f"arn:aws:states:us-east-1:123456789012:{resource}:MapRunRedriven{kind}/Kids:")
        if kind == "STANDARD":
            assert len(children) == 2 and all(child["status"] == "SUCCEEDED" for child in children)
            events = full_history(sfn, failed[0]["executionArn"])
            types = [e["type"] for e in events]
            assert types.count("ExecutionRedriven") == 1 and types[-1] == "ExecutionSucceeded"
            assert [e["id"] for e in events] == list(range(1, len(events) + 1))
        else:
            assert len(children) == 3
            statuses = {child["executionArn"]: child["status"] for child in children}
            assert statuses[failed[0]["executionArn"]] == "FAILED"
            assert sorted(statuses.values()) == ["FAILED", "SUCCEEDED", "SUCCEEDED"]
            assert all(len(child["executionArn"].split(":")) == 9 for child in children)


def test_nested_map_run_belongs_to_its_child(sfn):
    # DescribeMapRun's executionArn is "the execution in which the Map Run was started" and ListMapRuns lists the
    # Map Runs an execution started: a Distributed Map inside a child workflow belongs to that child execution.
    # DescribeStateMachineForExecution of a child answers the Map Run's machine, with its mapRunArn and label.
    activity = sfn.create_activity(name="NestedKids")["activityArn"]
    inner = distributed({"Work": {"Type": "Task", "Resource": activity, "End": True}}, "Work", Label="Inner")
    definition = distributed({"Inner": inner["States"]["Map"]}, "Inner", Label="Outer")
    machine = create_machine(sfn, "MapRunNested", definition)
    execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps([[1]]))["executionArn"]
    task = sfn.get_activity_task(activityArn=activity)
    outer = sfn.list_map_runs(executionArn=execution)["mapRuns"]
    assert len(outer) == 1
    child = sfn.list_executions(mapRunArn=outer[0]["mapRunArn"])["executions"][0]["executionArn"]
    runs = sfn.list_map_runs(executionArn=child)["mapRuns"]
    assert len(runs) == 1 and runs[0]["executionArn"] == child
    assert sfn.describe_map_run(mapRunArn=runs[0]["mapRunArn"])["executionArn"] == child
    # The inner Map Run still runs in the top-level execution: UpdateMapRun reaches it.
    sfn.update_map_run(mapRunArn=runs[0]["mapRunArn"], maxConcurrency=3)
    assert sfn.describe_map_run(mapRunArn=runs[0]["mapRunArn"])["maxConcurrency"] == 3
    described = sfn.describe_state_machine_for_execution(executionArn=child)
    assert described["stateMachineArn"] == "arn:aws:states:us-east-1:123456789012:stateMachine:MapRunNested/Outer"
    assert described["mapRunArn"] == outer[0]["mapRunArn"] and described["label"] == "Outer"
    assert json.loads(described["definition"])["StartAt"] == "Inner"
    sfn.send_task_success(taskToken=task["taskToken"], output="{}")
    assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
