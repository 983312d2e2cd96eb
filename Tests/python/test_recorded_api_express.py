"""Activities, versions, aliases, Express executions, Map Runs and timeouts compared with answers recorded against AWS:
LocalStack's snapshot files (tests/aws/services/stepfunctions/v2/**/*.snapshot.json in localstack/localstack) hold raw
AWS responses with identifiers masked. Each test names the snapshot file and test it follows; the calls and assertions
are written here from the recorded answers."""
import json
import threading
import time

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, create_machine, full_history, wait_for_status

PASS = {"Comment": "BASE_PASS_RESULT", "StartAt": "State_1",
        "States": {"State_1": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": True}}}
INPUT = {"Value1": "HelloWorld"}
INPUT_TEXT = json.dumps(INPUT, separators=(",", ":"))


def error_of(excinfo):
    response = excinfo.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def body(response):
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def shape(events):
    """(id, previousEventId, type) of each event, with its details (inputs and outputs parsed)."""
    out = []
    for event in events:
        details = {key: value for key, value in event.items() if key not in ("id", "previousEventId", "type", "timestamp")}
        out.append((event["id"], event["previousEventId"], event["type"], details))
    return out


def details_of(event):
    return next(value for key, value in event.items() if key.endswith("EventDetails"))


def activity_definition(activity_arn, **fields):
    return {"Comment": "BASE_ACTIVITY_TASK", "StartAt": "ActivityTask",
            "States": {"ActivityTask": {"Type": "Task", "Resource": activity_arn, **fields, "End": True}}}


# --- Activities API (test_sfn_api_activities.snapshot.json, recorded against AWS) ---

# TestSnfApiActivities::test_create_describe_delete_activity: a second CreateActivity with the same name answers the
# same ARN; DescribeActivity has activityArn, creationDate and name; DeleteActivity twice answers empty both times.
def test_create_describe_delete_activity(sfn):
    created = sfn.create_activity(name="activity.name.v2-recorded")
    assert set(body(created)) == {"activityArn", "creationDate"}
    again = sfn.create_activity(name="activity.name.v2-recorded")
    assert again["activityArn"] == created["activityArn"]
    assert again["creationDate"] == created["creationDate"]
    described = sfn.describe_activity(activityArn=created["activityArn"])
    # (the recording predates encryptionConfiguration, which its test leaves unchecked)
    assert set(body(described)) - {"encryptionConfiguration"} == {"activityArn", "creationDate", "name"}
    assert described["name"] == "activity.name.v2-recorded"
    assert body(sfn.delete_activity(activityArn=created["activityArn"])) == {}
    assert body(sfn.delete_activity(activityArn=created["activityArn"])) == {}


# TestSnfApiActivities::test_create_describe_delete_activity's names: dots, dashes, underscores, 80 characters.
@pytest.mark.parametrize("base", ["Activity1", "activity-name_123", "ACTIVITY_NAME_ABC", "activity.name", "activity.name.v2",
                                  "activityName.with.dots", "activity-name.1", "activity_123.name", "a" * 71])
def test_create_activity_valid_names(sfn, base):
    name = f"{base}-abcdefgh"
    created = sfn.create_activity(name=name)
    assert sfn.describe_activity(activityArn=created["activityArn"])["name"] == name
    sfn.delete_activity(activityArn=created["activityArn"])


# TestSnfApiActivities::test_create_activity_invalid_name: each of these names is InvalidName "Invalid Name: '<name>'".
@pytest.mark.parametrize("name", [
    "activity name", "activity<name", "activity>name", "activity{name", "activity}name", "activity[name",
    "activity]name", "activity?name", "activity*name", 'activity"name', "activity#name", "activity%name",
    "activity\\name", "activity^name", "activity|name", "activity~name", "activity`name", "activity$name",
    "activity&name", "activity,name", "activity;name", "activity:name", "activity/name", chr(0) + "activity",
    "activity" + chr(31), "activity" + chr(127)])
def test_create_activity_invalid_name(sfn, name):
    with pytest.raises(ClientError) as excinfo:
        sfn.create_activity(name=name)
    assert error_of(excinfo) == ("InvalidName", f"Invalid Name: '{name}'", 400)


# TestSnfApiActivities::test_describe_deleted_activity, test_get_activity_task_deleted: ActivityDoesNotExist.
def test_deleted_activity(sfn):
    arn = sfn.create_activity(name="RecordedDeletedActivity")["activityArn"]
    sfn.delete_activity(activityArn=arn)
    with pytest.raises(ClientError) as excinfo:
        sfn.describe_activity(activityArn=arn)
    assert error_of(excinfo) == ("ActivityDoesNotExist", f"Activity Does Not Exist: '{arn}'", 400)
    with pytest.raises(ClientError) as excinfo:
        sfn.get_activity_task(activityArn=arn)
    assert error_of(excinfo) == ("ActivityDoesNotExist", f"Activity Does Not Exist: '{arn}'", 400)


# TestSnfApiActivities::test_describe_activity_invalid_arn, test_get_activity_task_invalid_arn.
def test_activity_invalid_arn(sfn):
    for call in (sfn.describe_activity, sfn.get_activity_task):
        with pytest.raises(ClientError) as excinfo:
            call(activityArn="no_an_activity_arn")
        assert error_of(excinfo)[:2] == ("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'")


# TestSnfApiActivities::test_list_activities: each listed activity has activityArn, creationDate and name.
def test_list_activities(sfn):
    arns = {sfn.create_activity(name=f"RecordedListActivity-{i}")["activityArn"] for i in range(3)}
    listed = [a for a in sfn.list_activities()["activities"] if a["activityArn"] in arns]
    assert len(listed) == 3
    assert all(set(a) == {"activityArn", "creationDate", "name"} for a in listed)


# --- Activity tasks (activities/test_activities.snapshot.json, recorded against AWS) ---

def run_activity(sfn, name, definition, worker, worker_name="BASE_ID_ACTIVITY_CONSUMER"):
    """Starts an execution of `definition` and serves its one activity task with `worker(sfn, token, input)`."""
    arn = create_machine(sfn, name, definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=INPUT_TEXT)["executionArn"]
    activity_arn = definition["States"]["ActivityTask"]["Resource"]
    kwargs = {"workerName": worker_name} if worker_name else {}
    task = sfn.get_activity_task(activityArn=activity_arn, **kwargs)
    assert json.loads(task["input"]) == INPUT
    worker(sfn, task["taskToken"], task["input"])
    wait_for_status(sfn, execution)
    return full_history(sfn, execution)


def succeed(sfn, token, text):
    sfn.send_task_success(taskToken=token, output=text)


ENTERED = (2, 0, "TaskStateEntered", {"stateEnteredEventDetails": {
    "input": INPUT_TEXT, "inputDetails": {"truncated": False}, "name": "ActivityTask"}})


def scheduled(activity_arn, **extra):
    return (3, 2, "ActivityScheduled", {"activityScheduledEventDetails": {
        "input": INPUT_TEXT, "inputDetails": {"truncated": False}, "resource": activity_arn, **extra}})


def succeeded_tail(first_id):
    output = {"output": INPUT_TEXT, "outputDetails": {"truncated": False}}
    return [(first_id, first_id - 1, "ActivitySucceeded", {"activitySucceededEventDetails": output}),
            (first_id + 1, first_id, "TaskStateExited", {"stateExitedEventDetails": {"name": "ActivityTask", **output}}),
            (first_id + 2, first_id + 1, "ExecutionSucceeded", {"executionSucceededEventDetails": output})]


# TestActivities::test_activity_task: ActivityScheduled names the resource and no timeouts; ActivityStarted names the
# worker.
def test_activity_task(sfn):
    activity = sfn.create_activity(name="RecordedActivityTask")["activityArn"]
    events = shape(run_activity(sfn, "RecordedActivityTask", activity_definition(activity), succeed))
    assert events[1:] == [ENTERED, scheduled(activity),
                          (4, 3, "ActivityStarted", {"activityStartedEventDetails": {"workerName": "BASE_ID_ACTIVITY_CONSUMER"}}),
                          *succeeded_tail(5)]


# TestActivities::test_activity_task_no_worker_name: without a workerName, ActivityStarted's details are empty.
def test_activity_task_no_worker_name(sfn):
    activity = sfn.create_activity(name="RecordedActivityNoWorker")["activityArn"]
    events = shape(run_activity(sfn, "RecordedActivityNoWorker", activity_definition(activity), succeed, worker_name=None))
    assert events[3] == (4, 3, "ActivityStarted", {"activityStartedEventDetails": {}})
    assert events[4:] == succeeded_tail(5)


# TestActivities::test_activity_task_failure: SendTaskFailure's error and cause go to ActivityFailed and ExecutionFailed.
def test_activity_task_failure(sfn):
    activity = sfn.create_activity(name="RecordedActivityFailure")["activityArn"]

    def fail(sfn, token, text):
        sfn.send_task_failure(taskToken=token, error="Programmatic Error", cause=text)

    events = shape(run_activity(sfn, "RecordedActivityFailure", activity_definition(activity), fail))
    failure = {"cause": INPUT_TEXT, "error": "Programmatic Error"}
    assert events[4:] == [(5, 4, "ActivityFailed", {"activityFailedEventDetails": failure}),
                          (6, 5, "ExecutionFailed", {"executionFailedEventDetails": failure})]


# TestActivities::test_activity_task_with_heartbeat: ActivityScheduled carries heartbeatInSeconds and timeoutInSeconds.
def test_activity_task_with_heartbeat(sfn):
    activity = sfn.create_activity(name="RecordedActivityHeartbeat")["activityArn"]

    def beat(sfn, token, text):
        for _ in range(2):
            assert body(sfn.send_task_heartbeat(taskToken=token)) == {}
        sfn.send_task_success(taskToken=token, output=text)

    definition = activity_definition(activity, TimeoutSeconds=60, HeartbeatSeconds=10)
    events = shape(run_activity(sfn, "RecordedActivityHeartbeat", definition, beat))
    assert events[2] == scheduled(activity, heartbeatInSeconds=10, timeoutInSeconds=60)
    assert events[4:] == succeeded_tail(5)


# TestActivities::test_activity_task_on_deleted: a Task on a deleted activity fails the execution with States.Runtime.
def test_activity_task_on_deleted(sfn):
    activity = sfn.create_activity(name="RecordedActivityDeleted")["activityArn"]
    sfn.delete_activity(activityArn=activity)
    arn = create_machine(sfn, "RecordedActivityDeleted", activity_definition(activity))
    execution = sfn.start_execution(stateMachineArn=arn, input=INPUT_TEXT)["executionArn"]
    assert wait_for_status(sfn, execution)["status"] == "FAILED"
    events = shape(full_history(sfn, execution))
    assert events[1:] == [ENTERED, (3, 2, "ExecutionFailed", {"executionFailedEventDetails": {
        "cause": f"An error occurred while executing the state 'ActivityTask' (entered at the event id #2). "
                 f"The activity {activity} does not exist.",
        "error": "States.Runtime"}})]


# TestActivities::test_activity_task_start_timeout: a worker that takes the task and never answers; after TimeoutSeconds
# ActivityTimedOut and ExecutionFailed carry only the error States.Timeout.
def test_activity_task_start_timeout(sfn):
    activity = sfn.create_activity(name="RecordedActivityTimeout")["activityArn"]
    definition = activity_definition(activity, TimeoutSeconds=2)
    events = shape(run_activity(sfn, "RecordedActivityTimeout", definition, lambda *_: None))
    assert events[2] == scheduled(activity, timeoutInSeconds=2)
    assert events[4:] == [(5, 4, "ActivityTimedOut", {"activityTimedOutEventDetails": {"error": "States.Timeout"}}),
                          (6, 5, "ExecutionFailed", {"executionFailedEventDetails": {"error": "States.Timeout"}})]


# --- Versions (test_sfn_api_versioning.snapshot.json, recorded against AWS) ---

def commented(suffix):
    return dict(PASS, Comment=f"BASE_PASS_RESULT-{suffix}")


DESCRIBED_KEYS = {"creationDate", "definition", "loggingConfiguration", "name", "roleArn", "stateMachineArn", "status",
                  "tracingConfiguration", "type"}


# TestSnfApiVersioning::test_create_publish_describe_no_version_description and ..._with_version_description: a machine
# created with publish has no revisionId, neither described itself nor as its version 1; the version has the description.
@pytest.mark.parametrize("description", [None, "HelloWorld!"])
def test_create_publish_describe(sfn, description):
    name = "RecordedCreatePublish" + ("Described" if description else "")
    extra = {"versionDescription": description} if description else {}
    created = sfn.create_state_machine(name=name, definition=json.dumps(PASS), roleArn=ROLE, publish=True, **extra)
    assert set(body(created)) == {"creationDate", "stateMachineArn", "stateMachineVersionArn"}
    assert created["stateMachineVersionArn"] == created["stateMachineArn"] + ":1"
    version = body(sfn.describe_state_machine(stateMachineArn=created["stateMachineVersionArn"]))
    version.pop("encryptionConfiguration", None)
    assert set(version) == DESCRIBED_KEYS | ({"description"} if description else set())
    assert version["stateMachineArn"] == created["stateMachineVersionArn"]
    assert version.get("description") == description
    assert version["loggingConfiguration"] == {"includeExecutionData": False, "level": "OFF"}
    machine = body(sfn.describe_state_machine(stateMachineArn=created["stateMachineArn"]))
    machine.pop("encryptionConfiguration", None)
    assert set(machine) == DESCRIBED_KEYS


# TestSnfApiVersioning::test_update_state_machine: UpdateStateMachine with publish answers revisionId,
# stateMachineVersionArn and updateDate; versions are listed newest first; a version ARN cannot be updated
# (StateMachineDoesNotExist, with or without publish).
def test_update_state_machine_with_publish(sfn):
    arn = create_machine(sfn, "RecordedUpdatePublish", PASS)
    first = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(commented("R1")), publish=True)
    assert set(body(first)) == {"revisionId", "stateMachineVersionArn", "updateDate"}
    assert first["stateMachineVersionArn"] == arn + ":1"
    listed = sfn.list_state_machine_versions(stateMachineArn=arn)
    assert [set(v) for v in listed["stateMachineVersions"]] == [{"creationDate", "stateMachineVersionArn"}]
    second = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(commented("R2")), publish=True)
    assert second["stateMachineVersionArn"] == arn + ":2" and second["revisionId"] != first["revisionId"]
    listed = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in listed] == [arn + ":2", arn + ":1"]
    for extra in ({}, {"publish": True}):
        with pytest.raises(ClientError) as excinfo:
            sfn.update_state_machine(stateMachineArn=arn + ":2", definition=json.dumps(commented("R3")), **extra)
        assert error_of(excinfo) == ("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}:2'", 400)


# TestSnfApiVersioning::test_publish_state_machine_version: updates without publish answer revisionId and updateDate;
# PublishStateMachineVersion answers creationDate and stateMachineVersionArn; a version describes with its revisionId
# and description; publishing an older revisionId is a ConflictException worded with both revisions.
def test_publish_state_machine_version(sfn):
    arn = create_machine(sfn, "RecordedPublish", PASS)
    first = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(commented("R1")))
    assert set(body(first)) == {"revisionId", "updateDate"}
    published = sfn.publish_state_machine_version(stateMachineArn=arn)
    assert set(body(published)) == {"creationDate", "stateMachineVersionArn"}
    assert published["stateMachineVersionArn"] == arn + ":1"
    v1 = body(sfn.describe_state_machine(stateMachineArn=arn + ":1"))
    v1.pop("encryptionConfiguration", None)
    assert set(v1) == DESCRIBED_KEYS | {"revisionId"}
    assert v1["revisionId"] == first["revisionId"] and json.loads(v1["definition"]) == commented("R1")
    second = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(commented("R2")))
    assert sfn.publish_state_machine_version(stateMachineArn=arn, description="PublishedV2Description")[
        "stateMachineVersionArn"] == arn + ":2"
    v2 = sfn.describe_state_machine(stateMachineArn=arn + ":2")
    assert (v2["description"], v2["revisionId"]) == ("PublishedV2Description", second["revisionId"])
    third = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(commented("R3")))
    with pytest.raises(ClientError) as excinfo:
        sfn.publish_state_machine_version(stateMachineArn=arn, revisionId=second["revisionId"])
    assert error_of(excinfo) == (
        "ConflictException", f"Failed to publish the State Machine version for revision {second['revisionId']}. "
                             f"The current State Machine revision is {third['revisionId']}.", 400)


# TestSnfApiVersioning::test_start_version_execution: executions of the machine list no stateMachineVersionArn;
# executions of the version, listed by the version's ARN, carry it.
def test_start_version_execution(sfn):
    created = sfn.create_state_machine(name="RecordedStartVersion", definition=json.dumps(PASS), roleArn=ROLE, publish=True)
    arn, version = created["stateMachineArn"], created["stateMachineVersionArn"]
    plain = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    wait_for_status(sfn, plain)
    listed = sfn.list_executions(stateMachineArn=arn)["executions"]
    # (recorded in 2023, before redrive added redriveCount to each item)
    assert [set(e) - {"redriveCount"} for e in listed] == [
        {"executionArn", "name", "startDate", "stateMachineArn", "status", "stopDate"}]
    versioned = sfn.start_execution(stateMachineArn=version)["executionArn"]
    assert versioned.startswith(arn.replace(":stateMachine:", ":execution:") + ":")
    wait_for_status(sfn, versioned)
    listed = sfn.list_executions(stateMachineArn=version)["executions"]
    assert [e["executionArn"] for e in listed] == [versioned]
    assert listed[0]["stateMachineArn"] == arn and listed[0]["stateMachineVersionArn"] == version


# TestSnfApiVersioning::test_list_delete_version: deleting a version twice answers empty both times.
def test_list_delete_version(sfn):
    created = sfn.create_state_machine(name="RecordedDeleteVersion", definition=json.dumps(PASS), roleArn=ROLE, publish=True)
    version = created["stateMachineVersionArn"]
    assert body(sfn.delete_state_machine_version(stateMachineVersionArn=version)) == {}
    assert sfn.list_state_machine_versions(stateMachineArn=created["stateMachineArn"])["stateMachineVersions"] == []
    assert body(sfn.delete_state_machine_version(stateMachineVersionArn=version)) == {}


# TestSnfApiVersioning::test_version_ids_between_deletions: after version 2 is deleted, the next is 3.
# TestSnfApiVersioning::test_idempotent_publish: publishing an unchanged machine twice answers version 1 both times.
def test_version_ids_and_idempotent_publish(sfn):
    created = sfn.create_state_machine(name="RecordedVersionIds", definition=json.dumps(PASS), roleArn=ROLE, publish=True)
    arn = created["stateMachineArn"]
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(commented("R2")), publish=True)
    sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":2")
    assert sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"] == arn + ":3"
    other = create_machine(sfn, "RecordedIdempotentPublish", PASS)
    first = sfn.publish_state_machine_version(stateMachineArn=other)
    second = sfn.publish_state_machine_version(stateMachineArn=other)
    assert first["stateMachineVersionArn"] == second["stateMachineVersionArn"] == other + ":1"
    assert len(sfn.list_state_machine_versions(stateMachineArn=other)["stateMachineVersions"]) == 1


# TestSnfApiVersioning::test_empty_revision_with_publish_and_[no_]publish_on_creation: an update with publish that
# changes nothing answers stateMachineVersionArn ...:1 and updateDate, without a revisionId.
@pytest.mark.parametrize("publish_on_creation", [False, True])
def test_empty_revision_with_publish(sfn, publish_on_creation):
    name = "RecordedEmptyRevision" + str(publish_on_creation)
    arn = sfn.create_state_machine(name=name, definition=json.dumps(PASS), roleArn=ROLE,
                                   publish=publish_on_creation)["stateMachineArn"]
    for _ in range(2):
        updated = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(PASS), publish=True)
        assert set(body(updated)) == {"stateMachineVersionArn", "updateDate"}
        assert updated["stateMachineVersionArn"] == arn + ":1"


# TestSnfApiVersioning::test_describe_state_machine_for_execution_of_version[_with_revision]: the machine of a version's
# execution is described with the machine's ARN (not the version's), updateDate, no creationDate/status/type, and the
# revisionId only when the version has one.
@pytest.mark.parametrize("with_revision", [False, True])
def test_describe_state_machine_for_execution_of_version(sfn, with_revision):
    name = "RecordedDescribeForVersion" + str(with_revision)
    if with_revision:
        arn = create_machine(sfn, name, PASS)
        updated = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(commented("R2")), publish=True)
        version = updated["stateMachineVersionArn"]
    else:
        created = sfn.create_state_machine(name=name, definition=json.dumps(PASS), roleArn=ROLE, publish=True)
        arn, version = created["stateMachineArn"], created["stateMachineVersionArn"]
    execution = sfn.start_execution(stateMachineArn=version)["executionArn"]
    wait_for_status(sfn, execution)
    described = body(sfn.describe_state_machine_for_execution(executionArn=execution))
    described.pop("encryptionConfiguration", None)
    expected = {"definition", "loggingConfiguration", "name", "roleArn", "stateMachineArn", "tracingConfiguration",
                "updateDate"}
    assert set(described) == expected | ({"revisionId"} if with_revision else set())
    assert described["stateMachineArn"] == arn
    if with_revision:
        assert described["revisionId"] == updated["revisionId"]


# TestSnfApiVersioning::test_publish_state_machine_version_no_such_machine and ..._invalid_arn.
def test_publish_state_machine_version_errors(sfn):
    missing = create_machine(sfn, "RecordedPublishErrors", PASS).replace("RecordedPublishErrors", "RecordedNoSuchMachine")
    with pytest.raises(ClientError) as excinfo:
        sfn.publish_state_machine_version(stateMachineArn=missing)
    assert error_of(excinfo) == ("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{missing}'", 400)
    with pytest.raises(ClientError) as excinfo:
        sfn.publish_state_machine_version(stateMachineArn="invalid_arn")
    assert error_of(excinfo)[:2] == ("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: invalid_arn'")


# TestSnfApiVersioning::test_create_with_version_description_no_publish.
def test_create_with_version_description_no_publish(sfn):
    with pytest.raises(ClientError) as excinfo:
        sfn.create_state_machine(name="RecordedDescriptionNoPublish", definition=json.dumps(PASS), roleArn=ROLE,
                                 versionDescription="HelloWorld!")
    assert error_of(excinfo) == ("ValidationException", "Version description can only be set when publish is true", 400)


# --- Aliases (test_sfn_api_aliasing.snapshot.json, recorded against AWS in 2025) ---

def versions(sfn, name, count):
    """A machine published on creation and updated with publish until it has `count` versions."""
    created = sfn.create_state_machine(name=name, definition=json.dumps(PASS), roleArn=ROLE, publish=True)
    arn = created["stateMachineArn"]
    arns = [created["stateMachineVersionArn"]]
    for number in range(count - 1):
        definition = dict(PASS, Comment=f"Definition for version {number}")
        arns.append(sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(definition),
                                             publish=True)["stateMachineVersionArn"])
    return arn, arns


def routes(*pairs):
    return [{"stateMachineVersionArn": arn, "weight": weight} for arn, weight in pairs]


# TestSfnApiAliasing::test_error_create_alias_invalid_router_configs and test_error_create_alias_with_state_machine_arn.
def test_create_alias_invalid_routing(sfn):
    arn, (v1, v2, v3) = versions(sfn, "RecordedAliasRouting", 3)

    def refused(routing):
        with pytest.raises(ClientError) as excinfo:
            sfn.create_state_machine_alias(name="AliasName-bad", routingConfiguration=routing)
        code, message, status = error_of(excinfo)
        assert (code, status) == ("ValidationException", 400)
        return message

    assert refused(routes((v1, 50), (v2, 30), (v3, 20))) == (
        f"1 validation error detected: Value '[RoutingConfigurationListItem(stateMachineVersionArn={v1}, weight=50), "
        f"RoutingConfigurationListItem(stateMachineVersionArn={v2}, weight=30), "
        f"RoutingConfigurationListItem(stateMachineVersionArn={v3}, weight=20)]' at 'routingConfiguration' failed to "
        f"satisfy constraint: Member must have length less than or equal to 2")
    assert refused(routes((v1, 50), (v1, 50))) == (
        f"Routing configuration must contain distinct state machine version ARNs. Received: [{v1}, {v1}]")
    assert refused(routes((arn, 70), (v2, 30))) == (
        f"Routing configuration must contain state machine version ARNs. Received: [{arn}, {v2}]")
    assert refused(routes((arn, 100))) == f"Routing configuration must contain state machine version ARNs. Received: [{arn}]"
    assert refused(routes((v1, 101))) == (
        "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: "
        "Member must have value less than or equal to 100")
    assert refused(routes((v1, 70), (v2, 29))) == "Sum of routing configuration weights must equal 100. Received: [70, 29]"
    assert refused(routes((v1, 70), (v2, 31))) == "Sum of routing configuration weights must equal 100. Received: [70, 31]"


# TestSfnApiAliasing::test_error_create_alias_invalid_name (the empty name is refused by the client itself).
PATTERN = r"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$"


@pytest.mark.parametrize("name, constraint", [
    ("123", f"Member must satisfy regular expression pattern: {PATTERN}"),
    ("A" * 81, "Member must have length less than or equal to 80"),
    ("INVALID ALIAS", f"Member must satisfy regular expression pattern: {PATTERN}"),
    ("!INVALID", f"Member must satisfy regular expression pattern: {PATTERN}"),
    ("ALIAS@", f"Member must satisfy regular expression pattern: {PATTERN}"),
])
def test_create_alias_invalid_name(sfn, name, constraint):
    _, (v1,) = versions(sfn, "RecordedAliasName" + str(len(name)) + name[:1].replace("!", "x").replace("1", "n"), 1)
    with pytest.raises(ClientError) as excinfo:
        sfn.create_state_machine_alias(name=name, description="create state machine alias description",
                                       routingConfiguration=routes((v1, 100)))
    assert error_of(excinfo) == (
        "ValidationException", f"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: {constraint}",
        400)


# TestSfnApiAliasing::test_error_create_alias_not_idempotent and test_idempotent_create_alias: the same alias again
# answers the same ARN; another description or routing is a ConflictException worded the same both times; aliases are
# listed with creationDate and stateMachineAliasArn.
def test_create_alias_idempotence(sfn):
    arn, (v1, v2) = versions(sfn, "RecordedAliasIdempotent", 2)
    name, description = "AliasName-idem", "create state machine alias description"
    first = sfn.create_state_machine_alias(name=name, description=description, routingConfiguration=routes((v1, 100)))
    assert set(body(first)) == {"creationDate", "stateMachineAliasArn"}
    again = sfn.create_state_machine_alias(name=name, description=description, routingConfiguration=routes((v1, 100)))
    assert again["stateMachineAliasArn"] == first["stateMachineAliasArn"] == f"{arn}:{name}"
    message = ("Failed to create alias because an alias with the same name and a different routing configuration "
               "already exists.")
    for extra in ({"description": "This is a different description", "routingConfiguration": routes((v1, 100))},
                  {"description": description, "routingConfiguration": routes((v1, 50), (v2, 50))}):
        with pytest.raises(ClientError) as excinfo:
            sfn.create_state_machine_alias(name=name, **extra)
        assert error_of(excinfo) == ("ConflictException", message, 400)
    sfn.create_state_machine_alias(name=name + "-second", description=description, routingConfiguration=routes((v1, 100)))
    listed = sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]
    assert [set(a) for a in listed] == [{"creationDate", "stateMachineAliasArn"}] * 2
    assert [a["stateMachineAliasArn"] for a in listed] == [f"{arn}:{name}", f"{arn}:{name}-second"]


# TestSfnApiAliasing::test_base_lifecycle_create_delete_list: aliases are listed in creation order; deletes answer empty.
def test_alias_create_delete_list(sfn):
    arn, (v1,) = versions(sfn, "RecordedAliasLifecycle", 1)
    assert sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"] == []
    aliases = [sfn.create_state_machine_alias(name=f"AliasName-{n}", routingConfiguration=routes((v1, 100)))[
        "stateMachineAliasArn"] for n in range(3)]
    assert [a["stateMachineAliasArn"] for a in sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]] == aliases
    for number, alias in enumerate(aliases):
        assert body(sfn.delete_state_machine_alias(stateMachineAliasArn=alias)) == {}
        listed = sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]
        assert [a["stateMachineAliasArn"] for a in listed] == aliases[number + 1:]


# TestSfnApiAliasing::test_base_lifecycle_create_invoke_describe_list: an execution through the alias describes and lists
# with stateMachineAliasArn and stateMachineVersionArn; one through the version with the version only.
def test_alias_invoke_describe_list(sfn):
    arn, (v1,) = versions(sfn, "RecordedAliasInvoke", 1)
    alias = sfn.create_state_machine_alias(name="AliasName-invoke", routingConfiguration=routes((v1, 100)))[
        "stateMachineAliasArn"]
    through_alias = sfn.start_execution(stateMachineArn=alias, input="{}")
    assert set(body(through_alias)) == {"executionArn", "startDate"}
    described = body(wait_for_status(sfn, through_alias["executionArn"]))
    assert set(described) == {"executionArn", "input", "inputDetails", "name", "output", "outputDetails", "redriveCount",
                              "redriveStatus", "redriveStatusReason", "startDate", "stateMachineAliasArn",
                              "stateMachineArn", "stateMachineVersionArn", "status", "stopDate"}
    assert (described["stateMachineArn"], described["stateMachineVersionArn"], described["stateMachineAliasArn"]) == (arn, v1, alias)
    assert described["redriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven"
    through_version = sfn.start_execution(stateMachineArn=v1, input="{}")["executionArn"]
    described = body(wait_for_status(sfn, through_version))
    assert "stateMachineAliasArn" not in described and described["stateMachineVersionArn"] == v1
    listed = sfn.list_executions(stateMachineArn=arn)["executions"]
    assert [e["executionArn"] for e in listed] == [through_version, through_alias["executionArn"]]
    assert "stateMachineAliasArn" not in listed[0] and listed[1]["stateMachineAliasArn"] == alias
    assert all(e["stateMachineVersionArn"] == v1 and e["stateMachineArn"] == arn for e in listed)


# TestSfnApiAliasing::test_base_lifecycle_create_update_describe and test_delete_version_with_alias: UpdateStateMachineAlias
# answers updateDate; DescribeStateMachineAlias has creationDate, description, name, routingConfiguration,
# stateMachineAliasArn and updateDate; a routed version cannot be deleted until the alias routes elsewhere.
def test_alias_update_describe_and_delete_version(sfn):
    arn, (v1, v2) = versions(sfn, "RecordedAliasUpdate", 2)
    alias = sfn.create_state_machine_alias(name="AliasName-upd", description="create state machine alias description",
                                           routingConfiguration=routes((v1, 100)))["stateMachineAliasArn"]
    assert set(body(sfn.update_state_machine_alias(stateMachineAliasArn=alias, description="new description"))) == {"updateDate"}
    described = body(sfn.describe_state_machine_alias(stateMachineAliasArn=alias))
    assert set(described) == {"creationDate", "description", "name", "routingConfiguration", "stateMachineAliasArn", "updateDate"}
    assert (described["description"], described["name"], described["routingConfiguration"]) == (
        "new description", "AliasName-upd", routes((v1, 100)))
    with pytest.raises(ClientError) as excinfo:
        sfn.delete_state_machine_version(stateMachineVersionArn=v1)
    assert error_of(excinfo) == ("ConflictException", "Version to be deleted must not be referenced by an alias. "
                                 "Current list of aliases referencing this version: [AliasName-upd]", 400)
    sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=routes((v2, 100)))
    assert sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["routingConfiguration"] == routes((v2, 100))
    assert body(sfn.delete_state_machine_version(stateMachineVersionArn=v1)) == {}


# --- Express (test_sfn_api_express, express/test_express_sync and express/test_express_async snapshots, recorded
# against AWS) ---

RAISE_FAILURE = {"Comment": "BASE_RAISE_FAILURE", "StartAt": "FailState", "States": {"FailState": {
    "Type": "Fail", "Error": "SomeFailure", "Cause": "This state machines raises a 'SomeFailure' failure."}}}
QUERY_CONTEXT = {"StartAt": "QueryValues1", "States": {
    "QueryValues1": {"Type": "Pass", "Parameters": {"context_object.$": "$$"}, "ResultPath": "$.query_values_1",
                     "Next": "QueryValues2"},
    "QueryValues2": {"Type": "Pass", "Parameters": {"context_object.$": "$$"}, "ResultPath": "$.query_values_2",
                     "End": True}}}


def express(sfn, name, definition):
    return sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE,
                                    type="EXPRESS")["stateMachineArn"]


# TestSfnApiExpress::test_create_describe_delete and test_start_async_describe_history_execution: an EXPRESS machine
# describes like a STANDARD one with type EXPRESS; ListExecutions is StateMachineTypeNotSupported; DescribeExecution,
# StopExecution and GetExecutionHistory refuse the execution's express ARN.
def test_express_api(sfn):
    arn = express(sfn, "RecordedExpressApi", PASS)
    described = body(sfn.describe_state_machine(stateMachineArn=arn))
    described.pop("encryptionConfiguration", None)
    assert set(described) == DESCRIBED_KEYS and described["type"] == "EXPRESS"
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    assert execution.startswith(arn.replace(":stateMachine:", ":express:") + ":")
    with pytest.raises(ClientError) as excinfo:
        sfn.list_executions(stateMachineArn=arn)
    assert error_of(excinfo) == (
        "StateMachineTypeNotSupported", "This operation is not supported by this type of state machine", 400)
    for call in (sfn.describe_execution, sfn.stop_execution, sfn.get_execution_history):
        with pytest.raises(ClientError) as excinfo:
            call(executionArn=execution)
        assert error_of(excinfo) == ("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'", 400)
    assert body(sfn.delete_state_machine(stateMachineArn=arn)) == {}


# TestExpressSync::test_base[BASE_PASS_RESULT] and [BASE_RAISE_FAILURE]: the sync answer's members; a FAILED execution
# has error and cause, no output, and still outputDetails {"included": true}.
def test_start_sync_execution_members(sfn):
    done = body(sfn.start_sync_execution(stateMachineArn=express(sfn, "RecordedSyncPass", PASS), input="{}"))
    assert set(done) == {"billingDetails", "executionArn", "input", "inputDetails", "name", "output", "outputDetails",
                         "startDate", "stateMachineArn", "status", "stopDate"}
    assert done["billingDetails"] == {"billedDurationInMilliseconds": 100, "billedMemoryUsedInMB": 64}
    assert (done["status"], json.loads(done["output"])) == ("SUCCEEDED", {"Arg1": "argument1"})
    assert done["inputDetails"] == done["outputDetails"] == {"included": True}
    failed = body(sfn.start_sync_execution(stateMachineArn=express(sfn, "RecordedSyncFail", RAISE_FAILURE), input="{}"))
    assert set(failed) == {"billingDetails", "cause", "error", "executionArn", "input", "inputDetails", "name",
                           "outputDetails", "startDate", "stateMachineArn", "status", "stopDate"}
    assert (failed["status"], failed["error"], failed["cause"]) == (
        "FAILED", "SomeFailure", "This state machines raises a 'SomeFailure' failure.")
    assert failed["outputDetails"] == {"included": True}


# TestExpressSync::test_query_runtime_memory: the context object of an execution StartSyncExecution runs has Execution
# Id, Input, Name, RoleArn and StartTime, and no RedriveCount.
def test_sync_context_object(sfn):
    arn = express(sfn, "RecordedSyncContext", QUERY_CONTEXT)
    done = sfn.start_sync_execution(stateMachineArn=arn, input=json.dumps({"message": "TestMessage"}))
    output = json.loads(done["output"])
    for key, state in (("query_values_1", "QueryValues1"), ("query_values_2", "QueryValues2")):
        context = output[key]["context_object"]
        assert set(context) == {"Execution", "StateMachine", "State"}
        assert set(context["Execution"]) == {"Id", "Input", "Name", "RoleArn", "StartTime"}
        assert context["Execution"]["Id"] == done["executionArn"] and context["Execution"]["Name"] == done["name"]
        assert context["StateMachine"] == {"Id": arn, "Name": "RecordedSyncContext"}
        assert set(context["State"]) == {"Name", "EnteredTime"} and context["State"]["Name"] == state


# --- Timeouts (timeouts/test_timeouts.snapshot.json, recorded against AWS) ---

SLEEPER = r"""#!/bin/sh
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  curl -sS -o /dev/null "$API/invocation/next" || exit 1
  sleep 30
done
"""


@pytest.fixture(scope="module")
def sleepy(tmp_path_factory):
    """A server with one function, `sleeper`, that never answers within a Task's TimeoutSeconds."""
    from conftest import serve_with_function
    yield from serve_with_function(tmp_path_factory, "sleeper", SLEEPER)


SLEEPER_ARN = "arn:aws:lambda:us-east-1:123456789012:function:sleeper"


def run_to_end(sfn, name, definition, document):
    arn = create_machine(sfn, name, definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps(document))["executionArn"]
    described = wait_for_status(sfn, execution, timeout=30)
    return described, shape(full_history(sfn, execution))


# TestTimeouts::test_fixed_timeout_lambda: a function ARN as Resource with TimeoutSeconds; LambdaFunctionScheduled has
# timeoutInSeconds, LambdaFunctionStarted no details, LambdaFunctionTimedOut and ExecutionFailed only the error.
def test_fixed_timeout_lambda(sleepy):
    definition = {"StartAt": "Start", "States": {"Start": {
        "Type": "Task", "Resource": SLEEPER_ARN, "TimeoutSeconds": 2, "End": True}}}
    described, events = run_to_end(sleepy, "RecordedTimeoutLambda", definition, {"Payload": None})
    assert (described["status"], described["error"]) == ("FAILED", "States.Timeout") and "cause" not in described
    assert events[2] == (3, 2, "LambdaFunctionScheduled", {"lambdaFunctionScheduledEventDetails": {
        "input": '{"Payload":null}', "inputDetails": {"truncated": False}, "resource": SLEEPER_ARN, "timeoutInSeconds": 2}})
    assert events[3:] == [
        (4, 3, "LambdaFunctionStarted", {}),
        (5, 4, "LambdaFunctionTimedOut", {"lambdaFunctionTimedOutEventDetails": {"error": "States.Timeout"}}),
        (6, 5, "ExecutionFailed", {"executionFailedEventDetails": {"error": "States.Timeout"}})]


# TestTimeouts::test_fixed_timeout_service_lambda and test_fixed_timeout_service_lambda_with_path: lambda:invoke with
# TimeoutSeconds (or TimeoutSecondsPath); TaskTimedOut has error, resource and resourceType, no cause.
@pytest.mark.parametrize("timeout", [{"TimeoutSeconds": 2}, {"TimeoutSecondsPath": "$.TimeoutSecondsValue"}])
def test_fixed_timeout_service_lambda(sleepy, timeout):
    definition = {"StartAt": "Start", "States": {"Start": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", **timeout,
        "Parameters": {"FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload"}, "End": True}}}
    name = "RecordedTimeoutService" + ("Path" if "TimeoutSecondsPath" in timeout else "")
    described, events = run_to_end(sleepy, name, definition,
                                   {"FunctionName": "sleeper", "Payload": None, "TimeoutSecondsValue": 2})
    assert (described["status"], described["error"]) == ("FAILED", "States.Timeout") and "cause" not in described
    scheduled = events[2]
    assert scheduled[:3] == (3, 2, "TaskScheduled")
    details = scheduled[3]["taskScheduledEventDetails"]
    assert json.loads(details.pop("parameters")) == {"FunctionName": "sleeper", "Payload": None}
    assert details == {"region": "us-east-1", "resource": "invoke", "resourceType": "lambda", "timeoutInSeconds": 2}
    lambda_task = {"resource": "invoke", "resourceType": "lambda"}
    assert events[3:] == [
        (4, 3, "TaskStarted", {"taskStartedEventDetails": lambda_task}),
        (5, 4, "TaskTimedOut", {"taskTimedOutEventDetails": {"error": "States.Timeout", **lambda_task}}),
        (6, 5, "ExecutionFailed", {"executionFailedEventDetails": {"error": "States.Timeout"}})]


# TestTimeouts::test_global_timeout: an execution over its TimeoutSeconds describes TIMED_OUT, REDRIVABLE, without
# error, cause or output.
def test_global_timeout(sfn):
    definition = {"TimeoutSeconds": 1, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": True}}}
    arn = create_machine(sfn, "RecordedGlobalTimeout", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    described = body(wait_for_status(sfn, execution))
    assert set(described) == {"executionArn", "input", "inputDetails", "name", "redriveCount", "redriveStatus",
                              "startDate", "stateMachineArn", "status", "stopDate"}
    assert (described["status"], described["redriveStatus"]) == ("TIMED_OUT", "REDRIVABLE")


# --- Heartbeats (timeouts/test_heartbeats.snapshot.json, recorded against AWS with sqs:sendMessage.waitForTaskToken;
# here the callback is a startExecution.waitForTaskToken whose child never answers) ---

# TestHeartbeats::test_heartbeat_timeout, test_heartbeat_path_timeout and test_heartbeat_no_timeout: TaskScheduled has
# heartbeatInSeconds, and timeoutInSeconds only when the state sets TimeoutSeconds; a missed heartbeat is TaskTimedOut
# with error States.Timeout (no cause), after TaskSubmitted, and the execution fails with States.Timeout alone.
@pytest.mark.parametrize("fields", [
    {"HeartbeatSeconds": 2, "TimeoutSeconds": 600},
    {"HeartbeatSecondsPath": "$.HeartbeatSecondsPath", "TimeoutSeconds": 600},
    {"HeartbeatSeconds": 2},
])
def test_heartbeat_timeout(sfn, fields):
    child = create_machine(sfn, "RecordedHeartbeatChild", {
        "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}})
    definition = {"StartAt": "SendMessageWithWait", "States": {"SendMessageWithWait": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken", **fields,
        "Parameters": {"StateMachineArn": child, "Input": {"Message.$": "$.Message", "TaskToken.$": "$$.Task.Token"}},
        "End": True}}}
    name = "RecordedHeartbeat" + "".join(sorted(fields))
    described, events = run_to_end(sfn, name, definition, {"Message": "test_message_txt", "HeartbeatSecondsPath": 2})
    assert (described["status"], described["error"]) == ("FAILED", "States.Timeout") and "cause" not in described
    scheduled = events[2][3]["taskScheduledEventDetails"]
    assert scheduled["heartbeatInSeconds"] == 2
    assert scheduled.get("timeoutInSeconds") == fields.get("TimeoutSeconds")
    callback = {"resource": "startExecution.waitForTaskToken", "resourceType": "states"}
    assert [(e[0], e[1], e[2]) for e in events[3:5]] == [(4, 3, "TaskStarted"), (5, 4, "TaskSubmitted")]
    assert events[5:] == [
        (6, 5, "TaskTimedOut", {"taskTimedOutEventDetails": {"error": "States.Timeout", **callback}}),
        (7, 6, "ExecutionFailed", {"executionFailedEventDetails": {"error": "States.Timeout"}})]
