"""Attack suite, opening the database (finding 8): every refusal names the path and the reason; a corrupt file
is refused at start (PRAGMA quick_check); a good file still serves."""
import os
import shutil
import sqlite3
import subprocess

import pytest

from conftest import BINARY, Server


def serve(path, timeout=60):
    return subprocess.run([BINARY, "serve", "--port", "0", "--db", str(path)], capture_output=True, text=True,
                          timeout=timeout)


def refused(path, fragment):
    result = serve(path)
    assert result.returncode != 0, result.stdout
    assert f"cannot open the database '{path}'" in result.stderr, result.stderr
    assert fragment in result.stderr, result.stderr
    assert "SQLite error 14" not in result.stderr
    return result.stderr


def make_database(path):
    """A real database written by stepwise serve itself."""
    server = Server("--db", str(path))
    server.client().create_activity(name="Kept")
    server.stop()


def test_a_directory_is_refused(tmp_path):
    refused(tmp_path, "it is a directory")


def test_a_path_under_a_file_is_refused(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    refused(blocker / "db.sqlite", f"'{blocker}' is a file, not a directory")


# A read-only file (or directory) is no longer refused: it is served read-only (test_readonly_db.py).


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "db.sqlite"
    path.write_bytes(b"this is not a database, just text " * 200)
    refused(path, "not a SQLite database")


def test_a_corrupt_database_is_refused_at_start(tmp_path):
    path = tmp_path / "db.sqlite"
    make_database(path)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    assert pages > 2
    with open(path, "r+b") as file:  # scribble over every page after the first (the header stays valid)
        for page in range(1, pages):
            file.seek(page * page_size)
            file.write(bytes([0xA5]) * page_size)
    stderr = refused(path, "corrupt")
    assert "Traceback" not in stderr


def test_an_intact_database_serves(tmp_path):
    path = tmp_path / "db.sqlite"
    make_database(path)
    server = Server("--db", str(path))
    try:
        assert [a["name"] for a in server.client().list_activities()["activities"]] == ["Kept"]
    finally:
        server.stop()
