"""State machine versions and aliases through boto3 and the aws CLI, as the Step Functions API reference documents
them: PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion, the alias operations,
`publish`/`versionDescription` on Create/UpdateStateMachine, and StartExecution on version and alias ARNs."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, create_machine, machine_arn, wait_for_status


def pass_result(value):
    return {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": value, "End": True}}}


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def test_publish_list_describe_and_start_versions(sfn):
    arn = create_machine(sfn, "Versioned", pass_result("one"))
    first = sfn.publish_state_machine_version(stateMachineArn=arn, description="first")
    assert first["stateMachineVersionArn"] == arn + ":1"
    # Idempotent: the same revision publishes no second version.
    assert sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"] == arn + ":1"
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result("two")))
    second = sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"]
    assert second == arn + ":2"

    listed = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [item["stateMachineVersionArn"] for item in listed] == [arn + ":2", arn + ":1"]  # newest first

    version = sfn.describe_state_machine(stateMachineArn=arn + ":1")
    assert version["stateMachineArn"] == arn + ":1"
    assert version["name"] == "Versioned"
    assert json.loads(version["definition"]) == pass_result("one")
    assert version["description"] == "first"

    run = sfn.start_execution(stateMachineArn=arn + ":1")["executionArn"]
    assert run.startswith(f"arn:aws:states:us-east-1:123456789012:execution:Versioned:")
    done = wait_for_status(sfn, run)
    assert json.loads(done["output"]) == "one"
    assert done["stateMachineArn"] == arn
    assert done["stateMachineVersionArn"] == arn + ":1"
    assert "stateMachineAliasArn" not in done
    started = sfn.get_execution_history(executionArn=run)["events"][0]["executionStartedEventDetails"]
    assert started["stateMachineVersionArn"] == arn + ":1" and "stateMachineAliasArn" not in started
    # The machine itself runs its current revision, with no version.
    current = wait_for_status(sfn, sfn.start_execution(stateMachineArn=arn)["executionArn"])
    assert json.loads(current["output"]) == "two"
    assert "stateMachineVersionArn" not in current
    started = sfn.get_execution_history(executionArn=current["executionArn"])["events"][0]["executionStartedEventDetails"]
    assert "stateMachineVersionArn" not in started and "stateMachineAliasArn" not in started


def test_version_numbers_are_never_reused(sfn):
    arn = create_machine(sfn, "NeverReused", pass_result(1), publish=True)
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(2)))
    assert sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"] == arn + ":2"
    sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":2")
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(3)))
    assert sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"] == arn + ":3"
    listed = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [item["stateMachineVersionArn"] for item in listed] == [arn + ":3", arn + ":1"]
    # Deleting a version that does not exist succeeds.
    sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":2")
    # A deleted version no longer starts.
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.start_execution(stateMachineArn=arn + ":2")


def test_revision_id_check(sfn):
    arn = create_machine(sfn, "RevisionChecked", pass_result(1))
    # A machine never updated has no revision id: INITIAL names it.
    assert "revisionId" not in sfn.describe_state_machine(stateMachineArn=arn)
    with pytest.raises(sfn.exceptions.ConflictException):
        sfn.publish_state_machine_version(stateMachineArn=arn, revisionId="not-the-revision")
    assert sfn.publish_state_machine_version(stateMachineArn=arn, revisionId="INITIAL")["stateMachineVersionArn"] == arn + ":1"
    revision = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(2)))["revisionId"]
    with pytest.raises(sfn.exceptions.ConflictException):
        sfn.publish_state_machine_version(stateMachineArn=arn, revisionId="INITIAL")
    assert sfn.publish_state_machine_version(stateMachineArn=arn, revisionId=revision)["stateMachineVersionArn"] == arn + ":2"


def test_publish_on_create_and_update(sfn):
    created = sfn.create_state_machine(
        name="PublishedAtOnce", definition=json.dumps(pass_result(1)), roleArn=ROLE, publish=True, versionDescription="v1")
    arn = created["stateMachineArn"]
    assert created["stateMachineVersionArn"] == arn + ":1"
    assert sfn.describe_state_machine(stateMachineArn=arn + ":1")["description"] == "v1"
    updated = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(2)), publish=True)
    assert updated["stateMachineVersionArn"] == arn + ":2"
    # Without publish, no version.
    plain = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(3)))
    assert "stateMachineVersionArn" not in plain


def test_version_description_without_publish_is_refused(sfn):
    with pytest.raises(ClientError) as excinfo:
        sfn.create_state_machine(name="DescribedOnly", definition=json.dumps(pass_result(1)), roleArn=ROLE, versionDescription="x")
    assert error_of(excinfo)[0] == "ValidationException"
    arn = create_machine(sfn, "DescribedOnlyUpdate", pass_result(1))
    with pytest.raises(ClientError) as excinfo:
        sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(2)), versionDescription="x")
    assert error_of(excinfo)[0] == "ValidationException"


def test_version_errors(sfn):
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.publish_state_machine_version(stateMachineArn=machine_arn("NoSuchMachine"))
    with pytest.raises(sfn.exceptions.InvalidArn):
        sfn.publish_state_machine_version(stateMachineArn="not-an-arn")
    with pytest.raises(sfn.exceptions.InvalidArn):
        sfn.delete_state_machine_version(stateMachineVersionArn=machine_arn("Versioned"))  # not a version ARN
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.describe_state_machine(stateMachineArn=machine_arn("Versioned") + ":99")
    assert sfn.list_state_machine_versions(stateMachineArn=machine_arn("NoSuchMachine"))["stateMachineVersions"] == []
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.list_state_machine_versions(stateMachineArn=machine_arn("Versioned"), nextToken="garbage")


def test_version_paging(sfn):
    arn = create_machine(sfn, "ManyVersions", pass_result(0))
    for value in range(1, 5):
        sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(value)), publish=True)
    seen, token = [], None
    while True:
        page = sfn.list_state_machine_versions(stateMachineArn=arn, maxResults=3, **({"nextToken": token} if token else {}))
        assert len(page["stateMachineVersions"]) <= 3
        seen += [item["stateMachineVersionArn"] for item in page["stateMachineVersions"]]
        token = page.get("nextToken")
        if not token:
            break
    assert seen == [f"{arn}:{n}" for n in (4, 3, 2, 1)]


def test_aliases_lifecycle(sfn):
    arn = create_machine(sfn, "Aliased", pass_result("v1"), publish=True)
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result("v2")), publish=True)
    routing = [{"stateMachineVersionArn": arn + ":1", "weight": 100}]
    created = sfn.create_state_machine_alias(name="PROD", description="production", routingConfiguration=routing)
    alias = created["stateMachineAliasArn"]
    assert alias == arn + ":PROD"
    # Idempotent with the same configuration, a conflict with another.
    assert sfn.create_state_machine_alias(name="PROD", description="production", routingConfiguration=routing)["stateMachineAliasArn"] == alias
    with pytest.raises(sfn.exceptions.ConflictException):
        sfn.create_state_machine_alias(name="PROD", routingConfiguration=[{"stateMachineVersionArn": arn + ":2", "weight": 100}])

    described = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    assert described["name"] == "PROD" and described["description"] == "production"
    assert described["routingConfiguration"] == routing

    run = wait_for_status(sfn, sfn.start_execution(stateMachineArn=alias)["executionArn"])
    assert json.loads(run["output"]) == "v1"
    assert run["stateMachineAliasArn"] == alias
    assert run["stateMachineVersionArn"] == arn + ":1"
    started = sfn.get_execution_history(executionArn=run["executionArn"])["events"][0]["executionStartedEventDetails"]
    assert (started["stateMachineAliasArn"], started["stateMachineVersionArn"]) == (alias, arn + ":1")

    # A version an alias routes to cannot be deleted.
    with pytest.raises(sfn.exceptions.ConflictException) as excinfo:
        sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":1")
    assert error_of(excinfo)[1].endswith("Current list of aliases referencing this version: [PROD]")  # names, as AWS lists them

    sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=[{"stateMachineVersionArn": arn + ":2", "weight": 100}])
    run = wait_for_status(sfn, sfn.start_execution(stateMachineArn=alias)["executionArn"])
    assert json.loads(run["output"]) == "v2"
    assert sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["description"] == "production"

    listed = sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]
    assert [item["stateMachineAliasArn"] for item in listed] == [alias]
    assert sfn.list_state_machine_aliases(stateMachineArn=arn + ":1")["stateMachineAliases"] == []
    assert len(sfn.list_state_machine_aliases(stateMachineArn=arn + ":2")["stateMachineAliases"]) == 1

    sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":1")  # no longer routed to
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.start_execution(stateMachineArn=alias)


@pytest.mark.parametrize("case, routing", enumerate([
    [{"version": 1, "weight": 60}, {"version": 2, "weight": 60}],  # weights sum to 120
    [{"version": 1, "weight": 50}, {"version": 1, "weight": 50}],  # the same version twice
    [{"version": 1, "weight": 101}],                               # a weight above 100
    [{"version": 1, "weight": 30}, {"version": 2, "weight": 30}, {"version": 2, "weight": 40}],  # three routes
]))
def test_bad_routing_is_a_validation_error(sfn, case, routing):
    arn = create_machine(sfn, f"BadRouting{case}", pass_result(1), publish=True)
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(2)), publish=True)
    items = [{"stateMachineVersionArn": f"{arn}:{r['version']}", "weight": r["weight"]} for r in routing]
    with pytest.raises(ClientError) as excinfo:
        sfn.create_state_machine_alias(name="Bad", routingConfiguration=items)
    assert error_of(excinfo)[0] == "ValidationException"


def test_alias_errors(sfn):
    arn = create_machine(sfn, "AliasErrors", pass_result(1), publish=True)
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.create_state_machine_alias(name="Missing", routingConfiguration=[{"stateMachineVersionArn": arn + ":7", "weight": 100}])
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.describe_state_machine_alias(stateMachineAliasArn=arn + ":Nope")
    sfn.delete_state_machine_alias(stateMachineAliasArn=arn + ":Nope")  # AWS: deleting no alias succeeds
    with pytest.raises(sfn.exceptions.InvalidArn):
        sfn.describe_state_machine_alias(stateMachineAliasArn=arn + ":1")  # a version, not an alias
    with pytest.raises(ClientError) as excinfo:
        sfn.update_state_machine_alias(stateMachineAliasArn=arn + ":Nope")
    assert error_of(excinfo)[0] == "ValidationException"
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.list_state_machine_aliases(stateMachineArn=machine_arn("NoSuchMachine"))
    # Versions of two different machines cannot share an alias.
    other = create_machine(sfn, "AliasErrorsOther", pass_result(2), publish=True)
    with pytest.raises(ClientError) as excinfo:
        sfn.create_state_machine_alias(name="Mixed", routingConfiguration=[
            {"stateMachineVersionArn": arn + ":1", "weight": 50}, {"stateMachineVersionArn": other + ":1", "weight": 50}])
    assert error_of(excinfo)[0] == "ValidationException"


def test_alias_splits_starts_by_weight(sfn):
    """A 25/75 split over 400 starts: each side within a tolerance wide enough to fail ~1 run in a million."""
    arn = create_machine(sfn, "Split", pass_result("a"), publish=True)
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result("b")), publish=True)
    alias = sfn.create_state_machine_alias(name="Canary", routingConfiguration=[
        {"stateMachineVersionArn": arn + ":1", "weight": 25}, {"stateMachineVersionArn": arn + ":2", "weight": 75}])["stateMachineAliasArn"]
    counts = {arn + ":1": 0, arn + ":2": 0}
    for _ in range(400):
        started = sfn.start_execution(stateMachineArn=alias)["executionArn"]
        counts[sfn.describe_execution(executionArn=started)["stateMachineVersionArn"]] += 1
    # Binomial(400, 0.25): mean 100, standard deviation ~8.7; 5 deviations either side.
    assert 56 <= counts[arn + ":1"] <= 144, counts


def test_delete_machine_deletes_versions_and_aliases(sfn):
    arn = create_machine(sfn, "DeletedWithAll", pass_result(1), publish=True)
    sfn.create_state_machine_alias(name="Live", routingConfiguration=[{"stateMachineVersionArn": arn + ":1", "weight": 100}])
    sfn.delete_state_machine(stateMachineArn=arn)
    assert sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"] == []
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.describe_state_machine_alias(stateMachineAliasArn=arn + ":Live")
    # A new machine of the same name starts its versions at 1 again.
    again = create_machine(sfn, "DeletedWithAll", pass_result(2), publish=True)
    assert sfn.list_state_machine_versions(stateMachineArn=again)["stateMachineVersions"][0]["stateMachineVersionArn"] == again + ":1"


def test_aws_cli_versions_and_aliases(server):
    _, created, _ = server.aws(
        "create-state-machine", "--name", "CliVersioned", "--role-arn", ROLE,
        "--definition", json.dumps(pass_result("cli")), "--publish", "--version-description", "from the CLI")
    arn = created["stateMachineArn"]
    assert created["stateMachineVersionArn"] == arn + ":1"
    _, versions, _ = server.aws("list-state-machine-versions", "--state-machine-arn", arn)
    assert [v["stateMachineVersionArn"] for v in versions["stateMachineVersions"]] == [arn + ":1"]
    _, alias, _ = server.aws(
        "create-state-machine-alias", "--name", "cli", "--routing-configuration",
        json.dumps([{"stateMachineVersionArn": arn + ":1", "weight": 100}]))
    assert alias["stateMachineAliasArn"] == arn + ":cli"
    _, described, _ = server.aws("describe-state-machine-alias", "--state-machine-alias-arn", arn + ":cli")
    assert described["routingConfiguration"] == [{"stateMachineVersionArn": arn + ":1", "weight": 100}]
    code, _, stderr = server.aws("delete-state-machine-version", "--state-machine-version-arn", arn + ":1", check=False)
    assert code != 0 and "ConflictException" in stderr


def test_list_executions_of_a_version_and_an_alias(sfn):
    arn = create_machine(sfn, "ListedByVersion", pass_result(1), publish=True)
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(pass_result(2)), publish=True)
    alias = sfn.create_state_machine_alias(
        name="Listed", routingConfiguration=[{"stateMachineVersionArn": arn + ":2", "weight": 100}])["stateMachineAliasArn"]
    on_one = [wait_for_status(sfn, sfn.start_execution(stateMachineArn=arn + ":1")["executionArn"])["executionArn"] for _ in range(3)]
    through_alias = wait_for_status(sfn, sfn.start_execution(stateMachineArn=alias)["executionArn"])["executionArn"]
    plain = wait_for_status(sfn, sfn.start_execution(stateMachineArn=arn)["executionArn"])["executionArn"]

    listed = sfn.list_executions(stateMachineArn=arn + ":1")["executions"]
    assert [e["executionArn"] for e in listed] == list(reversed(on_one))  # newest first
    assert all(e["stateMachineVersionArn"] == arn + ":1" and e["stateMachineArn"] == arn for e in listed)
    by_alias = sfn.list_executions(stateMachineArn=alias)["executions"]
    assert [e["executionArn"] for e in by_alias] == [through_alias]
    assert by_alias[0]["stateMachineAliasArn"] == alias and by_alias[0]["stateMachineVersionArn"] == arn + ":2"
    assert [e["executionArn"] for e in sfn.list_executions(stateMachineArn=arn + ":2")["executions"]] == [through_alias]
    assert plain in [e["executionArn"] for e in sfn.list_executions(stateMachineArn=arn)["executions"]]
    # Paging and filters work as for the machine.
    first = sfn.list_executions(stateMachineArn=arn + ":1", maxResults=2)
    second = sfn.list_executions(stateMachineArn=arn + ":1", maxResults=2, nextToken=first["nextToken"])
    assert [e["executionArn"] for e in first["executions"] + second["executions"]] == list(reversed(on_one))
    assert sfn.list_executions(stateMachineArn=arn + ":1", statusFilter="FAILED")["executions"] == []
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.list_executions(stateMachineArn=arn + ":9")
