"""Playwright fixtures for the browser tests: Debian's headless Chromium, never a download.

The browser is found at CHROMIUM_PATH, or as `chromium` on the PATH (`./dev test` installs it
when it is missing). Without it the browser tests fail with a message saying how to get it:
a browser test that silently skips would hide a broken set-up.
"""

import os
import shutil

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path or not os.access(path, os.X_OK):
        pytest.fail(
            "Chromium was not found, so the browser tests cannot run. Install Debian's package "
            "(sudo apt-get install chromium; ./dev test does it when run as root) or point "
            "CHROMIUM_PATH at a Chromium binary. Playwright never downloads a browser here.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """One Chromium per test module.

    The sync Playwright API keeps an event loop running in the test thread while it is started,
    and Django refuses ORM calls from such a thread unless DJANGO_ALLOW_ASYNC_UNSAFE says it is
    safe, which it is here. Both last only as long as this module's tests: the variable would
    otherwise leak into later tests (and fail `check --deploy` run from a test).

    Playwright also gives the test thread a new context, and with it new database connection
    objects, which lack the contents Django serialized when it set the test database up; they
    are handed over, or `django_db_serialized_rollback` would restore nothing (and a second
    browser module would find the roles flushed away by the first).
    """
    path = chromium_path()
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            browser = playwright.chromium.launch(
                executable_path=path, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
