"""loggingConfiguration, tracingConfiguration and encryptionConfiguration through boto3: stored, validated, returned."""
import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, create_machine

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/Logged:*"
LOGGING = {"level": "ERROR", "includeExecutionData": True, "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": LOG_GROUP}}]}


def test_defaults_are_awss(sfn):
    arn = create_machine(sfn, "SettingsPlain", PASS)
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["loggingConfiguration"] == {"level": "OFF", "includeExecutionData": False}
    assert described["tracingConfiguration"] == {"enabled": False}
    assert described["encryptionConfiguration"] == {"type": "AWS_OWNED_KEY"}


def test_settings_are_stored_and_returned(sfn):
    arn = create_machine(sfn, "SettingsLogged", PASS, loggingConfiguration=LOGGING, tracingConfiguration={"enabled": True})
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["loggingConfiguration"] == LOGGING
    assert described["tracingConfiguration"] == {"enabled": True}
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    for_execution = sfn.describe_state_machine_for_execution(executionArn=execution)
    assert for_execution["loggingConfiguration"] == LOGGING
    assert for_execution["tracingConfiguration"] == {"enabled": True}
    # The same create again is idempotent; other settings under the same name are not.
    assert create_machine(sfn, "SettingsLogged", PASS, loggingConfiguration=LOGGING, tracingConfiguration={"enabled": True}) == arn
    with pytest.raises(sfn.exceptions.StateMachineAlreadyExists):
        create_machine(sfn, "SettingsLogged", PASS, loggingConfiguration=LOGGING)
    # An update replaces the logging configuration; the execution keeps the revision it started on.
    sfn.update_state_machine(stateMachineArn=arn, loggingConfiguration={"level": "OFF"}, tracingConfiguration={"enabled": False})
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["loggingConfiguration"] == {"level": "OFF", "includeExecutionData": False}
    assert described["tracingConfiguration"] == {"enabled": False}
    assert sfn.describe_state_machine_for_execution(executionArn=execution)["loggingConfiguration"] == LOGGING


@pytest.mark.parametrize("settings, code", [
    ({"loggingConfiguration": {"level": "ALL"}}, "InvalidLoggingConfiguration"),
    ({"loggingConfiguration": {"level": "ERROR", "destinations": [
        {"cloudWatchLogsLogGroup": {"logGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:no-qualifier"}}]}},
     "InvalidLoggingConfiguration"),
    ({"loggingConfiguration": {"level": "LOUD"}}, "ValidationException"),
    ({"encryptionConfiguration": {"type": "CUSTOMER_MANAGED_KMS_KEY"}}, "InvalidEncryptionConfiguration"),
])
def test_invalid_settings_get_awss_errors(sfn, settings, code):
    with pytest.raises(ClientError) as raised:
        create_machine(sfn, "SettingsBad", PASS, **settings)
    assert raised.value.response["Error"]["Code"] == code
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_level_without_destination_message(sfn):
    with pytest.raises(ClientError) as raised:
        sfn.create_state_machine(name="SettingsNoDest", definition='{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}',
                                 roleArn=ROLE, loggingConfiguration={"level": "ALL", "includeExecutionData": False})
    assert raised.value.response["Error"]["Message"] == "Invalid Logging Configuration: Must specify exactly one Log Destination."


def test_activity_encryption_and_idempotent_create(sfn):
    key = {"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": "alias/tasks", "kmsDataKeyReusePeriodSeconds": 300}
    arn = sfn.create_activity(name="SettingsKeyed", encryptionConfiguration=key, tags=[{"key": "a", "value": "1"}])["activityArn"]
    assert sfn.create_activity(name="SettingsKeyed", tags=[{"key": "b", "value": "2"}])["activityArn"] == arn
    assert sfn.describe_activity(activityArn=arn)["encryptionConfiguration"] == key
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "a", "value": "1"}]
    plain = sfn.create_activity(name="SettingsPlainActivity")["activityArn"]
    assert sfn.describe_activity(activityArn=plain)["encryptionConfiguration"] == {"type": "AWS_OWNED_KEY"}
