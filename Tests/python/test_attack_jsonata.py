"""Attack suite, JSONata values (known to fail until the JSONata budgets land; see docs/attack.md): one expression
that builds a value 20,000 levels deep (`$reduce` wrapping an object in an object) must fail its own execution,
not crash the server. Today the conversion of JSONata values to JSON recurses once per level
(`JSONataValue.json`, Sources/StatesLanguage/JSONata/JSONataValue.swift) and overflows the stack (SIGSEGV)."""
import json

import pytest

from attack_support import Liveness
from conftest import Server, create_machine, wait_for_status


@pytest.fixture(scope="module")
def server():
    running = Server("--in-memory")
    yield running
    running.stop()


@pytest.mark.xfail(reason="JSONata values are converted recursively (issue 14, the JSONata part)", strict=False)
def test_a_deep_jsonata_value_fails_only_its_execution(server):
    sfn = server.client()
    arn = create_machine(sfn, "DeepJSONata", {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {
        "Type": "Pass", "Output": '{% $reduce([1..20000], function($a, $b) { {"a": $a} }, {}) %}', "End": True}}})
    with Liveness(server) as live:
        execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        described = wait_for_status(sfn, execution, timeout=60)
    live.check()
    assert described["status"] == "FAILED"
    assert server.process.poll() is None
