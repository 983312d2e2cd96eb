"""Lambda Task states replayed against histories recorded against real AWS: LocalStack's `*.snapshot.json` files beside
its Step Functions tests hold AWS's own answers (identifiers masked). Each test names the snapshot file and the test
whose recording it follows; the functions are Python handlers run with awslambdaric, doing what the recorded ones did
(return the event, return bytes, raise Exception, return 257 KB). Masked values are compared by shape only."""
import json
import os

import pytest

from conftest import ACCOUNT, REGION, create_machine, full_history, wait_for_status
from test_lambda_api import ROLE, awslambdaric_available, lam, make_zip, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.skipif(not awslambdaric_available() and not os.environ.get("CI"), reason="awslambdaric is not installed")

FUNCTIONS = {
    "rec-id": "def handler(event, context):\n    return event\n",
    "rec-bytes": "def handler(event, context):\n    return b'\"HelloWorld!\"'\n",
    "rec-raise": "def handler(event, context):\n    raise Exception(\"Some exception was raised.\")\n",
    "rec-large": "def handler(event, context):\n    return ('a' * (257 * 1024)).encode('utf-8')\n",
}

INVOKE = {"StartAt": "Start", "States": {
    "Start": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload"}, "Next": "EndWithFinal"},
    "EndWithFinal": {"Type": "Pass", "ResultPath": "$.final", "End": True}}}


@pytest.fixture(scope="module")
def functions(lam):  # noqa: F811
    for name, source in FUNCTIONS.items():
        lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler", Timeout=30,
                            Code={"ZipFile": make_zip({"app.py": (source, 0o644)})})
    return {name: f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}" for name in FUNCTIONS}


_counter = [0]


def execute(server, definition, execution_input):  # noqa: F811
    sfn = server.client()
    _counter[0] += 1
    arn = create_machine(sfn, f"Recorded{_counter[0]}", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps(execution_input))["executionArn"]
    described = wait_for_status(sfn, execution, timeout=90)
    return described, full_history(sfn, execution)


def event(events, kind):
    return next(e for e in events if e["type"] == kind)


def check_invoke_output(output, payload_text, log_result=False):
    """The lambda:invoke output's members, their order and the SDK metadata's shape, as recorded."""
    keys = ["ExecutedVersion", *(["LogResult"] if log_result else []), "Payload", "SdkHttpMetadata", "SdkResponseMetadata",
            "StatusCode"]
    assert list(output) == keys
    assert output["ExecutedVersion"] == "$LATEST" and output["StatusCode"] == 200
    metadata = output["SdkHttpMetadata"]
    assert list(metadata) == ["AllHttpHeaders", "HttpHeaders", "HttpStatusCode"] and metadata["HttpStatusCode"] == 200
    every = metadata["AllHttpHeaders"]
    assert list(every) == [*(["X-Amz-Log-Result"] if log_result else []), "X-Amz-Executed-Version",
                           "x-amzn-Remapped-Content-Length", "Connection", "x-amzn-RequestId", "Content-Length", "Date",
                           "X-Amzn-Trace-Id", "Content-Type"]
    assert all(isinstance(values, list) and len(values) == 1 for values in every.values()), every
    assert every["Connection"] == ["keep-alive"] and every["Content-Type"] == ["application/json"]
    assert every["Content-Length"] == [str(len(payload_text.encode()))]
    first = metadata["HttpHeaders"]
    assert list(first) == sorted(every, key=str.lower)
    assert first == {name: values[0] for name, values in every.items()}
    assert output["SdkResponseMetadata"] == {"RequestId": first["x-amzn-RequestId"]}


# test_lambda_task_service.snapshot.json, TestTaskServiceLambda::test_invoke (recorded against AWS): "Payload": null
# invokes the function with no payload (Lambda's {}): Payload {} with Content-Length 2.
def test_a_null_payload_invokes_with_an_empty_object(server, functions):  # noqa: F811
    described, events = execute(server, INVOKE, {"FunctionName": "rec-id", "Payload": None})
    assert described["status"] == "SUCCEEDED", described
    assert [(e["type"], e["id"], e["previousEventId"]) for e in events] == [
        ("ExecutionStarted", 1, 0), ("TaskStateEntered", 2, 0), ("TaskScheduled", 3, 2), ("TaskStarted", 4, 3),
        ("TaskSucceeded", 5, 4), ("TaskStateExited", 6, 5), ("PassStateEntered", 7, 6), ("PassStateExited", 8, 7),
        ("ExecutionSucceeded", 9, 8)]
    scheduled = event(events, "TaskScheduled")["taskScheduledEventDetails"]
    assert json.loads(scheduled["parameters"]) == {"FunctionName": "rec-id", "Payload": None}
    succeeded = event(events, "TaskSucceeded")["taskSucceededEventDetails"]
    assert succeeded["resource"] == "invoke" and succeeded["resourceType"] == "lambda"
    output = json.loads(succeeded["output"])
    assert output["Payload"] == {}
    check_invoke_output(output, "{}")
    final = json.loads(described["output"])
    assert list(final) == [*output, "final"] and final["final"] == output


# test_lambda_task_service.snapshot.json, TestTaskServiceLambda::test_invoke_json_values (recorded against AWS): a
# string Payload is sent as its text, so json.dumps(value) reaches the function as value and comes back as it.
@pytest.mark.parametrize("value", ["HelloWorld", 0.0, 0, True, {}, [], None])
def test_a_string_payload_is_sent_as_the_json_text_it_holds(server, functions, value):  # noqa: F811
    described, events = execute(server, INVOKE, {"FunctionName": "rec-id", "Payload": json.dumps(value)})
    assert described["status"] == "SUCCEEDED", described
    text = event(events, "TaskSucceeded")["taskSucceededEventDetails"]["output"]
    output = json.loads(text)
    assert output["Payload"] == value and type(output["Payload"]) is type(value)
    if value == 0.0 and isinstance(value, float):
        assert '"Payload":0.0' in text
    check_invoke_output(output, json.dumps(value))


# test_lambda_task_service.snapshot.json, TestTaskServiceLambda::test_invoke_bytes_payload (recorded against AWS):
# the string "\"'{'Hello':'World'}'\"" is sent as a JSON string; the function's bytes "HelloWorld!" (13 bytes with
# their quotes) are the Payload "HelloWorld!".
def test_a_functions_bytes_are_read_as_json(server, functions):  # noqa: F811
    described, events = execute(
        server, INVOKE, {"FunctionName": "rec-bytes", "Payload": json.dumps("'{'Hello':'World'}'")})
    assert described["status"] == "SUCCEEDED", described
    output = json.loads(event(events, "TaskSucceeded")["taskSucceededEventDetails"]["output"])
    assert output["Payload"] == "HelloWorld!"
    check_invoke_output(output, '"HelloWorld!"')


# test_lambda_task_service.snapshot.json, TestTaskServiceLambda::test_invoke_unsupported_param (recorded against AWS):
# Parameters written FunctionName, Payload, LogType are recorded in TaskScheduled as FunctionName, LogType, Payload
# (Lambda's Invoke request order); the output carries LogResult after ExecutedVersion and X-Amz-Log-Result first.
def test_log_type_tail_orders_parameters_and_output_as_recorded(server, functions):  # noqa: F811
    definition = json.loads(json.dumps(INVOKE))
    definition["States"]["Start"]["Parameters"]["LogType.$"] = "$.LogType"
    described, events = execute(server, definition, {"FunctionName": "rec-id", "Payload": None, "LogType": "Tail"})
    assert described["status"] == "SUCCEEDED", described
    parameters = event(events, "TaskScheduled")["taskScheduledEventDetails"]["parameters"]
    assert parameters == '{"FunctionName":"rec-id","LogType":"Tail","Payload":null}'
    output = json.loads(event(events, "TaskSucceeded")["taskSucceededEventDetails"]["output"])
    check_invoke_output(output, "{}", log_result=True)
    assert output["SdkHttpMetadata"]["AllHttpHeaders"]["X-Amz-Log-Result"] == [output["LogResult"]]


CATCH_RELEVANT = {
    "Catch": [{"ErrorEquals": ["Lambda.Unknown"], "Next": "EndWithLambdaUnknownHandler"},
              {"ErrorEquals": ["States.TaskFailed"], "Next": "EndWithStateTaskFailedHandler"},
              {"ErrorEquals": ["States.ALL"], "Next": "EndWithAllHandler"}],
    "Next": "EndWithFinal"}
CATCH_STATES = {
    "EndWithLambdaUnknownHandler": {"Type": "Pass", "ResultPath": "$.lambda_unknown", "End": True},
    "EndWithStateTaskFailedHandler": {"Type": "Pass", "ResultPath": "$.task_failed_error", "End": True},
    "EndWithAllHandler": {"Type": "Pass", "ResultPath": "$.all_error", "End": True},
    "EndWithFinal": {"Type": "Pass", "ResultPath": "$.final", "End": True}}


def catch_relevant(resource):
    start = {"Type": "Task", "Resource": resource,
             "Parameters": {"FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload"}, **CATCH_RELEVANT}
    return {"StartAt": "Start", "States": {"Start": start, **CATCH_STATES}}


# error_handling/test_task_service_lambda.snapshot.json, TestTaskServiceLambda::test_raise_exception_catch (recorded
# against AWS): a lambda:invoke step's unhandled error is named by its errorType (Exception, caught by
# States.TaskFailed), and its cause is the error document re-serialized without spaces:
# {"errorMessage":"Some exception was raised.","errorType":"Exception","requestId":"<uuid>","stackTrace":[...]}.
def test_lambda_invoke_function_error_cause_is_compact_json(server, functions):  # noqa: F811
    described, events = execute(server, catch_relevant("arn:aws:states:::lambda:invoke"),
                                {"FunctionName": "rec-raise", "Payload": None})
    assert described["status"] == "SUCCEEDED", described
    assert [e["type"] for e in events] == [
        "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateExited",
        "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    failed = event(events, "TaskFailed")["taskFailedEventDetails"]
    assert failed["error"] == "Exception" and failed["resource"] == "invoke" and failed["resourceType"] == "lambda"
    cause = failed["cause"]
    assert cause.startswith('{"errorMessage":"Some exception was raised.","errorType":"Exception","requestId":"'), cause
    # The function's code is where Lambda keeps it, /var/task (AWS's traces name /var/task/<file>.py).
    assert '"stackTrace":["  File \\"/var/task/' in cause and ' '.join(['raise', 'Exception']) in cause
    assert json.dumps(json.loads(cause), separators=(",", ":")) == cause
    assert list(json.loads(cause)) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    final = json.loads(described["output"])
    assert event(events, "PassStateEntered")["stateEnteredEventDetails"]["name"] == "EndWithStateTaskFailedHandler"
    assert final["task_failed_error"] == {"Error": "Exception", "Cause": cause}


# error_handling/test_task_lambda.snapshot.json, TestTaskLambda::test_raise_exception_catch (recorded against AWS): a
# function ARN as Resource keeps the runtime's own text as the cause ({"errorMessage": "...", "errorType": ...}).
def test_function_arn_error_cause_keeps_the_runtimes_text(server, functions):  # noqa: F811
    described, events = execute(server, catch_relevant(functions["rec-raise"]),
                                {"FunctionName": "rec-raise", "Payload": None})
    assert described["status"] == "SUCCEEDED", described
    assert [e["type"] for e in events][2:6] == [
        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed", "TaskStateExited"]
    failed = event(events, "LambdaFunctionFailed")["lambdaFunctionFailedEventDetails"]
    assert failed["error"] == "Exception"
    assert failed["cause"].startswith('{"errorMessage": "Some exception was raised.", "errorType": "Exception", "requestId": "')
    assert json.loads(described["output"])["task_failed_error"] == {"Error": "Exception", "Cause": failed["cause"]}


def data_limit(resource, catchers):
    return {"StartAt": "InvokeLambda", "States": {
        "InvokeLambda": {"Type": "Task", "Resource": resource,
                         "Parameters": {"FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload"},
                         "Next": "ProcessResult",
                         "Catch": [{"ErrorEquals": [name], "Next": state} for name, state in catchers]},
        "ProcessResult": {"Type": "Pass", "End": True},
        **{state: {"Type": "Pass", "End": True} for _, state in catchers}}}


# error_handling/test_states_errors.snapshot.json, TestStatesErrors::test_task_lambda_data_limit_exceeded_on_large_utf8_
# response and ..._catch_state_all_... (recorded against AWS): a function ARN's result over 256 KB (257 KB of "a",
# not JSON) fails with States.DataLimitExceeded naming the function ARN, caught by its own name or by States.ALL.
@pytest.mark.parametrize("catchers,handler", [
    ([("States.DataLimitExceeded", "HandleDataLimitExceeded"), ("States.ALL", "HandleGeneralError")], "HandleDataLimitExceeded"),
    ([("States.ALL", "HandleGeneralError")], "HandleGeneralError"),
])
def test_function_arn_result_over_the_quota_is_data_limit_exceeded(server, functions, catchers, handler):  # noqa: F811
    arn = functions["rec-large"]
    described, events = execute(server, data_limit(arn, catchers), {"FunctionName": "rec-large", "Payload": None})
    assert described["status"] == "SUCCEEDED", described
    assert [(e["type"], e["id"], e["previousEventId"]) for e in events] == [
        ("ExecutionStarted", 1, 0), ("TaskStateEntered", 2, 0), ("LambdaFunctionScheduled", 3, 2),
        ("LambdaFunctionStarted", 4, 3), ("LambdaFunctionFailed", 5, 4), ("TaskStateExited", 6, 5),
        ("PassStateEntered", 7, 6), ("PassStateExited", 8, 7), ("ExecutionSucceeded", 9, 8)]
    cause = f"The state/task '{arn}' returned a result with a size exceeding the maximum number of bytes service limit."
    assert event(events, "LambdaFunctionFailed")["lambdaFunctionFailedEventDetails"] == {
        "error": "States.DataLimitExceeded", "cause": cause}
    assert event(events, "PassStateEntered")["stateEnteredEventDetails"]["name"] == handler
    assert json.loads(described["output"]) == {"Error": "States.DataLimitExceeded", "Cause": cause}


# The same for lambda:invoke (test_service_task_lambada_data_limit_exceeded_on_large_utf8_response): the task is
# named 'lambda'.
def test_lambda_invoke_result_over_the_quota_is_data_limit_exceeded(server, functions):  # noqa: F811
    described, events = execute(
        server, data_limit("arn:aws:states:::lambda:invoke", [("States.DataLimitExceeded", "HandleDataLimitExceeded")]),
        {"FunctionName": "rec-large", "Payload": None})
    assert described["status"] == "SUCCEEDED", described
    failed = event(events, "TaskFailed")["taskFailedEventDetails"]
    assert failed == {"resourceType": "lambda", "resource": "invoke", "error": "States.DataLimitExceeded",
                      "cause": "The state/task 'lambda' returned a result with a size exceeding the maximum number of "
                               "bytes service limit."}


# error_handling/test_task_service_lambda.snapshot.json, TestTaskServiceLambda::test_no_such_function_catch (recorded
# against AWS): Lambda.ResourceNotFoundException with the AWS SDK's cause text, caught by States.TaskFailed.
def test_lambda_invoke_of_a_missing_function(server, functions):  # noqa: F811
    described, events = execute(server, catch_relevant("arn:aws:states:::lambda:invoke"),
                                {"FunctionName": "no_such_rec-raise", "Payload": None})
    failed = event(events, "TaskFailed")["taskFailedEventDetails"]
    assert failed["error"] == "Lambda.ResourceNotFoundException"
    prefix = (f"Function not found: arn:aws:lambda:{REGION}:{ACCOUNT}:function:no_such_rec-raise (Service: AWSLambda; "
              "Status Code: 404; Error Code: ResourceNotFoundException; Request ID: ")
    assert failed["cause"].startswith(prefix) and failed["cause"].endswith("; Proxy: null)")
    assert json.loads(described["output"])["task_failed_error"] == {
        "Error": "Lambda.ResourceNotFoundException", "Cause": failed["cause"]}


# Follows from test_invoke_json_values' rule (a string Payload is sent as its text): a string that is not JSON is a
# body Lambda refuses (InvalidRequestContentException), named Lambda.<Code> as Lambda's other API errors are.
def test_a_string_payload_that_is_not_json_is_refused_by_lambda(server, functions):  # noqa: F811
    described, events = execute(server, INVOKE, {"FunctionName": "rec-id", "Payload": "not json"})
    assert described["status"] == "FAILED"
    assert described["error"] == "Lambda.InvalidRequestContentException"
    assert "Error Code: InvalidRequestContentException" in described["cause"]
