"""Request rules of the Step Functions API reference, through boto3: CreateStateMachine's idempotency (publish and
versionDescription count), an UpdateStateMachine that changes nothing, an empty tracing configuration, names with
U+FFFE/U+FFFF, Distributed Map label ARNs on Describe/DeleteStateMachine, and list paging across a delete."""
import json
import re
from datetime import timezone

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, create_machine, wait_for_status


def pass_result(value):
    return {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": value, "End": True}}}


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_create_idempotency_counts_publish_and_version_description(sfn):
    # AWS: "The check is also based on the publish and versionDescription parameters."
    definition = json.dumps(pass_result(1))
    arn = sfn.create_state_machine(name="IdemPlain", definition=definition, roleArn=ROLE)["stateMachineArn"]
    assert sfn.create_state_machine(name="IdemPlain", definition=definition, roleArn=ROLE)["stateMachineArn"] == arn
    with pytest.raises(ClientError) as excinfo:
        sfn.create_state_machine(name="IdemPlain", definition=definition, roleArn=ROLE, publish=True)
    assert error_code(excinfo) == "StateMachineAlreadyExists"
    assert sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"] == []

    first = sfn.create_state_machine(
        name="IdemPublished", definition=definition, roleArn=ROLE, publish=True, versionDescription="one")
    again = sfn.create_state_machine(
        name="IdemPublished", definition=definition, roleArn=ROLE, publish=True, versionDescription="one")
    assert again["stateMachineVersionArn"] == first["stateMachineVersionArn"] == first["stateMachineArn"] + ":1"
    for extra in ({"publish": True, "versionDescription": "two"}, {"publish": True}):
        with pytest.raises(ClientError) as excinfo:
            sfn.create_state_machine(name="IdemPublished", definition=definition, roleArn=ROLE, **extra)
        assert error_code(excinfo) == "StateMachineAlreadyExists", extra
    # Not kept: the first create's request. A create without publish is a repeat even after a version was published
    # some other way, so a deploy script that creates and then publishes can run again.
    sfn.publish_state_machine_version(stateMachineArn=arn)
    assert sfn.create_state_machine(name="IdemPlain", definition=definition, roleArn=ROLE)["stateMachineArn"] == arn


def test_an_update_that_changes_nothing_makes_no_revision(sfn):
    definition = pass_result("same")
    arn = create_machine(sfn, "NoOpUpdate", pass_result("before"))
    first = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(definition), publish=True)
    revision = sfn.describe_state_machine(stateMachineArn=arn)["revisionId"]
    second = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(definition), roleArn=ROLE, publish=True)
    assert second["revisionId"] == first["revisionId"] == revision
    # PublishStateMachineVersion "doesn't create a duplicate state machine version if it already exists for the
    # current revision".
    assert second["stateMachineVersionArn"] == first["stateMachineVersionArn"] == arn + ":1"
    assert sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"] == arn + ":1"
    changed = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result("new")), publish=True)
    assert changed["revisionId"] != revision and changed["stateMachineVersionArn"] == arn + ":2"


def test_an_empty_tracing_configuration_is_tracing_off(sfn):
    # TracingConfiguration.enabled is optional ("Required: No").
    arn = create_machine(sfn, "TracingEmpty", pass_result(1), tracingConfiguration={})
    assert sfn.describe_state_machine(stateMachineArn=arn)["tracingConfiguration"] == {"enabled": False}
    sfn.update_state_machine(stateMachineArn=arn, tracingConfiguration={"enabled": True})
    assert sfn.describe_state_machine(stateMachineArn=arn)["tracingConfiguration"] == {"enabled": True}


@pytest.mark.parametrize("name", ["a\ufffeb", "a\uffffb"])
def test_names_with_noncharacters_are_invalid(sfn, name):
    # AWS's name rules forbid the control characters U+0000-001F, U+007F-009F and U+FFFE-FFFF.
    with pytest.raises(ClientError) as excinfo:
        create_machine(sfn, name, pass_result(1))
    assert error_code(excinfo) == "InvalidName"
    with pytest.raises(ClientError) as excinfo:
        sfn.create_activity(name=name)
    assert error_code(excinfo) == "InvalidName"


def test_a_distributed_map_label_arn_is_refused_by_describe_and_delete(sfn):
    arn = create_machine(sfn, "Labelled", pass_result(1))
    # AWS: "If you provide a qualified state machine ARN that refers to a Distributed Map state, the request fails
    # with ValidationException."
    for call in (sfn.describe_state_machine, sfn.delete_state_machine):
        with pytest.raises(ClientError) as excinfo:
            call(stateMachineArn=arn + "/mapLabel")
        assert error_code(excinfo) == "ValidationException"
    assert sfn.describe_state_machine(stateMachineArn=arn)["name"] == "Labelled"


def test_list_pages_go_on_after_the_last_name_across_a_delete(sfn):
    # Names that sort before every other test's machines and activities ("0" before letters): the first page holds
    # two of them, and deleting the first must not make the next page skip one.
    names = [f"0Paged{index}" for index in range(6)]
    arns = {name: create_machine(sfn, name, pass_result(1)) for name in names}
    activities = {name: sfn.create_activity(name=name)["activityArn"] for name in names}
    for listing, delete, key, resources in (
        (sfn.list_state_machines, sfn.delete_state_machine, "stateMachines", arns),
        (sfn.list_activities, sfn.delete_activity, "activities", activities),
    ):
        first = listing(maxResults=2)
        seen = [item["name"] for item in first[key]]
        assert seen == names[:2], key
        # Deleting an item already returned does not shift the rest out of the next page.
        arn_key = "stateMachineArn" if key == "stateMachines" else "activityArn"
        delete(**{arn_key: resources[seen[0]]})
        token = first.get("nextToken")
        while token:
            page = listing(maxResults=2, nextToken=token)
            seen += [item["name"] for item in page[key] if item["name"].startswith("0Paged")]
            token = page.get("nextToken")
        assert seen == names, key
    with pytest.raises(ClientError) as excinfo:
        sfn.list_state_machines(nextToken="o:3")
    assert error_code(excinfo) == "InvalidToken"


def test_the_context_start_time_is_the_described_start_date(sfn):
    # $$.Execution.StartTime and DescribeExecution's startDate name the same instant, to the millisecond (the
    # context's was truncated where the API rounds, 1 ms apart about half the time).
    arn = create_machine(sfn, "StartTimes", {"StartAt": "P", "States": {"P": {
        "Type": "Pass", "Parameters": {"start.$": "$$.Execution.StartTime"}, "End": True}}})
    for _ in range(20):
        execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
        described = wait_for_status(sfn, execution)
        started = described["startDate"].astimezone(timezone.utc)
        expected = started.strftime("%Y-%m-%dT%H:%M:%S.") + f"{round(started.microsecond / 1000):03d}Z"
        assert json.loads(described["output"])["start"] == expected


def test_a_machine_deleted_while_it_runs_is_deleting_until_its_executions_end(sfn):
    # AWS: DeleteStateMachine "sets the state machine's status to DELETING ... A state machine is deleted only when all
    # its executions are completed"; StartExecution then answers StateMachineDeleting.
    arn = create_machine(sfn, "DeletedWhileRunning", {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 300, "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn, name="still-running")["executionArn"]
    sfn.delete_state_machine(stateMachineArn=arn)
    assert sfn.describe_state_machine(stateMachineArn=arn)["status"] == "DELETING"
    assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
    for call in (lambda: sfn.start_execution(stateMachineArn=arn),
                 lambda: create_machine(sfn, "DeletedWhileRunning", pass_result(1))):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_code(excinfo) == "StateMachineDeleting"
    sfn.stop_execution(executionArn=execution)
    assert wait_for_status(sfn, execution)["status"] == "ABORTED"
    with pytest.raises(ClientError) as excinfo:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert error_code(excinfo) == "StateMachineDoesNotExist"
    assert create_machine(sfn, "DeletedWhileRunning", pass_result(1)) == arn
    # A machine without running executions is gone at once.
    sfn.delete_state_machine(stateMachineArn=arn)
    with pytest.raises(ClientError) as excinfo:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert error_code(excinfo) == "StateMachineDoesNotExist"


def test_a_deleted_machines_execution_fails_at_its_next_state_transition(sfn):
    # AWS: "On the next state transition, the state machine's executions are terminated" (DeleteStateMachine); the
    # execution fails with States.Runtime, "State machine NAME has been deleted." (AWS re:Post, "state machine stuck
    # in DELETING status"). A task still waiting keeps the machine DELETING until it answers.
    activity = sfn.create_activity(name="DeletedAtTransition")["activityArn"]
    arn = create_machine(sfn, "DeletedAtTransition", {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": activity, "Next": "After"},
        "After": {"Type": "Pass", "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn, input='{"n": 1}')["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="w")
    assert task["taskToken"]
    sfn.delete_state_machine(stateMachineArn=arn)
    assert sfn.describe_state_machine(stateMachineArn=arn)["status"] == "DELETING"
    assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
    sfn.send_task_success(taskToken=task["taskToken"], output='{"done": true}')
    described = wait_for_status(sfn, execution)
    assert (described["status"], described["error"], described["cause"]) == (
        "FAILED", "States.Runtime", "State machine DeletedAtTransition has been deleted.")
    events = sfn.get_execution_history(executionArn=execution)["events"]
    types = [event["type"] for event in events]
    assert types[-3:] == ["ActivitySucceeded", "TaskStateExited", "ExecutionFailed"]
    assert "PassStateEntered" not in types
    assert events[-1]["previousEventId"] == events[-2]["id"]
    assert events[-1]["executionFailedEventDetails"] == {
        "error": "States.Runtime", "cause": "State machine DeletedAtTransition has been deleted."}
    # Its last execution ended, so the deletion is complete.
    with pytest.raises(ClientError) as excinfo:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert error_code(excinfo) == "StateMachineDoesNotExist"


def test_a_list_executions_token_belongs_to_its_request(sfn):
    # AWS: with a token, "keep all other arguments unchanged"; a token of another machine or filter is InvalidToken.
    first = create_machine(sfn, "TokenFirst", pass_result(1))
    second = create_machine(sfn, "TokenSecond", pass_result(1))
    for machine in (first, second):
        for _ in range(3):
            wait_for_status(sfn, sfn.start_execution(stateMachineArn=machine)["executionArn"])
    page = sfn.list_executions(stateMachineArn=first, maxResults=2)
    token = page["nextToken"]
    assert len(sfn.list_executions(stateMachineArn=first, maxResults=2, nextToken=token)["executions"]) == 1
    for other in ({"stateMachineArn": second}, {"stateMachineArn": first, "statusFilter": "FAILED"}):
        with pytest.raises(ClientError) as excinfo:
            sfn.list_executions(maxResults=2, nextToken=token, **other)
        assert error_code(excinfo) == "InvalidToken", other


def test_express_executions_are_not_listed_stopped_or_described(sfn):
    # AWS: ListExecutions, StopExecution, DescribeExecution and DescribeStateMachineForExecution are "not supported by
    # EXPRESS state machines": the list is StateMachineTypeNotSupported, an execution's ARN InvalidArn.
    arn = sfn.create_state_machine(
        name="ExpressUnlisted", roleArn=ROLE, type="EXPRESS", publish=True,
        definition=json.dumps({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2, "End": True}}}))["stateMachineArn"]
    version = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"][0]["stateMachineVersionArn"]
    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": version, "weight": 100}])["stateMachineAliasArn"]
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    assert ":express:ExpressUnlisted:" in execution
    for listed in (arn, version, alias):
        for status in (None, "RUNNING", "PENDING_REDRIVE"):
            with pytest.raises(ClientError) as excinfo:
                sfn.list_executions(stateMachineArn=listed, **({"statusFilter": status} if status else {}))
            assert error_code(excinfo) == "StateMachineTypeNotSupported", (listed, status)
            assert excinfo.value.response["Error"]["Message"] == "This operation is not supported by this type of state machine"
    # A version that does not exist is still that, not the type's refusal.
    with pytest.raises(ClientError) as excinfo:
        sfn.list_executions(stateMachineArn=arn + ":9")
    assert error_code(excinfo) == "StateMachineDoesNotExist"
    for call in (lambda: sfn.stop_execution(executionArn=execution),
                 lambda: sfn.describe_execution(executionArn=execution),
                 lambda: sfn.describe_state_machine_for_execution(executionArn=execution),
                 lambda: sfn.get_execution_history(executionArn=execution)):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_code(excinfo) == "InvalidArn"
        assert excinfo.value.response["Error"]["Message"] == "Invalid Arn: 'Resource type not valid in this context: express'"
    assert sfn.start_sync_execution(stateMachineArn=arn, input="{}")["status"] == "SUCCEEDED"


def test_alias_and_version_answers_as_aws_records_them(sfn):
    # Wording and codes as AWS answers them (Step Functions API reference; responses recorded against AWS).
    arn = create_machine(sfn, "AliasAnswers", pass_result(1), publish=True)
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(2)), publish=True)
    v1, v2 = arn + ":1", arn + ":2"

    def refused(call):
        with pytest.raises(ClientError) as excinfo:
            call()
        return error_code(excinfo), excinfo.value.response["Error"]["Message"]

    pattern = r"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$"
    for name in ("123", "INVALID ALIAS", "!INVALID", "ALIAS@"):
        assert refused(lambda: sfn.create_state_machine_alias(name=name, routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 100}])) == (
            "ValidationException",
            f"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}")
    assert refused(lambda: sfn.create_state_machine_alias(name="a", routingConfiguration=[
        {"stateMachineVersionArn": arn, "weight": 50}, {"stateMachineVersionArn": v2, "weight": 50}])) == (
        "ValidationException", f"Routing configuration must contain state machine version ARNs. Received: [{arn}, {v2}]")
    assert refused(lambda: sfn.create_state_machine_alias(name="a", routingConfiguration=[
        {"stateMachineVersionArn": v1, "weight": 50}, {"stateMachineVersionArn": v1, "weight": 50}])) == (
        "ValidationException", f"Routing configuration must contain distinct state machine version ARNs. Received: [{v1}, {v1}]")
    assert refused(lambda: sfn.create_state_machine_alias(name="a", routingConfiguration=[
        {"stateMachineVersionArn": v1, "weight": 70}, {"stateMachineVersionArn": v2, "weight": 29}])) == (
        "ValidationException", "Sum of routing configuration weights must equal 100. Received: [70, 29]")

    alias = sfn.create_state_machine_alias(
        name="live", description="d", routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 100}])["stateMachineAliasArn"]
    assert refused(lambda: sfn.create_state_machine_alias(
        name="live", description="other", routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 100}])) == (
        "ConflictException", "Failed to create alias because an alias with the same name and a different routing configuration already exists.")
    assert refused(lambda: sfn.delete_state_machine_version(stateMachineVersionArn=v1)) == (
        "ConflictException",
        "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [live]")
    # Versions and aliases carry no tags: AWS answers that the resource is not found; a version is not updatable.
    for qualified in (v1, alias):
        assert refused(lambda: sfn.tag_resource(resourceArn=qualified, tags=[{"key": "k", "value": "v"}])) == (
            "ResourceNotFound", f"Resource not found: '{qualified}'")
        assert refused(lambda: sfn.list_tags_for_resource(resourceArn=qualified))[0] == "ResourceNotFound"
    assert refused(lambda: sfn.update_state_machine(stateMachineArn=v2, definition=json.dumps(pass_result(3)))) == (
        "StateMachineDoesNotExist", f"State Machine Does Not Exist: '{v2}'")

    # An execution started through the alias, one on a version, one on the machine: the unqualified list names the
    # version and alias of each, and every item carries redriveCount.
    through_alias = sfn.start_execution(stateMachineArn=alias)["executionArn"]
    on_version = sfn.start_execution(stateMachineArn=v2)["executionArn"]
    plain = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    for execution in (through_alias, on_version, plain):
        wait_for_status(sfn, execution)
    items = {item["executionArn"]: item for item in sfn.list_executions(stateMachineArn=arn)["executions"]}
    assert items[through_alias]["stateMachineVersionArn"] == v1 and items[through_alias]["stateMachineAliasArn"] == alias
    assert items[on_version]["stateMachineVersionArn"] == v2 and "stateMachineAliasArn" not in items[on_version]
    assert "stateMachineVersionArn" not in items[plain] and "stateMachineAliasArn" not in items[plain]
    assert all(item["redriveCount"] == 0 for item in items.values())

    sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias)  # AWS: deleting an alias that is gone succeeds
    assert refused(lambda: sfn.update_state_machine_alias(stateMachineAliasArn=alias, description="x")) == (
        "ResourceNotFound", "Request references a resource that does not exist.")


def test_revision_ids_are_uuids_and_an_unchanged_machine_has_none(sfn):
    # AWS's revisionId is a UUID; an update that changes nothing on a machine never revised answers none.
    arn = create_machine(sfn, "RevisionIds", pass_result(1))
    unchanged = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(1)), publish=True)
    assert "revisionId" not in unchanged and unchanged["stateMachineVersionArn"] == arn + ":1"
    revised = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(2)))["revisionId"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", revised)
    assert sfn.describe_state_machine(stateMachineArn=arn)["revisionId"] == revised
    again = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(3)))["revisionId"]
    assert again != revised
    with pytest.raises(ClientError) as excinfo:
        sfn.publish_state_machine_version(stateMachineArn=arn, revisionId=revised)
    assert excinfo.value.response["Error"]["Message"] == (
        f"Failed to publish the State Machine version for revision {revised}. The current State Machine revision is {again}.")
    version = sfn.publish_state_machine_version(stateMachineArn=arn, revisionId=again)["stateMachineVersionArn"]
    assert sfn.describe_state_machine(stateMachineArn=version)["revisionId"] == again


def test_an_execution_of_a_deleting_machine_cannot_be_redriven(sfn):
    # AWS lists "State machine is in DELETING status." among the reasons an execution is NOT_REDRIVABLE.
    arn = create_machine(sfn, "RedriveDeleting", {"StartAt": "Choose", "States": {
        "Choose": {"Type": "Choice", "Choices": [{"Variable": "$.wait", "IsPresent": True, "Next": "W"}], "Default": "Boom"},
        "W": {"Type": "Wait", "Seconds": 300, "End": True},
        "Boom": {"Type": "Fail", "Error": "E"}}})
    failed = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    assert wait_for_status(sfn, failed)["status"] == "FAILED"
    running = sfn.start_execution(stateMachineArn=arn, input='{"wait": 1}')["executionArn"]
    sfn.delete_state_machine(stateMachineArn=arn)
    described = sfn.describe_execution(executionArn=failed)
    assert (described["redriveStatus"], described["redriveStatusReason"]) == ("NOT_REDRIVABLE", "State machine is in DELETING status.")
    with pytest.raises(ClientError) as excinfo:
        sfn.redrive_execution(executionArn=failed)
    assert error_code(excinfo) == "ExecutionNotRedrivable"
    assert excinfo.value.response["Error"]["Message"] == "State machine is in DELETING status."
    sfn.stop_execution(executionArn=running)


def test_a_task_failure_without_error_or_cause_is_caught_as_nulls(sfn):
    # AWS records {"Error": null, "Cause": null} for a SendTaskFailure that gave neither, caught on the Task and
    # through a Parallel; a failure that names them keeps them.
    activity = sfn.create_activity(name="NullFailure")["activityArn"]
    catch = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Done"}]
    task = {"Type": "Task", "Resource": activity, "End": True}
    direct = create_machine(sfn, "NullFailureDirect", {"StartAt": "T", "States": {
        "T": dict(task, Catch=catch, End=True), "Done": {"Type": "Succeed"}}})
    nested = create_machine(sfn, "NullFailureParallel", {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [{"StartAt": "T", "States": {"T": task}}], "Catch": catch, "End": True},
        "Done": {"Type": "Succeed"}}})
    for machine, failure, expected in ((direct, {}, {"Error": None, "Cause": None}),
                                       (nested, {}, {"Error": None, "Cause": None}),
                                       (direct, {"error": "E"}, {"Error": "E", "Cause": None})):
        execution = sfn.start_execution(stateMachineArn=machine, input='{"m": 1}')["executionArn"]
        token = sfn.get_activity_task(activityArn=activity)["taskToken"]
        sfn.send_task_failure(taskToken=token, **failure)
        described = wait_for_status(sfn, execution)
        assert described["status"] == "SUCCEEDED"
        assert json.loads(described["output"]) == {"m": 1, "err": expected}


def test_token_and_output_errors_are_worded_as_aws(sfn):
    with pytest.raises(ClientError) as excinfo:
        sfn.send_task_heartbeat(taskToken="FakeTaskToken")
    assert error_code(excinfo) == "InvalidToken"
    assert excinfo.value.response["Error"]["Message"] == "Invalid Token: 'Invalid token'"
    # An EXPRESS machine refuses a callback with AWS's words (and its double space).
    with pytest.raises(ClientError) as excinfo:
        sfn.create_state_machine(name="ExpressCallback", roleArn=ROLE, type="EXPRESS", definition=json.dumps({
            "StartAt": "Publish", "States": {"Publish": {
                "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": True}}}))
    assert excinfo.value.response["Error"]["Message"] == (
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support "
        "'.waitForTaskToken' service integration  at /States/Publish/Resource'")
