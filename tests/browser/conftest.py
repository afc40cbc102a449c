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
# Generous: under pytest-xdist two live servers and two browsers share the machine's cores.
TIMEOUT_MS = 30_000

# Run in every page before its own scripts (Playwright's init scripts are not subject to the
# page's Content-Security-Policy): each violation the policy reports is written to the console.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `CSP violation: ${event.violatedDirective} refused ${event.blockedURI || "inline"}` +
      ` in ${event.documentURI} (${event.sourceFile || "the page"}:${event.lineNumber})`
  );
});
"""


def watch_csp(context, violations: list[str]) -> None:
    """Collects into violations every Content-Security-Policy violation in the context's pages:
    Chromium's own console error and the securitypolicyviolation event."""
    context.add_init_script(CSP_WATCH)

    def on_console(message) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation:"):
            violations.append(f"{message.location.get('url') or message.page.url}: {text}")

    context.on("console", on_console)


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
def csp_violations() -> list[str]:
    return []


@pytest.fixture(autouse=True)
def _no_csp_violations(csp_violations):
    """Fails a browser test during which any page broke the Content-Security-Policy: a style or
    script it refused is a page that does not work as the test saw it."""
    csp_violations.clear()
    yield
    if csp_violations:
        found = "\n".join(dict.fromkeys(csp_violations))
        csp_violations.clear()
        pytest.fail(f"The Content-Security-Policy refused:\n{found}", pytrace=False)


@pytest.fixture(scope="module")
def browser(django_db_setup, csp_violations):
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
            # Every context a test opens, the `page` fixture's or its own, is watched.
            new_context = browser.new_context

            def watched_context(**kwargs):
                context = new_context(**kwargs)
                watch_csp(context, csp_violations)
                return context

            patch.setattr(browser, "new_context", watched_context)
            yield browser
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
