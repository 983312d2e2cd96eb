"""TestState as AWS answers it in recordings of the real service: which states take a mock and what a mock must look
like, the messages of refused requests, the state a stateName finds, Map states (tolerated failures, items, the
inspection data), retries used up, the context object TestState builds and the one a request may give."""
import json
import re

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, REGION, ROLE


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def refused(sfn, **arguments):
    with pytest.raises(ClientError) as excinfo:
        sfn.test_state(**arguments)
    return error_of(excinfo)


LAMBDA_TASK = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "foo", "Payload": "bar"}, "End": True}
INNER_TASK = {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"FunctionName": "foo", "Payload": "bar"}, "End": True}
# A Map whose one inner state is named TestState, as in AWS's own examples.
JSONATA_MAP = {
    "Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.Values %}",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "TestState", "States": {"TestState": INNER_TASK}},
    "Output": "{% $states %}", "End": True,
}
PARALLEL = {"Type": "Parallel", "End": True, "Branches": [
    {"StartAt": "Branch1", "States": {"Branch1": dict(INNER_TASK)}},
    {"StartAt": "Branch2", "States": {"Branch2": dict(INNER_TASK)}},
]}
VALUES = json.dumps({"Values": ["first", "second", "third"]})


# Which states take a mock, and the messages of refused requests.

@pytest.mark.parametrize("state, type_name", [
    ({"Type": "Pass", "End": True}, "Pass"),
    ({"Type": "Fail", "Error": "E", "Cause": "C"}, "Fail"),
    ({"Type": "Succeed"}, "Succeed"),
])
@pytest.mark.parametrize("mock", [{"result": json.dumps({"mock": "x"})}, {"errorOutput": {"error": "E", "cause": "C"}}])
def test_a_state_that_calls_nothing_takes_no_mock(sfn, state, type_name, mock):
    assert refused(sfn, definition=json.dumps(state), inspectionLevel="TRACE", mock=mock) == (
        "ValidationException", f"State type '{type_name}' is not supported when a mock is specified")


@pytest.mark.parametrize("state", [JSONATA_MAP, PARALLEL])
def test_map_and_parallel_need_a_mock(sfn, state):
    assert refused(sfn, definition=json.dumps(state), roleArn=ROLE, inspectionLevel="TRACE") == (
        "InvalidDefinition",
        "TestState API does not support Map or Parallel states. Supported state types include: "
        "[Task, Wait, Pass, Succeed, Fail, Choice]")


def test_a_task_without_a_mock_needs_a_role(sfn):
    assert refused(sfn, definition=json.dumps(LAMBDA_TASK), input="{}", inspectionLevel="TRACE") == (
        "ValidationException", "RoleArn must be specified when testing a Task state")


def test_a_mock_has_one_of_result_and_error_output(sfn):
    mock = {"result": json.dumps({"mock": "response"}), "errorOutput": {"error": "Error", "cause": "Cause"}}
    assert refused(sfn, definition=json.dumps(LAMBDA_TASK), mock=mock) == (
        "ValidationException", "A test mock should have only one of the following fields: [result, errorOutput].")


def test_reveal_secrets_is_refused_with_a_mock(sfn):
    assert refused(sfn, definition=json.dumps(LAMBDA_TASK), mock={"result": "{}"}, revealSecrets=True) == (
        "ValidationException", "TestState does not support RevealSecrets when a mock is specified.")


def test_a_mocked_result_must_be_json(sfn):
    assert refused(sfn, definition=json.dumps(LAMBDA_TASK), mock={"result": "not json"}) == (
        "ValidationException", "Mocked result must be valid JSON")


def test_a_mocked_map_or_parallel_result_has_the_states_shape(sfn):
    not_array = {"result": json.dumps({"mock": "an object"})}
    assert refused(sfn, definition=json.dumps(JSONATA_MAP), mock=not_array) == (
        "ValidationException", "Mocked result must be an array.")
    assert refused(sfn, definition=json.dumps(PARALLEL), mock=not_array) == (
        "ValidationException", "Mocked result must be an array.")
    assert refused(sfn, definition=json.dumps(PARALLEL), mock={"result": "[1, 2, 3]"}) == (
        "ValidationException",
        "Mocked result must contain the same number of items as number of Parallel branches.")
    writer = {**{k: v for k, v in JSONATA_MAP.items() if k not in ("QueryLanguage", "Items", "Output")},
              "ItemsPath": "$.Values",
              "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                               "Parameters": {"Bucket": "result-bucket", "Prefix": "mapJobs"}}}
    writer["ItemProcessor"] = {**JSONATA_MAP["ItemProcessor"], "States": {"TestState": LAMBDA_TASK}}
    assert refused(sfn, definition=json.dumps(writer), mock={"result": json.dumps(["an array"])}) == (
        "ValidationException", "Mocked result must be a JSON object.")


def test_an_invalid_state_type_lists_the_types_in_awss_order(sfn):
    code, message = refused(sfn, definition=json.dumps({"Type": "Nonsense", "End": True}), roleArn=ROLE)
    assert code == "InvalidDefinition"
    assert "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]" in message
    assert "MISSING_END_STATE" not in message


# The state tested.

def test_a_map_whose_inner_state_is_named_test_state(sfn):
    result = sfn.test_state(definition=json.dumps(JSONATA_MAP), roleArn=ROLE, input=json.dumps({"Values": [1, 2, 3]}),
                            mock={"result": json.dumps([1, 1, 1])})
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"])["result"] == [1, 1, 1]


def test_state_name_finds_a_state_in_a_map_or_a_branch(sfn):
    machine = {"StartAt": "State0", "States": {"State0": {
        "Type": "Map", "ItemsPath": "$.Values", "End": True,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": True}}}}}}
    result = sfn.test_state(stateName="HandleItem", definition=json.dumps(machine),
                            input=json.dumps({"Value": "HelloWorld"}), inspectionLevel="DEBUG")
    assert result["status"] == "SUCCEEDED" and json.loads(result["output"]) == {"Value": "HelloWorld"}
    parallel = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "Result": 7, "Next": "Last"},
                                        "Last": {"Type": "Succeed"}}}]}}}
    inner = sfn.test_state(stateName="Inner", definition=json.dumps(parallel))
    assert inner["status"] == "SUCCEEDED" and inner["nextState"] == "Last" and json.loads(inner["output"]) == 7


@pytest.mark.parametrize("name", ["dne", '"invalid"'])
def test_a_state_name_not_in_the_definition(sfn, name):
    machine = {"StartAt": "State0", "States": {"State0": {"Type": "Pass", "End": True}}}
    assert refused(sfn, stateName=name, definition=json.dumps(machine), input="{}") == (
        "ValidationException", "State not found in definition")


# Map states.

CATCHING_MAP = {
    "Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.Values %}",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "TestState", "States": {"TestState": {
                          "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:hello", "End": True}}},
    "Catch": [{"ErrorEquals": ["MockException"], "Output": "{% $states %}", "Next": "HandleMockError"},
              {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Output": "{% $states %}", "Next": "HandleThreshold"}],
    "ToleratedFailureCount": 1, "End": True,
}


def test_map_iteration_failures_over_the_tolerated_count(sfn):
    below = sfn.test_state(definition=json.dumps(CATCHING_MAP), roleArn=ROLE, input=VALUES, inspectionLevel="DEBUG",
                           stateConfiguration={"mapIterationFailureCount": 0}, mock={"result": json.dumps([1, 1, 1])})
    assert below["status"] == "SUCCEEDED" and json.loads(below["output"]) == [1, 1, 1]
    data = below["inspectionData"]
    assert set(data) == {"input", "maxConcurrency", "toleratedFailureCount"}
    assert (data["maxConcurrency"], data["toleratedFailureCount"]) == (0, 1)
    over = sfn.test_state(definition=json.dumps(CATCHING_MAP), roleArn=ROLE, input=VALUES, inspectionLevel="DEBUG",
                          stateConfiguration={"mapIterationFailureCount": 2}, mock={"result": json.dumps([0, 0, 1])})
    assert over["status"] == "CAUGHT_ERROR" and over["nextState"] == "HandleThreshold"
    assert (over["error"], over["cause"]) == (
        "States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded")
    assert over["inspectionData"]["errorDetails"] == {"catchIndex": 1}
    assert over["inspectionData"]["toleratedFailureCount"] == 1 and over["inspectionData"]["maxConcurrency"] == 0
    assert "result" not in over["inspectionData"]


def test_map_iteration_failures_retried(sfn):
    retrying = {k: v for k, v in CATCHING_MAP.items() if k != "Catch"}
    retrying["Retry"] = [{"ErrorEquals": ["MockException"], "MaxAttempts": 3},
                         {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "MaxAttempts": 2}]
    over = sfn.test_state(definition=json.dumps(retrying), roleArn=ROLE, input=VALUES, inspectionLevel="TRACE",
                          stateConfiguration={"mapIterationFailureCount": 2}, mock={"result": json.dumps([0, 0, 1])})
    assert over["status"] == "RETRIABLE" and over["error"] == "States.ExceedToleratedFailureThreshold"
    assert over["inspectionData"]["errorDetails"] == {"retryBackoffIntervalSeconds": 1, "retryIndex": 1}


def test_a_map_that_tolerates_nothing_explicitly_ignores_the_failure_count(sfn):
    result = sfn.test_state(definition=json.dumps(JSONATA_MAP), roleArn=ROLE, input=VALUES,
                            stateConfiguration={"mapIterationFailureCount": 2}, mock={"result": json.dumps([0, 0, 1])})
    assert result["status"] == "SUCCEEDED"


def test_a_mocked_error_comes_before_the_failure_count(sfn):
    result = sfn.test_state(definition=json.dumps(JSONATA_MAP), roleArn=ROLE, input=VALUES,
                            stateConfiguration={"mapIterationFailureCount": 2, "errorCausedByState": "TestState"},
                            mock={"errorOutput": {"error": "MockException", "cause": "Mock the error cause."}})
    assert (result["status"], result["error"], result["cause"]) == ("FAILED", "MockException", "Mock the error cause.")


def test_jsonata_map_limits_are_evaluated(sfn):
    for field, key, value in [("MaxConcurrency", "maxConcurrency", 1),
                              ("ToleratedFailurePercentage", "toleratedFailurePercentage", 1.0),
                              ("ToleratedFailureCount", "toleratedFailureCount", 1)]:
        state = {**JSONATA_MAP, field: "{% $number(1) %}"}
        data = sfn.test_state(definition=json.dumps(state), roleArn=ROLE, input=json.dumps({"Values": [1, 2, 3]}),
                              inspectionLevel="DEBUG", mock={"result": "[1, 1, 1]"})["inspectionData"]
        assert data[key] == value
        assert data["maxConcurrency"] == (1 if field == "MaxConcurrency" else 0)
        assert set(data) == {"input", "maxConcurrency"} | {key}


JSONPATH_MAP = {
    "Type": "Map", "ItemsPath": "$$.Execution.Input.values", "End": True,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Inner",
                      "States": {"Inner": {"Type": "Pass", "End": True}}},
    "MaxConcurrency": 1,
}
CONTEXT = {
    "Execution": {"Id": "arn:aws:states:::execution:MyStateMachine:execution-name-12345",
                  "Input": {"input-value": 0, "values": ["charizard", "pikachu", "bulbasaur"]},
                  "Name": "execution-name-12345", "RoleArn": "arn:aws:iam:::role/StepFunctionsRole",
                  "StartTime": "2025-01-15T10:30:00.000Z"},
    "State": {"EnteredTime": "2025-01-15T10:30:01.500Z", "Name": "MyTaskState", "RetryCount": 0},
    "StateMachine": {"Id": "arn:aws:states:::stateMachine:MyStateMachine", "Name": "MyStateMachine"},
}


def test_jsonpath_map_inspection(sfn):
    result = sfn.test_state(definition=json.dumps(JSONPATH_MAP), input=json.dumps(["fire", "electricity", "grass"]),
                            inspectionLevel="TRACE", context=json.dumps(CONTEXT),
                            mock={"result": json.dumps(["CHARIZARD", "PIKACHU", "BULBASAUR"])})
    assert result["status"] == "SUCCEEDED"
    data = result["inspectionData"]
    assert set(data) == {"input", "afterInputPath", "afterItemsPath", "afterResultSelector", "afterResultPath",
                         "maxConcurrency"}
    # AWS writes the items as a list: each item's JSON separated by a comma and a space.
    assert data["afterItemsPath"] == '["charizard", "pikachu", "bulbasaur"]'
    assert data["maxConcurrency"] == 1
    assert json.loads(result["output"]) == ["CHARIZARD", "PIKACHU", "BULBASAUR"]


@pytest.mark.parametrize("path, shown", [("$$", "$"), ("$$.Execution.Input", "$.Execution.Input")])
def test_map_items_must_be_an_array(sfn, path, shown):
    state = {**JSONPATH_MAP, "ItemsPath": path}
    result = sfn.test_state(definition=json.dumps(state), input=json.dumps(["fire"]), inspectionLevel="TRACE",
                            context=json.dumps(CONTEXT), mock={"result": "[1]"})
    assert (result["status"], result["error"]) == ("FAILED", "States.Runtime")
    assert result["cause"] == f'Reference path "{shown}" must point to array.'
    assert set(result["inspectionData"]) == {"input", "afterInputPath"}


def test_jsonpath_map_error_shows_its_items_and_limits(sfn):
    machine = {"StartAt": "State0", "States": {"State0": {
        "Type": "Map", "ItemsPath": "$.Values", "ToleratedFailureCount": 2, "End": True,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": True}}}}}}
    result = sfn.test_state(stateName="State0", definition=json.dumps(machine), roleArn=ROLE, input=VALUES,
                            inspectionLevel="DEBUG", stateConfiguration={"mapIterationFailureCount": 2},
                            mock={"errorOutput": {"error": "MockException", "cause": "Mock the error cause."}})
    assert result["status"] == "FAILED" and result["error"] == "MockException"
    data = result["inspectionData"]
    assert set(data) == {"input", "afterInputPath", "afterItemsPath", "maxConcurrency", "toleratedFailureCount"}
    assert data["afterItemsPath"] == '["first", "second", "third"]'
    assert (data["maxConcurrency"], data["toleratedFailureCount"]) == (0, 2)


# Inspection data of JSONPath states.

HELLO = json.dumps({"Value": "HelloWorld"})


def test_pass_inspection_shows_every_step(sfn):
    data = sfn.test_state(definition=json.dumps({"Type": "Pass", "End": True}), roleArn=ROLE, input=HELLO,
                          inspectionLevel="DEBUG")["inspectionData"]
    assert set(data) == {"input", "afterInputPath", "afterParameters", "afterResultSelector", "afterResultPath"}
    assert all(json.loads(value) == {"Value": "HelloWorld"} for value in data.values())


def test_pass_with_a_result_shows_it_as_its_result(sfn):
    state = {"Type": "Pass", "InputPath": "$.initialData", "Parameters": {"staticValue": "some value"},
             "Result": {"resultKey": "result value"}, "ResultPath": "$.modifiedData", "End": True}
    data = sfn.test_state(definition=json.dumps(state), roleArn=ROLE, input=json.dumps({"initialData": {}}),
                          inspectionLevel="DEBUG")["inspectionData"]
    assert set(data) == {"input", "result", "afterResultSelector", "afterResultPath"}
    assert json.loads(data["result"]) == json.loads(data["afterResultSelector"]) == {"resultKey": "result value"}


def test_fail_inspection_shows_the_input_path_step(sfn):
    state = {"Type": "Fail", "Error": "SomeFailure", "Cause": "This state machines raises a 'SomeFailure' failure."}
    result = sfn.test_state(definition=json.dumps(state), roleArn=ROLE, input=HELLO, inspectionLevel="DEBUG")
    assert set(result["inspectionData"]) == {"input", "afterInputPath"}


def test_task_inspection_shows_parameters_and_selector_steps_without_the_fields(sfn):
    task = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}
    data = sfn.test_state(definition=json.dumps(task), roleArn=ROLE, input=json.dumps({"inputData": "HelloWorld"}),
                          inspectionLevel="DEBUG", mock={"result": json.dumps("HelloWorld!")})["inspectionData"]
    assert set(data) == {"input", "afterInputPath", "afterParameters", "result", "afterResultSelector", "afterResultPath"}
    assert json.loads(data["afterParameters"]) == {"inputData": "HelloWorld"}
    assert json.loads(data["afterResultSelector"]) == "HelloWorld!"


# Retries used up.

def test_a_used_up_retrier_is_still_named(sfn):
    task = {**INNER_TASK, "Retry": [{"ErrorEquals": ["MockException"], "IntervalSeconds": 1, "MaxAttempts": 5,
                                     "BackoffRate": 2}]}
    mock = {"errorOutput": {"error": "MockException", "cause": "Mock the cause of the error."}}
    retriable = sfn.test_state(definition=json.dumps(task), roleArn=ROLE, inspectionLevel="DEBUG", mock=mock,
                               stateConfiguration={"retrierRetryCount": 4})
    assert retriable["status"] == "RETRIABLE"
    assert retriable["inspectionData"]["errorDetails"] == {"retryBackoffIntervalSeconds": 16, "retryIndex": 0}
    failed = sfn.test_state(definition=json.dumps(task), roleArn=ROLE, inspectionLevel="DEBUG", mock=mock,
                            stateConfiguration={"retrierRetryCount": 5})
    assert failed["status"] == "FAILED"
    assert failed["inspectionData"]["errorDetails"] == {"retryIndex": 0}


# Variables and the context object.

def test_variables_given_show_in_the_inspection_data(sfn):
    machine = {"QueryLanguage": "JSONata", "StartAt": "State0", "States": {"State0": {
        "Type": "Pass", "Output": {"access": "{% $var_input_value %}", "context": "{% $states.context %}"}, "End": True}}}
    variables = {"var_input_value": "test_value", "var_constant_1": 10}
    result = sfn.test_state(definition=json.dumps(machine), stateName="State0", input=json.dumps({"a": 1}),
                            variables=json.dumps(variables), inspectionLevel="TRACE")
    assert json.loads(result["inspectionData"]["variables"]) == variables
    output = json.loads(result["output"])
    assert output["access"] == "test_value"
    context = output["context"]
    # The context object TestState builds: an EXPRESS execution, no role without one, the state named StateName,
    # and no retry count for a Pass state.
    assert list(context) == ["Execution", "StateMachine", "State"]
    assert set(context["Execution"]) == {"Id", "Input", "Name", "RoleArn", "StartTime"}
    assert context["Execution"]["RoleArn"] is None
    machine_name = context["StateMachine"]["Name"]
    assert context["StateMachine"]["Id"] == f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{machine_name}"
    assert context["Execution"]["Id"] == (
        f"arn:aws:states:{REGION}:{ACCOUNT}:express:{machine_name}:{context['Execution']['Name']}")
    assert context["Execution"]["Input"] == {"a": 1}
    assert set(context["State"]) == {"Name", "EnteredTime"} and context["State"]["Name"] == "StateName"


def test_no_variables_no_variables_field(sfn):
    data = sfn.test_state(definition=json.dumps({"Type": "Pass", "End": True}), inspectionLevel="TRACE")["inspectionData"]
    assert "variables" not in data


def test_the_context_of_a_map_has_the_role_and_a_retry_count(sfn):
    result = sfn.test_state(definition=json.dumps(JSONATA_MAP), roleArn=ROLE, input=json.dumps({"Values": [1]}),
                            mock={"result": "[1]"})
    context = json.loads(result["output"])["context"]
    assert context["Execution"]["RoleArn"] == ROLE
    assert context["State"] == {"Name": "StateName", "EnteredTime": context["State"]["EnteredTime"], "RetryCount": 0}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT.*Z", context["State"]["EnteredTime"])


START_EXECUTION = {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                   "Parameters": {"StateMachineArn.$": "$.stateMachineArn", "Input.$": "$.targetInput",
                                  "Name.$": "$.name"}, "End": True}


@pytest.mark.parametrize("context, reason", [
    ({"Execution": {"Id": 1}}, "Execution.Id must be a string"),
    ({"Map": {}}, "'Map' field is not supported when mocking a Context object"),
    ({"Execution": {"pokemon": "squirtle"}}, "Field 'pokemon' is not allowed"),
    ({"Pokedex": {}}, "Field 'Pokedex' is not allowed"),
    ({**CONTEXT, "Task": {"Token": "abcd123"}},
     "Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service "
     "integration pattern"),
])
def test_a_context_object_aws_refuses(sfn, context, reason):
    arguments = dict(definition=json.dumps(START_EXECUTION), inspectionLevel="TRACE", context=json.dumps(context),
                     input=json.dumps({"stateMachineArn": "arn", "targetInput": None, "name": "exec_name"}),
                     mock={"result": json.dumps({"ExecutionArn": "exec_arn", "StartDate": "2025-01-01T00:00:00"})})
    assert refused(sfn, **arguments) == ("ValidationException", f"Invalid Context object provided: {reason}")


def test_a_context_object_with_a_task_token_for_a_task_that_waits(sfn):
    task = {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "ResultPath": "$.SQS",
            "Parameters": {"QueueUrl": "https://sqs.us-east-2.amazonaws.com/123456789012/myQueue",
                           "MessageBody": {"TaskToken.$": "$$.Task.Token"}}, "Next": "NEXT_STATE"}
    result = sfn.test_state(definition=json.dumps(task), inspectionLevel="TRACE",
                            context=json.dumps({**CONTEXT, "Task": {"Token": "abcd123"}}),
                            mock={"result": json.dumps({"pokemon": ["charizard"]})})
    assert result["status"] == "SUCCEEDED" and result["nextState"] == "NEXT_STATE"
    assert json.loads(result["inspectionData"]["afterParameters"])["MessageBody"] == {"TaskToken": "abcd123"}


def test_a_context_object_given_is_the_states_context(sfn):
    task = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": "$.out",
            "ResultSelector": {"c.$": "$$"}, "End": True}
    for context in ({"Execution": {}, "State": {}, "StateMachine": {}}, {}):
        result = sfn.test_state(definition=json.dumps(task), input="{}", context=json.dumps(context),
                                mock={"result": "{}"})
        assert json.loads(result["output"]) == {"out": {"c": context}}


# Mocked results checked against the service's response shape (fieldValidationMode).

PUT_EVENTS = {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
              "Parameters": {"Entries": [{"Detail": "detail", "DetailType": "detail_type", "Source": "source"}]},
              "End": True}
START = {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
         "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Target"}, "End": True}
SDK = {"Type": "Task", "Parameters": {}, "End": True}


@pytest.mark.parametrize("state, result, problem", [
    (PUT_EVENTS, {"Entries": "not a list"}, "Field 'Entries' must be an array"),
    (PUT_EVENTS, {"Entries": [{"EventId": ["a list"]}]}, "Field 'EventId' must be a string"),
    (PUT_EVENTS, {"Entries": [{"EventId": "ok"}, {"EventId": ["a list"]}]}, "Field 'EventId' must be a string"),
    (START, {}, "Required field 'ExecutionArn' is missing"),
    (START, {"executionArn": "arn", "startDate": "date"}, "Required field 'ExecutionArn' is missing"),
    (START, {"ExecutionArn": "arn", "StartDate": True}, "Field 'StartDate' must be a string"),
    (START, {"ExecutionArn": "arn", "StartDate": 1764103483}, "Field 'StartDate' must be a string"),
    (LAMBDA_TASK, {"StatusCode": "200"}, "Field 'StatusCode' must be a number"),
    ({"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {}, "End": True},
     {"ConsumedCapacity": {"CapacityUnits": "123.45"}}, "Field 'CapacityUnits' must be a number"),
    ({**SDK, "Resource": "arn:aws:states:::aws-sdk:s3:getObject"}, {"ContentLength": "9000"},
     "Field 'ContentLength' must be a number"),
    ({**SDK, "Resource": "arn:aws:states:::aws-sdk:s3:getObject"}, {"StorageClass": "Papyrus"},
     "Field 'StorageClass' is not an expected value"),
    ({**SDK, "Resource": "arn:aws:states:::aws-sdk:kms:encrypt"}, {"CiphertextBlob": 123},
     "Field 'CiphertextBlob' must be a string"),
    ({**SDK, "Resource": "arn:aws:states:::aws-sdk:kms:encrypt"}, {"CiphertextBlob": ""},
     "Field 'CiphertextBlob' is smaller than the minimum length"),
    ({**SDK, "Resource": "arn:aws:states:::aws-sdk:lambda:getFunction"}, {"Configuration": {"MemorySize": 127}},
     "Field 'MemorySize' is less than the minimum value"),
    ({**SDK, "Resource": "arn:aws:states:::aws-sdk:lambda:getFunction"}, {"Configuration": {"MemorySize": 10241}},
     "Field 'MemorySize' exceeds the maximum value"),
])
def test_a_mocked_result_not_of_the_response_shape(sfn, state, result, problem):
    # PRESENT checks the members there are, STRICT (the default) also that the required ones are there.
    modes = [{}, {"fieldValidationMode": "STRICT"}] + ([] if "Required" in problem else [{"fieldValidationMode": "PRESENT"}])
    for mode in modes:
        assert refused(sfn, definition=json.dumps(state), roleArn=ROLE, input="{}",
                       mock={"result": json.dumps(result), **mode}) == (
            "ValidationException", f"Mock result schema validation error: {problem}")
    # NONE checks nothing.
    answer = sfn.test_state(definition=json.dumps(state), roleArn=ROLE, input="{}",
                            mock={"result": json.dumps(result), "fieldValidationMode": "NONE"})
    assert answer["status"] == "SUCCEEDED"


@pytest.mark.parametrize("result", [{"random": "json"}, {}])
def test_members_the_response_shape_does_not_have_are_not_checked(sfn, result):
    answer = sfn.test_state(definition=json.dumps(PUT_EVENTS), roleArn=ROLE, input="{}",
                            mock={"result": json.dumps(result)})
    assert answer["status"] == "SUCCEEDED" and json.loads(answer["output"]) == result


@pytest.mark.parametrize("result", [{}, {"executionArn": "arn", "startDate": "date"}])
def test_present_mode_does_not_require_members(sfn, result):
    answer = sfn.test_state(definition=json.dumps(START), roleArn=ROLE, input="{}",
                            mock={"result": json.dumps(result), "fieldValidationMode": "PRESENT"})
    assert answer["status"] == "SUCCEEDED" and json.loads(answer["output"]) == result


# Arrays as TestState writes them.

def test_arrays_are_written_with_a_space_after_each_comma(sfn):
    # AWS answers a Map's mocked [1, 1, 1] as "[1, 1, 1]", and writes every array step so.
    below = sfn.test_state(definition=json.dumps(CATCHING_MAP), roleArn=ROLE, input=VALUES,
                           stateConfiguration={"mapIterationFailureCount": 0}, mock={"result": "[1,1,1]"})
    assert below["output"] == "[1, 1, 1]"
    result = sfn.test_state(definition=json.dumps(JSONPATH_MAP), input='["fire","electricity","grass"]',
                            inspectionLevel="TRACE", context=json.dumps(CONTEXT),
                            mock={"result": json.dumps(["CHARIZARD", "PIKACHU", "BULBASAUR"])})
    data = result["inspectionData"]
    assert data["input"] == data["afterInputPath"] == '["fire", "electricity", "grass"]'
    assert data["afterResultSelector"] == data["afterResultPath"] == result["output"] == (
        '["CHARIZARD", "PIKACHU", "BULBASAUR"]')
