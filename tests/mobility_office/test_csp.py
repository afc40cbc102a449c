"""The Content-Security-Policy: every response carries it, and nothing served as a page needs an
exception to it (no inline <script>, no style="" attribute, no onclick=""). The templates under
templates/*/pdf/ are exempt: WeasyPrint renders them, never a browser. The browser tests fail on
any violation the policy reports (tests/browser/conftest.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from reports import charts

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
TEMPLATES = Path(settings.BASE_DIR) / "templates"

INLINE_STYLE = re.compile(r"""\sstyle\s*=""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
SCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def page_templates() -> list[Path]:
    """Every template a browser may be served: all but the PDFs' and the e-mails' (plain text)."""
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if "pdf" not in path.relative_to(TEMPLATES).parts[:-1]
    )


def test_every_page_carries_the_policy(client):
    for url in [reverse("home"), reverse("verify_start"), reverse("login")]:
        assert client.get(url)["Content-Security-Policy"] == POLICY, url


def test_the_other_security_headers_stay(client):
    response = client.get(reverse("verify_start"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_pdf_templates_are_the_only_ones_left_out_of_the_scan():
    scanned = page_templates()
    left_out = sorted(set(TEMPLATES.rglob("*.html")) - set(scanned))

    assert len(scanned) > 50
    assert left_out
    assert all(path.parent.name == "pdf" for path in left_out)


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_STYLE, 'a style="" attribute'),
        (STYLE_ELEMENT, "a <style> element"),
        (INLINE_SCRIPT, "an inline <script>"),
        (EVENT_HANDLER, "an event-handler attribute"),
        (SCRIPT_URL, "a javascript: URL"),
    ],
)
def test_no_page_template_holds_what_the_policy_refuses(pattern, what):
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
        for path in page_templates()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]

    assert not found, f"{what} in: " + "; ".join(found)


def test_the_scan_would_find_what_the_policy_refuses():
    assert INLINE_STYLE.search('<th style="width:7em">')
    assert STYLE_ELEMENT.search("<style>th { width: 7em }</style>")
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/app.js" defer></script>')
    assert EVENT_HANDLER.search('<button onclick="go()">')
    assert not EVENT_HANDLER.search('<form action="/x" id="f">')


def test_the_report_charts_use_attributes_not_inline_styles():
    bars = [charts.Bar(label="Latvia", values=(3, 1), urls=("/a", ""))]
    for chart in (
        charts.bar_chart(title="By country", series=["out", "in"], bars=bars, empty_text="-"),
        charts.trend_chart(title="By year", series=["out", "in"], bars=bars, empty_text="-"),
    ):
        assert "<svg" in chart
        assert not INLINE_STYLE.search(chart)
        assert not STYLE_ELEMENT.search(chart)
