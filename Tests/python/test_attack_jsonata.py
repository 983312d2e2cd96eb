"""Attack suite, JSONata values: one expression that builds a value 20,000 levels deep (`$reduce` wrapping an
object in an object) must fail its own execution, not crash the server. The evaluator checks the values that cross
a function's boundary against the nesting limit (Sources/StatesLanguage/JSONata/JSONataValue+Depth.swift), so the
expression fails with U1004 long before converting or freeing the value could overflow the stack."""
import json

import pytest

from attack_support import Liveness
from conftest import Server, create_machine, wait_for_status


@pytest.fixture(scope="module")
def server():
    running = Server("--in-memory")
    yield running
    running.stop()


def test_a_deep_jsonata_value_fails_only_its_execution(server):
    sfn = server.client()
    arn = create_machine(sfn, "DeepJSONata", {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {
        "Type": "Pass", "Output": '{% $reduce([1..20000], function($a, $b) { {"a": $a} }, {}) %}', "End": True}}})
    with Liveness(server) as live:
        execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        described = wait_for_status(sfn, execution, timeout=60)
    live.check()
    assert described["status"] == "FAILED"
    assert described["error"] == "States.QueryEvaluationError"
    assert "threw an error during evaluation: The expression built a value nested deeper than" in described["cause"]
    assert server.process.poll() is None
