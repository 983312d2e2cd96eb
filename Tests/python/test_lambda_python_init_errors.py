"""A Python function (run with awslambdaric) whose handler cannot be loaded fails its invocation as Lambda reports
it: `Runtime.ImportModuleError` for a module that does not import, `Runtime.HandlerNotFound` for a missing function,
with awslambdaric's own message, through Lambda's Invoke API and through a `lambda:invoke` Task. awslambdaric posts
these to the Runtime API's init/error path, which must reach this process's own Runtime API path."""
import json
import os

import pytest

from conftest import create_machine, wait_for_status
from test_lambda_api import ROLE, awslambdaric_available, invoke, lam, make_zip, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.skipif(not awslambdaric_available() and not os.environ.get("CI"), reason="awslambdaric is not installed")


@pytest.mark.parametrize("name,files,handler,error_type,message", [
    ("py-import", {"app.py": ("import no_such_module_here\ndef handle(event, context):\n    return 1\n", 0o644)}, "app.handle",
     "Runtime.ImportModuleError", "Unable to import module 'app': No module named 'no_such_module_here'"),
    ("py-missing", {"other.py": ("x = 1\n", 0o644)}, "app.handle",
     "Runtime.ImportModuleError", "Unable to import module 'app'"),
    ("py-nohandler", {"app.py": ("def other(event, context):\n    return 1\n", 0o644)}, "app.handle",
     "Runtime.HandlerNotFound", "Handler 'handle' missing on module 'app'"),
])
def test_an_init_error_fails_the_invocation_with_its_type(lam, name, files, handler, error_type, message):  # noqa: F811
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler=handler, Timeout=30,
                        Code={"ZipFile": make_zip(files)})
    answer, payload = invoke(lam, name, {"k": "v"})
    assert answer["FunctionError"] == "Unhandled", payload
    assert payload["errorType"] == error_type, payload
    assert payload["errorMessage"].startswith(message), payload
    # The next invocation starts a new process and fails the same way (nothing is left waiting).
    answer, payload = invoke(lam, name, {})
    assert payload["errorType"] == error_type


def test_a_lambda_invoke_task_fails_with_the_init_error(server, lam):  # noqa: F811
    lam.create_function(FunctionName="py-task", Runtime="python3.12", Role=ROLE, Handler="app.handle", Timeout=30,
                        Code={"ZipFile": make_zip({"app.py": ("import no_such_module_here\n", 0o644)})})
    sfn = server.client()
    arn = create_machine(sfn, "ImportError", {"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "py-task", "Payload.$": "$"}, "End": True}}})
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps({}))["executionArn"]
    described = wait_for_status(sfn, execution, timeout=60)
    assert described["status"] == "FAILED"
    assert described["error"] == "Runtime.ImportModuleError", described
    assert "Unable to import module 'app'" in described["cause"]
