import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "-production-secret-key-that-is-long-enough-0123456789"


def run_check(**env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "mobility.example.edu"}, "SECRET_KEY must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "short", "ALLOWED_HOSTS": "x.edu"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS must list"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
    ],
)
def test_production_refuses_to_start_with_missing_or_bad_settings(env, message):
    result = run_check(**env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    result = run_check(DEBUG="false", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="mobility.example.edu")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DEMO"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "mobility.example.edu"}


def test_a_production_server_has_no_demo_command():
    result = run_manage("help", "--commands", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "load_demo" not in result.stdout.split()


def test_a_trial_installation_turns_the_demo_on_explicitly():
    result = run_manage("help", "--commands", DEMO="true", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "load_demo" in result.stdout.split()


def test_development_has_the_demo_command():
    result = run_manage("help", "--commands")
    assert "load_demo" in result.stdout.split()


def test_the_wsgi_application_loads_every_view_and_freezes_what_it_loaded():
    script = (
        "import gc, sys\n"
        "import mobility_office.wsgi\n"
        "print(gc.get_freeze_count(), 'reports.views' in sys.modules)\n"
    )
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "mobility.example.edu",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    frozen, views_loaded = done.stdout.split()
    assert int(frozen) > 10_000
    assert views_loaded == "True"
