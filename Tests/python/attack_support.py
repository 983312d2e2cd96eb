"""Helpers of the attack suite (Tests/python/test_attack_*.py): raw sockets and a liveness probe.

The probe asks the server for ListStateMachines every 50 ms from a thread while an attack runs; the attack
passes only if every probe was answered, and none took a second or more.
"""
import os
import socket
import threading
import time
from urllib.parse import urlparse

import boto3
from botocore.config import Config

from conftest import REGION


def address(server):
    parsed = urlparse(server.endpoint)
    return parsed.hostname, parsed.port


def connect(server, timeout=10):
    return socket.create_connection(address(server), timeout=timeout)


def read_response(sock, timeout=10):
    """Reads one HTTP/1.1 response: (status, headers with lower-case names, body); None when the server closed
    the connection without answering."""
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            if data:
                raise AssertionError(f"connection closed inside a response head: {data!r}")
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    assert "content-length" in headers, f"a response without Content-Length: {head!r}"
    length = int(headers["content-length"])
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    assert len(rest) >= length, f"the body is shorter than its Content-Length: {rest!r}"
    return status, headers, rest[:length]


def closed_within(sock, seconds):
    """Seconds until the server closed the connection (reading and discarding anything it sends), or None."""
    start = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - start < seconds:
        try:
            if sock.recv(65536) == b"":
                return time.monotonic() - start
        except socket.timeout:
            continue
        except ConnectionResetError:
            return time.monotonic() - start
    return None


def request_bytes(target="AWSStepFunctions.ListActivities", body=b"{}", extra=""):
    return (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
        f"X-Amz-Target: {target}\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
    ).encode() + body


class Liveness:
    """Probes the server from a thread while the `with` block runs."""

    def __init__(self, server, access_key="test", secret_key="test", interval=0.05):
        self.client = boto3.client(
            "stepfunctions", endpoint_url=server.endpoint, region_name=REGION, aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=Config(retries={"max_attempts": 0}, read_timeout=10, connect_timeout=5))
        self.interval = interval
        self.latencies = []
        self.failures = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            start = time.monotonic()
            try:
                self.client.list_state_machines(maxResults=1)
                self.latencies.append(time.monotonic() - start)
            except Exception as error:  # any failure to answer counts against the server
                self.failures.append(repr(error))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        deadline = time.monotonic() + 5  # a quick attack still gets one probe made while it ran
        while not self.latencies and not self.failures and time.monotonic() < deadline:
            time.sleep(0.01)
        self._stop.set()
        self._thread.join(timeout=15)
        return False

    def check(self, minimum_probes=1):
        assert not self.failures, f"the server failed other requests meanwhile: {self.failures[:3]}"
        assert len(self.latencies) >= minimum_probes, f"only {len(self.latencies)} probes answered"
        slowest = max(self.latencies)
        report = os.environ.get("ATTACK_REPORT")  # a file to collect the figures docs/attack.md quotes
        if report:
            test = os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0]
            with open(report, "a") as file:
                file.write(f"{test}\t{len(self.latencies)} probes\tslowest {slowest * 1000:.0f} ms\n")
        assert slowest < 1.0, f"another request waited {slowest:.2f} s meanwhile"
        return slowest
