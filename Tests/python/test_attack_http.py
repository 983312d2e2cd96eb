"""Attack suite, HTTP layer: idle, header and body timeouts, malformed framing, odd methods, oversized bodies.

Every answer must have a Content-Length and (where the server answers at all) an AWS-shaped JSON body; while
each attack runs, other clients keep being answered within a second.
"""
import json
import time

import pytest

from attack_support import Liveness, closed_within, connect, read_response, request_bytes
from conftest import Server

IDLE = 1
BODY = 3


@pytest.fixture(scope="module")
def server():
    running = Server("--in-memory", "--idle-timeout", str(IDLE), "--body-timeout", str(BODY))
    yield running
    running.stop()


def aws_error(response):
    status, headers, body = response
    error = json.loads(body)
    assert set(error) >= {"__type", "message"}, error
    assert headers.get("content-type") == "application/x-amz-json-1.0"
    return status, error["__type"], error["message"]


def test_a_well_formed_request_is_answered(server):
    sock = connect(server)
    sock.sendall(request_bytes())
    status, headers, body = read_response(sock)
    assert status == 200 and json.loads(body) == {"activities": []}


def test_an_idle_connection_is_closed(server):
    with Liveness(server) as live:
        sock = connect(server)
        elapsed = closed_within(sock, IDLE + 5)
    assert elapsed is not None, "an idle connection stayed open"
    assert elapsed >= IDLE * 0.5
    live.check()


def test_a_connection_idle_after_a_request_is_closed(server):
    sock = connect(server)
    sock.sendall(request_bytes())
    assert read_response(sock)[0] == 200
    assert closed_within(sock, IDLE + 5) is not None


@pytest.mark.parametrize("partial", [
    b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar",   # a head that never ends
    request_bytes(body=b"{}" * 50)[:-90],                   # a body that stops arriving
])
def test_a_partial_request_is_closed(server, partial):
    with Liveness(server) as live:
        sock = connect(server)
        sock.sendall(partial)
        elapsed = closed_within(sock, IDLE + BODY + 5)
    assert elapsed is not None, "a partial request kept its connection open"
    live.check()


def test_a_trickled_body_gets_408_when_the_body_timeout_passes(server):
    with Liveness(server) as live:
        sock = connect(server)
        sock.sendall(request_bytes(body=b" " * 1000)[:-1000])
        start = time.monotonic()
        response = None
        sock.settimeout(0.3)
        while time.monotonic() - start < BODY + 5:
            try:
                sock.sendall(b" ")  # one byte at a time, each well within the idle timeout
            except (BrokenPipeError, ConnectionResetError):
                break
            try:
                response = read_response(sock, timeout=0.3)
                break
            except TimeoutError:
                continue
        assert response is not None, "no answer to a body that kept trickling in"
        status, code, message = aws_error(response)
        assert status == 408 and code == "RequestTimeoutException"
        assert response[1].get("connection") == "close"
        assert time.monotonic() - start >= BODY * 0.8
    live.check()


@pytest.mark.parametrize("chunks", [b"zz\r\n{}\r\n0\r\n\r\n", b"2\r\n{}xx0\r\n\r\n", b"-1\r\n\r\n"])
def test_a_malformed_chunked_body_is_400(server, chunks):
    sock = connect(server)
    sock.sendall(
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
        b"X-Amz-Target: AWSStepFunctions.ListActivities\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)
    response = read_response(sock)
    assert response is not None
    status, code, _ = aws_error(response)
    assert status == 400 and code == "SerializationException"


def test_connect_is_refused_and_the_connection_closed(server):
    # A response to CONNECT carries no body (RFC 9110 §9.3.6; SwiftNIO drops it), so no length either: the
    # answer is delimited by closing the connection, which it says it does, instead of leaving it open.
    sock = connect(server)
    sock.sendall(b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
    sock.settimeout(10)
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head = data.decode("latin-1").lower()
    assert head.startswith("http/1.1 404")
    assert "connection: close" in head
    assert "x-amzn-errortype: unknownoperationexception" in head


# `GET /` is the console's front door (a redirect to /console/, tested in test_console.py), not an error.
@pytest.mark.parametrize("method,path", [("PUT", "/"), ("DELETE", "/"), ("PATCH", "/"), ("POST", "/other"),
                                         ("GET", "/nope?x=1"), ("OPTIONS", "/")])
def test_other_methods_and_paths_get_aws_shaped_errors(server, method, path):
    sock = connect(server)
    sock.sendall(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n".encode())
    status, code, _ = aws_error(read_response(sock))
    assert status in (404, 405) and code == "UnknownOperationException"


def test_get_root_redirects_to_the_console_with_a_length(server):
    sock = connect(server)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    response = read_response(sock)
    assert response is not None and response[0] in (301, 302, 303, 307, 308)


def test_a_garbage_request_line_is_400_with_a_length(server):
    sock = connect(server)
    sock.sendall(b"HELLO THERE\r\n\r\n")
    response = read_response(sock)
    assert response is not None and response[0] == 400


def test_an_oversized_body_is_413(server):
    with Liveness(server) as live:
        sock = connect(server)
        body = b'{"name":"' + b"x" * (5 << 20) + b'"}'
        try:
            sock.sendall(request_bytes(target="AWSStepFunctions.CreateActivity", body=body))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading it all
        status, code, _ = aws_error(read_response(sock))
    assert status == 413 and code == "RequestEntityTooLargeException"
    live.check()


def test_many_idle_sockets_do_not_lock_out_clients(server):
    sockets = [connect(server) for _ in range(300)]
    with Liveness(server) as live:
        time.sleep(0.5)
    live.check()
    deadline = time.monotonic() + IDLE + 5
    for sock in sockets:
        assert closed_within(sock, max(0.1, deadline - time.monotonic())) is not None, "an idle socket stayed open"
