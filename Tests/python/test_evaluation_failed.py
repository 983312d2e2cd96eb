"""A JSONata expression that fails records AWS's EvaluationFailed event before the state's Retry, Catch or failure:
the error, the cause (with AWS's state prefix), the field as `location` and the state's name, once per attempt,
chained to the event before the state's StateEntered (recorded against AWS in LocalStack's test_math_operations_jsonata
test_math_random_seeded). The sequences follow floci-io/floci#2868 and #3167, measured in us-east-1: "TaskStateEntered,
EvaluationFailed, EvaluationFailed, ExecutionFailed" for a retried Task whose Arguments failed; "PassStateEntered,
EvaluationFailed, ParallelStateFailed, ParallelStateExited" for a caught branch."""
from conftest import create_machine, full_history, wait_for_status

PREFIX = "An error occurred while executing the state "


def run(sfn, name, definition, given='{"x": "a"}'):
    arn = create_machine(sfn, name, definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=given)["executionArn"]
    described = wait_for_status(sfn, execution, timeout=30)
    return described, full_history(sfn, execution)


def test_a_failed_output_expression_records_evaluation_failed(sfn):
    described, events = run(sfn, "EvalFailedOutput", {"QueryLanguage": "JSONata", "StartAt": "E", "States": {
        "E": {"Type": "Pass", "Output": {"v": "{% $states.input.missing %}"}, "End": True}}})
    assert described["status"] == "FAILED"
    assert [e["type"] for e in events] == ["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"]
    assert [e["previousEventId"] for e in events] == [0, 0, 0, 3]
    cause = (PREFIX + "'E' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for "
             "the field 'Output/v' returned nothing (undefined).")
    assert events[2]["evaluationFailedEventDetails"] == {
        "error": "States.QueryEvaluationError", "cause": cause, "location": "Output/v", "state": "E"}
    assert events[3]["executionFailedEventDetails"] == {"error": "States.QueryEvaluationError", "cause": cause}


def test_each_retried_attempt_records_its_own(sfn):
    described, events = run(sfn, "EvalFailedRetry", {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
              "Arguments": {"ApiEndpoint": "{% $states.input.missing %}", "Method": "GET"},
              "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1, "IntervalSeconds": 1}], "End": True}}})
    assert described["status"] == "FAILED"
    assert [e["type"] for e in events] == [
        "ExecutionStarted", "TaskStateEntered", "EvaluationFailed", "EvaluationFailed", "ExecutionFailed"]
    for event in events[2:4]:
        assert event["evaluationFailedEventDetails"]["location"] == "Arguments/ApiEndpoint"
        assert event["evaluationFailedEventDetails"]["state"] == "T"


def test_a_caught_branch_failure_records_it_once_in_the_branch(sfn):
    described, events = run(sfn, "EvalFailedBranch", {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [{"StartAt": "Undef", "States": {
            "Undef": {"Type": "Pass", "Output": {"v": "{% $states.input.missing %}"}, "End": True}}}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}], "End": True},
        "Handled": {"Type": "Pass", "End": True}}})
    assert described["status"] == "SUCCEEDED"
    assert [e["type"] for e in events] == [
        "ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "PassStateEntered", "EvaluationFailed",
        "ParallelStateFailed", "ParallelStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    details = events[4]["evaluationFailedEventDetails"]
    assert details["state"] == "Undef" and details["location"] == "Output/v"
    assert events[4]["previousEventId"] == 3


def test_a_jsonpath_failure_records_none(sfn):
    described, events = run(sfn, "EvalFailedJSONPath", {"StartAt": "E", "States": {
        "E": {"Type": "Pass", "Parameters": {"v.$": "$.missing"}, "End": True}}})
    assert described["status"] == "FAILED"
    assert "EvaluationFailed" not in [e["type"] for e in events]


def test_a_failed_catch_output_fails_the_parallel_a_second_time(sfn):
    # floci-io/floci#3167, measured in us-east-1: ParallelStateFailed, EvaluationFailed (Catch[1]/Output/v),
    # ParallelStateFailed, ExecutionFailed.
    described, events = run(sfn, "EvalFailedCatchOutput", {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [{"StartAt": "Boom", "States": {
            "Boom": {"Type": "Fail", "Error": "MyError", "Cause": "my cause"}}}],
            "Catch": [{"ErrorEquals": ["Other"], "Next": "Done"},
                      {"ErrorEquals": ["States.ALL"], "Output": {"v": "{% $states.input.missing %}"}, "Next": "Done"}],
            "End": True},
        "Done": {"Type": "Pass", "End": True}}})
    assert described["status"] == "FAILED"
    assert [e["type"] for e in events] == [
        "ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "FailStateEntered", "ParallelStateFailed",
        "EvaluationFailed", "ParallelStateFailed", "ExecutionFailed"]
    details = events[5]["evaluationFailedEventDetails"]
    assert details["location"] == "Catch[1]/Output/v" and details["state"] == "P"
    assert details["cause"] == (
        PREFIX + "'P' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the "
        "field 'Catch[1]/Output/v' returned nothing (undefined).")
    assert events[7]["executionFailedEventDetails"] == {"error": "States.QueryEvaluationError", "cause": details["cause"]}


def test_map_items_that_return_nothing_fail_the_map_state(sfn):
    # floci-io/floci#3167 (measured in us-east-1): MapStateEntered, EvaluationFailed (location Items), MapStateFailed,
    # ExecutionFailed, as for Items that are not an array.
    described, events = run(sfn, "EvalFailedMapItems", {"QueryLanguage": "JSONata", "StartAt": "Fan", "States": {
        "Fan": {"Type": "Map", "Items": "{% $states.input.missing %}", "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
            "End": True}}})
    assert described["status"] == "FAILED"
    assert [e["type"] for e in events] == [
        "ExecutionStarted", "MapStateEntered", "EvaluationFailed", "MapStateFailed", "ExecutionFailed"]
    assert events[2]["evaluationFailedEventDetails"]["location"] == "Items"
    assert events[3]["previousEventId"] == events[2]["id"]
    assert described["error"] == "States.QueryEvaluationError"
    assert described["cause"] == (PREFIX + "'Fan' (entered at the event id #2). The JSONata expression "
                                  "'$states.input.missing' specified for the field 'Items' returned nothing (undefined).")
