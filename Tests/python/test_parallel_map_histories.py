"""GetExecutionHistory of a Parallel or an inline Map whose branch or iteration fails, through boto3: the event types
and previousEventId chain AWS records (Catch and Retry on the state, a failing task that stops the other branches)."""
import json

from conftest import create_machine, full_history, wait_for_status

FAILING_BRANCH = [{"StartAt": "Branch1", "States": {
    "Branch1": {"Type": "Fail", "Error": "FailureType", "Cause": "Cause description"}}}]


def chain(events):
    return [(e["type"], e["previousEventId"]) for e in events]


def run(sfn, name, definition, execution_input="{}"):
    arn = create_machine(sfn, name, definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=execution_input)["executionArn"]
    status = wait_for_status(sfn, execution)["status"]
    return status, full_history(sfn, execution)


def test_parallel_catch_chains_failed_and_exited_to_the_failure(sfn):
    definition = {"StartAt": "ParallelState", "States": {
        "ParallelState": {"Type": "Parallel", "Branches": FAILING_BRANCH,
                          "Catch": [{"ErrorEquals": ["FailureType"], "Next": "FinalCaught"}], "Next": "Final"},
        "FinalCaught": {"Type": "Pass", "End": True},
        "Final": {"Type": "Pass", "End": True}}}
    status, events = run(sfn, "ParallelCatchHistory", definition)
    assert status == "SUCCEEDED"
    assert chain(events) == [
        ("ExecutionStarted", 0), ("ParallelStateEntered", 0), ("ParallelStateStarted", 2), ("FailStateEntered", 3),
        ("ParallelStateFailed", 4), ("ParallelStateExited", 5), ("PassStateEntered", 6), ("PassStateExited", 7),
        ("ExecutionSucceeded", 8),
    ]
    exited = events[5]["stateExitedEventDetails"]
    assert json.loads(exited["output"]) == {"Error": "FailureType", "Cause": "Cause description"}


def test_map_retry_records_no_map_state_failed_for_a_retried_attempt(sfn):
    definition = {"StartAt": "MapState", "States": {
        "MapState": {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "HandleItemFail", "States": {
                "HandleItemFail": {"Type": "Fail", "Error": "HandleItemFailError", "Cause": "HandleItemFailCause"}}},
            "Retry": [{"ErrorEquals": ["HandleItemFailError"], "MaxAttempts": 1, "IntervalSeconds": 1}], "End": True}}}
    status, events = run(sfn, "MapRetryHistory", definition, "[1]")
    assert status == "FAILED"
    assert chain(events) == [
        ("ExecutionStarted", 0), ("MapStateEntered", 0), ("MapStateStarted", 2), ("MapIterationStarted", 3),
        ("FailStateEntered", 4), ("MapIterationFailed", 5), ("MapStateStarted", 5), ("MapIterationStarted", 7),
        ("FailStateEntered", 8), ("MapIterationFailed", 9), ("MapStateFailed", 9), ("ExecutionFailed", 11),
    ]
    assert events[-1]["executionFailedEventDetails"] == {"error": "HandleItemFailError", "cause": "HandleItemFailCause"}


def test_a_failed_branch_task_aborts_itself_and_the_running_branch(sfn):
    first = sfn.create_activity(name="HistoryFirst")["activityArn"]
    second = sfn.create_activity(name="HistorySecond")["activityArn"]
    definition = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": first, "End": True}}},
        {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": second, "End": True}}}]}}}
    arn = create_machine(sfn, "ParallelTaskFailure", definition)
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    task = sfn.get_activity_task(activityArn=first)
    assert sfn.get_activity_task(activityArn=second).get("taskToken")
    sfn.send_task_failure(taskToken=task["taskToken"], error="Boom", cause="bad")
    assert wait_for_status(sfn, execution)["status"] == "FAILED"
    events = full_history(sfn, execution)
    failed = next(e for e in events if e["type"] == "ActivityFailed")
    tail = chain(events[events.index(failed) + 1:])
    f = failed["id"]
    assert tail == [("TaskStateAborted", f), ("TaskStateAborted", f), ("ParallelStateFailed", f), ("ExecutionFailed", f + 3)]


def test_states_runtime_in_a_branch_ends_the_execution_at_once(sfn):
    # A history from AWS (floci-io/floci#2868): ParallelStateEntered, ParallelStateStarted, PassStateEntered, then
    # ExecutionFailed, with no ParallelStateFailed, even with a Catch on the Parallel (States.ALL does not catch it).
    definition = {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "End": True, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
              "Branches": [{"StartAt": "Fast", "States": {
                  "Fast": {"Type": "Pass", "Parameters": {"m.$": "$.nope"}, "End": True}}}]},
        "Caught": {"Type": "Pass", "End": True}}}
    status, events = run(sfn, "BranchRuntimeHistory", definition, '{"x": "a"}')
    assert status == "FAILED"
    assert chain(events) == [
        ("ExecutionStarted", 0), ("ParallelStateEntered", 0), ("ParallelStateStarted", 2), ("PassStateEntered", 3),
        ("ExecutionFailed", 4)]
    # The input as StartExecution was given it (with its space), as the branch received it unchanged: AWS keeps a
    # branch's input text (test_base_scenarios' test_parallel_state_nested) and quotes it (localstack#11953).
    assert events[-1]["executionFailedEventDetails"] == {
        "error": "States.Runtime",
        "cause": "An error occurred while executing the state 'Fast' (entered at the event id #4). The JSONPath "
                 "'$.nope' specified for the field 'm.$' could not be found in the input '{\"x\": \"a\"}'"}


def test_states_runtime_in_an_iteration_ends_the_execution_at_once(sfn):
    # As AWS records it (floci-io/floci#2868): no MapIterationFailed or MapStateFailed.
    definition = {"StartAt": "M", "States": {
        "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, "End": True,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Fast", "States": {
                  "Fast": {"Type": "Pass", "Parameters": {"m.$": "$.nope"}, "End": True}}}}}}
    status, events = run(sfn, "IterationRuntimeHistory", definition, '{"items": [1, 2]}')
    assert status == "FAILED"
    assert chain(events) == [
        ("ExecutionStarted", 0), ("MapStateEntered", 0), ("MapStateStarted", 2), ("MapIterationStarted", 3),
        ("PassStateEntered", 4), ("ExecutionFailed", 5)]
    assert events[-1]["executionFailedEventDetails"]["cause"].endswith(
        "specified for the field 'm.$' could not be found in the input '1'")


def test_a_parallels_own_failure_after_its_branches_follows_its_succeeded_event(sfn):
    # floci-io/floci#3167 (measured in us-east-1): a ResultSelector that fails after the branches succeeded gives
    # ParallelStateSucceeded #6, then ExecutionFailed #7 after #6 (a success goes on from the event before it).
    definition = {"StartAt": "P", "States": {"P": {
        "Type": "Parallel", "Branches": [{"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": True}}}],
        "ResultSelector": {"m.$": "$.nope"}, "End": True}}}
    status, events = run(sfn, "ParallelOwnFailure", definition, '{"x":"a"}')
    assert status == "FAILED"
    assert chain(events) == [
        ("ExecutionStarted", 0), ("ParallelStateEntered", 0), ("ParallelStateStarted", 2), ("PassStateEntered", 3),
        ("PassStateExited", 4), ("ParallelStateSucceeded", 5), ("ExecutionFailed", 6)]
    assert events[-1]["executionFailedEventDetails"]["cause"] == (
        "An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.nope' specified "
        "for the field 'm.$' could not be found in the input '[{\"x\":\"a\"}]'")
