"""Request rules of the Step Functions API reference, through boto3: CreateStateMachine's idempotency (publish and
versionDescription count), an UpdateStateMachine that changes nothing, an empty tracing configuration, names with
U+FFFE/U+FFFF, Distributed Map label ARNs on Describe/DeleteStateMachine, and list paging across a delete."""
import json
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
