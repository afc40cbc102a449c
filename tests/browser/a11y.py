"""What the accessibility and phone tests share: the demo data, logging in as a demo role, the
reader's language, and axe-core run in the page."""

import io
import re
from pathlib import Path

import axe_playwright_python
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from playwright.sync_api import Page, expect

from demo.users import DEMO_PASSWORD

# The axe-core build that axe-playwright-python vendors. Evaluated in the page, it is not subject
# to the page's Content-Security-Policy (a <script> tag would be).
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
BLOCKING = ("serious", "critical")
LANGUAGES = ("kk", "ru", "en")


def load_demo() -> None:
    """The demo data, as `manage.py load_demo` loads it (it refuses to without DEBUG)."""
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())


def in_language(context, base: str, language: str) -> None:
    """The context's pages are in the language, as the navbar's switch would leave them."""
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def axe_violations(page: Page, impacts=BLOCKING) -> list[dict]:
    """axe-core's violations of the given impacts on the page as it is now."""
    page.evaluate(AXE_SOURCE)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [found for found in results["violations"] if found["impact"] in impacts]


def describe(violations: list[dict]) -> str:
    """One line per violation and up to five of its elements: rule, impact, where, what to do."""
    lines = []
    for found in violations:
        targets = ", ".join(" ".join(node["target"]) for node in found["nodes"][:5])
        more = len(found["nodes"]) - 5
        lines.append(
            f"  {found['id']} ({found['impact']}): {found['help']} — {targets}"
            + (f" and {more} more" if more > 0 else "")
        )
    return "\n".join(lines)
