"""Checks Stepwise's wire shapes against botocore's Step Functions model (AWS's machine-readable API reference).

Usage:
  botocore_shapes.py requests            -> {"Operation": "<JSON body botocore sends, every member set>"}
  botocore_shapes.py responses           -> {"Operation": "<JSON body of a response with every member set>"}
  botocore_shapes.py parse < bodies.json -> {"Operation": "ok" | "<difference>"}: parses each body (Stepwise's
                                            re-encoding of the responses above) with botocore's JSON parser and
                                            compares with what was sent.

Run by StepFunctionsAPITests (skipped where python3/botocore is missing).
"""
import datetime
import json
import sys

import botocore.session
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from botocore.utils import ArgumentGenerator

OPERATIONS = [
    "CreateStateMachine", "UpdateStateMachine", "DescribeStateMachine", "DeleteStateMachine", "ListStateMachines",
    "ValidateStateMachineDefinition", "DescribeStateMachineForExecution", "CreateActivity", "DescribeActivity",
    "DeleteActivity", "ListActivities", "GetActivityTask", "StartExecution", "StartSyncExecution", "StopExecution",
    "DescribeExecution", "ListExecutions", "GetExecutionHistory", "RedriveExecution", "SendTaskSuccess",
    "SendTaskFailure", "SendTaskHeartbeat", "TagResource", "UntagResource", "ListTagsForResource",
    "PublishStateMachineVersion", "ListStateMachineVersions", "DeleteStateMachineVersion", "CreateStateMachineAlias",
    "DescribeStateMachineAlias", "UpdateStateMachineAlias", "DeleteStateMachineAlias", "ListStateMachineAliases",
    "TestState",
    "DescribeMapRun", "ListMapRuns", "UpdateMapRun",
]
MODEL = botocore.session.get_session().get_service_model("stepfunctions")
STAMP = datetime.datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=datetime.timezone.utc)


def filled(value):
    """Skeleton values made distinctive: numbers 7, timestamps with milliseconds."""
    if isinstance(value, dict):
        return {key: filled(item) for key, item in value.items()}
    if isinstance(value, list):
        return [filled(item) for item in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return 7
    if isinstance(value, datetime.datetime):
        return STAMP
    return value


def skeleton(shape):
    return filled(ArgumentGenerator(use_member_names=True).generate_skeleton(shape))


def wire(value):
    if isinstance(value, dict):
        return {key: wire(item) for key, item in value.items()}
    if isinstance(value, list):
        return [wire(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    return value


def main():
    mode = sys.argv[1]
    out = {}
    if mode == "requests":
        serializer = create_serializer("json", include_validation=False)
        for name in OPERATIONS:
            operation = MODEL.operation_model(name)
            body = serializer.serialize_to_request(skeleton(operation.input_shape), operation)["body"]
            out[name] = body.decode() if isinstance(body, bytes) else body
    elif mode == "responses":
        for name in OPERATIONS:
            out[name] = json.dumps(wire(skeleton(MODEL.operation_model(name).output_shape)))
    elif mode == "parse":
        bodies = json.load(sys.stdin)
        parser = create_parser("json")
        for name in OPERATIONS:
            operation = MODEL.operation_model(name)
            response = {"body": bodies[name].encode(), "headers": {}, "status_code": 200}
            parsed = parser.parse(response, operation.output_shape)
            parsed.pop("ResponseMetadata", None)
            expected = wire(skeleton(operation.output_shape))
            actual = wire(parsed)
            out[name] = "ok" if actual == expected else f"expected {json.dumps(expected)} got {json.dumps(actual)}"
    print(json.dumps(out))


if __name__ == "__main__":
    main()
