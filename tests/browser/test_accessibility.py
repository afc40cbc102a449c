"""axe-core finds no serious or critical violation on the main pages of every role, over the demo
data, in Kazakh, Russian and English (Kazakh texts are the longest: a label that fits in English
may push a control off its row in Kazakh).

One test walks every role's pages (the demo is loaded once); the failure lists, page by
page and language by language, every violation with its rule, impact, the elements it was found
on and what to do about it.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from applications.models import Application
from tests.browser.a11y import LANGUAGES, axe_violations, describe, in_language, load_demo, log_in
from transcripts.models import ConversionTable, GradingScale, Transcript

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Screen:
    role: str  # "anonymous" or a demo username: "student", "staff", "registrar"
    name: str
    url: Callable[[], str]  # asks the demo data for the record the page shows

    def __str__(self) -> str:
        return f"{self.role}-{self.name}"


def fixed(path: str) -> Callable[[], str]:
    return lambda: path


def students_application() -> Application:
    return Application.objects.filter(participant__username="student").latest("pk")


def under_review() -> Application:
    return Application.objects.filter(state="under_review").earliest("pk")


def approved_transcript() -> Transcript:
    return Transcript.objects.filter(state="approved").earliest("pk")


def draft_transcript() -> Transcript:
    return Transcript.objects.filter(state="draft").earliest("pk")


def first_scale() -> GradingScale:
    return GradingScale.objects.earliest("pk")


def conversion_table() -> ConversionTable:
    return ConversionTable.objects.earliest("pk")


def page_of(url_name: str, record: Callable) -> Callable[[], str]:
    return lambda: reverse(url_name, args=[record().pk])


SCREENS = [
    Screen("anonymous", "home", fixed("/")),
    Screen("anonymous", "login", fixed("/accounts/login/")),
    Screen("anonymous", "signup", fixed("/accounts/signup/")),
    Screen("anonymous", "public-partners", fixed("/partners/")),
    Screen("anonymous", "verify", fixed("/verify/")),
    Screen(
        "anonymous",
        "verified-transcript",
        lambda: reverse("verify", args=[approved_transcript().verification_code]),
    ),
    Screen("student", "dashboard", fixed("/dashboard/")),
    Screen("student", "my-applications", fixed("/applications/mine/")),
    Screen(
        "student", "application-and-documents", page_of("applications:detail", students_application)
    ),
    Screen("student", "questionnaire", page_of("applications:questionnaire", students_application)),
    Screen("student", "curriculum", page_of("applications:curriculum", students_application)),
    Screen("staff", "dashboard", fixed("/dashboard/")),
    Screen("staff", "queue", fixed("/applications/queue/")),
    Screen("staff", "applications", fixed("/applications/")),
    Screen("staff", "application-detail", page_of("applications:detail", under_review)),
    Screen("staff", "institutions", fixed("/agreements/institutions/")),
    Screen("staff", "agreements", fixed("/agreements/")),
    Screen("staff", "rounds", fixed("/applications/rounds/")),
    Screen("staff", "reports", fixed("/reports/?scope=term&year=2022-2023&term=spring")),
    Screen("registrar", "dashboard", fixed("/dashboard/")),
    Screen("registrar", "transcripts", fixed("/transcripts/")),
    Screen("registrar", "transcript-edit", page_of("transcripts:edit", draft_transcript)),
    Screen("registrar", "transcript", page_of("transcripts:detail", approved_transcript)),
    Screen("registrar", "scales", fixed("/transcripts/scales/")),
    Screen("registrar", "scale", page_of("transcripts:scale_detail", first_scale)),
    Screen("registrar", "conversion-table", page_of("transcripts:table_detail", conversion_table)),
    Screen(
        "registrar", "conversion-table-edit", page_of("transcripts:table_edit", conversion_table)
    ),
]


ROLES = ["anonymous", "student", "staff", "registrar"]


def test_axe_finds_no_serious_violation_on_the_main_pages_of_every_role(
    page: Page, live_server, transactional_db, django_db_serialized_rollback
):
    # The demo takes most of a minute to load, and the live server's database is flushed after
    # each test: one test walks every role's pages over one load.
    load_demo()
    base = live_server.url
    found = []
    for role in ROLES:
        page.context.clear_cookies()
        if role != "anonymous":
            log_in(page, base, role)
        for screen in (screen for screen in SCREENS if screen.role == role):
            path = screen.url()
            for language in LANGUAGES:
                in_language(page.context, base, language)
                response = page.goto(f"{base}{path}")
                assert response.status == 200, f"{path} as {role} in {language}: {response.status}"
                if violations := axe_violations(page):
                    found.append(
                        f"{role}: {screen.name} ({path}) in {language}:\n{describe(violations)}"
                    )

    assert not found, "axe-core:\n" + "\n".join(found)
