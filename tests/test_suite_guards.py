"""The suite's own guards: a hanging test ends the run, and browser tests on SQLite answer from a
database file (tests/conftest.py says why)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_a_test_that_hangs_ends_the_run_with_the_tracebacks_of_its_threads(tmp_path):
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F403\n")
    (tmp_path / "test_hangs.py").write_text(
        "import time\n\n\ndef test_waits_for_ever():\n    time.sleep(120)\n"
    )
    started = time.monotonic()
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(ROOT / "pyproject.toml"),
            "-q",
            "-p",
            "no:xdist",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_hangs.py"),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TEST_HANG_SECONDS": "3"},
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert finished.returncode != 0
    assert time.monotonic() - started < 100
    assert "Timeout (0:00:03)!" in finished.stderr
    assert "in test_waits_for_ever" in finished.stderr


@pytest.mark.browser
def test_a_browser_session_on_sqlite_keeps_its_database_in_a_file(live_server, transactional_db):
    if connection.vendor != "sqlite":
        pytest.skip("Only SQLite has an in-memory test database.")
    assert not connection.is_in_memory_db()
    assert Path(connection.settings_dict["NAME"]).is_file()
