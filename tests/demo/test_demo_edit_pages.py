"""Every edit page of the demo data, saved through the form it renders, unchanged and changed.

A green suite once hid that no record with rows could be edited: the tests posted hand-built
data, and the pages forgot each row's hidden id. Here each page is fetched as the role that edits
it, its own form is submitted as the browser would send it, and the save, the rows and the
history are checked.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse

from agreements.models import AcademicPeriod, Agreement, EducationalProgram, Institution
from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationRound,
    ApplicationState,
    CurriculumVersion,
)
from transcripts.models import ConversionTable, CreditSystem, GradingScale, Transcript

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _served_as_in_production(demo, settings):
    # The demo loads only with DEBUG on; the pages are walked as production serves them (with
    # DEBUG on, every one of these thousand requests keeps its debugging data).
    settings.DEBUG = False


EDITED = "(edited)"


def the_form(page):
    """The page's own POST form: the one that posts back to the page itself."""
    path = page.request.path
    forms = {id(form): form for form in page.forms.values()}.values()
    own = [
        form
        for form in forms
        if form.method.lower() == "post" and form.action in ("", path, page.request.url)
    ]
    assert len(own) == 1, f"{path}: expected one form posting to the page, found {len(own)}"
    return own[0]


def errors_on(response) -> str:
    found = response.html.select(".invalid-feedback, .alert-danger, .errorlist, .text-danger")
    return " | ".join(" ".join(node.get_text(" ").split()) for node in found)


def saved(response, url: str) -> None:
    assert response.status_code == 302, f"{url} was not saved: {errors_on(response)}"


def text_field(form, names: tuple[str, ...]) -> str:
    for name in names:
        if name in form.fields:
            return name
    raise AssertionError(f"none of {names} on the form")


@dataclass
class EditPage:
    """An edit page of one kind of record: who edits it, its rows, the text field to change."""

    url_name: str
    role: str
    records: Callable[[], models.QuerySet]
    text_fields: tuple[str, ...]
    rows: Callable[[models.Model], int] = lambda record: 0
    history: Callable[[models.Model], int] | None = None


def _history(record) -> int:
    return record.history.count()


PAGES = {
    "institution": EditPage(
        "agreements:institution_edit",
        "staff",
        lambda: Institution.objects.all(),
        ("notes",),
        rows=lambda institution: institution.contacts.count(),
        history=_history,
    ),
    "agreement": EditPage(
        "agreements:agreement_edit",
        "staff",
        lambda: Agreement.objects.filter(archived_at__isnull=True),
        ("notes",),
        rows=lambda agreement: agreement.conditions.count(),
        history=_history,
    ),
    "period": EditPage("agreements:period_edit", "staff", lambda: AcademicPeriod.objects.all(), ()),
    "program": EditPage(
        "agreements:program_edit",
        "staff",
        lambda: EducationalProgram.objects.all(),
        ("name_en", "name"),
    ),
    "round": EditPage(
        "applications:round_edit",
        "staff",
        lambda: ApplicationRound.objects.all(),
        ("notes",),
        rows=lambda round_: round_.places.count(),
        history=_history,
    ),
    "grading scale": EditPage(
        "transcripts:scale_edit",
        "staff",
        lambda: GradingScale.objects.all(),
        ("description",),
        rows=lambda scale: scale.grades.count(),
        history=_history,
    ),
    "conversion table": EditPage(
        "transcripts:table_edit",
        "registrar",
        lambda: ConversionTable.objects.all(),
        ("source",),
        rows=lambda table: table.rows.count(),
        history=_history,
    ),
    "credit system": EditPage(
        "transcripts:credit_system_edit",
        "registrar",
        lambda: CreditSystem.objects.all(),
        ("description",),
        history=_history,
    ),
    "draft transcript": EditPage(
        "transcripts:edit",
        "registrar",
        lambda: Transcript.objects.filter(state=Transcript.State.DRAFT),
        ("header-host_number",),
        rows=lambda transcript: transcript.lines.count(),
    ),
}


def user(role: str):
    return get_user_model().objects.get(username=role)


@pytest.mark.parametrize("kind", PAGES)
def test_every_edit_page_of_the_demo_saves_unchanged_and_changed(demo, django_app, kind):
    spec = PAGES[kind]
    records = list(spec.records())
    assert records, f"the demo has no {kind}"
    editor = user(spec.role)
    for record in records:
        url = reverse(spec.url_name, args=[record.pk])
        rows = spec.rows(record)
        unchanged = spec.history(record) if spec.history else None

        saved(response := the_form(django_app.get(url, user=editor)).submit(), url)
        assert spec.rows(record) == rows, f"{url}: saving unchanged changed the rows"
        if unchanged is not None:
            assert spec.history(record) == unchanged, f"{url}: saving unchanged left a history"
        del response

        if not spec.text_fields:
            continue
        history = spec.history(record) if spec.history else None
        form = the_form(django_app.get(url, user=editor))
        name = text_field(form, spec.text_fields)
        form[name] = f"{form[name].value or ''} {EDITED}".strip()
        saved(form.submit(), url)
        record.refresh_from_db()
        assert getattr(record, name.split("-")[-1]).endswith(EDITED), (
            f"{url}: the change was not saved"
        )
        assert spec.rows(record) == rows, f"{url}: saving a change changed the rows"
        if history is not None:
            assert spec.history(record) > history, f"{url}: the change is not in the history"


def test_every_participant_page_of_an_editable_demo_application_saves(demo, django_app):
    editable = Application.objects.filter(
        participant__isnull=False,
        state__in=[ApplicationState.DRAFT, ApplicationState.RETURNED],
    ).select_related("participant")
    assert editable, "the demo has no application its participant can change"
    for application in editable:
        owner = application.participant
        for url_name, field in (
            ("applications:edit", "language_of_instruction"),
            ("applications:questionnaire", "address"),
        ):
            url = reverse(url_name, args=[application.pk])
            events = ApplicationEvent.objects.filter(application=application).count()
            form = the_form(django_app.get(url, user=owner))
            saved(form.submit(), url)
            form = the_form(django_app.get(url, user=owner))
            form[field] = f"{form[field].value or ''} {EDITED}".strip()
            saved(form.submit(), url)
            assert ApplicationEvent.objects.filter(application=application).count() >= events + 2

        version = application.curriculum_versions.order_by("-number").first()
        if version is None or version.state != CurriculumVersion.State.DRAFT:
            continue
        url = reverse("applications:curriculum", args=[application.pk])
        lines = version.lines.count()
        saved(the_form(django_app.get(url, user=owner)).submit(), url)
        assert version.lines.count() == lines, f"{url}: saving unchanged changed the lines"
        form = the_form(django_app.get(url, user=owner))
        if lines:
            form["lines-0-home_title"] = f"{form['lines-0-home_title'].value} {EDITED}"
        else:
            # An empty curriculum offers one blank row: fill it as a student would.
            form["lines-0-host_title"] = "Hospitality management"
            form["lines-0-host_credits"] = "6"
            form["lines-0-home_title"] = f"Hotel business {EDITED}"
            form["lines-0-home_credits"] = "5"
        saved(form.submit(), url)
        assert version.lines.count() == max(lines, 1)
        assert version.lines.filter(home_title__endswith=EDITED).count() == 1
