"""Twenty people send the sign-up form at the same moment with one username, or one e-mail
address: exactly one account is made, and everyone else reads a form error, never a server error.

Real threads, each with its own database connection, on PostgreSQL (SQLite lets one writer in at
a time, so there is no race to lose there; tests/accounts/test_accounts.py covers the
same refusal on every database by saving the other registration between check and insert).
"""

import threading
import time
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django_webtest import DjangoTestApp

from accounts import services

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 20
PASSWORD = "Steppe-wind-2024"


@pytest.fixture(autouse=True)
def _on_postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the sign-up race is run on PostgreSQL (DATABASE_URL=postgres://…)")


@pytest.fixture(autouse=True)
def _a_wide_window_between_check_and_insert(monkeypatch):
    # Everyone passes the checks before anyone saves, as on a loaded server: the database is
    # then the only thing that keeps the second account out.
    check_new_account = services.check_new_account

    def slow_check(user):
        check_new_account(user)
        time.sleep(0.5)

    monkeypatch.setattr(services, "check_new_account", slow_check)


def race(fields_for) -> Counter:
    """Each thread opens the sign-up page from its own address and fills it in; all send it at
    once. Returns how many answers had each status ("error" for an exception)."""
    ready = threading.Barrier(THREADS)
    outcomes: list[int | str] = []

    def register(number: int) -> None:
        try:
            app = DjangoTestApp(extra_environ={"REMOTE_ADDR": f"10.20.0.{number + 1}"})
            form = app.get("/accounts/signup/").forms["signup-form"]
            for name, value in fields_for(number).items():
                form[name] = value
            ready.wait(timeout=60)
            outcomes.append(form.submit(expect_errors=True).status_code)
        except Exception as error:  # a server error propagates in tests: count it, go on
            outcomes.append(f"error: {type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(outcomes)


def fields(username: str, email: str) -> dict:
    return {
        "username": username,
        "first_name": "Aruzhan",
        "last_name": "Nurlanovna",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def test_twenty_sign_ups_with_one_username_make_one_account(django_app):
    outcomes = race(lambda number: fields("aruzhan", f"aruzhan{number}@student.example.edu"))

    assert outcomes == Counter({302: 1, 200: THREADS - 1})
    assert User.objects.filter(username="aruzhan").count() == 1


def test_twenty_sign_ups_with_one_email_make_one_account(django_app):
    outcomes = race(
        lambda number: fields(
            f"aruzhan{number}",
            "Aruzhan@student.example.edu" if number % 2 else "aruzhan@STUDENT.example.edu",
        )
    )

    assert outcomes == Counter({302: 1, 200: THREADS - 1})
    assert User.objects.filter(email__iexact="aruzhan@student.example.edu").count() == 1
