"""ValidateStateMachineDefinition as recorded against AWS (LocalStack's test_sfn_api_validation snapshots): an empty
definition is answered with a diagnostic (no ValidationException), without a location; a text that is not JSON
gets Jackson's message with the source as location; {} gets one diagnostic naming both missing fields."""
import boto3
from botocore.config import Config

from conftest import REGION


def unvalidated_client(server):
    return boto3.client("stepfunctions", endpoint_url=server.endpoint, region_name=REGION,
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(parameter_validation=False, retries={"max_attempts": 0}))


def answer(client, definition):
    response = client.validate_state_machine_definition(definition=definition)
    response.pop("ResponseMetadata")
    return response


def test_empty_string(server):
    assert answer(unvalidated_client(server), "") == {
        "result": "FAIL", "truncated": False,
        "diagnostics": [{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED",
                         "message": "Definition must be a valid JSON object"}]}


def test_not_a_definition(sfn):
    location = '[Source: (String)"not a definition"; line: 1, column: 4]'
    assert answer(sfn, "not a definition")["diagnostics"] == [{
        "severity": "ERROR", "code": "INVALID_JSON_DESCRIPTION", "location": location,
        "message": "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', "
                   "'true' or 'false')\n at " + location}]


def test_empty_object(sfn):
    assert answer(sfn, "{}")["diagnostics"] == [{
        "severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "location": "/",
        "message": "These fields are required: [States, StartAt]"}]
