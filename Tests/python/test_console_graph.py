"""`stepwise graph FILE|MACHINE --format svg|dot|mermaid`: the console's graph on the command line."""
import json
import subprocess
import xml.dom.minidom

import pytest

from conftest import BINARY

DEFINITION = {
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Both"}], "Default": "Done"},
        "Both": {"Type": "Parallel", "Next": "Done", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}], "Branches": [
            {"StartAt": "<b>A</b>", "States": {"<b>A</b>": {"Type": "Pass", "End": True}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}]},
        "Oops": {"Type": "Fail", "Error": "X"},
        "Done": {"Type": "Succeed"},
    },
}


def graph(*args):
    return subprocess.run([BINARY, "graph", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture()
def definition_file(tmp_path):
    path = tmp_path / "order.asl.json"
    path.write_text(json.dumps(DEFINITION))
    return path


def test_svg_is_the_default_and_is_well_formed(definition_file):
    result = graph(str(definition_file))
    assert result.returncode == 0, result.stderr
    document = xml.dom.minidom.parseString(result.stdout)
    names = {g.getAttribute("data-state") for g in document.getElementsByTagName("g") if g.getAttribute("data-state")}
    assert names == {"Check", "Both", "<b>A</b>", "B", "Oops", "Done"}
    assert "&lt;b&gt;A&lt;/b&gt;" in result.stdout


def test_dot(definition_file):
    result = graph(str(definition_file), "--format", "dot")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("digraph StateMachine {")
    assert 'label="$.n > 1"' in result.stdout
    assert 'label="Catch: States.ALL", style=dashed' in result.stdout
    assert "subgraph cluster_" in result.stdout


def test_mermaid_to_a_file(definition_file, tmp_path):
    out = tmp_path / "graph.mmd"
    result = graph(str(definition_file), "--format", "mermaid", "-o", str(out))
    assert result.returncode == 0 and result.stdout == ""
    text = out.read_text()
    assert text.startswith("flowchart TD\n")
    assert '-.->|"Catch: States.ALL"|' in text
    assert "#lt;b#gt;A#lt;/b#gt;" in text


def test_a_deployed_machine_by_name(tmp_path):
    db = tmp_path / "stepwise.sqlite"
    path = tmp_path / "orders.asl.json"
    path.write_text(json.dumps(DEFINITION))
    deployed = subprocess.run([BINARY, "deploy", str(path), "--name", "orders", "--db", str(db)], capture_output=True, text=True, timeout=60)
    if deployed.returncode != 0:
        deployed = subprocess.run([BINARY, "deploy", str(path), "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert deployed.returncode == 0, deployed.stderr
    from_file = graph(str(path), "--format", "mermaid").stdout
    result = graph("orders", "--format", "mermaid", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout == from_file


@pytest.mark.parametrize("argument, message", [
    ("missing.asl.json", "there is no file missing.asl.json"),
    ("no-such-machine", "there is no state machine named no-such-machine"),
])
def test_errors_are_one_line(argument, message, tmp_path):
    result = graph(argument, "--db", str(tmp_path / "empty.sqlite"))
    assert result.returncode == 1
    # A machine looked up in a file that does not exist is said so first (the file is not created).
    note = [f"stepwise: there is no database at {tmp_path / 'empty.sqlite'} yet (nothing has run there)"]
    assert result.stderr.splitlines() == (note if argument == "no-such-machine" else []) + [f"error: {message}"]


def test_an_invalid_definition(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"StartAt": "A"}')
    result = graph(str(path))
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "States" in result.stderr
