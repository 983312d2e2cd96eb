"""`arn:aws:states:::http:invoke` on `stepwise serve --connections FILE`: the engine performs the real HTTP request
against a local server on 127.0.0.1 (port 0), with the connection's credentials, and answers AWS's output shape or
error names (States.Http.StatusCode.<code>, States.Http.Socket), through boto3."""
import base64
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import Server, create_machine, full_history, wait_for_status

BASIC = "arn:aws:events:us-east-1:123456789012:connection/basic/1"
APIKEY = "arn:aws:events:us-east-1:123456789012:connection/key/1"
OAUTH = "arn:aws:events:us-east-1:123456789012:connection/oauth/1"
ROTATING = "arn:aws:events:us-east-1:123456789012:connection/rotating/1"


class Recorder(BaseHTTPRequestHandler):
    requests = []
    issued = 0
    valid_token = None

    def log_message(self, *args):
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        Recorder.requests.append({"method": self.command, "path": self.path, "headers": dict(self.headers.items()), "body": body})
        if self.path.startswith("/rotating-token"):
            Recorder.issued += 1
            Recorder.valid_token = f"rot-{Recorder.issued}"
            self._send(200, "application/json", json.dumps({"access_token": Recorder.valid_token, "token_type": "Bearer"}))
        elif self.path.startswith("/guarded"):
            if self.headers.get("Authorization") == f"Bearer {Recorder.valid_token}":
                self._send(200, "application/json", json.dumps({"ok": True}))
            else:
                self._send(401, "application/json", json.dumps({"message": "token expired"}))
        elif self.path.startswith("/token"):
            self._send(200, "application/json", json.dumps({"access_token": "tok-123", "expires_in": 3600}))
        elif self.path.startswith("/fail"):
            self._send(503, "application/json", json.dumps({"message": "down for maintenance"}))
        elif self.path.startswith("/text"):
            self._send(200, "text/plain", "plain words")
        else:
            self._send(200, "application/json", json.dumps({"received": body, "path": self.path}))

    def _send(self, code, content_type, text):
        data = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("X-Answer", "yes")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer


@pytest.fixture(scope="module")
def api():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def sfn(api, tmp_path_factory):
    path = tmp_path_factory.mktemp("connections") / "connections.json"
    path.write_text(json.dumps({
        BASIC: {"AuthorizationType": "BASIC", "AuthParameters": {"BasicAuthParameters": {"Username": "ann", "Password": "pw"}}},
        APIKEY: {"AuthorizationType": "API_KEY", "AuthParameters": {
            "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "k-1"},
            "InvocationHttpParameters": {"HeaderParameters": [{"Key": "x-team", "Value": "orders"}],
                                         "QueryStringParameters": [{"Key": "v", "Value": "2"}]}}},
        OAUTH: {"AuthorizationType": "OAUTH_CLIENT_CREDENTIALS", "AuthParameters": {"OAuthParameters": {
            "AuthorizationEndpoint": api + "/token", "HttpMethod": "POST",
            "ClientParameters": {"ClientID": "cid", "ClientSecret": "csecret"}}}},
        ROTATING: {"AuthorizationType": "OAUTH_CLIENT_CREDENTIALS", "AuthParameters": {"OAuthParameters": {
            "AuthorizationEndpoint": api + "/rotating-token", "HttpMethod": "POST",
            "ClientParameters": {"ClientID": "rid", "ClientSecret": "rsecret"}}}},
    }))
    running = Server("--in-memory", "--connections", str(path))
    yield running.client()
    running.stop()


def http_task(endpoint, connection, **fields):
    return {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
            "Parameters": {"ApiEndpoint": endpoint, "Authentication": {"ConnectionArn": connection}, **fields}, "End": True}}}


def run(sfn, name, definition, input=None):
    arn = create_machine(sfn, name, definition)
    started = sfn.start_execution(stateMachineArn=arn, input=json.dumps(input or {}))
    return wait_for_status(sfn, started["executionArn"], timeout=30), started["executionArn"]


def test_post_json_with_basic_auth_answers_awss_output_shape(sfn, api):
    Recorder.requests.clear()
    described, arn = run(sfn, "HttpPost", http_task(api + "/orders", BASIC, Method="POST",
                                                      QueryParameters={"q": "a b"}, RequestBody={"id.$": "$.id"}), {"id": 7})
    assert described["status"] == "SUCCEEDED", described
    output = json.loads(described["output"])
    assert output["StatusCode"] == "200" and output["StatusText"] == "OK"
    assert output["ResponseBody"] == {"received": "{\"id\":7}", "path": "/orders?q=a%20b"}
    assert output["Headers"]["x-answer"] == ["yes"]
    sent = Recorder.requests[-1]
    assert sent["method"] == "POST"
    assert sent["headers"]["Authorization"] == "Basic " + base64.b64encode(b"ann:pw").decode()
    assert sent["headers"]["Content-Type"].startswith("application/json")
    assert sent["headers"]["User-Agent"] == "Amazon|StepFunctions|HttpInvoke|us-east-1"
    types = [e["type"] for e in full_history(sfn, arn)]
    assert "TaskScheduled" in types and "TaskStarted" in types and "TaskSucceeded" in types


def test_api_key_connection_with_invocation_parameters_and_url_encoded_body(sfn, api):
    Recorder.requests.clear()
    described, _ = run(sfn, "HttpForm", http_task(
        api + "/form", APIKEY, Method="PUT", RequestBody={"tags": ["a", "b"], "n": 1},
        Transform={"RequestBodyEncoding": "URL_ENCODED", "RequestEncodingOptions": {"ArrayFormat": "BRACKETS"}}))
    assert described["status"] == "SUCCEEDED", described
    sent = Recorder.requests[-1]
    assert sent["method"] == "PUT" and sent["path"] == "/form?v=2"
    assert sent["headers"]["x-api-key"] == "k-1" and sent["headers"]["x-team"] == "orders"
    assert sent["body"] == "tags%5B%5D=a&tags%5B%5D=b&n=1"
    assert sent["headers"]["Content-Type"] == "application/x-www-form-urlencoded"


def test_oauth_client_credentials_fetch_a_token_first(sfn, api):
    Recorder.requests.clear()
    described, _ = run(sfn, "HttpOAuth", http_task(api + "/text", OAUTH, Method="GET"))
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"])["ResponseBody"] == "plain words"
    token_request, call = Recorder.requests[-2], Recorder.requests[-1]
    assert token_request["path"] == "/token" and "grant_type=client_credentials" in token_request["body"]
    assert token_request["headers"]["Authorization"] == "Basic " + base64.b64encode(b"cid:csecret").decode()
    assert call["headers"]["Authorization"] == "Bearer tok-123"


def test_error_status_fails_with_states_http_statuscode_and_retry_sees_it(sfn, api):
    definition = http_task(api + "/fail", BASIC, Method="GET")
    definition["States"]["Call"]["Catch"] = [{"ErrorEquals": ["States.Http.StatusCode.503"], "Next": "Caught"}]
    definition["States"]["Call"].pop("End")
    definition["States"]["Call"]["Next"] = "Caught"
    definition["States"]["Caught"] = {"Type": "Pass", "End": True}
    described, _ = run(sfn, "HttpFail", definition)
    assert described["status"] == "SUCCEEDED"
    output = json.loads(described["output"])
    assert output["Error"] == "States.Http.StatusCode.503"
    assert json.loads(output["Cause"])["ResponseBody"] == {"message": "down for maintenance"}


def test_unreachable_endpoint_fails_with_states_http_socket(sfn):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    described, _ = run(sfn, "HttpSocket", http_task(f"http://127.0.0.1:{port}/x", BASIC, Method="GET"))
    assert described["status"] == "FAILED"
    assert described["error"] == "States.Http.Socket"


def test_unknown_connection_fails_naming_it(sfn, api):
    described, _ = run(sfn, "HttpNoConnection", http_task(api + "/x", "arn:aws:events:us-east-1:123456789012:connection/none/1", Method="GET"))
    assert described["status"] == "FAILED"
    assert described["error"] == "States.Runtime" and "connection/none/1" in described["cause"]


def test_an_oauth_token_is_kept_across_requests_and_fetched_again_when_refused(sfn, api):
    Recorder.requests.clear()
    for name in ("HttpKeep1", "HttpKeep2"):
        described, _ = run(sfn, name, http_task(api + "/guarded", ROTATING, Method="GET"))
        assert described["status"] == "SUCCEEDED", described
    paths = [r["path"] for r in Recorder.requests]
    assert paths == ["/rotating-token", "/guarded", "/guarded"], paths
    assert {r["headers"]["Authorization"] for r in Recorder.requests[1:]} == {"Bearer rot-1"}
    # The endpoint revokes the token: the next request is refused with 401, a new token is fetched, and the
    # request is sent once more with it; the task succeeds.
    Recorder.valid_token = "revoked"
    Recorder.requests.clear()
    described, _ = run(sfn, "HttpRefresh", http_task(api + "/guarded", ROTATING, Method="GET"))
    assert described["status"] == "SUCCEEDED", described
    assert [r["path"] for r in Recorder.requests] == ["/guarded", "/rotating-token", "/guarded"]
    assert Recorder.requests[0]["headers"]["Authorization"] == "Bearer rot-1"
    assert Recorder.requests[2]["headers"]["Authorization"] == "Bearer rot-2"
