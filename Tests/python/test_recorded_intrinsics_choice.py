"""Intrinsic functions and Choice operators on `stepwise serve`, replayed from answers recorded against AWS.

LocalStack's `*.snapshot.json` files beside its Step Functions tests (tests/aws/services/stepfunctions/v2/
intrinsic_functions/ and choice_operators/) hold the execution histories AWS gave, identifiers masked. Each test here
runs the recorded definition on the recorded input and compares what the recording shows: the event types, ids and
previousEventIds, the state's output, and for failures the error name and cause."""
import json
import re

import pytest

from conftest import create_machine, full_history, wait_for_status

_names = iter(range(1_000_000))


def run(sfn, definition, execution_input):
    arn = create_machine(sfn, f"Recorded{next(_names)}", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps(execution_input))["executionArn"]
    return wait_for_status(sfn, execution), full_history(sfn, execution)


def pass_output(sfn, definition, execution_input):
    """Runs a one-Pass-state machine and returns its output, after checking the recorded four-event history."""
    described, events = run(sfn, definition, execution_input)
    assert described["status"] == "SUCCEEDED", (described.get("error"), described.get("cause"))
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"), (2, 0, "PassStateEntered"), (3, 2, "PassStateExited"), (4, 3, "ExecutionSucceeded")]
    output = json.loads(events[2]["stateExitedEventDetails"]["output"])
    assert json.loads(events[3]["executionSucceededEventDetails"]["output"]) == output
    return output


def failure(sfn, definition, execution_input):
    """Runs a one-state machine recorded as failing at once; returns (error, cause) after checking the history."""
    described, events = run(sfn, definition, execution_input)
    assert described["status"] == "FAILED"
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"), (2, 0, events[1]["type"]), (3, 2, "ExecutionFailed")]
    details = events[2]["executionFailedEventDetails"]
    assert (described["error"], described["cause"]) == (details["error"], details["cause"])
    return details["error"], details["cause"]


def intrinsic(expression):
    """The recorded templates' shape: one Pass state whose Parameters hold FunctionResult.$ = expression."""
    return {"StartAt": "State_0", "States": {"State_0": {
        "Type": "Pass", "Parameters": {"FunctionResult.$": expression}, "End": True}}}


# --- States.StringSplit (test_string_operations.snapshot.json, TestStringOperations::test_string_split) ------------

STRING_SPLIT = intrinsic("States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)")


@pytest.mark.parametrize("fst, snd, result", [
    (" ", ",", [" "]),
    (" , ", ",", [" ", " "]),
    (", , ,", ",", [" ", " "]),
    (",,,,", ",", []),
    ("1,2,3,4,5", ",", ["1", "2", "3", "4", "5"]),
    ("This.is+a,test=string", ".+,=", ["This", "is", "a", "test", "string"]),
    ("split on T and \nnew line", "T\n", ["split on ", " and ", "new line"]),
])
def test_string_split_drops_empty_pieces_and_splits_on_each_character(sfn, fst, snd, result):
    output = pass_output(sfn, STRING_SPLIT, {"FunctionInput": {"fst": fst, "snd": snd}})
    assert output == {"FunctionResult": result}


def test_string_split_of_the_context_object_keeps_whitespace_pieces(sfn):
    # TestStringOperations::test_string_split_context_object: newlines and spaces stay inside the pieces.
    definition = {"StartAt": "State_0", "States": {"State_0": {"Type": "Pass", "End": True, "Parameters": {
        "FunctionName": "SomeFunction",
        "Payload": {"FunctionResult.$": "States.StringSplit($$.Execution.Input.FunctionInput, ',')"}}}}}
    text = "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n"
    output = pass_output(sfn, definition, {"FunctionInput": text})
    assert output == {"FunctionName": "SomeFunction", "Payload": {"FunctionResult": [
        "Value1", "Value2", "Value3\nValue4", "Value5", "Value6\n", "\ntrue", "1", "'HelloWorld'\nNull", "None",
        "\n   \n"]}}


# --- States.Hash (test_hash_calculations.snapshot.json, TestHashCalculations::test_hash) ----------------------------

@pytest.mark.parametrize("algorithm, digest", [
    ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
    ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
    ("SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
    ("SHA-384", "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"),
    ("SHA-512", "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"),
])
def test_hash_gives_the_lowercase_hex_digest(sfn, algorithm, digest):
    definition = intrinsic("States.Hash($.FunctionInput.fst, $.FunctionInput.snd)")
    output = pass_output(sfn, definition, {"FunctionInput": {"fst": "input data", "snd": algorithm}})
    assert output == {"FunctionResult": digest}


# --- States.Base64Encode / Base64Decode (test_encode_decode.snapshot.json, TestEncodeDecode) ------------------------

@pytest.mark.parametrize("function, given, result", [
    ("Base64Encode", "", ""), ("Base64Encode", "Data to encode", "RGF0YSB0byBlbmNvZGU="),
    ("Base64Decode", "", ""), ("Base64Decode", "RGF0YSB0byBlbmNvZGU=", "Data to encode"),
])
def test_base64_encode_and_decode(sfn, function, given, result):
    output = pass_output(sfn, intrinsic(f"States.{function}($.FunctionInput)"), {"FunctionInput": given})
    assert output == {"FunctionResult": result}


# --- States.UUID (test_unique_id_generation.snapshot.json, TestUniqueIdGeneration::test_uuid) -----------------------

def test_uuid_without_input_gives_a_version_4_uuid(sfn):
    arn = create_machine(sfn, "RecordedUUID", intrinsic("States.UUID()"))
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]  # no input: the history shows {}
    assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
    events = full_history(sfn, execution)
    assert json.loads(events[0]["executionStartedEventDetails"]["input"]) == {}
    assert json.loads(events[1]["stateEnteredEventDetails"]["input"]) == {}
    result = json.loads(events[2]["stateExitedEventDetails"]["output"])["FunctionResult"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", result)


# --- States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength (test_array.snapshot.json) --

def test_array_with_no_arguments_is_empty(sfn):
    # TestArray::test_array_0
    assert pass_output(sfn, intrinsic("States.Array()"), {"FunctionInput": "HelloWorld"}) == {"FunctionResult": []}


@pytest.mark.parametrize("value", ["", " ", "HelloWorld", None, 1, 1.1, '{"Arg1": 1, "Arg2": []}', {"Arg1": 1, "Arg2": []}])
def test_array_of_two_paths_keeps_each_value_as_it_is(sfn, value):
    # TestArray::test_array_2: a JSON text stays a string; null, numbers and objects are kept.
    definition = intrinsic("States.Array($.FunctionInput.fst, $.FunctionInput.snd)")
    output = pass_output(sfn, definition, {"FunctionInput": {"fst": value, "snd": value}})
    assert output == {"FunctionResult": [value, value]}


@pytest.mark.parametrize("length", range(5))
def test_array_partition_chunks_in_order_with_a_short_last_chunk(sfn, length):
    # TestArray::test_array_partition: arrays 0..length-1 in chunks of 1 to 5; an empty array gives [].
    definition = {"StartAt": "State_0", "States": {f"State_{size}": {
        "Type": "Pass", "Parameters": {"FunctionResult.$": f"States.ArrayPartition($.FunctionInput.fst, {size})"},
        **({"Next": f"State_{size + 1}", "ResultPath": f"$.Chunks{size}"} if size < 5 else {"End": True, "ResultPath": "$.Chunks5"})}
        for size in range(1, 6)}}
    definition["StartAt"] = "State_1"
    data = list(range(length))
    described, events = run(sfn, definition, {"FunctionInput": {"fst": data}})
    assert described["status"] == "SUCCEEDED"
    output = json.loads(described["output"])
    for size in range(1, 6):
        assert output[f"Chunks{size}"] == {"FunctionResult": [data[i:i + size] for i in range(0, length, size)]}


@pytest.mark.parametrize("array, value, found", [
    ([], None, False), ([], [], False), ([], 1, False),
    ([[1, 2, 3], 2], None, False), ([[1, 2, 3], 2], [1, 2, 3], True),
    ([{"1": 2, "2": []}], [], False), ([{"1": 2, "2": []}], {"1": 2, "2": []}, True),
    ([True, False], True, True), ([True, False], False, True),
])
def test_array_contains_compares_whole_values(sfn, array, value, found):
    # TestArray::test_array_contains
    definition = intrinsic("States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)")
    output = pass_output(sfn, definition, {"FunctionInput": {"fst": array, "snd": value}})
    assert output == {"FunctionResult": found}


@pytest.mark.parametrize("first, last, step, result", [
    (0, 9, 3, [0, 3, 6, 9]), (0, 10, 3, [0, 3, 6, 9]), (1, 9, 9, [1]), (1, 9, 2, [1, 3, 5, 7, 9])])
def test_array_range_includes_the_end_when_a_step_lands_on_it(sfn, first, last, step, result):
    # TestArray::test_array_range
    definition = intrinsic("States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)")
    output = pass_output(sfn, definition, {"FunctionInput": {"fst": first, "snd": last, "trd": step}})
    assert output == {"FunctionResult": result}


def test_array_get_item_and_length(sfn):
    # TestArray::test_array_get_item, test_array_length, and test_array_unique (which the recording ran on the
    # ArrayLength template: 20 items, duplicates counted).
    data = list(range(1, 10))
    get_item = intrinsic("States.ArrayGetItem($.FunctionInput.fst, $.FunctionInput.snd)")
    assert pass_output(sfn, get_item, {"FunctionInput": {"fst": data, "snd": 5}}) == {"FunctionResult": 6}
    length = intrinsic("States.ArrayLength($.FunctionInput)")
    assert pass_output(sfn, length, {"FunctionInput": data}) == {"FunctionResult": 9}
    mixed = [None, None, True, True, False, False, 1, 1, 1.1, 0, 0, "HelloWorld", "HelloWorld", [], [], [None], [None],
             {"a": 1, "b": 2}, {"a": 1, "b": 2}, {"a": 1, "b": 1}]
    assert pass_output(sfn, length, {"FunctionInput": mixed}) == {"FunctionResult": 20}
