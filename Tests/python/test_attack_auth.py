"""Attack suite, authentication (`stepwise serve --auth`): botocore-signed requests pass; unsigned, badly signed,
wrongly scoped and partly signed requests get AWS's status and error; a non-loopback bind without --auth warns."""
import json
import subprocess
import urllib.request

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from attack_support import Liveness
from conftest import BINARY, REGION, Server

KEY, SECRET = "AKIDATTACKSUITE", "attack-suite-secret"
SIGNATURE_MISMATCH = ("The request signature we calculated does not match the signature you provided. Check your AWS "
                      "Secret Access Key and signing method. Consult the service documentation for details.")


@pytest.fixture(scope="module")
def server():
    running = Server("--in-memory", "--auth", f"{KEY}:{SECRET}", "--region", REGION)
    yield running
    running.stop()


def client(server, key=KEY, secret=SECRET, region=REGION):
    return boto3.client(
        "stepfunctions", endpoint_url=server.endpoint, region_name=region, aws_access_key_id=key,
        aws_secret_access_key=secret, config=Config(retries={"max_attempts": 0}))


def send(server, headers, body=b"{}"):
    """POSTs raw headers and body; returns (status, __type, message)."""
    request = urllib.request.Request(server.endpoint + "/", data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, None, json.loads(response.read())
    except urllib.error.HTTPError as error:
        payload = json.loads(error.read())
        return error.code, payload.get("__type"), payload.get("message")


def signed(server, target="AWSStepFunctions.ListActivities", body=b"{}", key=KEY, secret=SECRET, region=REGION,
           sign_target=True, after=None):
    """Headers signed by botocore; `sign_target=False` adds X-Amz-Target only after signing; `after` edits the
    signed headers (a tampering attacker)."""
    headers = {"Content-Type": "application/x-amz-json-1.0"}
    if sign_target:
        headers["X-Amz-Target"] = target
    request = AWSRequest(method="POST", url=server.endpoint + "/", data=body, headers=headers)
    SigV4Auth(Credentials(key, secret), "states", region).add_auth(request)
    result = dict(request.headers.items())
    if not sign_target:
        result["X-Amz-Target"] = target
    if after:
        after(result)
    return result


def test_botocore_signed_requests_pass(server):
    assert client(server).list_activities()["activities"] == []


def test_a_request_without_a_signature_is_refused(server):
    status, code, message = send(server, {"Content-Type": "application/x-amz-json-1.0",
                                          "X-Amz-Target": "AWSStepFunctions.ListActivities"})
    assert (status, code, message) == (400, "MissingAuthenticationTokenException", "Missing Authentication Token")


def test_an_unknown_access_key_is_unrecognized(server):
    with pytest.raises(ClientError) as error:
        client(server, key="AKIDSOMEONEELSE").list_activities()
    assert error.value.response["Error"]["Code"] == "UnrecognizedClientException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.value.response["Error"]["Message"] == "The security token included in the request is invalid."


def test_a_wrong_secret_is_an_invalid_signature(server):
    with pytest.raises(ClientError) as error:
        client(server, secret="guessed").list_activities()
    assert error.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert error.value.response["Error"]["Message"] == SIGNATURE_MISMATCH


def test_a_credential_scoped_to_another_region_is_refused(server):
    with pytest.raises(ClientError) as error:
        client(server, region="eu-west-1").list_activities()
    assert error.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert error.value.response["Error"]["Message"] == "Credential should be scoped to a valid region. "


def test_an_unsigned_target_cannot_redirect_a_signed_request(server):
    created = client(server).create_activity(name="KeepMe")["activityArn"]
    body = json.dumps({"activityArn": created}).encode()
    status, code, message = send(
        server, signed(server, target="AWSStepFunctions.DeleteActivity", body=body, sign_target=False), body)
    assert (status, code) == (400, "InvalidSignatureException")
    assert message == "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."
    assert client(server).describe_activity(activityArn=created)["name"] == "KeepMe"


def test_a_changed_target_breaks_the_signature(server):
    def retarget(headers):
        headers["X-Amz-Target"] = "AWSStepFunctions.ListStateMachines"
    status, code, message = send(server, signed(server, after=retarget))
    assert (status, code, message) == (400, "InvalidSignatureException", SIGNATURE_MISMATCH)


def test_an_unsigned_amz_header_is_refused(server):
    def add(headers):
        headers["X-Amz-Client-Context"] = "injected"
    status, code, message = send(server, signed(server, after=add))
    assert (status, code) == (400, "InvalidSignatureException")
    assert "'X-Amz-Client-Context' must be a 'SignedHeader'" in message


def test_a_header_dropped_from_signed_headers_is_refused(server):
    def drop(headers):
        headers["Authorization"] = headers["Authorization"].replace("x-amz-date;x-amz-target", "x-amz-date")
    status, code, _ = send(server, signed(server, after=drop))
    assert (status, code) == (400, "InvalidSignatureException")


@pytest.mark.parametrize("authorization,fragment", [
    ("AWS4-HMAC-SHA256 Credential=AKIDATTACKSUITE/20260101/us-east-1/states/aws4_request", "'Signature'"),
    ("AWS4-HMAC-SHA256 Signature=00, SignedHeaders=host", "'Credential'"),
    ("Bearer abc", "X-Amz-Date"),
])
def test_a_malformed_authorization_is_an_incomplete_signature(server, authorization, fragment):
    status, code, message = send(server, {"Content-Type": "application/x-amz-json-1.0",
                                          "X-Amz-Target": "AWSStepFunctions.ListActivities",
                                          "X-Amz-Date": "20260101T000000Z", "Authorization": authorization})
    assert (status, code) == (400, "IncompleteSignatureException")
    assert fragment in message


def test_a_flood_of_bad_signatures_does_not_slow_signed_clients(server):
    with Liveness(server, access_key=KEY, secret_key=SECRET) as live:
        bad = client(server, secret="wrong")
        for _ in range(200):
            with pytest.raises(ClientError):
                bad.list_activities()
    live.check()


def unopenable(tmp_path):
    """A database path under a regular file: it cannot be created, so serve stops before it binds."""
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    return str(blocker / "x.sqlite")


def test_a_non_loopback_bind_without_auth_warns(tmp_path):
    # The database path cannot be opened, so the server stops after the warning without ever binding 0.0.0.0.
    result = subprocess.run(
        [BINARY, "serve", "--host", "0.0.0.0", "--port", "0", "--db", unopenable(tmp_path)],
        capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "warning: listening on 0.0.0.0 without --auth" in result.stderr
    assert "--auth ACCESS_KEY_ID:SECRET_ACCESS_KEY" in result.stderr


def test_a_loopback_bind_does_not_warn(tmp_path):
    result = subprocess.run(
        [BINARY, "serve", "--host", "127.0.0.1", "--port", "0", "--db", unopenable(tmp_path)],
        capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "warning" not in result.stderr
