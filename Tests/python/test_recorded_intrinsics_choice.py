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


# --- $partition and $range in JSONata (test_array_jsonata.snapshot.json, TestArrayJSONata) --------------------------

def jsonata_output_text(sfn, output_expression, execution_input):
    """Runs a JSONata Pass state whose Output is the expression; returns the exited event's raw output text."""
    definition = {"StartAt": "State_0", "States": {"State_0": {
        "QueryLanguage": "JSONata", "Type": "Pass", "Output": output_expression, "End": True}}}
    described, events = run(sfn, definition, execution_input)
    assert described["status"] == "SUCCEEDED", (described.get("error"), described.get("cause"))
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"), (2, 0, "PassStateEntered"), (3, 2, "PassStateExited"), (4, 3, "ExecutionSucceeded")]
    text = events[2]["stateExitedEventDetails"]["output"]
    assert events[3]["executionSucceededEventDetails"]["output"] == text == described["output"]
    return text


def compact(value):
    return json.dumps(value, separators=(",", ":"))


@pytest.mark.parametrize("length", range(1, 5))
@pytest.mark.parametrize("size", range(1, 6))
def test_jsonata_partition_outputs_compact_chunks(sfn, length, size):
    # TestArrayJSONata::test_array_partition: the output text is compact, e.g. "[[0,1],[2]]".
    data = list(range(length))
    text = jsonata_output_text(sfn, "{% $partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd) %}",
                               {"FunctionInput": {"fst": data, "snd": size}})
    assert text == compact([data[i:i + size] for i in range(0, length, size)])


@pytest.mark.parametrize("first, last, step, text", [
    (0, 9, 3, "[0,3,6,9]"), (0, 10, 3, "[0,3,6,9]"), (1, 9, 9, "1"), (1, 9, 2, "[1,3,5,7,9]")])
def test_jsonata_range_of_one_value_is_that_value(sfn, first, last, step, text):
    # TestArrayJSONata::test_array_range: a one-element range is a singleton sequence, written as the bare number.
    expression = ("{% $range($states.input.FunctionInput.fst, $states.input.FunctionInput.snd, "
                  "$states.input.FunctionInput.trd) %}")
    assert jsonata_output_text(sfn, expression, {"FunctionInput": {"fst": first, "snd": last, "trd": step}}) == text


# --- States.StringToJson, JsonToString, JsonMerge (test_json_manipulation.snapshot.json, TestJsonManipulation) -------

@pytest.mark.parametrize("text, value", [
    ("", None), (" ", None), ("null", None), ("-0", 0), ("1", 1), ("1.1", 1.1), ("true", True),
    ('"HelloWorld"', "HelloWorld"), ('[1, 2, "HelloWorld"]', [1, 2, "HelloWorld"]),
    ('{"Arg1": 1, "Arg2": []}', {"Arg1": 1, "Arg2": []}),
])
def test_string_to_json_parses_and_blank_is_null(sfn, text, value):
    # TestJsonManipulation::test_string_to_json
    output = pass_output(sfn, intrinsic("States.StringToJson($.FunctionInput)"), {"FunctionInput": text})
    assert output == {"FunctionResult": value}


@pytest.mark.parametrize("value, text", [
    (None, "null"), (0, "0"), (1, "1"), (1.1, "1.1"), (True, "true"), ("HelloWorld", '"HelloWorld"'),
    ([1, 2, "HelloWorld"], '[1,2,"HelloWorld"]'), ({"Arg1": 1, "Arg2": []}, '{"Arg1":1,"Arg2":[]}'),
])
def test_json_to_string_writes_compact_json(sfn, value, text):
    # TestJsonManipulation::test_json_to_string (the recording's -0 input reached AWS as 0)
    output = pass_output(sfn, intrinsic("States.JsonToString($.FunctionInput)"), {"FunctionInput": value})
    assert output == {"FunctionResult": text}


def test_json_merge_shallow_takes_the_second_objects_values(sfn):
    # TestJsonManipulation::test_json_merge
    definition = intrinsic("States.JsonMerge($.FunctionInput.fst, $.FunctionInput.snd, false)")
    given = {"fst": {"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3}, "snd": {"a": {"a3": 1, "a4": 2}, "c": 3, "d": 4}}
    output = pass_output(sfn, definition, {"FunctionInput": given})
    assert output == {"FunctionResult": {"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3, "d": 4}}
    # The recording lists c before d (a Java HashMap's order), not the arguments' order a, b, d, c.
    assert list(output["FunctionResult"]) == ["a", "b", "c", "d"]


def test_json_merge_of_an_escaped_literal_and_the_context_object(sfn):
    # TestJsonManipulation::test_json_merge_escaped_argument (snapshot at commit d87aa8a): the escaped quotes inside
    # the single-quoted literal are JSON quotes; the merged object is the state's whole output.
    definition = {"StartAt": "StartState", "States": {"StartState": {
        "Type": "Pass", "ResultPath": "$.result_path",
        "Parameters": {"merged.$": "States.JsonMerge(States.StringToJson('{\\\"constant_in_literal\\\": \\\"false\\\"}'), "
                                   "$$.Execution.Input.input_field, false)"},
        "OutputPath": "$.result_path.merged", "End": True}}}
    described, events = run(sfn, definition, {"input_field": {"constant_input_field": "constant_value"}})
    assert described["status"] == "SUCCEEDED", described.get("cause")
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"), (2, 0, "PassStateEntered"), (3, 2, "PassStateExited"), (4, 3, "ExecutionSucceeded")]
    output = json.loads(events[2]["stateExitedEventDetails"]["output"])
    assert output == {"constant_input_field": "constant_value", "constant_in_literal": "false"}
    assert list(output) == ["constant_input_field", "constant_in_literal"]  # the recorded order (a Java HashMap's)


# --- States.Format, nested calls, escapes (test_generic.snapshot.json at commit 8ea6f2f, TestGeneric) ---------------

@pytest.mark.parametrize("value, shown", [
    ("", ""), (" ", " "), ("HelloWorld", "HelloWorld"), (None, "null"), (1, "1"), (1.1, "1.1"),
    ('{"Arg1": 1, "Arg2": []}', '{"Arg1": 1, "Arg2": []}'),
])
def test_format_of_one_argument(sfn, value, shown):
    # TestGeneric::test_format_1
    output = pass_output(sfn, intrinsic("States.Format('Formatting argument {}.', $.FunctionInput)"), {"FunctionInput": value})
    assert output == {"FunctionResult": f"Formatting argument {shown}."}


@pytest.mark.parametrize("value, shown", [
    ("", ""), (" ", " "), ("HelloWorld", "HelloWorld"), (None, "null"), (1, "1"), (1.1, "1.1"),
    ('{"Arg1": 1, "Arg2": []}', '{"Arg1": 1, "Arg2": []}'), ({"Arg1": 1, "Arg2": []}, "{Arg1=1, Arg2=[]}"),
])
def test_format_of_two_arguments_writes_objects_as_java_maps(sfn, value, shown):
    # TestGeneric::test_format_2
    definition = intrinsic("States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)")
    output = pass_output(sfn, definition, {"FunctionInput": {"fst": value, "snd": value}})
    assert output == {"FunctionResult": f"Formatting arguments fst={shown} and snd={shown}."}


def test_format_of_context_paths(sfn):
    # TestGeneric::test_context_json_path: $$.StateMachine is written {Id=..., Name=...}.
    definition = intrinsic("States.Format('Formatting arguments fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)")
    arn = create_machine(sfn, "RecordedFormatContext", definition)
    execution = sfn.start_execution(stateMachineArn=arn, name="RecordedFormatRun", input=json.dumps({"FunctionInput": None}))
    assert wait_for_status(sfn, execution["executionArn"])["status"] == "SUCCEEDED"
    output = json.loads(full_history(sfn, execution["executionArn"])[2]["stateExitedEventDetails"]["output"])
    assert output == {"FunctionResult": f"Formatting arguments fst=RecordedFormatRun and snd={{Id={arn}, Name=RecordedFormatContext}}."}


@pytest.mark.parametrize("expression", [
    "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)",
    "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), "
    "States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
])
def test_nested_calls_on_the_machine_name(sfn, expression):
    # TestGeneric::test_nested_calls_1 and test_nested_calls_2 (a name without '-': the whole name).
    definition = {"StartAt": "State0", "States": {"State0": {
        "Type": "Pass", "Parameters": {"FunctionResult.$": expression}, "End": True}}}
    name = f"RecordedNested{len(expression)}"
    arn = create_machine(sfn, name, definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"FunctionInput": None}))["executionArn"]
    assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
    assert json.loads(full_history(sfn, execution)[2]["stateExitedEventDetails"]["output"]) == {"FunctionResult": name}


def test_escape_sequence_in_a_literal_is_accepted(sfn):
    # TestGeneric::test_escape_sequence: the definition holds States.StringSplit('Hello\nWorld', '\n') with a
    # backslash and an n (not a newline); AWS accepts it and splits into Hello and World.
    definition = {"StartAt": "State0", "States": {"State0": {
        "Type": "Pass", "Parameters": {"FunctionResult.$": "States.StringSplit('Hello\\nWorld', '\\n')"}, "End": True}}}
    described, events = run(sfn, definition, {"FunctionInput": None})
    assert described["status"] == "SUCCEEDED"
    assert json.loads(events[2]["stateExitedEventDetails"]["output"]) == {"FunctionResult": ["Hello", "World"]}


# --- States.MathAdd, MathRandom (test_math_operations.snapshot.json at commit eb6a514, TestMathOperations) ----------

@pytest.mark.parametrize("first, second, total", [
    (-9, 3, -6), (1.49, 1.5, 3), (1.5, 1.51, 4), (-1.49, -1.5, -2), (-1.5, -1.51, -3), (1.49, 0, 1), (1.49, -1.49, 0),
    (1.5, 0, 2), (1.51, 0, 2), (-1.49, 0, -1), (-1.5, 0, -1), (-1.51, 0, -2), (0.5, 0, 1), (1.5, 0, 2), (2.5, 0, 3),
    (3.5, 0, 4), (-0.5, 0.5, 1), (-0.5, 0, 0), (-1.5, 0, -1), (-2.5, 0, -2), (-3.5, 0, -3),
])
def test_math_add_rounds_each_argument_half_up_first(sfn, first, second, total):
    # TestMathOperations::test_math_add: each argument is rounded like Java's Math.round (half towards +infinity).
    definition = intrinsic("States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)")
    output = pass_output(sfn, definition, {"FunctionInput": {"fst": first, "snd": second}})
    assert output == {"FunctionResult": total} and type(output["FunctionResult"]) is int


@pytest.mark.parametrize("start, end", [(12.5, 44.51), (9999, 99999), (-99999, -9999)])
def test_math_random_gives_an_integer_in_the_range(sfn, start, end):
    # TestMathOperations::test_math_random (the values are masked in the recording)
    definition = intrinsic("States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd)")
    result = pass_output(sfn, definition, {"FunctionInput": {"fst": start, "snd": end}})["FunctionResult"]
    assert type(result) is int and int(start) <= result <= round(end)


def test_math_random_seeded_gives_an_integer(sfn):
    # TestMathOperations::test_math_random_seeded
    definition = intrinsic("States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)")
    result = pass_output(sfn, definition, {"FunctionInput": {"fst": 0, "snd": 999, "trd": 3}})["FunctionResult"]
    assert type(result) is int and 0 <= result <= 999


# --- $parse in JSONata (test_json_manipulation_jsonata.snapshot.json, TestJsonManipulationJSONata::test_parse) -------

@pytest.mark.parametrize("text, output", [
    ("-0", "0"), ("1", "1"), ("1.1", "1.1"), ("true", "true"), ('"HelloWorld"', '"HelloWorld"'),
    ('[1, 2, "HelloWorld"]', '[1,2,"HelloWorld"]'),
])
def test_jsonata_parse_outputs_compact_json(sfn, text, output):
    # -0 comes out as 0; arrays without spaces.
    assert jsonata_output_text(sfn, "{% $parse($states.input.FunctionInput) %}", {"FunctionInput": text}) == output


def test_jsonata_parse_of_an_object(sfn):
    text = jsonata_output_text(sfn, "{% $parse($states.input.FunctionInput) %}", {"FunctionInput": '{"Arg1": 1, "Arg2": []}'})
    assert json.loads(text) == {"Arg1": 1, "Arg2": []}


# --- Choice operators (choice_operators/*.snapshot.json) -------------------------------------------------------------
# The recorded machines: a Choice on $.Variable with one comparison whose operand is either the literal value or, for
# the *Path operators, "$.Value"; the Next and Default states are Pass states whose Result is
# {"TestResult.$": "ConditionTrue"} or {"TestResult.$": "ConditionFalse"} (Result is not evaluated, so the key keeps
# its ".$"). Each case is one machine and one execution with input {"Variable": ..., "Value": ...}.

def choice_result(sfn, operator, variable, value, literal=True):
    definition = {"StartAt": "CheckValue", "States": {
        "CheckValue": {"Type": "Choice", "Choices": [
            {"Variable": "$.Variable", operator: value if literal else "$.Value", "Next": "ConditionTrue"}],
            "Default": "ConditionFalse"},
        "ConditionTrue": {"Type": "Pass", "Result": {"TestResult.$": "ConditionTrue"}, "End": True},
        "ConditionFalse": {"Type": "Pass", "Result": {"TestResult.$": "ConditionFalse"}, "End": True}}}
    described, _ = run(sfn, definition, {"Variable": variable, "Value": value})
    assert described["status"] == "SUCCEEDED", (operator, variable, value, described.get("cause"))
    return json.loads(described["output"])["TestResult.$"] == "ConditionTrue"


# utils.py TYPE_COMPARISONS: (Variable, Value) pairs; the Value is the operand (a boolean).
TYPE_COMPARISONS = [
    (None, True), (None, False), (0, True), (0, False), (0.0, True), (0.0, False), (1, True), (1, False),
    (1.1, True), (1.1, False), ("", True), ("", False), (" ", True), (" ", False), ("HelloWorld", True),
    ("HelloWorld", False), ("2012-10-09T19:00:55", True), ("2012-10-09T19:00:55", False),
    ("2012-10-09T19:00:55Z", True), ("2012-10-09T19:00:55Z", False), ("2012-10-09T19:00:55+01:00", True),
    ("2012-10-09T19:00:55+01:00", False), ("2023-02-24", True), ("2023-02-24", False), ([], True), ([], False),
    ([""], True), ([""], False), ({}, True), ({}, False), ({"A": 0}, True), ({"A": 0}, False), (True, True),
    (False, True), (False, True), (False, False),
]


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# What the recordings show for each operator over TYPE_COMPARISONS (test_boolean_equals.snapshot.json and
# test_is_operators.snapshot.json): a type test against the boolean operand; BooleanEquals only matches booleans.
TYPE_OPERATORS = {
    "BooleanEquals": lambda v, b: isinstance(v, bool) and v == b,
    "IsBoolean": lambda v, b: isinstance(v, bool) == b,
    "IsNull": lambda v, b: (v is None) == b,
    "IsNumeric": lambda v, b: is_number(v) == b,
    "IsPresent": lambda v, b: b,
    "IsString": lambda v, b: isinstance(v, str) == b,
}


@pytest.mark.parametrize("operator", list(TYPE_OPERATORS))
def test_type_operators_over_every_kind_of_value(sfn, operator):
    # TestBooleanEquals::test_boolean_equals, TestIsOperators::test_is_boolean/_null/_numeric/_present/_string
    expected = TYPE_OPERATORS[operator]
    got = [choice_result(sfn, operator, variable, value) for variable, value in TYPE_COMPARISONS]
    assert got == [expected(variable, value) for variable, value in TYPE_COMPARISONS]


def test_boolean_equals_path_over_every_kind_of_value(sfn):
    # TestBooleanEquals::test_boolean_equals_path
    got = [choice_result(sfn, "BooleanEqualsPath", v, b, literal=False) for v, b in TYPE_COMPARISONS]
    assert got == [isinstance(v, bool) and v == b for v, b in TYPE_COMPARISONS]


VARIABLES = [None, 0, 0.0, 1, 1.1, "", " ", [], [""], {}, {"A": 0}, False, True]


@pytest.mark.parametrize("operator, literal", [("NumericEquals", True), ("NumericEqualsPath", False)])
def test_numeric_equals_matches_only_numbers(sfn, operator, literal):
    # TestNumerics::test_numeric_equals and _path: 0 == 0.0 and 1 == 1.0; no other kind of value matches.
    cases = [(v, n) for v in VARIABLES for n in (0, 0.0, 1, 1.0)] + [(-0, 0), (0.0, 0), (2.22, 2.22)]
    got = [choice_result(sfn, operator, v, n, literal) for v, n in cases]
    assert got == [is_number(v) and v == n for v, n in cases]


@pytest.mark.parametrize("operator, compare", [
    ("NumericGreaterThan", lambda a, b: a > b), ("NumericGreaterThanEquals", lambda a, b: a >= b),
    ("NumericLessThan", lambda a, b: a < b), ("NumericLessThanEquals", lambda a, b: a <= b)])
@pytest.mark.parametrize("path", [False, True])
def test_numeric_orderings(sfn, operator, compare, path):
    # TestNumerics::test_numeric_greater_than ... test_numeric_less_than_equals_path
    cases = [(-0, 0), (0.0, 0), (0, 1), (1, 1), (1, 0), (0, 1)]
    got = [choice_result(sfn, operator + ("Path" if path else ""), v, n, not path) for v, n in cases]
    assert got == [compare(v, n) for v, n in cases]


def test_string_equals_matches_only_the_same_string(sfn):
    # TestStrings::test_string_equals and _path: whitespace counts; no other kind of value matches.
    cases = [(v, "HelloWorld") for v in VARIABLES] + [(" ", "     "), ("\t\n", "\t\r\n"), ("Hello", "Hello")]
    assert [choice_result(sfn, "StringEquals", v, s) for v, s in cases] == [False] * len(VARIABLES) + [False, False, True]
    path_cases = [(" ", "     "), ("\t\n", "\t\r\n"), ("Hello", "Hello")]
    assert [choice_result(sfn, "StringEqualsPath", v, s, False) for v, s in path_cases] == [False, False, True]


@pytest.mark.parametrize("operator, cases, expected", [
    ("StringGreaterThan", [("", ""), ("A", "A "), ("A", "A\t\n\r"), ("AB", "ABC")], [False, False, False, False]),
    ("StringGreaterThanEquals", [("", ""), ("A", "AB"), ("AB", "A")], [True, False, True]),
    ("StringLessThan", [("", ""), ("A", "AB"), ("AB", "A")], [False, True, False]),
    ("StringLessThanEquals", [("", ""), ("A", "AB"), ("AB", "A")], [True, True, False]),
])
@pytest.mark.parametrize("path", [False, True])
def test_string_orderings(sfn, operator, cases, expected, path):
    # TestStrings::test_string_greater_than ... test_string_less_than_equals_path
    assert [choice_result(sfn, operator + ("Path" if path else ""), v, s, not path) for v, s in cases] == expected


T0, T1 = "2012-10-09T19:00:55Z", "2012-10-09T19:00:56Z"


def test_timestamp_equals_matches_only_the_same_instant(sfn):
    # TestTimestamps::test_timestamp_equals: no other kind of value (nor a timestamp without a T and offset) matches.
    variables = [None, 0, 0.0, 1, 1.1, "", " ", "2023-02-24 12:15:56.832957", [], [""], {}, {"A": 0}, False, True]
    cases = [(v, T0) for v in variables] + [(T0, T0), (T0, T1), (T1, T0)]
    assert [choice_result(sfn, "TimestampEquals", v, t) for v, t in cases] == [False] * len(variables) + [True, False, False]


@pytest.mark.parametrize("operator, expected, path_case, path_expected", [
    ("TimestampEquals", [True, False, False], (T0, T0), True),
    ("TimestampGreaterThan", [False, False, True], (T0, T1), False),
    ("TimestampGreaterThanEquals", [True, False, True], (T0, T1), False),
    ("TimestampLessThan", [False, True, False], (T1, T0), False),
    ("TimestampLessThanEquals", [True, True, False], (T1, T0), False),
])
def test_timestamp_orderings(sfn, operator, expected, path_case, path_expected):
    # TestTimestamps::test_timestamp_* on (T0, T0), (T0, T1), (T1, T0), and each *_path on its one recorded case
    # (test_timestamp_equals_path ran all three: True, False, False).
    cases = [(T0, T0), (T0, T1), (T1, T0)]
    assert [choice_result(sfn, operator, v, t) for v, t in cases] == expected
    if operator == "TimestampEquals":
        assert [choice_result(sfn, "TimestampEqualsPath", v, t, False) for v, t in cases] == expected
    else:
        assert choice_result(sfn, operator + "Path", *path_case, literal=False) == path_expected


def test_jsonata_random_seeded_is_not_a_function(sfn):
    # test_math_operations_jsonata.snapshot.json, TestMathOperationsJSONata::test_math_random_seeded: EvaluationFailed
    # (chained to event 0) then ExecutionFailed, with T1006.
    definition = {"StartAt": "State_0", "States": {"State_0": {
        "QueryLanguage": "JSONata", "Type": "Pass",
        "Output": {"FunctionResult": "{% $randomSeeded($states.input.FunctionInput.fst) %}"}, "End": True}}}
    described, events = run(sfn, definition, {"FunctionInput": "fst"})
    cause = ("An error occurred while executing the state 'State_0' (entered at the event id #2). The JSONata expression "
             "'$randomSeeded($states.input.FunctionInput.fst)' specified for the field 'Output/FunctionResult' threw an "
             "error during evaluation. T1006: Attempted to invoke a non-function")
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"), (2, 0, "PassStateEntered"), (3, 0, "EvaluationFailed"), (4, 3, "ExecutionFailed")]
    assert events[2]["evaluationFailedEventDetails"] == {
        "cause": cause, "error": "States.QueryEvaluationError", "location": "Output/FunctionResult", "state": "State_0"}
    assert events[3]["executionFailedEventDetails"] == {"cause": cause, "error": "States.QueryEvaluationError"}
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", "States.QueryEvaluationError", cause)
