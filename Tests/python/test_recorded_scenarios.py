"""Scenario histories on `stepwise serve`, replayed from answers recorded against AWS: LocalStack's
tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json and test_sfn_scenarios.snapshot.json
hold the histories AWS gave for its scenario definitions (identifiers masked). Each test runs the recorded definition
on the recorded input and compares what AWS shows: event types, ids, previousEventId, details, outputs, and the order
of members where the recording shows it."""
import json

import pytest

from conftest import Server, create_machine, full_history, wait_for_status


def run(sfn, name, definition, execution_input):
    arn = create_machine(sfn, name, definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps(execution_input))["executionArn"]
    return wait_for_status(sfn, execution, timeout=60), full_history(sfn, execution)


def keys(text):
    """The member names of a JSON object text, in the order the text gives them."""
    return [name for name, _ in json.loads(text, object_pairs_hook=lambda pairs: pairs)]


def chain(events):
    return [(e["id"], e["previousEventId"], e["type"]) for e in events]


# --- Distributed Map ItemReader over CSV objects (test_base_scenarios.snapshot.json, test_map_item_reader_*) --------
# The objects are served from a directory (`serve --s3-directory BUCKET=DIR`); the bodies are the recorded tests'.

CSV_BODIES = {
    "first.csv": "Col1,Col2,Col3\nValue1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
    "given.csv": "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
    "typed.csv": "0,True,{}\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
    "extra.csv": "H1,\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
}


@pytest.fixture(scope="module")
def bucket_sfn(tmp_path_factory):
    directory = tmp_path_factory.mktemp("scenario-bucket")
    for name, body in CSV_BODIES.items():
        (directory / name).write_text(body)
    running = Server("--in-memory", "--s3-directory", f"scenarios={directory}")
    yield running.client()
    running.stop()


def csv_reader(config):
    return {"StartAt": "MapState", "States": {"MapState": {
        "Type": "Map", "MaxConcurrency": 1,
        "ItemReader": {"ReaderConfig": config, "Resource": "arn:aws:states:::s3:getObject",
                       "Parameters": {"Bucket.$": "$.Bucket", "Key.$": "$.Key"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": "PassItem", "States": {"PassItem": {"Type": "Pass", "End": True}}},
        "End": True}}}


FIRST_ROW = {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}


@pytest.mark.parametrize("name,config,key,output", [
    # test_map_item_reader_base_csv_headers_first_line
    ("CsvHeadersFirstLine", FIRST_ROW, "first.csv",
     '[{"Col1":"Value1","Col2":"Value2","Col3":"Value3"},{"Col1":"Value4","Col2":"Value5","Col3":"Value6"},'
     '{"Col1":"","Col2":"","Col3":""},{"Col1":"true","Col2":"1","Col3":"\'HelloWorld\'"},'
     '{"Col1":"Null","Col2":"None","Col3":""},{"Col1":"   ","Col2":"","Col3":""}]'),
    # test_map_item_reader_base_csv_headers_decl
    ("CsvHeadersDecl", {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["H1", "H2", "H3"]}, "given.csv",
     '[{"H1":"Value1","H2":"Value2","H3":"Value3"},{"H1":"Value4","H2":"Value5","H3":"Value6"},{"H1":"","H2":"","H3":""},'
     '{"H1":"true","H2":"1","H3":"\'HelloWorld\'"},{"H1":"Null","H2":"None","H3":""},{"H1":"   ","H2":"","H3":""}]'),
    # test_map_item_reader_csv_headers_decl_extra_fields
    ("CsvHeadersDeclExtra", {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["H1"]}, "given.csv",
     '[{"H1":"Value1"},{"H1":"Value4"},{"H1":""},{"H1":"true"},{"H1":"Null"},{"H1":"   "}]'),
    # test_map_item_reader_csv_headers_first_row_typed_headers: the members come in a Java HashMap's order, not the
    # header's ("0", "{}", "True" for the header row 0,True,{}).
    ("CsvTypedHeaders", FIRST_ROW, "typed.csv",
     '[{"0":"Value4","{}":"Value6","True":"Value5"},{"0":"","{}":"","True":""},{"0":"true","{}":"\'HelloWorld\'","True":"1"},'
     '{"0":"Null","{}":"","True":"None"},{"0":"   ","{}":"","True":""}]'),
    # test_map_item_reader_csv_first_row_extra_fields: the empty header "" comes before "H1".
    ("CsvFirstRowExtra", FIRST_ROW, "extra.csv",
     '[{"":"Value5","H1":"Value4"},{"":"","H1":""},{"":"1","H1":"true"},{"":"None","H1":"Null"},{"":"","H1":"   "}]'),
])
def test_csv_item_reader_outputs_rows_as_aws_orders_them(bucket_sfn, name, config, key, output):
    described, events = run(bucket_sfn, name, csv_reader(config), {"Bucket": "scenarios", "Key": key})
    assert described["status"] == "SUCCEEDED"
    exited = events[-2]
    assert exited["type"] == "MapStateExited" and exited["stateExitedEventDetails"]["output"] == output
    assert described["output"] == output


@pytest.mark.parametrize("headers", [["H1", "H1", "H3"]])
def test_csv_item_reader_duplicate_given_headers_fail_the_map_run(bucket_sfn, headers):
    # test_map_item_reader_csv_headers_decl_duplicate_headers
    config = {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": headers}
    described, events = run(bucket_sfn, "CsvDuplicateHeaders", csv_reader(config), {"Bucket": "scenarios", "Key": "given.csv"})
    failure = {"error": "States.ItemReaderFailed", "cause": "CSV headers cannot contain duplicates."}
    assert chain(events) == [(1, 0, "ExecutionStarted"), (2, 0, "MapStateEntered"), (3, 2, "MapStateStarted"),
                             (4, 3, "MapRunStarted"), (5, 4, "MapRunFailed"), (6, 5, "MapStateFailed"),
                             (7, 6, "ExecutionFailed")]
    assert events[4]["mapRunFailedEventDetails"] == failure and events[6]["executionFailedEventDetails"] == failure
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", failure["error"], failure["cause"])


# --- Payload templates: member order (test_base_scenarios.snapshot.json) ------------------------------------------

SHIPPED = {"detail": {"delivery-partner": "UQS", "shipped": [
    {"prod": "R31", "dest-code": 9511, "quantity": 1344}, {"prod": "S39", "dest-code": 9511, "quantity": 40},
    {"prod": "R31", "dest-code": 9833, "quantity": 12}, {"prod": "R40", "dest-code": 9860, "quantity": 887},
    {"prod": "R40", "dest-code": 9511, "quantity": 1220}]}}
SELECTOR = {"original_input.$": "$", "iteration_input_value.$": "$$.Map.Item.Value", "iteration_index.$": "$$.Map.Item.Index",
            "from_input_constant.$": "$.delivery-partner", "constant_value": "HelloWorld"}
SELECTED_ORDER = ["constant_value", "iteration_input_value", "from_input_constant", "iteration_index", "original_input"]


def selector_machine(field, legacy):
    processor = {"StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": True}}}
    state = {"Type": "Map", "ResultPath": "$.detail.shipped_output", "InputPath": "$.detail", "ItemsPath": "$.shipped",
             "MaxConcurrency": 1, field: SELECTOR, "Next": "Final"}
    if legacy:
        state["Iterator"] = processor
    else:
        state["ItemProcessor"] = {"ProcessorConfig": {"Mode": "INLINE"}, **processor}
    return {"StartAt": "StartState", "States": {
        "StartState": {"Type": "Pass", "Result": SHIPPED, "Next": "MapState"}, "MapState": state,
        "Final": {"Type": "Pass", "End": True}}}


@pytest.mark.parametrize("name,field,legacy", [
    ("ScenarioItemSelector", "ItemSelector", False),  # test_map_state_item_selector
    ("ScenarioParametersLegacy", "Parameters", True),  # test_map_state_parameters_legacy
])
def test_item_selector_members_come_written_fields_first_then_paths_in_hash_order(sfn, name, field, legacy):
    # AWS gives the written field first, then the `.$` fields in a Java HashMap's order of their names.
    described, events = run(sfn, name, selector_machine(field, legacy), {})
    assert described["status"] == "SUCCEEDED"
    assert chain(events) == [(1, 0, "ExecutionStarted"), (2, 0, "PassStateEntered"), (3, 2, "PassStateExited"),
                             (4, 3, "MapStateEntered"), (5, 4, "MapStateStarted")] + [
        event for index in range(5) for event in [
            (6 + 4 * index, 5 if index == 0 else 4 + 4 * index, "MapIterationStarted"),
            (7 + 4 * index, 6 + 4 * index, "PassStateEntered"), (8 + 4 * index, 7 + 4 * index, "PassStateExited"),
            (9 + 4 * index, 8 + 4 * index, "MapIterationSucceeded")]] + [
        (26, 25, "MapStateSucceeded"), (27, 25, "MapStateExited"), (28, 27, "PassStateEntered"),
        (29, 28, "PassStateExited"), (30, 29, "ExecutionSucceeded")]
    shipped = SHIPPED["detail"]["shipped"]
    for index in range(5):
        entered = events[6 + 4 * index]["stateEnteredEventDetails"]
        assert keys(entered["input"]) == SELECTED_ORDER
        assert json.loads(entered["input"]) == {
            "constant_value": "HelloWorld", "iteration_input_value": shipped[index], "from_input_constant": "UQS",
            "iteration_index": index, "original_input": SHIPPED["detail"]}
    output = json.loads(described["output"])
    assert [item["iteration_index"] for item in output["detail"]["shipped_output"]] == [0, 1, 2, 3, 4]


# --- MaxConcurrencyPath (test_base_scenarios.snapshot.json, test_max_concurrency_path[...]) ----------------------

MAX_CONCURRENCY_PATH = {"StartAt": "MapState", "States": {
    "MapState": {"Type": "Map", "ItemsPath": "$.Values", "MaxConcurrencyPath": "$.MaxConcurrencyValue",
                 "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "HandleItem",
                                   "States": {"HandleItem": {"Type": "Pass", "End": True}}}, "Next": "Final"},
    "Final": {"Type": "Pass", "End": True}}}


@pytest.mark.parametrize("value,shown", [({}, "{}"), ("NoNumber", "NoNumber")])
def test_max_concurrency_path_to_a_non_integer_fails_the_execution_in_aws_words(sfn, value, shown):
    # [max_concurrency_value0] and [NoNumber]: ExecutionFailed follows MapStateEntered, with no MapStateStarted.
    execution_input = {"MaxConcurrencyValue": value, "Values": ["HelloWorld"]}
    described, events = run(sfn, f"ScenarioMaxConcurrency{len(shown)}", MAX_CONCURRENCY_PATH, execution_input)
    cause = ("An error occurred while executing the state 'MapState' (entered at the event id #2). The MaxConcurrencyPath "
             f'field refers to value "{shown}" which is not a valid integer: $.MaxConcurrencyValue')
    assert chain(events) == [(1, 0, "ExecutionStarted"), (2, 0, "MapStateEntered"), (3, 2, "ExecutionFailed")]
    assert events[2]["executionFailedEventDetails"] == {"error": "States.Runtime", "cause": cause}
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", "States.Runtime", cause)


@pytest.mark.parametrize("value", [0, 1])
def test_max_concurrency_path_to_zero_or_one_runs_the_items(sfn, value):
    # [0] and [1]
    described, events = run(sfn, f"ScenarioMaxConcurrencyOk{value}", MAX_CONCURRENCY_PATH,
                            {"MaxConcurrencyValue": value, "Values": ["HelloWorld"]})
    assert described["status"] == "SUCCEEDED" and described["output"] == '["HelloWorld"]'
    assert chain(events) == [
        (1, 0, "ExecutionStarted"), (2, 0, "MapStateEntered"), (3, 2, "MapStateStarted"), (4, 3, "MapIterationStarted"),
        (5, 4, "PassStateEntered"), (6, 5, "PassStateExited"), (7, 6, "MapIterationSucceeded"), (8, 7, "MapStateSucceeded"),
        (9, 7, "MapStateExited"), (10, 9, "PassStateEntered"), (11, 10, "PassStateExited"), (12, 11, "ExecutionSucceeded")]


# --- JSONata Items (test_base_scenarios.snapshot.json, test_map_state_items_eval_jsonata_fail[function]) ----------

def test_jsonata_items_that_evaluate_to_a_function_are_an_unsupported_result_type(sfn):
    definition = {"QueryLanguage": "JSONata", "StartAt": "MapIterateState", "States": {"MapIterateState": {
        "Type": "Map", "Items": "{% $fn := function($x){$x} %}", "End": True,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Pass",
                          "States": {"Pass": {"Type": "Pass", "End": True}}}}}}
    described, events = run(sfn, "ScenarioItemsFunction", definition, {})
    cause = ("An error occurred while executing the state 'MapIterateState' (entered at the event id #2). The JSONata "
             "expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.")
    assert chain(events) == [(1, 0, "ExecutionStarted"), (2, 0, "MapStateEntered"), (3, 0, "EvaluationFailed"),
                             (4, 3, "MapStateFailed"), (5, 4, "ExecutionFailed")]
    assert events[2]["evaluationFailedEventDetails"] == {
        "cause": cause, "error": "States.QueryEvaluationError", "location": "Items", "state": "MapIterateState"}
    assert events[4]["executionFailedEventDetails"] == {"cause": cause, "error": "States.QueryEvaluationError"}
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", "States.QueryEvaluationError", cause)


# --- JSONata Wait Timestamp (test_base_scenarios.snapshot.json, test_wait_timestamp_jsonata[...]) -----------------

WAIT_TIMESTAMP_JSONATA = {"QueryLanguage": "JSONata", "StartAt": "WaitState", "States": {
    "WaitState": {"Type": "Wait", "Timestamp": "{% $states.input.TimestampValue %}", "End": True}}}


@pytest.mark.parametrize("timestamp", [
    "2016-12-05 21:29:29Z",  # NO_T
    "2016-12-05T21:29:29",  # NO_Z
    "2016-13-05T21:29:29Z",  # INVALID_DATE
    "2016-12-05T25:29:29Z",  # INVALID_TIME
    "05-12-2016T21:29:29Z",  # INVALID_ISO
])
def test_jsonata_wait_timestamp_that_is_not_a_date_time_fails_after_wait_state_entered(sfn, timestamp):
    described, events = run(sfn, "ScenarioWaitTimestamp" + "".join(c for c in timestamp if c.isalnum()),
                            WAIT_TIMESTAMP_JSONATA, {"TimestampValue": timestamp})
    cause = ("An error occurred while executing the state 'WaitState' (entered at the event id #2). The Timestamp field "
             f"cannot be parsed as an ISO-8601 extended offset date-time format string: {timestamp}")
    assert chain(events) == [(1, 0, "ExecutionStarted"), (2, 0, "WaitStateEntered"), (3, 2, "EvaluationFailed"),
                             (4, 3, "ExecutionFailed")]
    assert events[2]["evaluationFailedEventDetails"] == {
        "cause": cause, "error": "States.QueryEvaluationError", "location": "Timestamp", "state": "WaitState"}
    assert events[3]["executionFailedEventDetails"] == {"cause": cause, "error": "States.QueryEvaluationError"}
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", "States.QueryEvaluationError", cause)


# --- A Task's OutputPath that matches nothing (test_base_scenarios.snapshot.json, test_catch_states_runtime) -------
# AWS ran a Lambda function returning {}; an activity returning {} gives the Task the same result here.

def test_output_path_missing_a_property_is_states_runtime_naming_it_and_not_caught(sfn):
    activity = sfn.create_activity(name="ScenarioCatchRuntime")["activityArn"]
    definition = {"StartAt": "RaiseRuntime", "States": {
        "RaiseRuntime": {"Type": "Task", "Resource": activity, "OutputPath": "$.no.such.result.path",
                         "Catch": [{"ErrorEquals": ["States.Runtime"], "Next": "CaughtRuntime"}], "Next": "Final"},
        "CaughtRuntime": {"Type": "Pass", "End": True}, "Final": {"Type": "Pass", "End": True}}}
    arn = create_machine(sfn, "ScenarioCatchRuntime", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    task = sfn.get_activity_task(activityArn=activity)
    sfn.send_task_success(taskToken=task["taskToken"], output="{}")
    described = wait_for_status(sfn, execution)
    events = full_history(sfn, execution)
    cause = ("An error occurred while executing the state 'RaiseRuntime' (entered at the event id #2). Invalid path "
             "'$.no.such.result.path' : Missing property in path $['no']")
    assert events[-1]["type"] == "ExecutionFailed" and events[-2]["type"] == "ActivitySucceeded"
    assert events[-1]["previousEventId"] == events[-2]["id"]
    assert events[-1]["executionFailedEventDetails"] == {"error": "States.Runtime", "cause": cause}
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", "States.Runtime", cause)


# --- ItemBatcher (test_base_scenarios.snapshot.json, test_map_item_batching_base_json_max_per_batch_jsonata) --------

def test_item_batcher_gives_each_child_its_batch_input_then_its_items(tmp_path):
    items = [{"verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"},
             {"verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"},
             {"verdict": "mostly-true", "statement_date": "5/18/2016", "statement_source": "news"}]
    (tmp_path / "file.json").write_text(json.dumps(items))
    running = Server("--in-memory", "--s3-directory", f"batches={tmp_path}")
    try:
        sfn = running.client()
        definition = {"QueryLanguage": "JSONata", "StartAt": "BatchMapState", "States": {"BatchMapState": {
            "Type": "Map",
            "ItemReader": {"ReaderConfig": {"InputType": "JSON", "MaxItems": 2}, "Resource": "arn:aws:states:::s3:getObject",
                           "Arguments": {"Bucket": "{% $states.input.Bucket %}", "Key": "{% $states.input.Key %}"}},
            "ItemBatcher": {"MaxItemsPerBatch": "{% $states.input.MaxItemsPerBatch %}",
                            "MaxInputBytesPerBatch": "{% $states.input.MaxInputBytesPerBatch %}",
                            "BatchInput": {"BatchTimestamp": "{% $states.context.State.EnteredTime %}"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                              "StartAt": "ProcessBatch", "States": {"ProcessBatch": {"Type": "Pass", "End": True}}},
            "End": True}}}
        described, events = run(sfn, "ScenarioItemBatcher", definition, {
            "Bucket": "batches", "Key": "file.json", "MaxItemsPerBatch": 2, "MaxInputBytesPerBatch": 150000})
        assert described["status"] == "SUCCEEDED"
        output = json.loads(described["output"], object_pairs_hook=lambda pairs: pairs)
        assert len(output) == 1 and [name for name, _ in output[0]] == ["BatchInput", "Items"]
        batch = json.loads(described["output"])[0]
        assert batch["Items"] == items[:2] and set(batch["BatchInput"]) == {"BatchTimestamp"}
        assert [e["type"] for e in events][-4:] == ["MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]
    finally:
        running.stop()


# --- The input's text as given (test_base_scenarios.snapshot.json: test_parallel_state_nested and test_map_state_nested,
# recorded 29-03-2024; the Map config tests, recorded 08-02-2024) ---------------------------------------------------
# An execution input given with spaces (json.dumps writes `, ` and `: `) is recorded as that text by the first state's
# Entered event and by every state that passes it on unchanged (a bare Pass, a Parallel's branches), and a Parallel's
# result puts its branches' texts together; a state that builds its output (a Map, a Task) records compact JSON.

def details_text(event):
    details = next((value for key, value in event.items() if key.endswith("EventDetails")), {})
    return details.get("input", details.get("output"))


def texts(events):
    return [(e["id"], e["previousEventId"], e["type"], details_text(e)) for e in events]


PARALLEL_NESTED = {"StartAt": "ParallelStateL1", "States": {"ParallelStateL1": {
    "Type": "Parallel", "End": True, "Branches": [{"StartAt": "ParallelStateL2", "States": {"ParallelStateL2": {
        "Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "BranchL2", "States": {"BranchL2": {"Type": "Pass", "End": True}}}]}}}]}}}

MAP_NESTED = {"StartAt": "MapL1", "States": {"MapL1": {
    "Type": "Map", "MaxConcurrency": 1, "End": True, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "MapL2", "States": {"MapL2": {
            "Type": "Map", "MaxConcurrency": 1, "End": True, "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "MapL2Pass",
                "States": {"MapL2Pass": {"Type": "Pass", "End": True}}}}}}}}}


def test_parallel_state_nested_records_the_input_text_it_passes_on(sfn):
    raw = "[[1, 2, 3], [4, 5, 6]]"
    described, events = run(sfn, "ScenarioParallelNestedText", PARALLEL_NESTED, [[1, 2, 3], [4, 5, 6]])
    assert described["status"] == "SUCCEEDED"
    assert described["output"] == "[[[[1, 2, 3], [4, 5, 6]]]]"
    # The recording's events 2-7 and 11-12 (its transformer hides 8-10, the inner Parallel's end).
    assert texts(events) == [
        (1, 0, "ExecutionStarted", raw),
        (2, 0, "ParallelStateEntered", raw),
        (3, 2, "ParallelStateStarted", None),
        (4, 3, "ParallelStateEntered", raw),
        (5, 4, "ParallelStateStarted", None),
        (6, 5, "PassStateEntered", raw),
        (7, 6, "PassStateExited", raw),
        (8, 7, "ParallelStateSucceeded", None),
        (9, 7, "ParallelStateExited", "[[[1, 2, 3], [4, 5, 6]]]"),
        (10, 9, "ParallelStateSucceeded", None),
        (11, 9, "ParallelStateExited", "[[[[1, 2, 3], [4, 5, 6]]]]"),
        (12, 11, "ExecutionSucceeded", "[[[[1, 2, 3], [4, 5, 6]]]]"),
    ]


def test_map_state_nested_records_its_items_and_results_compact(sfn):
    described, events = run(sfn, "ScenarioMapNestedText", MAP_NESTED, [[1, 2, 3], [4, 5, 6]])
    assert described["output"] == "[[1,2,3],[4,5,6]]"
    recorded = texts(events)
    assert len(recorded) == 42
    assert recorded[:2] == [(1, 0, "ExecutionStarted", "[[1, 2, 3], [4, 5, 6]]"),
                            (2, 0, "MapStateEntered", "[[1, 2, 3], [4, 5, 6]]")]
    assert recorded[4] == (5, 4, "MapStateEntered", "[1,2,3]")
    assert recorded[19] == (20, 18, "MapStateExited", "[1,2,3]")
    assert recorded[22] == (23, 22, "MapStateEntered", "[4,5,6]")
    assert recorded[-2:] == [(41, 39, "MapStateExited", "[[1,2,3],[4,5,6]]"),
                             (42, 41, "ExecutionSucceeded", "[[1,2,3],[4,5,6]]")]


def test_map_legacy_config_inline_records_the_first_state_input_as_given(sfn):
    # test_map_state_legacy_config_inline: MapStateEntered keeps `["Hello", "World"]`; the iterations get "Hello" and
    # "World"; the Map's result, built, is compact, and so is everything after it.
    definition = {"StartAt": "MapState", "States": {
        "MapState": {"Type": "Map", "MaxConcurrency": 1, "Next": "Finish",
                     "Iterator": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "IteratorInner",
                                  "States": {"IteratorInner": {"Type": "Pass", "End": True}}}},
        "Finish": {"Type": "Succeed"}}}
    described, events = run(sfn, "ScenarioMapLegacyInlineText", definition, ["Hello", "World"])
    assert texts(events) == [
        (1, 0, "ExecutionStarted", '["Hello", "World"]'),
        (2, 0, "MapStateEntered", '["Hello", "World"]'),
        (3, 2, "MapStateStarted", None),
        (4, 3, "MapIterationStarted", None),
        (5, 4, "PassStateEntered", '"Hello"'),
        (6, 5, "PassStateExited", '"Hello"'),
        (7, 6, "MapIterationSucceeded", None),
        (8, 6, "MapIterationStarted", None),
        (9, 8, "PassStateEntered", '"World"'),
        (10, 9, "PassStateExited", '"World"'),
        (11, 10, "MapIterationSucceeded", None),
        (12, 11, "MapStateSucceeded", None),
        (13, 11, "MapStateExited", '["Hello","World"]'),
        (14, 13, "SucceedStateEntered", '["Hello","World"]'),
        (15, 14, "SucceedStateExited", '["Hello","World"]'),
        (16, 15, "ExecutionSucceeded", '["Hello","World"]'),
    ]


def test_a_state_that_changes_its_input_records_compact_json(sfn):
    # A bare Pass passes the text on; a Pass with ResultPath builds a new value, recorded compact.
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
                                             "B": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "End": True}}}
    described, events = run(sfn, "ScenarioChangedText", definition, {"a": 1, "b": [1, 2]})
    assert [t[2:] for t in texts(events)] == [
        ("ExecutionStarted", '{"a": 1, "b": [1, 2]}'),
        ("PassStateEntered", '{"a": 1, "b": [1, 2]}'),
        ("PassStateExited", '{"a": 1, "b": [1, 2]}'),
        ("PassStateEntered", '{"a": 1, "b": [1, 2]}'),
        ("PassStateExited", '{"a":1,"b":[1,2],"r":{"x":1}}'),
        ("ExecutionSucceeded", '{"a":1,"b":[1,2],"r":{"x":1}}'),
    ]
    # An input given compact is recorded as it is.
    arn = create_machine(sfn, "ScenarioCompactText", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input='{"a":1}')["executionArn"]
    assert wait_for_status(sfn, execution)["output"] == '{"a":1,"r":{"x":1}}'
    assert [t[3] for t in texts(full_history(sfn, execution))][:4] == ['{"a":1}'] * 4


def test_a_path_that_matches_nothing_quotes_the_input_as_given(sfn):
    # localstack/localstack#11953 quotes AWS's answer for this definition and input (2024-11-27): the cause names the
    # input with its spaces as StartExecution was given it.
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"a": 2, "b.$": "$.value"}, "End": True}}}
    arn = create_machine(sfn, "ScenarioQuotedInputText", definition)
    given = '{"a": 1,       "b": 2}'
    execution = sfn.start_execution(stateMachineArn=arn, input=given)["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "FAILED"
    assert described["error"] == "States.Runtime"
    assert described["cause"] == (
        "An error occurred while executing the state 'A' (entered at the event id #2). The JSONPath '$.value' specified "
        "for the field 'b.$' could not be found in the input '" + given + "'")
    entered = full_history(sfn, execution)[1]
    assert entered["stateEnteredEventDetails"]["input"] == given


def test_a_fail_states_error_path_that_matches_nothing_quotes_the_input_as_given(sfn):
    # The same text as any path that matches nothing (localstack/localstack#11951 quotes AWS's words for ErrorPath):
    # the input as StartExecution was given it.
    definition = {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.ErrorX", "Cause": "c"}}}
    arn = create_machine(sfn, "ScenarioFailQuotedInputText", definition)
    given = '{"Error": "E",   "n": [1, 2]}'
    execution = sfn.start_execution(stateMachineArn=arn, input=given)["executionArn"]
    described = wait_for_status(sfn, execution)
    assert described["status"] == "FAILED" and described["error"] == "States.Runtime"
    assert described["cause"] == (
        "An error occurred while executing the state 'F' (entered at the event id #2). The JSONPath '$.ErrorX' specified "
        "for the field 'ErrorPath' could not be found in the input '" + given + "'")
