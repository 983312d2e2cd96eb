"""JSONata, variables (Assign), QueryLanguage, Output, Arguments, Comments and the context object on `stepwise serve`,
replayed from answers recorded against AWS: LocalStack's `*.snapshot.json` files beside its Step Functions tests
(tests/aws/services/stepfunctions/v2/...) hold the histories AWS gave, identifiers masked. Each test names the snapshot
file and the test whose recording it follows, runs the recorded definition on the recorded input and compares the
history event by event (types, ids, previousEventId, every detail) and the execution's outcome."""
import json
import os
import urllib.request

import pytest

from conftest import ACCOUNT, REGION, Server, create_machine, full_history, wait_for_status
from test_lambda_api import ROLE as LAMBDA_ROLE, awslambdaric_available, lambda_client, make_zip

_counter = [0]


def run(sfn, definition, execution_input, timeout=30):
    _counter[0] += 1
    arn = create_machine(sfn, f"RecordedJV{_counter[0]}", definition)
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps(execution_input))["executionArn"]
    return wait_for_status(sfn, execution, timeout=timeout), full_history(sfn, execution)


def parsed(events):
    """The history as the recordings show it: no timestamps, JSON texts (input, output, parameters) parsed."""
    shown = []
    for event in events:
        event = {key: value for key, value in event.items() if key != "timestamp"}
        for key, value in event.items():
            if key.endswith("EventDetails"):
                event[key] = {field: json.loads(text) if field in ("input", "output", "parameters") else text
                              for field, text in value.items()}
                if "assignedVariables" in event[key]:
                    # As the recordings show them: the texts, but objects parsed (LocalStack's snapshots parse the
                    # JSON texts that hold an object; they also sort this map's keys, so its order is not AWS's).
                    event[key]["assignedVariables"] = {
                        name: json.loads(text) if text.startswith("{") else text
                        for name, text in event[key]["assignedVariables"].items()}
        shown.append(event)
    return shown


# Builders for the events the recordings show, so that each expected history reads as a list.

def started(value):
    return {"id": 1, "previousEventId": 0, "type": "ExecutionStarted", "executionStartedEventDetails": {
        "input": value, "inputDetails": {"truncated": False}, "roleArn": f"arn:aws:iam::{ACCOUNT}:role/StepwiseTests"}}


def entered(id, prev, kind, name, value):
    return {"id": id, "previousEventId": prev, "type": f"{kind}StateEntered", "stateEnteredEventDetails": {
        "input": value, "inputDetails": {"truncated": False}, "name": name}}


def exited(id, prev, kind, name, value):
    return {"id": id, "previousEventId": prev, "type": f"{kind}StateExited", "stateExitedEventDetails": {
        "name": name, "output": value, "outputDetails": {"truncated": False}}}


def assigned(event, variables):
    """A StateExited event that assigned variables: AWS adds assignedVariables (each value as JSON text) and
    assignedVariablesDetails after the output."""
    details = event["stateExitedEventDetails"]
    details["assignedVariables"] = variables
    details["assignedVariablesDetails"] = {"truncated": False}
    return event


def succeeded(id, prev, value):
    return {"id": id, "previousEventId": prev, "type": "ExecutionSucceeded", "executionSucceededEventDetails": {
        "output": value, "outputDetails": {"truncated": False}}}


def failed(id, prev, error, cause):
    return {"id": id, "previousEventId": prev, "type": "ExecutionFailed", "executionFailedEventDetails": {
        "error": error, "cause": cause}}


def pass_states(first_id, first_prev, steps):
    """Consecutive Pass states: steps is [(name, input, output)]; returns their Entered/Exited events."""
    events, id, prev = [], first_id, first_prev
    for name, value_in, value_out in steps:
        events += [entered(id, prev, "Pass", name, value_in), exited(id + 1, id, "Pass", name, value_out)]
        prev, id = id + 1, id + 2
    return events


def inline_map(first_id, name, items, process="Process"):
    """An inline Map named `name` over `items` whose iterations run one Pass state `process` returning its input:
    MapStateStarted .. MapStateExited, numbered from first_id (MapStateStarted), as AWS numbers them."""
    events = [{"id": first_id, "previousEventId": first_id - 1, "type": "MapStateStarted",
               "mapStateStartedEventDetails": {"length": len(items)}}]
    id, prev = first_id + 1, first_id
    for index, item in enumerate(items):
        events += [
            {"id": id, "previousEventId": prev, "type": "MapIterationStarted",
             "mapIterationStartedEventDetails": {"index": index, "name": name}},
            entered(id + 1, id, "Pass", process, item), exited(id + 2, id + 1, "Pass", process, item),
            {"id": id + 3, "previousEventId": id + 2, "type": "MapIterationSucceeded",
             "mapIterationSucceededEventDetails": {"index": index, "name": name}}]
        prev, id = id + 2, id + 4
    last = id - 1
    events += [{"id": id, "previousEventId": last, "type": "MapStateSucceeded"},
               exited(id + 1, last, "Map", name, items)]
    return events


# --- evaluate_jsonata/test_base_evaluate_expressions.snapshot.json (TestBaseEvaluateJsonata, recorded against AWS) --

def base_pass(output):
    return {"QueryLanguage": "JSONata", "StartAt": "Start", "States": {"Start": {"Type": "Pass", "Output": output,
                                                                                 "End": True}}}


@pytest.mark.parametrize("expression,answer", [
    ('{% $contains("hello$world", /^hello\\$/) %}', True),
    ('{% $contains("hello$world", /^hello\\ /) %}', False),
    ("{% $contains('hello$world', /^hello\\$/) %}", True),
    ("{% $contains('hello$world', /^hello\\ /) %}", False),
], ids=["BASE", "BASE_FALSE", "BASE_SINGLE_QUOTE", "BASE_SINGLE_QUOTE_FALSE"])
def test_base_jsonata_regular_expressions(sfn, expression, answer):
    # test_base_jsonata_regular_expressions[...]: a regex literal with an escaped '$' inside Output.
    described, events = run(sfn, base_pass(expression), {})
    assert parsed(events) == [started({}), *pass_states(2, 0, [("Start", {}, answer)]), succeeded(4, 3, answer)]
    assert described["status"] == "SUCCEEDED" and json.loads(described["output"]) is answer


def base_map(**fields):
    # The template (base_map.json5) is not at hand; the recorded ITEMS histories run the iterations one after the
    # other, which AWS does for an inline Map with MaxConcurrency 1.
    start = {"Type": "Map", "Items": [1], "MaxConcurrency": 1, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Process",
        "States": {"Process": {"Type": "Pass", "End": True}}}, "End": True}
    start.update(fields)
    return {"QueryLanguage": "JSONata", "StartAt": "Start", "States": {"Start": start}}


@pytest.mark.parametrize("fields,items", [
    ({"Items": [1, '{% $number("2") %}', 3]}, [1, 2, 3]),
    ({"Items": [1, "{% $number('2') %}", 3]}, [1, 2, 3]),
    ({"MaxConcurrency": "{% $variable := 1 %}"}, [1]),
    ({"ToleratedFailurePercentage": "{% $variable := 1 %}"}, [1]),
    ({"ToleratedFailureCount": "{% $variable := 1 %}"}, [1]),
], ids=["ITEMS", "ITEMS_DOUBLE_QUOTES", "MAX_CONCURRENCY", "TOLERATED_FAILURE_PERCENTAGE", "TOLERATED_FAILURE_COUNT"])
def test_base_map(sfn, fields, items):
    # test_base_map[...]: JSONata in Items' elements and in the Map's numeric fields.
    described, events = run(sfn, base_map(**fields), {})
    assert parsed(events) == [started({}), entered(2, 0, "Map", "Start", {}), *inline_map(3, "Start", items),
                              succeeded(len(events), len(events) - 1, items)]
    assert described["status"] == "SUCCEEDED"


@pytest.mark.parametrize("field,value,items", [
    ("Items", [1, 2, 3], [1, 2, 3]), ("MaxConcurrency", 1, [1]), ("ToleratedFailurePercentage", 100, [1]),
    ("ToleratedFailureCount", 1, [1]),
], ids=["ITEMS", "MAX_CONCURRENCY", "TOLERATED_FAILURE_PERCENTAGE", "TOLERATED_FAILURE_COUNT"])
def test_base_map_from_input(sfn, field, value, items):
    # test_base_map_from_input[...]: the field is "{% $states.input.input_value %}".
    execution_input = {"input_value": value}
    described, events = run(sfn, base_map(**{field: "{% $states.input.input_value %}"}), execution_input)
    assert parsed(events) == [started(execution_input), entered(2, 0, "Map", "Start", execution_input),
                              *inline_map(3, "Start", items), succeeded(len(events), len(events) - 1, items)]
    assert described["status"] == "SUCCEEDED"


needs_python_lambda = pytest.mark.skipif(not awslambdaric_available() and not os.environ.get("CI"),
                                         reason="awslambdaric is not installed")
ID_FUNCTION = "def handler(event, context):\n    return event\n"


@pytest.fixture(scope="module")
def id_function(server):
    """A Python function returning its event, as LocalStack's LAMBDA_ID_FUNCTION does."""
    lambda_client(server.endpoint).create_function(
        FunctionName="recorded-jv-id", Runtime="python3.12", Role=LAMBDA_ROLE, Handler="app.handler", Timeout=30,
        Code={"ZipFile": make_zip({"app.py": (ID_FUNCTION, 0o644)})})
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:recorded-jv-id"


def base_task(function, **fields):
    start = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Arguments": {"Payload": {}, "FunctionName": function}, "End": True}
    start.update(fields)
    return {"QueryLanguage": "JSONata", "StartAt": "Start", "States": {"Start": start}}


@needs_python_lambda
@pytest.mark.parametrize("field,detail,execution_input", [
    ("TimeoutSeconds", "timeoutInSeconds", {}), ("HeartbeatSeconds", "heartbeatInSeconds", {}),
    ("HeartbeatSeconds", "heartbeatInSeconds", {"input_value": 1}),
], ids=["TIMEOUT_SECONDS", "HEARTBEAT_SECONDS", "HEARTBEAT_SECONDS_FROM_INPUT"])
def test_base_task(sfn, id_function, field, detail, execution_input):
    # test_base_task[...] and test_base_task_from_input[HEARTBEAT_SECONDS]: the evaluated number is recorded in
    # TaskScheduled (heartbeatInSeconds before parameters, timeoutInSeconds after resourceType).
    expression = "{% $states.input.input_value %}" if execution_input else "{% $variable := 1 %}"
    described, events = run(sfn, base_task(id_function, **{field: expression}), execution_input, timeout=90)
    assert described["status"] == "SUCCEEDED", described
    shown = parsed(events)
    assert [(e["id"], e["previousEventId"], e["type"]) for e in shown] == [
        (1, 0, "ExecutionStarted"), (2, 0, "TaskStateEntered"), (3, 2, "TaskScheduled"), (4, 3, "TaskStarted"),
        (5, 4, "TaskSucceeded"), (6, 5, "TaskStateExited"), (7, 6, "ExecutionSucceeded")]
    scheduled = events[2]["taskScheduledEventDetails"]
    assert scheduled[detail] == 1
    assert json.loads(scheduled["parameters"]) == {"Payload": {}, "FunctionName": id_function}
    assert list(json.loads(scheduled["parameters"])) == ["Payload", "FunctionName"]
    assert {key: value for key, value in scheduled.items() if key not in ("parameters", detail)} == {
        "region": REGION, "resource": "invoke", "resourceType": "lambda"}
    assert shown[4]["taskSucceededEventDetails"]["output"]["Payload"] == {}


# --- query_language/test_base_query_language.snapshot.json (TestBaseQueryLanguage, recorded against AWS) ----------

@pytest.mark.parametrize("top,state", [(None, None), ("JSONata", None), ("JSONPath", "JSONata"), (None, "JSONata")],
                         ids=["JSON_PATH", "JSONATA", "JSONATA_OVERRIDE", "JSONATA_OVERRIDE_DEFAULT"])
def test_query_language_field(sfn, top, state):
    # test_base_query_language_field[...] and test_query_language_field_override[...]: a bare Pass state passes {}.
    definition = {"StartAt": "StartState", "States": {"StartState": {"Type": "Pass", "End": True}}}
    if top:
        definition["QueryLanguage"] = top
    if state:
        definition["States"]["StartState"]["QueryLanguage"] = state
    described, events = run(sfn, definition, {})
    assert parsed(events) == [started({}), *pass_states(2, 0, [("StartState", {}, {})]), succeeded(4, 3, {})]


# --- query_language/test_mixed_query_language.snapshot.json (TestMixedQueryLanguageFlow, recorded against AWS) ----

def two_passes(first, first_language, second, second_language):
    return {"StartAt": first[0], "States": {
        first[0]: {"QueryLanguage": first_language, "Type": "Pass", **first[1], "Next": second[0]},
        second[0]: {"QueryLanguage": second_language, "Type": "Pass", **second[1], "End": True}}}


def test_variable_sampling_jsonata_assign_jsonpath_ref(sfn):
    # test_variable_sampling[JSONATA_ASSIGN_JSONPATH_REF]: assignedVariables hold JSON texts.
    definition = two_passes(("JSONataState", {"Assign": {"theAnswerVar": 42}}), "JSONPath",
                            ("JSONPathState", {"Assign": {"theAnswerVar": 18, "oldAnswerVar.$": "$theAnswerVar"}}),
                            "JSONPath")
    described, events = run(sfn, definition, {})
    shown = parsed(events)
    assert shown == [started({}), entered(2, 0, "Pass", "JSONataState", {}),
                     assigned(exited(3, 2, "Pass", "JSONataState", {}), {"theAnswerVar": "42"}),
                     entered(4, 3, "Pass", "JSONPathState", {}),
                     assigned(exited(5, 4, "Pass", "JSONPathState", {}), {"oldAnswerVar": "42", "theAnswerVar": "18"}),
                     succeeded(6, 5, {})]


def test_variable_sampling_jsonpath_assign_jsonata_ref(sfn):
    # test_variable_sampling[JSONPATH_ASSIGN_JSONATA_REF]
    definition = two_passes(("JSONPathState", {"Assign": {"theAnswer": 42}}), "JSONPath",
                            ("JSONataState", {"Assign": {"theAnswer": 18, "oldAnswer": "{% $theAnswer %}"}}), "JSONata")
    described, events = run(sfn, definition, {})
    assert parsed(events) == [started({}), entered(2, 0, "Pass", "JSONPathState", {}),
                              assigned(exited(3, 2, "Pass", "JSONPathState", {}), {"theAnswer": "42"}),
                              entered(4, 3, "Pass", "JSONataState", {}),
                              assigned(exited(5, 4, "Pass", "JSONataState", {}), {"oldAnswer": "42", "theAnswer": "18"}),
                              succeeded(6, 5, {})]


@pytest.mark.parametrize("first,first_language,second_language", [
    ({"Output": {"foo": "foobar", "bar": "{% $states.input %}"}}, "JSONata", "JSONPath"),
    ({"Parameters": {"foo": "foobar", "bar.$": "$"}}, "JSONPath", "JSONata"),
], ids=["JSONATA_OUTPUT_TO_JSONPATH", "JSONPATH_OUTPUT_TO_JSONATA"])
def test_output_to_state(sfn, first, first_language, second_language):
    # test_output_to_state[...]: the members keep their written order.
    execution_input = {"input_data": "test"}
    output = {"foo": "foobar", "bar": execution_input}
    definition = two_passes(("JSONataState", first), first_language, ("JSONPathState", {}), second_language)
    described, events = run(sfn, definition, execution_input)
    assert parsed(events) == [started(execution_input), *pass_states(2, 0, [
        ("JSONataState", execution_input, output), ("JSONPathState", output, output)]), succeeded(6, 5, output)]
    assert list(json.loads(events[2]["stateExitedEventDetails"]["output"])) == ["foo", "bar"]


# --- assign/test_assign_base.snapshot.json (TestAssignBase, recorded against AWS) ----------------------------------

ASSIGN_INPUT = {"input_value": "input_value_literal"}
LITERAL_LIST = [None, 0, 0.1, True, "$.no.such.path", "$varname", "{% $varname %}", "$$", "States.Format('{}', $varname)",
                [], {"constant": 0}]
LITERAL_STRINGS = {
    "str": "constant string", "str_path_root": "$", "str_path": "$.no.such.path", "str_contextpath_root": "$$",
    "str_contextpath": "$$.Execution.Id", "str_var": "$noSuchVar", "str_var_expr": "$noSuchVar.noSuchMember",
    "str_intrinsic_func": "States.Format('Format Func {}', $varname)", "str_jsonata_expr": "{% $varname.varfield %}"}
LITERAL_OBJECT = {
    "in_obj_constant_null": None, "in_obj_constant_int": 0, "in_obj_constant_float": 0.1, "in_obj_constant_bool": True,
    **{f"in_obj_constant_{key}": value for key, value in LITERAL_STRINGS.items()},
    "in_obj_constant_lst_empty": [], "in_obj_constant_lst": LITERAL_LIST, "in_obj_constant_obj_empty": {},
    "in_obj_constant_obj": {"constant": 0}}
CONSTANT_LITERALS = {
    "constant_null": None, "constant_int": 0, "constant_float": 0.1, "constant_bool": True,
    **{f"constant_{key}": value for key, value in LITERAL_STRINGS.items()},
    "constant_lst_empty": [], "constant_lst": LITERAL_LIST, "constant_obj_empty": {}, "constant_obj": LITERAL_OBJECT}
# The texts AWS recorded for them (objects shown parsed, as `parsed` shows them).
CONSTANT_TEXTS = {
    "constant_bool": "true", "constant_float": "0.1", "constant_int": "0",
    "constant_lst": '[null,0,0.1,true,"$.no.such.path","$varname","{% $varname %}","$$","States.Format(\'{}\', $varname)",[],{"constant":0}]',
    "constant_lst_empty": "[]", "constant_null": "null", "constant_obj": LITERAL_OBJECT, "constant_obj_empty": {},
    **{f"constant_{key}": json.dumps(value) for key, value in LITERAL_STRINGS.items()}}


def one_pass(assign):
    return {"StartAt": "State0", "States": {"State0": {"Type": "Pass", "Assign": assign, "End": True}}}


def test_base_cases_base_empty(sfn):
    # test_base_cases[BASE_EMPTY]: "Assign": {} records no assignedVariables.
    described, events = run(sfn, one_pass({}), ASSIGN_INPUT)
    assert parsed(events) == [started(ASSIGN_INPUT), *pass_states(2, 0, [("State0", ASSIGN_INPUT, ASSIGN_INPUT)]),
                              succeeded(4, 3, ASSIGN_INPUT)]


def test_base_cases_base_constant_literals(sfn):
    # test_base_cases[BASE_CONSTANT_LITERALS]: strings that look like paths, intrinsics or JSONata stay literals.
    described, events = run(sfn, one_pass(CONSTANT_LITERALS), ASSIGN_INPUT)
    assert parsed(events) == [
        started(ASSIGN_INPUT), entered(2, 0, "Pass", "State0", ASSIGN_INPUT),
        assigned(exited(3, 2, "Pass", "State0", ASSIGN_INPUT), CONSTANT_TEXTS), succeeded(4, 3, ASSIGN_INPUT)]
    assert list(parsed(events)[2]["stateExitedEventDetails"]["assignedVariables"]["constant_obj"]) == list(LITERAL_OBJECT)


def test_base_cases_base_paths(sfn):
    # test_base_cases[BASE_PATHS]: "$$" assigns the whole context object, its members in AWS's order.
    assign = {"str_path_root.$": "$", "str_path.$": "$.input_value", "str_contextpath_root.$": "$$",
              "str_contextpath.$": "$$.Execution.Id",
              "str_intrinsic_func.$": "States.Format('Format Func {}', $.input_value)"}
    described, events = run(sfn, one_pass(assign), ASSIGN_INPUT)
    shown = parsed(events)
    variables = shown[2]["stateExitedEventDetails"]["assignedVariables"]
    context = variables["str_contextpath_root"]
    execution_arn = described["executionArn"]
    assert list(context) == ["Execution", "StateMachine", "State"]
    assert list(context["Execution"]) == ["Id", "Input", "StartTime", "Name", "RoleArn", "RedriveCount"]
    assert list(context["StateMachine"]) == ["Id", "Name"] and list(context["State"]) == ["Name", "EnteredTime"]
    assert (context["Execution"]["Id"], context["Execution"]["Input"], context["Execution"]["Name"],
            context["Execution"]["RedriveCount"]) == (execution_arn, ASSIGN_INPUT, described["name"], 0)
    assert context["StateMachine"] == {"Id": described["stateMachineArn"],
                                       "Name": described["stateMachineArn"].split(":")[-1]}
    assert context["State"]["Name"] == "State0"
    assert shown == [
        started(ASSIGN_INPUT), entered(2, 0, "Pass", "State0", ASSIGN_INPUT),
        assigned(exited(3, 2, "Pass", "State0", ASSIGN_INPUT), {
            "str_contextpath": json.dumps(execution_arn), "str_contextpath_root": context,
            "str_intrinsic_func": '"Format Func input_value_literal"', "str_path": '"input_value_literal"',
            "str_path_root": ASSIGN_INPUT}),
        succeeded(4, 3, ASSIGN_INPUT)]


def test_base_cases_base_var(sfn):
    # test_base_cases[BASE_VAR]: variables read back through "$name" and "$name.member" keep their values.
    second = {"varname2": "varname2", **{f"varname{key}.$": f"${key}" for key in CONSTANT_LITERALS},
              "varnameconstant_obj_access.$": "$constant_obj.in_obj_constant_lst"}
    definition = {"StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Assign": {"varname.$": "$.input_value", **CONSTANT_LITERALS}, "Next": "State1"},
        "State1": {"Type": "Pass", "Assign": second, "End": True}}}
    described, events = run(sfn, definition, ASSIGN_INPUT)
    assert parsed(events) == [
        started(ASSIGN_INPUT), entered(2, 0, "Pass", "State0", ASSIGN_INPUT),
        assigned(exited(3, 2, "Pass", "State0", ASSIGN_INPUT), {**CONSTANT_TEXTS, "varname": '"input_value_literal"'}),
        entered(4, 3, "Pass", "State1", ASSIGN_INPUT),
        assigned(exited(5, 4, "Pass", "State1", ASSIGN_INPUT), {
            "varname2": '"varname2"', **{f"varname{key}": value for key, value in CONSTANT_TEXTS.items()},
            "varnameconstant_obj_access": CONSTANT_TEXTS["constant_lst"]}),
        succeeded(6, 5, ASSIGN_INPUT)]


def test_base_cases_base_scope_map(sfn):
    # test_base_cases[BASE_SCOPE_MAP]: ItemsPath reads a variable; the iterations read the outer scope.
    definition = {"StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Assign": {"x": 42, "items": [1, 2, 3]}, "Next": "State1"},
        "State1": {"Type": "Map", "ItemsPath": "$items", "MaxConcurrency": 1, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Inner",
            "States": {"Inner": {"Type": "Pass", "Assign": {"innerX.$": "$x"}, "End": True}}}, "Next": "State2"},
        "State2": {"Type": "Pass", "Assign": {"final.$": "$x"}, "End": True}}}
    described, events = run(sfn, definition, ASSIGN_INPUT)
    map_events = inline_map(5, "State1", [1, 2, 3], process="Inner")
    for event in map_events:
        if event["type"] == "PassStateExited":
            assigned(event, {"innerX": "42"})
    assert parsed(events) == [
        started(ASSIGN_INPUT), entered(2, 0, "Pass", "State0", ASSIGN_INPUT),
        assigned(exited(3, 2, "Pass", "State0", ASSIGN_INPUT), {"items": "[1,2,3]", "x": "42"}),
        entered(4, 3, "Map", "State1", ASSIGN_INPUT), *map_events,
        entered(20, 19, "Pass", "State2", [1, 2, 3]),
        assigned(exited(21, 20, "Pass", "State2", [1, 2, 3]), {"final": "42"}), succeeded(22, 21, [1, 2, 3])]


def test_base_parallel_cases_base_scope_parallel(sfn):
    # test_base_parallel_cases[BASE_SCOPE_PARALLEL]: each branch reads the outer $x; ParallelStateExited is #13
    # after #11 (the recording masks the branch events' ids).
    branch = lambda name: {"StartAt": name, "States": {name: {  # noqa: E731
        "Type": "Pass", "Assign": {"innerX.$": "$x", "value.$": "$"}, "End": True}}}
    definition = {"StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Assign": {"x": 42}, "Next": "State1"},
        "State1": {"Type": "Parallel", "End": True, "Branches": [branch("Branch1"), branch("Branch21"),
                                                                 branch("Branch31")]}}}
    described, events = run(sfn, definition, {})
    shown = parsed(events)
    assert shown[:5] == [started({}), entered(2, 0, "Pass", "State0", {}),
                         assigned(exited(3, 2, "Pass", "State0", {}), {"x": "42"}),
                         entered(4, 3, "Parallel", "State1", {}),
                         {"id": 5, "previousEventId": 4, "type": "ParallelStateStarted"}]
    branch_exits = [e for e in shown if e["type"] == "PassStateExited" and e["id"] > 5]
    assert [e["stateExitedEventDetails"]["assignedVariables"] for e in branch_exits] == [
        {"innerX": "42", "value": {}}] * 3
    assert shown[-2:] == [exited(13, 11, "Parallel", "State1", [{}, {}, {}]), succeeded(14, 13, [{}, {}, {}])]


@pytest.mark.parametrize("condition", [True, False], ids=["CONDITION_TRUE", "CONDITION_FALSE"])
def test_assign_in_choice(sfn, condition):
    # test_assign_in_choice[...]: the matched rule's Assign, else the state's own (for the Default).
    definition = {"QueryLanguage": "JSONata", "StartAt": "ChoiceState", "States": {
        "ChoiceState": {"Type": "Choice", "Choices": [{
            "Condition": "{% $states.input.condition %}", "Next": "ConditionTrue",
            "Assign": {"Assignment": "Condition assignment"}}],
            "Default": "DefaultState", "Assign": {"Assignment": "Default Assignment"}},
        "ConditionTrue": {"Type": "Pass", "End": True},
        "DefaultState": {"Type": "Fail", "Cause": "Condition is false"}}}
    execution_input = {"condition": condition}
    described, events = run(sfn, definition, execution_input)
    head = [started(execution_input), entered(2, 0, "Choice", "ChoiceState", execution_input),
            assigned(exited(3, 2, "Choice", "ChoiceState", execution_input),
                     {"Assignment": '"Condition assignment"' if condition else '"Default Assignment"'})]
    if condition:
        assert parsed(events) == [*head, *pass_states(4, 3, [("ConditionTrue", execution_input, execution_input)]),
                                  succeeded(6, 5, execution_input)]
    else:
        assert parsed(events) == [*head, entered(4, 3, "Fail", "DefaultState", execution_input),
                                  {"id": 5, "previousEventId": 4, "type": "ExecutionFailed",
                                   "executionFailedEventDetails": {"cause": "Condition is false"}}]
        assert (described["status"], described.get("error"), described["cause"]) == (
            "FAILED", None, "Condition is false")


# --- assign/test_assign_reference_variables.snapshot.json (TestAssignReferenceVariables, recorded against AWS) -----

def test_reference_assign_in_parameters(sfn):
    # test_reference_assign[BASE_REFERENCE_IN_PARAMETERS]: "$result" without ".$" is a literal; with it, the variable.
    definition = {"StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Parameters": {"result": "$result"}, "Assign": {"result": "foobar"}, "Next": "State1"},
        "State1": {"Type": "Pass", "ResultPath": "$.result", "Parameters": {"result.$": "$result"}, "End": True}}}
    described, events = run(sfn, definition, {})
    literal, final = {"result": "$result"}, {"result": {"result": "foobar"}}
    assert parsed(events) == [
        started({}), entered(2, 0, "Pass", "State0", {}),
        assigned(exited(3, 2, "Pass", "State0", literal), {"result": '"foobar"'}),
        *pass_states(4, 3, [("State1", literal, final)]), succeeded(6, 5, final)]


def test_reference_assign_in_choice(sfn):
    # test_reference_assign[BASE_REFERENCE_IN_CHOICE]: Variable and StringEqualsPath read variables.
    definition = {"StartAt": "Setup", "States": {
        "Setup": {"Type": "Pass", "Assign": {"guess": "the_guess", "answer": "the_answer"}, "Next": "CheckAnswer"},
        "CheckAnswer": {"Type": "Choice", "Choices": [
            {"Variable": "$guess", "StringEqualsPath": "$answer", "Next": "CorrectAnswer"}], "Default": "WrongAnswer"},
        "CorrectAnswer": {"Type": "Pass", "Result": {"state": "CORRECT"}, "End": True},
        "WrongAnswer": {"Type": "Pass", "Assign": {"guess.$": "$answer"}, "Result": {"state": "WRONG"},
                        "Next": "CheckAnswer"}}}
    described, events = run(sfn, definition, {})
    wrong, correct = {"state": "WRONG"}, {"state": "CORRECT"}
    assert parsed(events) == [
        started({}), entered(2, 0, "Pass", "Setup", {}),
        assigned(exited(3, 2, "Pass", "Setup", {}), {"answer": '"the_answer"', "guess": '"the_guess"'}),
        entered(4, 3, "Choice", "CheckAnswer", {}), exited(5, 4, "Choice", "CheckAnswer", {}),
        entered(6, 5, "Pass", "WrongAnswer", {}),
        assigned(exited(7, 6, "Pass", "WrongAnswer", wrong), {"guess": '"the_answer"'}),
        entered(8, 7, "Choice", "CheckAnswer", wrong), exited(9, 8, "Choice", "CheckAnswer", wrong),
        *pass_states(10, 9, [("CorrectAnswer", wrong, correct)]), succeeded(12, 11, correct)]


@pytest.mark.parametrize("field", ["InputPath", "OutputPath"])
def test_reference_assign_in_input_and_output_path(sfn, field):
    # test_reference_assign[BASE_REFERENCE_IN_INPUTPATH] and [BASE_REFERENCE_IN_OUTPUTPATH].
    first = ({"Assign": {"theAnswer": 42}} if field == "InputPath"
             else {"Result": {"answer": 42}, "Assign": {"theAnswer.$": "$.answer"}})
    definition = {"StartAt": "State0", "States": {
        "State0": {"Type": "Pass", **first, "Next": "State1"},
        "State1": {"Type": "Pass", field: "$theAnswer", "End": True}}}
    described, events = run(sfn, definition, {})
    middle = {} if field == "InputPath" else {"answer": 42}
    assert parsed(events) == [
        started({}), entered(2, 0, "Pass", "State0", {}),
        assigned(exited(3, 2, "Pass", "State0", middle), {"theAnswer": "42"}),
        *pass_states(4, 3, [("State1", middle, 42)]), succeeded(6, 5, 42)]


def test_assign_from_parameters(sfn):
    # test_assign_from_value[BASE_ASSIGN_FROM_PARAMETERS]: a JSONPath Assign's "$" is the state's result.
    definition = {"StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Parameters": {"input": "PENDING"}, "Assign": {"result.$": "$.input"},
                   "Next": "State1"},
        "State1": {"Type": "Pass", "Assign": {"result": "SUCCESS", "originalResult.$": "$.input"}, "End": True}}}
    described, events = run(sfn, definition, {})
    pending = {"input": "PENDING"}
    assert parsed(events) == [
        started({}), entered(2, 0, "Pass", "State0", {}),
        assigned(exited(3, 2, "Pass", "State0", pending), {"result": '"PENDING"'}),
        entered(4, 3, "Pass", "State1", pending),
        assigned(exited(5, 4, "Pass", "State1", pending), {"originalResult": '"PENDING"', "result": '"SUCCESS"'}),
        succeeded(6, 5, pending)]


@pytest.mark.parametrize("value", ["42", "0"], ids=["CORRECT", "INCORRECT"])
def test_assign_in_choice_state(sfn, value):
    # test_assign_in_choice_state[...]: the string "42" is no number, so the Default's Assign (the state's) applies.
    definition = {"StartAt": "CheckInputState", "States": {
        "CheckInputState": {"Type": "Choice", "Choices": [
            {"Variable": "$.input_value", "IsPresent": False, "Assign": {"status": "UNKNOWN"}, "Next": "FinalState"},
            {"Variable": "$.input_value", "NumericEquals": 42, "Assign": {"status": "CORRECT"}, "Next": "FinalState"}],
            "Assign": {"status": "INCORRECT", "guess.$": "$.input_value"}, "Default": "FinalState"},
        "FinalState": {"Type": "Pass", "Parameters": {"result.$": "$status"}, "End": True}}}
    execution_input = {"input_value": value}
    described, events = run(sfn, definition, execution_input)
    result = {"result": "INCORRECT"}
    assert parsed(events) == [
        started(execution_input), entered(2, 0, "Choice", "CheckInputState", execution_input),
        assigned(exited(3, 2, "Choice", "CheckInputState", execution_input),
                 {"guess": json.dumps(value), "status": '"INCORRECT"'}),
        *pass_states(4, 3, [("FinalState", execution_input, result)]), succeeded(6, 5, result)]


def test_assign_in_wait_state(sfn):
    # test_assign_in_wait_state
    definition = {"StartAt": "WaitState", "States": {
        "WaitState": {"Type": "Wait", "Seconds": 0, "Assign": {"foo": "oof"}, "End": True}}}
    described, events = run(sfn, definition, {})
    assert parsed(events) == [started({}), entered(2, 0, "Wait", "WaitState", {}),
                              assigned(exited(3, 2, "Wait", "WaitState", {}), {"foo": '"oof"'}), succeeded(4, 3, {})]


def test_reference_assign_in_fail(sfn):
    # test_reference_assign[BASE_REFERENCE_IN_FAIL]: ErrorPath and CausePath read variables.
    definition = {"StartAt": "Pass", "States": {
        "Pass": {"Type": "Pass", "Assign": {"errorVar": "Exception", "causeVar": "An Exception was encountered"},
                 "Next": "Fail"},
        "Fail": {"Type": "Fail", "CausePath": "$causeVar", "ErrorPath": "$errorVar"}}}
    described, events = run(sfn, definition, {})
    assert parsed(events) == [
        started({}), entered(2, 0, "Pass", "Pass", {}),
        assigned(exited(3, 2, "Pass", "Pass", {}),
                 {"causeVar": '"An Exception was encountered"', "errorVar": '"Exception"'}),
        entered(4, 3, "Fail", "Fail", {}), failed(5, 4, "Exception", "An Exception was encountered")]
    assert (described["status"], described["error"], described["cause"]) == (
        "FAILED", "Exception", "An Exception was encountered")


INTRINSIC_VALUES = {
    "inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "duplicateArray": [1, 2, 2, 3, 3, 4], "rawString": "Hello World",
    "encodedString": "SGVsbG8gV29ybGQ=", "inputString": "Hash this string", "json1": {"a": 1, "b": 2},
    "json2": {"c": 3, "d": 4}, "jsonString": "{\"key\":\"value\"}", "jsonObject": {"test": "object"}, "value1": 5,
    "value2": 3, "csvString": "a,b,c,d,e", "name": "John", "place": "LocalStack",
    "additionalInfo": {"age": 30, "role": "developer"}}


def intrinsic_ops(root):
    return {
        "encodingOps": {"encoded.$": f"States.Base64Encode({root}rawString)",
                        "decoded.$": f"States.Base64Decode({root}encodedString)"},
        "hashOps": {"hashValue.$": f"States.Hash({root}inputString, 'SHA-256')"},
        "jsonOps": {"mergedJson.$": f"States.JsonMerge({root}json1, {root}json2, false)",
                    "parsedJson.$": f"States.StringToJson({root}jsonString)",
                    "stringifiedJson.$": f"States.JsonToString({root}jsonObject)"},
        "mathOps": {"sum.$": f"States.MathAdd({root}value1, {root}value2)"},
        "stringOps": {"splitString.$": f"States.StringSplit({root}csvString, ',')",
                      "formattedString.$": f"States.Format('Hello {{}}, welcome to {{}}!', {root}name, {root}place)"},
        "uuidOp": {"uniqueId.$": "States.UUID()"}}


def check_intrinsic_results(value):
    """The recorded results and their member order: the fields written without ".$" as written, the ".$" fields in
    the order AWS gave them."""
    assert list(value) == ["encodingOps", "hashOps", "jsonOps", "mathOps", "stringOps", "uuidOp"]
    assert list(value["encodingOps"].items()) == [("decoded", "Hello World"), ("encoded", "SGVsbG8gV29ybGQ=")]
    assert value["hashOps"] == {"hashValue": "1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e"}
    assert list(value["jsonOps"].items()) == [("parsedJson", {"key": "value"}),
                                              ("mergedJson", {"a": 1, "b": 2, "c": 3, "d": 4}),
                                              ("stringifiedJson", "{\"test\":\"object\"}")]
    assert value["mathOps"] == {"sum": 8}
    assert list(value["stringOps"].items()) == [("formattedString", "Hello John, welcome to LocalStack!"),
                                                ("splitString", ["a", "b", "c", "d", "e"])]
    assert list(value["uuidOp"]) == ["uniqueId"]


def test_reference_assign_in_intrinsic_function(sfn):
    # test_reference_assign[BASE_REFERENCE_IN_INTRINSIC_FUNCTION]: intrinsics over variables in Parameters.
    definition = {"StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Assign": INTRINSIC_VALUES, "Next": "State1"},
        "State1": {"Type": "Pass", "Parameters": intrinsic_ops("$"), "End": True}}}
    described, events = run(sfn, definition, {})
    shown = parsed(events)
    output = shown[4]["stateExitedEventDetails"]["output"]
    check_intrinsic_results(output)
    texts = {name: value if isinstance(value, dict) else json.dumps(value, separators=(",", ":"))
             for name, value in INTRINSIC_VALUES.items()}
    assert shown == [started({}), entered(2, 0, "Pass", "State0", {}),
                     assigned(exited(3, 2, "Pass", "State0", {}), texts),
                     *pass_states(4, 3, [("State1", {}, output)]), succeeded(6, 5, output)]
    assert list(json.loads(events[5]["executionSucceededEventDetails"]["output"])["jsonOps"]) == [
        "parsedJson", "mergedJson", "stringifiedJson"]


def test_assign_from_intrinsic_function(sfn):
    # test_assign_from_value[BASE_ASSIGN_FROM_INTRINSIC_FUNCTION]: the seven ".$" fields of arrayOps come out in
    # AWS's (hash) order.
    result = {**INTRINSIC_VALUES, "inputArray": [1, 2, 3, 4, 5, 6]}
    assign = {"arrayOps": {
        "simpleArray.$": "States.Array('a', 'b', 'c')", "partitionedArray.$": "States.ArrayPartition($.inputArray, 2)",
        "containsElement.$": "States.ArrayContains($.inputArray, 5)", "numberRange.$": "States.ArrayRange(1, 10, 2)",
        "thirdElement.$": "States.ArrayGetItem($.inputArray, 2)", "arraySize.$": "States.ArrayLength($.inputArray)",
        "uniqueValues.$": "States.ArrayUnique($.duplicateArray)"}, **intrinsic_ops("$.")}
    definition = {"StartAt": "State0", "States": {"State0": {"Type": "Pass", "Result": result, "Assign": assign,
                                                             "End": True}}}
    described, events = run(sfn, definition, {})
    shown = parsed(events)
    variables = shown[2]["stateExitedEventDetails"]["assignedVariables"]
    assert list(variables["arrayOps"].items()) == [
        ("uniqueValues", [1, 2, 3, 4]), ("simpleArray", ["a", "b", "c"]), ("thirdElement", 3),
        ("partitionedArray", [[1, 2], [3, 4], [5, 6]]), ("arraySize", 6), ("containsElement", True),
        ("numberRange", [1, 3, 5, 7, 9])]
    check_intrinsic_results({name: variables[name] for name in intrinsic_ops("$.")})
    assert shown == [started({}), entered(2, 0, "Pass", "State0", {}), assigned(exited(3, 2, "Pass", "State0", result),
                                                                                 variables), succeeded(4, 3, result)]


def test_state_assign_evaluation_order(sfn):
    # test_state_assign_evaluation_order[BASE_EVALUATION_ORDER_PASS_STATE]: InputPath, ResultPath and OutputPath read
    # the variables from before the state's own Assign.
    question = {"theQuestion": "What is the answer to life the universe and everything?"}
    definition = {"StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Result": question, "Assign": {"question.$": "$.theQuestion", "answer": 42},
                   "Next": "State1"},
        "State1": {"Type": "Pass", "InputPath": "$answer", "ResultPath": "$.theAnswer", "OutputPath": "$answer",
                   "Assign": {"answer": "<omitted>"}, "End": True}}}
    described, events = run(sfn, definition, {})
    assert parsed(events) == [
        started({}), entered(2, 0, "Pass", "State0", {}),
        assigned(exited(3, 2, "Pass", "State0", question),
                 {"answer": "42", "question": json.dumps(question["theQuestion"])}),
        entered(4, 3, "Pass", "State1", question),
        assigned(exited(5, 4, "Pass", "State1", 42), {"answer": '"<omitted>"'}), succeeded(6, 5, 42)]


def test_reference_assign_in_wait(sfn):
    # test_reference_assign[BASE_REFERENCE_IN_WAIT]: SecondsPath and TimestampPath read variables.
    definition = {"StartAt": "Start", "States": {
        "Start": {"Type": "Pass", "Assign": {"waitTime": 0, "startAt": "2024-11-06T09:42:03Z"},
                  "Next": "WaitSecondsState"},
        "WaitSecondsState": {"Type": "Wait", "SecondsPath": "$waitTime", "Next": "WaitUntilState"},
        "WaitUntilState": {"Type": "Wait", "TimestampPath": "$startAt", "End": True}}}
    described, events = run(sfn, definition, {})
    assert parsed(events) == [
        started({}), entered(2, 0, "Pass", "Start", {}),
        assigned(exited(3, 2, "Pass", "Start", {}), {"startAt": '"2024-11-06T09:42:03Z"', "waitTime": "0"}),
        entered(4, 3, "Wait", "WaitSecondsState", {}), exited(5, 4, "Wait", "WaitSecondsState", {}),
        entered(6, 5, "Wait", "WaitUntilState", {}), exited(7, 6, "Wait", "WaitUntilState", {}), succeeded(8, 7, {})]


@pytest.fixture(scope="module")
def functions(server):
    """Python functions doing what the recorded ones did: raise Exception, return bytes of a JSON string."""
    sources = {"recorded-jv-raise": "def handler(event, context):\n    raise Exception(\"Some exception was raised.\")\n",
               "recorded-jv-bytes": "def handler(event, context):\n    return b'\"HelloWorld!\"'\n"}
    client = lambda_client(server.endpoint)
    for name, source in sources.items():
        client.create_function(FunctionName=name, Runtime="python3.12", Role=LAMBDA_ROLE, Handler="app.handler",
                               Timeout=30, Code={"ZipFile": make_zip({"app.py": (source, 0o644)})})
    return {name: f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}" for name in sources}


@needs_python_lambda
def test_assign_in_catch_state(sfn, functions):
    # test_assign_in_catch_state: a Catcher's Assign sees $states.errorOutput; the state's own Assign is not applied.
    function = functions["recorded-jv-raise"]
    definition = {"StartAt": "Task", "States": {
        "Task": {"QueryLanguage": "JSONata", "Type": "Task", "Assign": {"result": "SUCCESS"},
                 "Resource": "arn:aws:states:::lambda:invoke",
                 "Arguments": {"FunctionName": "{% $states.input.input_value %}", "Payload": {"foo": "oof"}},
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"result": "{% $states.errorOutput %}"},
                            "Next": "fallback"}], "End": True},
        "fallback": {"Type": "Pass", "End": True}}}
    execution_input = {"input_value": function}
    described, events = run(sfn, definition, execution_input, timeout=90)
    shown = parsed(events)
    cause = events[4]["taskFailedEventDetails"]["cause"]
    assert list(json.loads(cause)) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    error_output = {"Error": "Exception", "Cause": cause}
    assert shown == [
        started(execution_input), entered(2, 0, "Task", "Task", execution_input),
        {"id": 3, "previousEventId": 2, "type": "TaskScheduled", "taskScheduledEventDetails": {
            "parameters": {"FunctionName": function, "Payload": {"foo": "oof"}}, "region": REGION,
            "resource": "invoke", "resourceType": "lambda"}},
        {"id": 4, "previousEventId": 3, "type": "TaskStarted", "taskStartedEventDetails": {
            "resource": "invoke", "resourceType": "lambda"}},
        {"id": 5, "previousEventId": 4, "type": "TaskFailed", "taskFailedEventDetails": {
            "cause": cause, "error": "Exception", "resource": "invoke", "resourceType": "lambda"}},
        assigned(exited(6, 5, "Task", "Task", error_output), {"result": error_output}),
        *pass_states(7, 6, [("fallback", error_output, error_output)]), succeeded(9, 8, error_output)]
    assert list(json.loads(events[5]["stateExitedEventDetails"]["output"])) == ["Error", "Cause"]


@needs_python_lambda
def test_variables_in_lambda_task_assign_from_lambda_task_result(sfn, functions):
    # test_variables_in_lambda_task[BASE_ASSIGN_FROM_LAMBDA_TASK_RESULT]: TimeoutSecondsPath reads a variable; the
    # ".$" Parameters come out FunctionName, Payload (written Payload.$, FunctionName.$).
    function = functions["recorded-jv-bytes"]
    definition = {"StartAt": "Pass", "States": {
        "Pass": {"Type": "Pass", "Assign": {"functionName.$": "$.FunctionName",
                                            "inputData": {"foo": "oof", "bar": "rab"}, "timeout": 300}, "Next": "Task"},
        "Task": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSecondsPath": "$timeout",
                 "Parameters": {"Payload.$": "$inputData", "FunctionName.$": "$functionName"},
                 "Assign": {"result.$": "$.Payload"}, "OutputPath": "$.Payload", "Next": "End"},
        "End": {"Type": "Pass", "Assign": {"previousResult.$": "$result", "timeout": 150}, "End": True}}}
    execution_input = {"FunctionName": function, "AccountID": ACCOUNT}
    described, events = run(sfn, definition, execution_input, timeout=90)
    shown = parsed(events)
    scheduled = events[4]["taskScheduledEventDetails"]
    assert list(json.loads(scheduled["parameters"])) == ["FunctionName", "Payload"]
    assert shown[4]["taskScheduledEventDetails"] == {
        "parameters": {"FunctionName": function, "Payload": {"foo": "oof", "bar": "rab"}}, "region": REGION,
        "resource": "invoke", "resourceType": "lambda", "timeoutInSeconds": 300}
    assert shown[6]["taskSucceededEventDetails"]["output"]["Payload"] == "HelloWorld!"
    assert [e["type"] for e in shown] == [
        "ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "TaskScheduled", "TaskStarted",
        "TaskSucceeded", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    assert shown[2] == assigned(exited(3, 2, "Pass", "Pass", execution_input), {
        "functionName": json.dumps(function), "inputData": {"foo": "oof", "bar": "rab"}, "timeout": "300"})
    assert shown[7] == assigned(exited(8, 7, "Task", "Task", "HelloWorld!"), {"result": '"HelloWorld!"'})
    assert shown[9] == assigned(exited(10, 9, "Pass", "End", "HelloWorld!"),
                                {"previousResult": '"HelloWorld!"', "timeout": "150"})
    assert shown[10] == succeeded(11, 10, "HelloWorld!")


# --- outputdecl/test_output.snapshot.json (TestArgumentsBase, recorded against AWS) --------------------------------

OUTPUT_INPUT = {"input_value": "string literal", "input_values": [1, 2, 3]}
OUTPUT_LITERAL_LIST = [None, 0, 0.1, True, [], {"constant": 0}, " {% states.input %} ", "$states.input",
                       "$no.such.var.path"]
OUTPUT_LITERALS = {
    "constant_null": None, "constant_int": 0, "constant_float": 0.1, "constant_bool": True,
    "constant_str": "constant string", "constant_not_jsonata": " {% states.input %} ",
    "constant_varpath_states": "$states.input", "constant_varpath": "$no.such.var.path", "constant_jp_input": "$",
    "constant_jp_input.$": "$", "constant_jp_input_path": "$.input_value", "constant_jp_context": "$$",
    "constant_if": "States.Format('Format:{}', 101)", "constant_lst_empty": [], "constant_lst": OUTPUT_LITERAL_LIST,
    "constant_obj_empty": {}, "constant_obj": {
        "in_obj_constant_null": None, "in_obj_constant_int": 0, "in_obj_constant_float": 0.1,
        "in_obj_constant_bool": True, "in_obj_constant_str": "constant string",
        "in_obj_constant_not_jsonata": " {% states.input %} ", "in_obj_constant_lst_empty": [],
        "in_obj_constant_lst": OUTPUT_LITERAL_LIST, "in_obj_constant_obj_empty": {},
        "in_obj_constant_obj": {"constant": 0}}}


@pytest.mark.parametrize("output", [{}, OUTPUT_LITERALS], ids=["BASE_EMPTY", "BASE_LITERALS"])
def test_output_base_cases_literals(sfn, output):
    # test_base_cases[BASE_EMPTY] and [BASE_LITERALS]: in JSONata only "{% ... %}" is evaluated; ".$" keys are names.
    definition = {"StartAt": "State0", "States": {"State0": {"QueryLanguage": "JSONata", "Type": "Pass",
                                                             "Output": output, "End": True}}}
    described, events = run(sfn, definition, OUTPUT_INPUT)
    assert parsed(events) == [started(OUTPUT_INPUT), *pass_states(2, 0, [("State0", OUTPUT_INPUT, output)]),
                              succeeded(4, 3, output)]
    assert list(json.loads(events[2]["stateExitedEventDetails"]["output"])) == list(output)


def test_output_base_cases_expr(sfn):
    # test_base_cases[BASE_EXPR]: $states.context is the context object, members in AWS's order.
    definition = {"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"var_input_value.$": "$.input_value", "var_constant_1": 1}, "Next": "State0"},
        "State0": {"QueryLanguage": "JSONata", "Type": "Pass", "Output": {
            "ja_states_context": "{% $states.context %}", "ja_states_input": "{% $states.input %}",
            "ja_var_access": "{% $var_input_value %}",
            "ja_expr": "{% $sum($states.input.input_values) + $var_constant_1 %}"}, "End": True}}}
    described, events = run(sfn, definition, OUTPUT_INPUT)
    shown = parsed(events)
    output = shown[4]["stateExitedEventDetails"]["output"]
    context = output["ja_states_context"]
    assert list(output) == ["ja_states_context", "ja_states_input", "ja_var_access", "ja_expr"]
    assert list(context) == ["Execution", "StateMachine", "State"]
    assert list(context["Execution"]) == ["Id", "Input", "StartTime", "Name", "RoleArn", "RedriveCount"]
    assert list(context["State"]) == ["Name", "EnteredTime"] and context["State"]["Name"] == "State0"
    assert {key: output[key] for key in ("ja_states_input", "ja_var_access", "ja_expr")} == {
        "ja_states_input": OUTPUT_INPUT, "ja_var_access": "string literal", "ja_expr": 7}
    assert shown == [started(OUTPUT_INPUT), entered(2, 0, "Pass", "Init", OUTPUT_INPUT),
                     assigned(exited(3, 2, "Pass", "Init", OUTPUT_INPUT),
                              {"var_constant_1": "1", "var_input_value": '"string literal"'}),
                     *pass_states(4, 3, [("State0", OUTPUT_INPUT, output)]), succeeded(6, 5, output)]


def test_output_base_cases_direct_expr(sfn):
    # test_base_cases[BASE_DIRECT_EXPR]: Output as one expression.
    definition = {"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"var_constant_1": 1}, "Next": "State0"},
        "State0": {"QueryLanguage": "JSONata", "Type": "Pass",
                   "Output": "{% $sum($states.input.input_values) + $var_constant_1 %}", "End": True}}}
    described, events = run(sfn, definition, OUTPUT_INPUT)
    assert parsed(events) == [started(OUTPUT_INPUT), entered(2, 0, "Pass", "Init", OUTPUT_INPUT),
                              assigned(exited(3, 2, "Pass", "Init", OUTPUT_INPUT), {"var_constant_1": "1"}),
                              *pass_states(4, 3, [("State0", OUTPUT_INPUT, 7)]), succeeded(6, 5, 7)]
    assert events[4]["stateExitedEventDetails"]["output"] == "7"


@needs_python_lambda
def test_output_base_lambda(sfn, id_function):
    # test_base_lambda[BASE_LAMBDA]: a function ARN as Resource with JSONata Arguments and Output.
    definition = {"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"var_input_value.$": "$.input_value", "var_constant_1": 1}, "Next": "State0"},
        "State0": {"QueryLanguage": "JSONata", "Type": "Task", "Resource": id_function, "Arguments": {
            "ja_states_input": "{% $states.input %}", "ja_var_access": "{% $var_input_value %}",
            "ja_expr": "{% $sum($states.input.input_values) + $var_constant_1 %}"},
            "Output": {"ja_var_access": "{% $var_input_value %}",
                       "ja_expr": "{% $sum($states.input.input_values) + $var_constant_1 %}",
                       "ja_states_input": "{% $states.input %}", "ja_states_result": "{% $states.result %}",
                       "ja_states_result_access": "{% $states.result.ja_expr %}"}, "End": True}}}
    described, events = run(sfn, definition, OUTPUT_INPUT, timeout=90)
    arguments = {"ja_states_input": OUTPUT_INPUT, "ja_var_access": "string literal", "ja_expr": 7}
    output = {"ja_var_access": "string literal", "ja_expr": 7, "ja_states_input": OUTPUT_INPUT,
              "ja_states_result": arguments, "ja_states_result_access": 7}
    assert parsed(events) == [
        started(OUTPUT_INPUT), entered(2, 0, "Pass", "Init", OUTPUT_INPUT),
        assigned(exited(3, 2, "Pass", "Init", OUTPUT_INPUT),
                 {"var_constant_1": "1", "var_input_value": '"string literal"'}),
        entered(4, 3, "Task", "State0", OUTPUT_INPUT),
        {"id": 5, "previousEventId": 4, "type": "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails": {
            "input": arguments, "inputDetails": {"truncated": False}, "resource": id_function}},
        {"id": 6, "previousEventId": 5, "type": "LambdaFunctionStarted"},
        {"id": 7, "previousEventId": 6, "type": "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails": {
            "output": arguments, "outputDetails": {"truncated": False}}},
        exited(8, 7, "Task", "State0", output), succeeded(9, 8, output)]
    assert list(json.loads(events[7]["stateExitedEventDetails"]["output"])) == list(output)


@pytest.mark.parametrize("output,text", [
    (None, "null"), (0, "0"), (0.1, "0.1"), (True, "true"), ("string literal", '"string literal"'),
    ("{% $states.input %}", '{"input_value":"stringliteral"}'), ([], "[]"),
    ([None, 0, 0.1, True, "string", [], "$nosuchvar", "$.no.such.path", "{% $states.input %}", {"key": "{% true %}"}],
     '[null,0,0.1,true,"string",[],"$nosuchvar","$.no.such.path",{"input_value":"stringliteral"},{"key":true}]'),
], ids=["NULL", "INT", "FLOAT", "BOOL", "STR_LIT", "JSONATA_EXPR", "LIST_EMPY", "LIST_RICH"])
def test_base_output_any_non_dict(sfn, output, text):
    # test_base_output_any_non_dict[...]: Output may be any JSON value; expressions inside arrays are evaluated.
    definition = {"StartAt": "State0", "States": {"State0": {"QueryLanguage": "JSONata", "Type": "Pass",
                                                             "Output": output, "End": True}}}
    execution_input = {"input_value": "stringliteral"}
    described, events = run(sfn, definition, execution_input)
    value = json.loads(text)
    assert parsed(events) == [started(execution_input), *pass_states(2, 0, [("State0", execution_input, value)]),
                              succeeded(4, 3, value)]
    assert events[2]["stateExitedEventDetails"]["output"] == text
    assert events[3]["executionSucceededEventDetails"]["output"] == text == described["output"]


@pytest.mark.parametrize("condition", [True, False], ids=["CONDITION_TRUE", "CONDITION_FALSE"])
def test_output_in_choice(sfn, condition):
    # test_output_in_choice[...]: the matched rule's Output, else the state's own (for the Default).
    definition = {"QueryLanguage": "JSONata", "StartAt": "ChoiceState", "States": {
        "ChoiceState": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.condition %}",
                                                        "Next": "ConditionTrue", "Output": "Condition Output block"}],
                        "Default": "DefaultState", "Output": "Default Output block"},
        "ConditionTrue": {"Type": "Pass", "End": True},
        "DefaultState": {"Type": "Fail", "Cause": "Condition is false"}}}
    execution_input = {"condition": condition}
    described, events = run(sfn, definition, execution_input)
    output = "Condition Output block" if condition else "Default Output block"
    head = [started(execution_input), entered(2, 0, "Choice", "ChoiceState", execution_input),
            exited(3, 2, "Choice", "ChoiceState", output)]
    if condition:
        assert parsed(events) == [*head, *pass_states(4, 3, [("ConditionTrue", output, output)]),
                                  succeeded(6, 5, output)]
    else:
        assert parsed(events) == [*head, entered(4, 3, "Fail", "DefaultState", output),
                                  {"id": 5, "previousEventId": 4, "type": "ExecutionFailed",
                                   "executionFailedEventDetails": {"cause": "Condition is false"}}]


# --- arguments/test_arguments.snapshot.json (TestArgumentsBase, recorded against AWS) ------------------------------

def lambda_events(first_id, function, payload, output):
    return [{"id": first_id, "previousEventId": first_id - 1, "type": "LambdaFunctionScheduled",
             "lambdaFunctionScheduledEventDetails": {"input": payload, "inputDetails": {"truncated": False},
                                                     "resource": function}},
            {"id": first_id + 1, "previousEventId": first_id, "type": "LambdaFunctionStarted"},
            {"id": first_id + 2, "previousEventId": first_id + 1, "type": "LambdaFunctionSucceeded",
             "lambdaFunctionSucceededEventDetails": {"output": output, "outputDetails": {"truncated": False}}}]


# base_lambda_literals.json5: the Output literals without the JSONPath-looking and intrinsic ones.
ARGUMENT_LITERALS = {key: value for key, value in OUTPUT_LITERALS.items()
                     if key not in ("constant_jp_input", "constant_jp_input.$", "constant_jp_input_path",
                                    "constant_jp_context", "constant_if")}


@needs_python_lambda
@pytest.mark.parametrize("arguments,top_level", [({}, False), (ARGUMENT_LITERALS, False), ({}, True)],
                         ids=["BASE_LAMBDA_EMPTY", "BASE_LAMBDA_LITERALS", "BASE_LAMBDA_EMPTY_GLOBAL_QL_JSONATA"])
def test_arguments_base_cases(sfn, id_function, arguments, top_level):
    # test_base_cases[...]: a function ARN as Resource takes the Arguments (literals as written) as its payload.
    state = {"Type": "Task", "Resource": id_function, "Arguments": arguments, "End": True}
    definition = {"StartAt": "State0", "States": {"State0": state}}
    if top_level:
        definition["QueryLanguage"] = "JSONata"
    else:
        state["QueryLanguage"] = "JSONata"
    described, events = run(sfn, definition, OUTPUT_INPUT, timeout=90)
    assert parsed(events) == [started(OUTPUT_INPUT), entered(2, 0, "Task", "State0", OUTPUT_INPUT),
                              *lambda_events(3, id_function, arguments, arguments),
                              exited(6, 5, "Task", "State0", arguments), succeeded(7, 6, arguments)]
    assert list(json.loads(events[2]["lambdaFunctionScheduledEventDetails"]["input"])) == list(arguments)


@needs_python_lambda
def test_arguments_base_lambda_expression(sfn, id_function):
    # test_base_cases[BASE_LAMBDA_EXPRESSION]: Arguments and Assign evaluated with the variables from before.
    definition = {"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"var_input_value.$": "$.input_value", "var_constant_1": 1}, "Next": "State0"},
        "State0": {"QueryLanguage": "JSONata", "Type": "Task", "Resource": id_function, "Arguments": {
            "ja_states_input": "{% $states.input %}", "ja_var_access": "{% $var_input_value %}",
            "ja_expr": "{% $sum($states.input.input_values) + $var_constant_1 %}"},
            "Assign": {"ja_var_access": "{% $var_input_value %}",
                       "ja_expr": "{% $sum($states.input.input_values) + $var_constant_1 %}"}, "End": True}}}
    described, events = run(sfn, definition, OUTPUT_INPUT, timeout=90)
    arguments = {"ja_states_input": OUTPUT_INPUT, "ja_var_access": "string literal", "ja_expr": 7}
    assert parsed(events) == [
        started(OUTPUT_INPUT), entered(2, 0, "Pass", "Init", OUTPUT_INPUT),
        assigned(exited(3, 2, "Pass", "Init", OUTPUT_INPUT),
                 {"var_constant_1": "1", "var_input_value": '"string literal"'}),
        entered(4, 3, "Task", "State0", OUTPUT_INPUT), *lambda_events(5, id_function, arguments, arguments),
        assigned(exited(8, 7, "Task", "State0", arguments), {"ja_expr": "7", "ja_var_access": '"string literal"'}),
        succeeded(9, 8, arguments)]


# --- states_variables/test_error_output.snapshot.json (TestStateVariablesTemplate, recorded against AWS) -----------

def error_task(function, catcher, state_fields, retry=False):
    task = {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": function, "Payload": {"foo": "foobar"}},
            "Catch": [{"ErrorEquals": ["States.ALL"], **catcher, "Next": "Fallback"}], **state_fields,
            "Next": "Finish"}
    if retry:
        task["Retry"] = [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}]
    return task


def failed_attempt(first_id, function, cause):
    return [{"id": first_id, "previousEventId": first_id - 1, "type": "TaskScheduled", "taskScheduledEventDetails": {
                "parameters": {"FunctionName": function, "Payload": {"foo": "foobar"}}, "region": REGION,
                "resource": "invoke", "resourceType": "lambda"}},
            {"id": first_id + 1, "previousEventId": first_id, "type": "TaskStarted", "taskStartedEventDetails": {
                "resource": "invoke", "resourceType": "lambda"}},
            {"id": first_id + 2, "previousEventId": first_id + 1, "type": "TaskFailed", "taskFailedEventDetails": {
                "cause": cause, "error": "Exception", "resource": "invoke", "resourceType": "lambda"}}]


@needs_python_lambda
@pytest.mark.parametrize("retry", [False, True], ids=["", "WITH_RETRY"])
@pytest.mark.parametrize("to_jsonpath", [False, True], ids=["TASK_CATCH_ERROR_OUTPUT", "TO_JSONPATH"])
def test_task_catch_error_output(sfn, functions, to_jsonpath, retry):
    # test_task_catch_error_output[TASK_CATCH_ERROR_OUTPUT(_TO_JSONPATH)] and
    # test_task_catch_error_with_retry[TASK_CATCH_ERROR_OUTPUT_WITH_RETRY(_TO_JSONPATH)]: a Catcher's Output sees
    # $states.input and $states.errorOutput; the retried attempt is recorded as the first was.
    function = functions["recorded-jv-raise"]
    jsonata_pass = lambda name: {"Type": "Pass", "QueryLanguage": "JSONata",  # noqa: E731
                                 "Output": {name: "{% $states.input %}"}, "End": True}
    definition = {"StartAt": "Task", "States": {
        "Task": error_task(function, {"Output": {"stateInput": "{% $states.input %}",
                                                 "stateError": "{% $states.errorOutput %}"}},
                           {"Output": {"stateInput": "{% $states.input %}", "stateResult": "{% $states.result %}"}},
                           retry=retry),
        "Fallback": {"Type": "Pass", "End": True} if to_jsonpath else jsonata_pass("error"),
        "Finish": {"Type": "Pass", "End": True} if to_jsonpath else jsonata_pass("result")}}
    execution_input = {"inputData": "dummy"}
    described, events = run(sfn, definition, execution_input, timeout=90)
    shown = parsed(events)
    cause = events[4]["taskFailedEventDetails"]["cause"]
    attempts = failed_attempt(3, function, cause)
    if retry:
        attempts += failed_attempt(6, function, events[7]["taskFailedEventDetails"]["cause"])
    caught = {"stateInput": execution_input,
              "stateError": {"Error": "Exception", "Cause": attempts[-1]["taskFailedEventDetails"]["cause"]}}
    final = caught if to_jsonpath else {"error": caught}
    last = len(attempts) + 2
    assert shown == [started(execution_input), entered(2, 0, "Task", "Task", execution_input), *attempts,
                     exited(last + 1, last, "Task", "Task", caught),
                     *pass_states(last + 2, last + 1, [("Fallback", caught, final)]),
                     succeeded(last + 4, last + 3, final)]


@needs_python_lambda
@pytest.mark.parametrize("to_jsonpath", [False, True], ids=["TASK_CATCH_ERROR_VARIABLE_SAMPLING", "TO_JSONPATH"])
def test_catch_error_variable_sampling(sfn, functions, to_jsonpath):
    # test_catch_error_variable_sampling[...]: the Catcher's Assign replaces the state's; the state's output on a
    # catch without Output is the error output.
    function = functions["recorded-jv-raise"]
    fallback = ({"Type": "Pass", "OutputPath": "$errorVar", "End": True} if to_jsonpath
                else {"Type": "Pass", "Output": {"error": "{% $errorVar %}"}, "End": True})
    finish = ({"Type": "Pass", "OutputPath": "$resultVar", "End": True} if to_jsonpath
              else {"Type": "Pass", "Output": {"result": "{% $resultVar %}"}, "End": True})
    task = error_task(function, {"Assign": {"inputVar": "{% $states.input %}", "errorVar": "{% $states.errorOutput %}"}},
                      {"Assign": {"inputVar": "{% $states.input %}", "resultVar": "{% $states.result %}"}})
    definition = {"StartAt": "Task", "States": {"Task": task, "Fallback": fallback, "Finish": finish}}
    if not to_jsonpath:
        definition["QueryLanguage"] = "JSONata"
        del task["QueryLanguage"]
    execution_input = {"inputData": "dummy"}
    described, events = run(sfn, definition, execution_input, timeout=90)
    shown = parsed(events)
    cause = events[4]["taskFailedEventDetails"]["cause"]
    error_output = {"Error": "Exception", "Cause": cause}
    final = error_output if to_jsonpath else {"error": error_output}
    assert shown == [started(execution_input), entered(2, 0, "Task", "Task", execution_input),
                     *failed_attempt(3, function, cause),
                     assigned(exited(6, 5, "Task", "Task", error_output),
                              {"errorVar": error_output, "inputVar": execution_input}),
                     *pass_states(7, 6, [("Fallback", error_output, final)]), succeeded(9, 8, final)]


# --- context_object/test_context_object.snapshot.json (TestSnfBase, recorded against AWS) --------------------------

def check_context(context, described, state):
    assert list(context) == ["Execution", "StateMachine", "State"]
    assert list(context["Execution"]) == ["Id", "Input", "StartTime", "Name", "RoleArn", "RedriveCount"]
    assert (context["Execution"]["Id"], context["Execution"]["Name"], context["Execution"]["RedriveCount"]) == (
        described["executionArn"], described["name"], 0)
    assert context["StateMachine"] == {"Id": described["stateMachineArn"],
                                       "Name": described["stateMachineArn"].split(":")[-1]}
    assert list(context["State"]) == ["Name", "EnteredTime"] and context["State"]["Name"] == state


@pytest.mark.parametrize("field", ["InputPath", "OutputPath"])
@pytest.mark.parametrize("path", ["$$", "$$.Execution.Input"])
def test_context_object_input_and_output_path(sfn, field, path):
    # test_input_path[...] and test_output_path[...]
    execution_input = {"input-value": 0}
    definition = {"StartAt": "TestState", "States": {"TestState": {"Type": "Pass", field: path, "End": True}}}
    described, events = run(sfn, definition, execution_input)
    shown = parsed(events)
    output = shown[2]["stateExitedEventDetails"]["output"]
    if path == "$$":
        check_context(output, described, "TestState")
        assert output["Execution"]["Input"] == execution_input
    else:
        assert output == execution_input
    assert shown == [started(execution_input), *pass_states(2, 0, [("TestState", execution_input, output)]),
                     succeeded(4, 3, output)]


def test_context_object_variable(sfn):
    # test_variable: a Choice rule's Variable reads the context object.
    definition = {"StartAt": "TestState", "States": {
        "TestState": {"Type": "Choice", "Choices": [{"Variable": "$$.Execution.Input.input-value",
                                                     "NumericLessThanEquals": 0, "Next": "QuitChoiceMatched"}],
                      "Default": "QuitNoChoiceMatched"},
        "QuitChoiceMatched": {"Type": "Pass", "End": True}, "QuitNoChoiceMatched": {"Type": "Pass", "End": True}}}
    execution_input = {"input-value": 0}
    described, events = run(sfn, definition, execution_input)
    assert parsed(events) == [started(execution_input), entered(2, 0, "Choice", "TestState", execution_input),
                              exited(3, 2, "Choice", "TestState", execution_input),
                              *pass_states(4, 3, [("QuitChoiceMatched", execution_input, execution_input)]),
                              succeeded(6, 5, execution_input)]


def test_context_object_error_cause_path(sfn):
    # test_error_cause_path's definition (its recording is not in the stored snapshot; this is the ASL rule that
    # ErrorPath and CausePath read the context object).
    definition = {"StartAt": "StartState", "States": {
        "StartState": {"Type": "Fail", "ErrorPath": "$$.State.Name", "CausePath": "$$.StateMachine.Name"}}}
    described, events = run(sfn, definition, {})
    name = described["stateMachineArn"].split(":")[-1]
    assert parsed(events) == [started({}), entered(2, 0, "Fail", "StartState", {}),
                              failed(3, 2, "StartState", name)]


@needs_python_lambda
def test_context_object_result_selector(sfn, id_function):
    # test_result_selector: Parameters {"FunctionName.$", "Payload": {...}} are scheduled Payload first, and
    # ResultSelector {"LambdaOutput.$", "ContextObjectValue.$"} gives ContextObjectValue first.
    definition = {"StartAt": "TestState", "States": {"TestState": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName.$": "$.FunctionName", "Payload": {"Input.$": "$"}},
        "ResultSelector": {"LambdaOutput.$": "$", "ContextObjectValue.$": "$$.Execution.Input"}, "End": True}}}
    execution_input = {"FunctionName": "recorded-jv-id", "Payload": {"input-value": 0}}
    described, events = run(sfn, definition, execution_input, timeout=90)
    shown = parsed(events)
    assert [e["type"] for e in shown] == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                          "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"]
    scheduled = json.loads(events[2]["taskScheduledEventDetails"]["parameters"])
    assert list(scheduled.items()) == [("Payload", {"Input": execution_input}), ("FunctionName", "recorded-jv-id")]
    output = json.loads(events[5]["stateExitedEventDetails"]["output"])
    assert list(output) == ["ContextObjectValue", "LambdaOutput"]
    assert output["ContextObjectValue"] == execution_input
    assert output["LambdaOutput"] == shown[4]["taskSucceededEventDetails"]["output"]
    assert output["LambdaOutput"]["Payload"] == {"Input": execution_input}


def test_reference_in_map_state_intrinsic_function(sfn):
    # test_assign_reference_variables.snapshot.json, test_reference_in_map_state[MAP_STATE_REFERENCE_IN_INTRINSIC_
    # FUNCTION]: ItemSelector and the iterations' Parameters read outer variables; {"Question.$", "Answer.$"} comes
    # out Answer first.
    definition = {"StartAt": "Start", "States": {
        "Start": {"Type": "Pass", "Assign": {"AnswerTemplate": "It's {}!", "Question": "Who's that Pokemon?"},
                  "Result": ["Charizard", "Pikachu", "Squirtle"], "Next": "MapIterateState"},
        "MapIterateState": {"Type": "Map", "MaxConcurrency": 1, "ItemSelector": {
            "AnnouncePokemon.$": "States.Format($AnswerTemplate, $$.Map.Item.Value)"}, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Pass", "States": {"Pass": {
                "Type": "Pass", "Parameters": {"Question.$": "$Question", "Answer.$": "$.AnnouncePokemon"},
                "End": True}}}, "End": True}}}
    described, events = run(sfn, definition, {})
    names = ["Charizard", "Pikachu", "Squirtle"]
    outputs = [{"Answer": f"It's {name}!", "Question": "Who's that Pokemon?"} for name in names]
    iterations = []
    for index, name in enumerate(names):
        first = 6 + 4 * index
        iterations += [
            {"id": first, "previousEventId": 5 if index == 0 else first - 2, "type": "MapIterationStarted",
             "mapIterationStartedEventDetails": {"index": index, "name": "MapIterateState"}},
            *pass_states(first + 1, first, [("Pass", {"AnnouncePokemon": f"It's {name}!"}, outputs[index])]),
            {"id": first + 3, "previousEventId": first + 2, "type": "MapIterationSucceeded",
             "mapIterationSucceededEventDetails": {"index": index, "name": "MapIterateState"}}]
    assert parsed(events) == [
        started({}), entered(2, 0, "Pass", "Start", {}),
        assigned(exited(3, 2, "Pass", "Start", names),
                 {"AnswerTemplate": '"It\'s {}!"', "Question": '"Who\'s that Pokemon?"'}),
        entered(4, 3, "Map", "MapIterateState", names),
        {"id": 5, "previousEventId": 4, "type": "MapStateStarted", "mapStateStartedEventDetails": {"length": 3}},
        *iterations, {"id": 18, "previousEventId": 17, "type": "MapStateSucceeded"},
        exited(19, 17, "Map", "MapIterateState", outputs), succeeded(20, 19, outputs)]
    assert [list(item) for item in json.loads(described["output"])] == [["Answer", "Question"]] * 3


# --- comments/test_comments.snapshot.json (TestComments, recorded against AWS) -----------------------------------

def test_comment_in_parameters(sfn):
    # test_comment_in_parameters: "Comment" inside Parameters is data, not a comment.
    definition = {"Comment": "COMMENTS_IN_PARAMETERS", "StartAt": "StartState", "States": {"StartState": {
        "Type": "Pass", "Parameters": {"Comment": "Comment text", "comment": "comment text", "constant": "constant text"},
        "End": True}}}
    described, events = run(sfn, definition, {})
    output = {"Comment": "Comment text", "comment": "comment text", "constant": "constant text"}
    assert parsed(events) == [started({}), *pass_states(2, 0, [("StartState", {}, output)]), succeeded(4, 3, output)]


@needs_python_lambda
def test_comments_as_per_docs(sfn, id_function):
    # test_comments_as_per_docs: Comment fields on the machine, states, Catchers, Retriers and Choice rules.
    definition = {
        "Comment": "A state machine that initially fails a condition and then succeeds upon retry.",
        "StartAt": "SetupInitialCondition", "States": {
            "SetupInitialCondition": {"Type": "Pass", "Comment": "Setup.", "Result": {"status": "incomplete"},
                                      "ResultPath": "$", "Next": "TaskStateCatchRetry"},
            "TaskStateCatchRetry": {
                "Type": "Task", "Resource": id_function, "Comment": "Invoke.", "Next": "IsComplete",
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "FailState", "Comment": "Catch."}],
                "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "MaxAttempts": 1, "BackoffRate": 1.0,
                           "Comment": "Retry."}]},
            "IsComplete": {"Type": "Choice", "Comment": "Decide.", "Choices": [{
                "And": [{"Variable": "$.status", "StringEquals": "complete", "Comment": "Complete."}],
                "Comment": "Set the next state as the SuccessState", "Next": "SuccessState"}], "Default": "WaitState"},
            "WaitState": {"Type": "Wait", "Seconds": 5, "Comment": "Wait.", "Next": "CorrectCondition"},
            "CorrectCondition": {"Type": "Pass", "Comment": "Correct.", "Result": {"status": "complete"},
                                 "ResultPath": "$", "Next": "TaskStateCatchRetry"},
            "SuccessState": {"Type": "Succeed", "Comment": "Done."},
            "FailState": {"Type": "Fail", "Error": "TaskFailed", "Cause": "The Lambda function task failed.",
                          "Comment": "Fail."}}}
    described, events = run(sfn, definition, {}, timeout=90)
    incomplete, complete = {"status": "incomplete"}, {"status": "complete"}

    def task(first_id, value):
        return [entered(first_id, first_id - 1, "Task", "TaskStateCatchRetry", value),
                *lambda_events(first_id + 1, id_function, value, value),
                exited(first_id + 4, first_id + 3, "Task", "TaskStateCatchRetry", value)]
    assert parsed(events) == [
        started({}), *pass_states(2, 0, [("SetupInitialCondition", {}, incomplete)]), *task(4, incomplete),
        entered(9, 8, "Choice", "IsComplete", incomplete), exited(10, 9, "Choice", "IsComplete", incomplete),
        entered(11, 10, "Wait", "WaitState", incomplete), exited(12, 11, "Wait", "WaitState", incomplete),
        *pass_states(13, 12, [("CorrectCondition", incomplete, complete)]), *task(15, complete),
        entered(20, 19, "Choice", "IsComplete", complete), exited(21, 20, "Choice", "IsComplete", complete),
        entered(22, 21, "Succeed", "SuccessState", complete), exited(23, 22, "Succeed", "SuccessState", complete),
        succeeded(24, 23, complete)]


def test_undefined_reference_output_multiple_states(sfn):
    # test_assign_reference_variables.snapshot.json, test_undefined_reference[BASE_UNDEFINED_OUTPUT_MULTIPLE_STATES]:
    # an undefined variable in a third state's Output fails it with States.QueryEvaluationError; EvaluationFailed
    # follows the event before the state's StateEntered (#5), as for a first state (0).
    definition = {"StartAt": "State0", "QueryLanguage": "JSONata", "States": {
        "State0": {"Type": "Pass", "Next": "State1"}, "State1": {"Type": "Pass", "Next": "State2"},
        "State2": {"Type": "Pass", "Output": {"result": "{% $doesNotExist %}"}, "End": True}}}
    described, events = run(sfn, definition, {})
    cause = ("An error occurred while executing the state 'State2' (entered at the event id #6). The JSONata expression "
             "'$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).")
    assert parsed(events) == [
        started({}), *pass_states(2, 0, [("State0", {}, {}), ("State1", {}, {})]), entered(6, 5, "Pass", "State2", {}),
        {"id": 7, "previousEventId": 5, "type": "EvaluationFailed", "evaluationFailedEventDetails": {
            "cause": cause, "error": "States.QueryEvaluationError", "location": "Output/result", "state": "State2"}},
        failed(8, 7, "States.QueryEvaluationError", cause)]


@needs_python_lambda
@pytest.mark.parametrize("retry", [False, True], ids=["PARALLEL_CATCH_ERROR_OUTPUT", "WITH_RETRY"])
def test_parallel_catch_error_output(sfn, functions, retry):
    # test_error_output.snapshot.json, test_parallel_catch_error[PARALLEL_CATCH_ERROR_OUTPUT(_WITH_RETRY)] (recorded
    # against AWS; the recording masks the branch events' ids): the failed branch's task is aborted, the Parallel's
    # Catcher Output sees $states.input and $states.errorOutput; ParallelStateExited is #10 after #9. Retried, the
    # Parallel starts again (#9 after #7) and exits as #16 after #15.
    function = functions["recorded-jv-raise"]
    definition = {"QueryLanguage": "JSONata", "StartAt": "ParallelState", "States": {
        "ParallelState": {"Type": "Parallel", "Next": "Finish", "Branches": [{"StartAt": "ExecuteLambdaTask", "States": {
            "ExecuteLambdaTask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                  "Arguments": {"FunctionName": function, "Payload": {"foo": "foobar"}},
                                  "Output": {"InnerStateInput": "{% $states.input %}",
                                             "InnerStateResult": "{% $states.result %}"}, "End": True}}}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Output": {
                "stateInput": "{% $states.input %}", "stateError": "{% $states.errorOutput %}"}, "Next": "Fallback"}]},
        "Fallback": {"Type": "Pass", "Output": {"result": "{% $states.input %}"}, "End": True},
        "Finish": {"Type": "Pass", "Output": {"result": "{% $states.input %}"}, "End": True}}}
    if retry:
        definition["States"]["ParallelState"]["Retry"] = [
            {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}]
    execution_input = {"inputData": "dummy"}
    described, events = run(sfn, definition, execution_input, timeout=90)
    shown = parsed(events)
    attempt = ["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateAborted"]
    assert [(e["id"], e["previousEventId"], e["type"]) for e in shown[:3]] == [
        (1, 0, "ExecutionStarted"), (2, 0, "ParallelStateEntered"), (3, 2, "ParallelStateStarted")]
    if retry:
        assert sorted(e["type"] for e in shown[3:8]) == sorted(attempt)
        assert (shown[8]["id"], shown[8]["previousEventId"], shown[8]["type"]) == (9, 7, "ParallelStateStarted")
        assert sorted(e["type"] for e in shown[9:15]) == sorted([*attempt, "ParallelStateFailed"])
    else:
        assert sorted(e["type"] for e in shown[3:9]) == sorted([*attempt, "ParallelStateFailed"])
    cause = [e for e in events if e["type"] == "TaskFailed"][-1]["taskFailedEventDetails"]["cause"]
    caught = {"stateInput": execution_input, "stateError": {"Error": "Exception", "Cause": cause}}
    last = 15 if retry else 9
    assert shown[last:] == [exited(last + 1, last, "Parallel", "ParallelState", caught),
                            *pass_states(last + 2, last + 1, [("Fallback", caught, {"result": caught})]),
                            succeeded(last + 4, last + 3, {"result": caught})]


@needs_python_lambda
def test_map_catch_error_output_with_retry(sfn, functions):
    # test_error_output.snapshot.json, test_map_catch_error[MAP_CATCH_ERROR_OUTPUT_WITH_RETRY] (recorded against
    # AWS): the retried task is caught, then the Fallback's "$stateError" is undefined: EvaluationFailed #14 after #12,
    # MapIterationFailed and MapStateFailed after #14, ExecutionFailed #17.
    function = functions["recorded-jv-raise"]
    definition = {"QueryLanguage": "JSONata", "StartAt": "ProcessItems", "States": {"ProcessItems": {
        "Type": "Map", "Items": "{% $states.input.items %}", "MaxConcurrency": 1, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "ProcessItem", "States": {
                "ProcessItem": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Arguments": {"FunctionName": function, "Payload": {"foo": "foobar"}},
                                "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}],
                                "Catch": [{"ErrorEquals": ["States.ALL"], "Output": {
                                    "stateInput": "{% $states.input %}", "stateError": "{% $states.errorOutput %}"},
                                    "Next": "Fallback"}],
                                "Output": {"stateInput": "{% $states.input %}", "stateResult": "{% $states.result %}"},
                                "Next": "Finish"},
                "Fallback": {"Type": "Pass", "Output": {"error": "{% $stateError %}"}, "End": True},
                "Finish": {"Type": "Pass", "Output": {"result": "{% $stateResult %}"}, "End": True}}}, "End": True}}}
    described, events = run(sfn, definition, {"items": [1, 2, 3]}, timeout=90)
    cause = ("An error occurred while executing the state 'Fallback' (entered at the event id #13). The JSONata "
             "expression '$stateError' specified for the field 'Output/error' returned nothing (undefined).")
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"), (2, 0, "MapStateEntered"), (3, 2, "MapStateStarted"), (4, 3, "MapIterationStarted"),
        (5, 4, "TaskStateEntered"), (6, 5, "TaskScheduled"), (7, 6, "TaskStarted"), (8, 7, "TaskFailed"),
        (9, 8, "TaskScheduled"), (10, 9, "TaskStarted"), (11, 10, "TaskFailed"), (12, 11, "TaskStateExited"),
        (13, 12, "PassStateEntered"), (14, 12, "EvaluationFailed"), (15, 14, "MapIterationFailed"),
        (16, 14, "MapStateFailed"), (17, 16, "ExecutionFailed")]
    assert events[13]["evaluationFailedEventDetails"] == {
        "cause": cause, "error": "States.QueryEvaluationError", "location": "Output/error", "state": "Fallback"}
    assert events[14]["mapIterationFailedEventDetails"] == {"index": 0, "name": "ProcessItems"}
    assert (described["status"], described["error"], described["cause"]) == ("FAILED", "States.QueryEvaluationError",
                                                                              cause)
    caught = json.loads(events[11]["stateExitedEventDetails"]["output"])
    assert caught == {"stateInput": 1, "stateError": {
        "Error": "Exception", "Cause": events[10]["taskFailedEventDetails"]["cause"]}}


def values_then_map(assign, map_state):
    return {"StartAt": "Start", "States": {
        "Start": {"Type": "Pass", "Assign": assign, "Result": {"Values": [1, 2, 3]}, "Next": "MapState"},
        "MapState": {"Type": "Map", "ItemsPath": "$.Values", **map_state, "End": True}}}


def test_reference_in_map_state_max_concurrency_path(sfn):
    # test_assign_reference_variables.snapshot.json, test_reference_in_map_state[MAP_STATE_REFERENCE_IN_MAX_
    # CONCURRENCY_PATH]: MaxConcurrencyPath reads a variable holding the string "1", and the iterations run one by one.
    definition = values_then_map({"maxConcurrency": "1"}, {"MaxConcurrencyPath": "$maxConcurrency", "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "HandleItem",
        "States": {"HandleItem": {"Type": "Pass", "End": True}}}})
    described, events = run(sfn, definition, {})
    values = {"Values": [1, 2, 3]}
    assert parsed(events) == [
        started({}), entered(2, 0, "Pass", "Start", {}),
        assigned(exited(3, 2, "Pass", "Start", values), {"maxConcurrency": '"1"'}),
        entered(4, 3, "Map", "MapState", values), *inline_map(5, "MapState", [1, 2, 3], process="HandleItem"),
        succeeded(20, 19, [1, 2, 3])]


@pytest.mark.parametrize("selector", [False, True], ids=["TOLERATED_FAILURE_PATH", "ITEM_SELECTOR"])
def test_reference_in_distributed_map_state(sfn, selector):
    # test_reference_in_map_state[MAP_STATE_REFERENCE_IN_TOLERATED_FAILURE_PATH] and [..._IN_ITEM_SELECTOR]: the
    # tolerated failure paths read variables holding strings; "$bucket" without ".$" stays a literal and comes out
    # before the ".$" field.
    processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "HandleItem",
                 "States": {"HandleItem": {"Type": "Pass", "End": True}}}
    if selector:
        assign = {"bucket": "test-name"}
        fields = {"MaxConcurrency": 1, "ItemSelector": {"value.$": "$$.Map.Item.Value", "bucketName": "$bucket"},
                  "ItemProcessor": processor}
        output = [{"bucketName": "$bucket", "value": value} for value in (1, 2, 3)]
        texts = {"bucket": '"test-name"'}
    else:
        assign = {"toleratedFailurePercentage": "1", "toleratedFailureCount": "1"}
        fields = {"MaxConcurrency": 1, "ItemProcessor": processor,
                  "ToleratedFailurePercentagePath": "$toleratedFailurePercentage",
                  "ToleratedFailureCountPath": "$toleratedFailureCount"}
        output = [1, 2, 3]
        texts = {"toleratedFailureCount": '"1"', "toleratedFailurePercentage": '"1"'}
    described, events = run(sfn, values_then_map(assign, fields), {})
    values = {"Values": [1, 2, 3]}
    shown = parsed(events)
    assert shown[:5] == [started({}), entered(2, 0, "Pass", "Start", {}),
                         assigned(exited(3, 2, "Pass", "Start", values), texts),
                         entered(4, 3, "Map", "MapState", values),
                         {"id": 5, "previousEventId": 4, "type": "MapStateStarted",
                          "mapStateStartedEventDetails": {"length": 3}}]
    assert [(e["id"], e["previousEventId"], e["type"]) for e in shown[5:]] == [
        (6, 5, "MapRunStarted"), (7, 6, "MapRunSucceeded"), (8, 7, "MapStateSucceeded"), (9, 6, "MapStateExited"),
        (10, 9, "ExecutionSucceeded")]
    assert shown[8]["stateExitedEventDetails"]["output"] == output
    assert events[8]["stateExitedEventDetails"]["output"] == json.dumps(output, separators=(",", ":"))


def test_reference_in_map_state_items_path(sfn):
    # test_assign_reference_variables.snapshot.json, test_reference_in_map_state[MAP_STATE_REFERENCE_IN_ITEMS_PATH]:
    # ItemsPath reads a variable; ItemSelector's intrinsic reads the Map's input.
    names = ["Charizard", "Pikachu", "Squirtle"]
    definition = {"StartAt": "Start", "States": {
        "Start": {"Type": "Pass", "Assign": {"Question": "Who's that Pokemon?", "PokemonList": names},
                  "Result": {"AnswerTemplate": "It's {}!"}, "Next": "MapIterateState"},
        "MapIterateState": {"Type": "Map", "MaxConcurrency": 1, "ItemsPath": "$PokemonList", "ItemSelector": {
            "AnnouncePokemon.$": "States.Format($.AnswerTemplate, $$.Map.Item.Value)"}, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Pass", "States": {"Pass": {
                "Type": "Pass", "Parameters": {"Question.$": "$Question", "Answer.$": "$.AnnouncePokemon"},
                "End": True}}}, "End": True}}}
    described, events = run(sfn, definition, {})
    shown = parsed(events)
    template = {"AnswerTemplate": "It's {}!"}
    outputs = [{"Answer": f"It's {name}!", "Question": "Who's that Pokemon?"} for name in names]
    assert shown[:5] == [
        started({}), entered(2, 0, "Pass", "Start", {}),
        assigned(exited(3, 2, "Pass", "Start", template),
                 {"PokemonList": '["Charizard","Pikachu","Squirtle"]', "Question": '"Who\'s that Pokemon?"'}),
        entered(4, 3, "Map", "MapIterateState", template),
        {"id": 5, "previousEventId": 4, "type": "MapStateStarted", "mapStateStartedEventDetails": {"length": 3}}]
    assert [e["stateEnteredEventDetails"]["input"] for e in shown if e["type"] == "PassStateEntered"][1:] == [
        {"AnnouncePokemon": f"It's {name}!"} for name in names]
    assert shown[-2:] == [exited(19, 17, "Map", "MapIterateState", outputs), succeeded(20, 19, outputs)]
    assert [list(item) for item in json.loads(described["output"])] == [["Answer", "Question"]] * 3


@needs_python_lambda
def test_map_catch_error_variable_sampling(sfn, functions):
    # test_error_output.snapshot.json, test_map_catch_error[MAP_CATCH_ERROR_VARIABLE_SAMPLING] (recorded against
    # AWS): in each iteration the Catcher's Assign sets errorVar and inputVar (the item), the Fallback reads errorVar;
    # the iterations run one by one (MaxConcurrency 1) and the Map's output lists the error outputs.
    function = functions["recorded-jv-raise"]
    definition = {"QueryLanguage": "JSONata", "StartAt": "ProcessItems", "States": {"ProcessItems": {
        "Type": "Map", "Items": "{% $states.input.items %}", "MaxConcurrency": 1, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "ProcessItem", "States": {
                "ProcessItem": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Arguments": {"FunctionName": function, "Payload": {"foo": "foobar"}},
                                "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {
                                    "inputVar": "{% $states.input %}", "errorVar": "{% $states.errorOutput %}"},
                                    "Next": "Fallback"}],
                                "Assign": {"inputVar": "{% $states.input %}", "resultVar": "{% $states.result %}"},
                                "Next": "Finish"},
                "Fallback": {"Type": "Pass", "Assign": {"error": "{% $errorVar %}"}, "End": True},
                "Finish": {"Type": "Pass", "Assign": {"result": "{% $resultVar %}"}, "End": True}}}, "End": True}}}
    described, events = run(sfn, definition, {"items": [1, 2, 3]}, timeout=90)
    shown = parsed(events)
    causes = [e["taskFailedEventDetails"]["cause"] for e in events if e["type"] == "TaskFailed"]
    errors = [{"Error": "Exception", "Cause": cause} for cause in causes]
    iterations = []
    for index, item in enumerate([1, 2, 3]):
        first = 4 + 9 * index
        iterations += [
            {"id": first, "previousEventId": 3 if index == 0 else first - 2, "type": "MapIterationStarted",
             "mapIterationStartedEventDetails": {"index": index, "name": "ProcessItems"}},
            entered(first + 1, first, "Task", "ProcessItem", item),
            *failed_attempt(first + 2, function, causes[index]),
            assigned(exited(first + 5, first + 4, "Task", "ProcessItem", errors[index]),
                     {"errorVar": errors[index], "inputVar": str(item)}),
            entered(first + 6, first + 5, "Pass", "Fallback", errors[index]),
            assigned(exited(first + 7, first + 6, "Pass", "Fallback", errors[index]), {"error": errors[index]}),
            {"id": first + 8, "previousEventId": first + 7, "type": "MapIterationSucceeded",
             "mapIterationSucceededEventDetails": {"index": index, "name": "ProcessItems"}}]
    assert [e["type"] for e in shown] == [
        "ExecutionStarted", "MapStateEntered", "MapStateStarted",
        *(["MapIterationStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateExited",
           "PassStateEntered", "PassStateExited", "MapIterationSucceeded"] * 3),
        "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]
    assert shown[3:30] == iterations
    assert shown[30:] == [{"id": 31, "previousEventId": 30, "type": "MapStateSucceeded"},
                          exited(32, 30, "Map", "ProcessItems", errors), succeeded(33, 32, errors)]


STATEMENTS = [
    {"verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"},
    {"verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"},
    {"verdict": "mostly-true", "statement_date": "5/18/2016", "statement_source": "news"},
    {"verdict": "false", "statement_date": "5/18/2024", "statement_source": "x"},
]


@pytest.mark.parametrize("batched", [False, True], ids=["MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH",
                                                        "MAP_STATE_REFERENCE_IN_MAX_PER_BATCH_PATH"])
def test_reference_in_map_state_max_items_path(tmp_path, batched):
    # test_assign_reference_variables.snapshot.json, test_reference_in_map_state_max_items_path[...]: MaxItemsPath,
    # MaxItemsPerBatchPath and MaxInputBytesPerBatchPath read variables holding strings ("2", "15000"): the Map reads
    # two of the four items, or all four in batches of two. (The bucket is a local directory served as S3.)
    (tmp_path / "file.json").write_text(json.dumps(STATEMENTS))
    server = Server("--in-memory", "--s3-directory", f"bucket-name={tmp_path}")
    name = "BatchMapState" if batched else "MapState"
    assign = {"maxItemsPerBatch": "2", "maxBytesPerBatch": "15000"} if batched else {"maxItems": "2"}
    config = {"InputType": "JSON", **({"MaxItems": 4} if batched else {"MaxItemsPath": "$maxItems"})}
    map_state = {"Type": "Map", "MaxConcurrency": 1, "ItemReader": {
        "ReaderConfig": config, "Resource": "arn:aws:states:::s3:getObject",
        "Parameters": {"Bucket.$": "$.Bucket", "Key.$": "$.Key"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": "PassItem", "States": {"PassItem": {"Type": "Pass", "End": True}}}, "End": True}
    if batched:
        map_state["ItemBatcher"] = {"MaxItemsPerBatchPath": "$maxItemsPerBatch",
                                    "MaxInputBytesPerBatchPath": "$maxBytesPerBatch"}
    try:
        sfn = server.client()
        definition = {"StartAt": "Start", "States": {
            "Start": {"Type": "Pass", "Assign": assign, "Next": name}, name: map_state}}
        execution_input = {"Bucket": "bucket-name", "Key": "file.json"}
        described, events = run(sfn, definition, execution_input)
    finally:
        server.stop()
    shown = parsed(events)
    assert shown[:5] == [
        started(execution_input), entered(2, 0, "Pass", "Start", execution_input),
        assigned(exited(3, 2, "Pass", "Start", execution_input), {key: json.dumps(value) for key, value in assign.items()}),
        entered(4, 3, "Map", name, execution_input),
        {"id": 5, "previousEventId": 4, "type": "MapStateStarted", "mapStateStartedEventDetails": {"length": 0}}]
    assert [(e["id"], e["previousEventId"], e["type"]) for e in shown[5:]] == [
        (6, 5, "MapRunStarted"), (7, 6, "MapRunSucceeded"), (8, 7, "MapStateSucceeded"), (9, 6, "MapStateExited"),
        (10, 9, "ExecutionSucceeded")]
    output = [{"Items": STATEMENTS[:2]}, {"Items": STATEMENTS[2:]}] if batched else STATEMENTS[:2]
    assert events[8]["stateExitedEventDetails"]["output"] == json.dumps(output, separators=(",", ":"))


# --- One order for a map's entries (test_assign_base.py's BASE_SCOPE_PARALLEL: three branches assign the same
# variables). boto3 reads a structure's members in the model's order whatever the text's, but a map's entries in the
# text's: `assignedVariables` came in one order for one branch and another for the next, in one history. ------------

def raw_history(server, execution_arn):
    request = urllib.request.Request(
        server.endpoint + "/", data=json.dumps({"executionArn": execution_arn}).encode(), method="POST",
        headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AWSStepFunctions.GetExecutionHistory"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def test_assigned_variables_come_in_one_order_in_every_event_and_response(sfn, server):
    branch = lambda name: {"StartAt": name, "States": {name: {
        "Type": "Pass", "Assign": {"innerX.$": "$x", "value.$": "$"}, "End": True}}}
    definition = {"StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Assign": {"x": 42}, "Next": "State1"},
        "State1": {"Type": "Parallel", "End": True,
                   "Branches": [branch("Branch1"), branch("Branch21"), branch("Branch31")]}}}
    arn = create_machine(sfn, "AssignScopeParallelOrder", definition)
    orders = set()
    for _ in range(4):
        execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        assert wait_for_status(sfn, execution)["status"] == "SUCCEEDED"
        for event in full_history(sfn, execution):
            exited = event.get("stateExitedEventDetails", {})
            if exited.get("name", "").startswith("Branch"):
                assert exited["assignedVariables"] == {"innerX": "42", "value": "{}"}
                orders.add(tuple(exited["assignedVariables"]))
        body = raw_history(server, execution)
        # Every object's members sorted by name, the same text for every call.
        assert body == raw_history(server, execution)
        first = json.loads(body, object_pairs_hook=lambda pairs: pairs)[0][1][0]
        assert [name for name, _ in first] == sorted(name for name, _ in first)
    assert orders == {("innerX", "value")}
