"""Personas shared by every test: one for each role the product knows.

View tests submit the form as the page renders it: `django_app` (django-webtest) fetches the page
as a user, `page.forms["<form id>"]` holds what the browser would send, the test changes fields
and calls `.submit()`. A hand-built POST dict hides what the page forgets to render.
"""

import contextlib
import faulthandler
import gc
import io
import os
import weakref
from functools import partial

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.client import store_rendered_templates
from django.test.signals import template_rendered
from django.test.utils import override_settings
from django.utils import translation
from django_webtest import DjangoTestApp

from tests import factories

# A test that hangs ends the run after this long, printing every thread's traceback (the test's
# own frames among them), instead of holding CI until its own limit cuts it off with nothing to
# show. faulthandler's watchdog is a C thread: it fires even when a deadlock holds the
# interpreter's lock, as no Python timer would.
HANG_SECONDS = int(os.environ.get("TEST_HANG_SECONDS", "900"))
_watchdog_output = None


def pytest_configure(config):
    global _watchdog_output
    # A copy of stderr taken now, while pytest is not capturing it: during a test fd 2 is a
    # capture file that an exiting process would never print.
    _watchdog_output = os.fdopen(os.dup(2), "w")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True, file=_watchdog_output)
    try:
        return (yield)
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory
):
    """On SQLite, a session that drives a browser keeps its test database in a file, as an
    installation does.

    The in-memory test database is one connection, which Django's live server shares between
    the threads that answer the browser's requests at once. Two of them on it deadlocked: one,
    inside SQLite, called a Python function of ours (the search fold) and waited for the
    interpreter's lock, which the other held while it waited for SQLite's (the suite then hung
    until CI's limit). With a file each thread has a connection of its own."""
    database = settings.DATABASES["default"]
    drives_a_browser = any(item.get_closest_marker("browser") for item in request.session.items)
    if database["ENGINE"] == "django.db.backends.sqlite3" and drives_a_browser:
        test = database.setdefault("TEST", {})
        if not test.get("NAME"):
            test["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploads land in a folder of their own per test, so a test can check what was left behind.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # Queued e-mails are sent as soon as the step commits, so tests read them in mail.outbox;
    # tests/mail/test_mail_queue.py proves the database queue and its worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def media_files(settings):
    """Every file stored under MEDIA_ROOT, as paths relative to it."""

    def stored() -> list[str]:
        root = settings.MEDIA_ROOT
        if not root.exists():
            return []
        return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())

    return stored


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # A request in another language leaves it active in the thread; the next test starts afresh.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def staff(db):
    return factories.staff_user(username="staff-member", first_name="Aigerim", last_name="Sadykova")


@pytest.fixture
def registrar(db):
    return factories.registrar_user(username="registrar-member")


@pytest.fixture
def student(db):
    return factories.UserFactory(username="student-member")


@pytest.fixture
def unconfirmed_student(db):
    """A student who registered but has not followed the e-mail confirmation link yet."""
    return factories.UserFactory(username="student-unconfirmed", email_confirmed=False)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff) -> Client:
    return _client_for(staff)


@pytest.fixture
def registrar_client(registrar) -> Client:
    return _client_for(registrar)


@pytest.fixture
def student_client(student) -> Client:
    return _client_for(student)


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(superuser) -> Client:
    return _client_for(superuser)


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    fixtures = getattr(item, "fixturenames", [])
    return bool(transactional) or "transactional_db" in fixtures or "live_server" in fixtures


def pytest_collection_modifyitems(items):
    # As Django's own runner does, tests that flush the database (transactional ones, and the
    # browser tests on a live server) run last, so the data the migrations ship is there for
    # every other test, including one that reaches the database through a fixture it asks for
    # at run time (pytest-django would count it as not using the database and run it last).
    # The tests on the demo come together, after the others that keep the database, so it is
    # loaded once (see _Demo).
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None,
            _flushes_the_database(item),
            _uses_demo(item),
        )
    )


class _Demo:
    """The demo in the test database, inside a transaction that is rolled back when the last
    test that asks for it is done; each test runs in a savepoint of its own within it.

    Walking the workflow for 68 applications takes a while, so the demo is loaded once per
    session (once per worker under pytest-xdist): the tests that ask for it run one after the
    other (pytest_collection_modifyitems), and it is rolled back before the next test that does
    not (pytest_runtest_teardown), which must not see it.
    """

    def __init__(self, blocker, media_root) -> None:
        self._blocker = blocker
        self._media_root = media_root
        self._loaded: contextlib.ExitStack | None = None

    def load(self) -> None:
        if self._loaded is not None:
            return
        if transaction.get_connection().in_atomic_block:
            # Loaded inside a test's own transaction, it would be rolled back under our feet.
            pytest.fail(
                "The demo is loaded before the test's database: ask for `demo` before `db`.",
                pytrace=False,
            )
        stack = contextlib.ExitStack()
        try:
            stack.enter_context(self._blocker.unblock())
            stack.enter_context(transaction.atomic())
            stack.callback(transaction.set_rollback, True)
            with override_settings(
                DEBUG=True,
                MEDIA_ROOT=self._media_root,
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ):
                call_command("load_demo", stdout=io.StringIO())
        except BaseException:
            stack.close()
            raise
        self._loaded = stack

    def unload(self) -> None:
        if self._loaded is not None:
            loaded, self._loaded = self._loaded, None
            loaded.close()


_demo: _Demo | None = None


def _uses_demo(item) -> bool:
    return "demo_loaded" in getattr(item, "fixturenames", [])


@pytest.fixture(scope="session")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    global _demo
    _demo = _Demo(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    _demo.load()
    yield _demo
    _demo.unload()
    _demo = None


def _webtest_listeners() -> list:
    listeners = []
    for _key, reference, *_rest in list(template_rendered.receivers):
        receiver = reference() if isinstance(reference, weakref.ReferenceType) else reference
        if isinstance(receiver, partial) and receiver.func is store_rendered_templates:
            listeners.append(receiver)
    return listeners


@pytest.fixture(scope="session", autouse=True)
def _webtest_stops_listening_when_its_request_ends():
    """django-webtest connects a listener for the templates of each request and never
    disconnects it: held in a reference cycle until a full collection, it went on copying the
    context of every later render. A worker gathered 76 of them: 20 million objects, 3 GB, each
    page rendered with 76 copies of its context, a test five times slower than alone."""
    do_request = DjangoTestApp.do_request

    def do_request_then_stop_listening(self, req, status, expect_errors):
        try:
            return do_request(self, req, status, expect_errors)
        finally:
            for listener in _webtest_listeners():
                template_rendered.disconnect(listener)

    DjangoTestApp.do_request = do_request_then_stop_listening
    yield
    DjangoTestApp.do_request = do_request


# A page rendered in a test keeps a copy of every template context it rendered (Django's test
# instrumentation), held in reference cycles that only a full collection frees. Python runs one
# rarely once the heap is large, so a worker grew to several GB and each late collection
# stalled a test for a minute; a full collection every few tests keeps the heap small.
_COLLECT_EVERY = 10
_tests_since_collection = 0


def pytest_collection_finish(session):
    # What start-up and collection loaded lasts the whole run: frozen, it is left out of every
    # collection's walk, as the WSGI application does (mobility_office/wsgi.py).
    gc.collect()
    gc.freeze()


@pytest.hookimpl(trylast=True)
def pytest_runtest_logfinish(nodeid, location):
    global _tests_since_collection
    _tests_since_collection += 1
    if _tests_since_collection >= _COLLECT_EVERY:
        _tests_since_collection = 0
        gc.collect()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # After the test's own fixtures (its savepoint) are gone: the demo goes before a test that
    # does not ask for it.
    try:
        return (yield)
    finally:
        if _demo is not None and _uses_demo(item) and not (nextitem and _uses_demo(nextitem)):
            _demo.unload()


@pytest.fixture
def _demo_in_place(demo_loaded):
    # A test run after the demo was rolled back (out of the order the collection gives) loads it
    # again.
    demo_loaded.load()


@pytest.fixture
def demo(_demo_in_place, db, settings):
    settings.DEBUG = True


@pytest.fixture
def home(db):
    """Our own university, as the documents and the public verification page name it."""
    return factories.HomeInstitutionFactory()
