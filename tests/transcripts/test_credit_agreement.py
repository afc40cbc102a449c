"""Recognised home credits follow the approved individual curriculum.

A line that records a discipline of the approved curriculum counts the home credits agreed for it
(not host credits × factor); where the host's credits differ from the agreed ones the registrar
decides per line and the decision is kept with who and when; a line the curriculum does not list
counts host credits × factor and says so; a failed line counts nothing; an incoming student's
transcript is as before. A host transcript dated after today is refused.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications.models import CurriculumLine, CurriculumVersion
from tests.factories import registrar_user
from tests.transcripts import recognition_data as data
from transcripts import pdfs, selectors, services
from transcripts.models import Transcript, TranscriptLine

pytestmark = pytest.mark.django_db

D = Decimal
AGREED = TranscriptLine.CreditBasis.AGREED
FACTOR = TranscriptLine.CreditBasis.FACTOR


@pytest.fixture
def application(staff):
    application = data.outgoing_mobility()
    # Tourism Marketing: 6 host credits agreed as 5 home credits.
    data.approve_curriculum(application, staff, home_credits={"TUR101": "5"})
    return application


@pytest.fixture
def transcript(application, registrar):
    return services.transcript_start(application=application, by=registrar)


def with_credits(changes: dict[str, str], *, basis: dict[str, str] | None = None) -> list[dict]:
    rows = data.lines()
    for row in rows:
        if row["host_code"] in changes:
            row["host_credits"] = D(changes[row["host_code"]])
        row["credit_basis"] = (basis or {}).get(row["host_code"], "")
    return rows


def line(transcript: Transcript, code: str) -> TranscriptLine:
    return transcript.lines.get(host_code=code)


def test_a_line_agreed_as_5_home_credits_is_recognised_as_5_not_6(transcript, registrar):
    services.transcript_save_lines(transcript=transcript, lines=data.lines(), by=registrar)

    marketing = line(transcript, "TUR101")
    assert marketing.host_credits == D(6)
    assert marketing.home_credits == D(5)
    assert marketing.credit_basis == AGREED
    assert (marketing.agreed_host_credits, marketing.agreed_home_credits) == (D(6), D(5))
    assert marketing.curriculum_version == 1
    assert marketing.credit_decided_by is None  # nothing to decide: the host's credits agree
    # 5 + 6 + 3 + 0 (failed) + 2
    assert selectors.transcript_totals(transcript).home_credits == D(16)


def test_the_agreed_credits_count_whatever_the_credit_factor(staff, registrar):
    application = data.outgoing_mobility(factor="1.5")
    data.approve_curriculum(application, staff, home_credits={"TUR101": "8"})
    transcript = data.recorded(application, registrar)

    assert line(transcript, "TUR101").home_credits == D(8)
    assert line(transcript, "TUR102").home_credits == D(6)  # agreed 6 for 6, not 9


def test_a_failed_line_counts_nothing_even_when_agreed(transcript, registrar):
    services.transcript_save_lines(transcript=transcript, lines=data.lines(), by=registrar)

    failed = line(transcript, "TUR104")
    assert failed.credit_basis == AGREED
    assert failed.home_credits == D(0)


def test_host_credits_that_differ_need_the_registrars_decision(transcript, registrar):
    with pytest.raises(services.TranscriptLinesInvalid) as refused:
        services.transcript_save_lines(
            transcript=transcript, lines=with_credits({"TUR101": "7"}), by=registrar
        )

    assert list(refused.value.line_errors) == [0]
    message = refused.value.line_errors[0]["credit_basis"][0]
    assert "The host gives 7 credits" in message
    assert "agreed 6 host credits for 5 home credits" in message
    assert not transcript.lines.exists()


@pytest.mark.parametrize(("basis", "counted"), [(AGREED, D(5)), (FACTOR, D(7))])
def test_the_registrars_decision_counts_and_is_recorded(transcript, registrar, basis, counted):
    before = timezone.now()
    services.transcript_save_lines(
        transcript=transcript,
        lines=with_credits({"TUR101": "7"}, basis={"TUR101": basis}),
        by=registrar,
    )

    marketing = line(transcript, "TUR101")
    assert marketing.credit_basis == basis
    assert marketing.home_credits == counted
    assert marketing.credits_differ
    assert marketing.credit_decided_by == registrar
    assert marketing.credit_decided_at >= before
    # A line whose credits agree needs no decision and records none.
    assert line(transcript, "TUR102").credit_decided_by is None


def test_an_unchanged_decision_keeps_who_made_it_and_when(transcript, registrar):
    rows = with_credits({"TUR101": "7"}, basis={"TUR101": FACTOR})
    services.transcript_save_lines(transcript=transcript, lines=rows, by=registrar)
    first = line(transcript, "TUR101")
    colleague = registrar_user(username="second-registrar")

    services.transcript_save_lines(transcript=transcript, lines=rows, by=colleague)
    kept = line(transcript, "TUR101")
    assert (kept.credit_decided_by, kept.credit_decided_at) == (registrar, first.credit_decided_at)

    rows = with_credits({"TUR101": "7"}, basis={"TUR101": AGREED})
    services.transcript_save_lines(transcript=transcript, lines=rows, by=colleague)
    changed = line(transcript, "TUR101")
    assert (changed.credit_basis, changed.credit_decided_by) == (AGREED, colleague)


def test_a_line_the_curriculum_does_not_list_counts_host_credits_times_factor(
    transcript, registrar
):
    rows = [*data.lines(), {"host_title": "Extra Course", "host_credits": "2", "grade": "10"}]
    rows[-1]["home_title"] = "Elective"

    services.transcript_save_lines(transcript=transcript, lines=rows, by=registrar)

    extra = transcript.lines.get(host_title="Extra Course")
    assert (extra.credit_basis, extra.home_credits, extra.has_agreement) == (FACTOR, D(2), False)


def test_without_an_approved_curriculum_every_line_counts_host_credits_times_factor(registrar):
    application = data.outgoing_mobility(factor="1.5")
    transcript = data.recorded(application, registrar)

    marketing = line(transcript, "TUR101")
    assert (marketing.credit_basis, marketing.home_credits) == (FACTOR, D(9))
    assert not marketing.has_agreement


def test_the_latest_approved_version_counts_not_a_later_draft(application, transcript, registrar):
    draft = CurriculumVersion.objects.create(
        application=application, number=2, created_by=registrar, reason="substitute"
    )
    CurriculumLine.objects.create(
        version=draft,
        host_code="TUR101",
        host_title="Tourism Marketing",
        host_credits=D(6),
        home_title="Маркетинг",
        home_credits=D(4),
    )

    services.transcript_save_lines(transcript=transcript, lines=data.lines(), by=registrar)

    marketing = line(transcript, "TUR101")
    assert (marketing.home_credits, marketing.curriculum_version) == (D(5), 1)


def test_an_incoming_transcript_keeps_host_credits(registrar):
    application = data.incoming_mobility()
    transcript = services.transcript_start(application=application, by=registrar)
    services.transcript_save_lines(
        transcript=transcript,
        lines=[{"host_title": "Kazakh Language", "host_credits": "5", "grade": "A"}],
        by=registrar,
    )

    kazakh = transcript.lines.get()
    assert (kazakh.home_credits, kazakh.credit_basis, kazakh.has_agreement) == (D(5), FACTOR, False)


def test_a_correction_keeps_the_decisions(transcript, registrar):
    rows = with_credits({"TUR101": "7"}, basis={"TUR101": FACTOR})
    services.transcript_save_lines(transcript=transcript, lines=rows, by=registrar)
    approved = services.transcript_approve(transcript=transcript, by=registrar)

    correction = services.transcript_correct(transcript=approved, reason="Typo", by=registrar)

    copied = line(correction, "TUR101")
    assert (copied.credit_basis, copied.home_credits) == (FACTOR, D(7))
    assert copied.credit_decided_by == registrar


def test_a_host_transcript_dated_after_today_is_refused(transcript, registrar):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(services.TranscriptLinesInvalid, match="after today"):
        services.transcript_save_lines(
            transcript=transcript, lines=data.lines(), by=registrar, host_issued_on=tomorrow
        )

    transcript.refresh_from_db()
    assert transcript.host_issued_on is None
    assert not transcript.lines.exists()


# The pages


def test_the_edit_page_shows_the_difference_and_the_registrar_decides(
    django_app, transcript, registrar
):
    services.transcript_save_lines(transcript=transcript, lines=data.lines(), by=registrar)
    url = reverse("transcripts:edit", args=[transcript.pk])

    page = django_app.get(url, user=registrar)
    assert "Home credits follow the approved individual curriculum (version 1)" in page.text
    assert "6 host → 5 home" in page.text
    form = page.forms["transcript-form"]
    assert "lines-0-credit_basis" not in form.fields  # nothing to decide yet
    form["lines-0-host_credits"] = "7"
    response = form.submit()

    assert response.status_code == 200
    assert "The host gives 7 credits" in response.text
    assert line(transcript, "TUR101").host_credits == D(6)  # nothing saved
    form = response.forms["transcript-form"]
    form["lines-0-credit_basis"] = FACTOR
    response = form.submit()

    assert response.status_code == 302, response.text
    marketing = line(transcript, "TUR101")
    assert (marketing.host_credits, marketing.home_credits) == (D(7), D(7))
    assert transcript.lines.count() == 5

    detail = response.follow()
    decisions = detail.html.select_one("#credit-decisions").get_text(" ", strip=True)
    assert "Tourism Marketing: the host gives 7 credits" in decisions
    assert "the host's credits × the factor" in decisions
    assert registrar.get_full_name() in decisions
    assert "agreed in the curriculum, version 1" in detail.text

    # Opened again, the page shows the decision, and saving unchanged keeps it.
    form = django_app.get(url, user=registrar).forms["transcript-form"]
    assert form["lines-0-credit_basis"].value == FACTOR
    assert form.submit().status_code == 302
    assert line(transcript, "TUR101").credit_decided_at == marketing.credit_decided_at


def test_the_page_says_which_lines_are_not_in_the_curriculum(django_app, transcript, registrar):
    rows = [*data.lines(), {"host_title": "Extra", "host_credits": "2", "grade": "10"}]
    rows[-1]["home_title"] = "Elective"
    services.transcript_save_lines(transcript=transcript, lines=rows, by=registrar)

    edit = django_app.get(reverse("transcripts:edit", args=[transcript.pk]), user=registrar)
    detail = django_app.get(transcript.get_absolute_url(), user=registrar)

    assert edit.text.count("Not in the curriculum: host credits × factor.") == 1
    assert detail.text.count("not in the approved curriculum: host credits × factor") == 1


def test_the_edit_page_warns_when_the_curriculum_is_not_approved(django_app, registrar):
    transcript = services.transcript_start(application=data.outgoing_mobility(), by=registrar)

    page = django_app.get(reverse("transcripts:edit", args=[transcript.pk]), user=registrar)

    assert "The individual curriculum is not approved" in page.html.select_one("#credit-rule").text


def test_a_future_issue_date_is_refused_at_its_field(django_app, transcript, registrar):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = django_app.get(reverse("transcripts:edit", args=[transcript.pk]), user=registrar).forms[
        "transcript-form"
    ]
    for index, grade in enumerate(data.GRADES):
        form[f"lines-{index}-grade"] = grade
    form["header-host_issued_on"] = tomorrow.isoformat()

    response = form.submit()

    assert response.status_code == 200
    field = response.html.select_one("#id_header-host_issued_on").find_parent("div")
    assert "after today" in field.get_text()
    assert not transcript.lines.exists()

    form = response.forms["transcript-form"]
    form["header-host_issued_on"] = timezone.localdate().isoformat()
    assert form.submit().status_code == 302
    transcript.refresh_from_db()
    assert transcript.host_issued_on == timezone.localdate()


def test_the_recognition_pdf_says_which_credits_were_agreed(transcript, registrar):
    rows = with_credits({"TUR101": "7"}, basis={"TUR101": FACTOR})
    services.transcript_save_lines(transcript=transcript, lines=rows, by=registrar)
    approved = services.transcript_approve(transcript=transcript, by=registrar)

    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdfs.render(approved))).pages
    )
    text = " ".join(text.split())
    assert "as agreed in the approved individual curriculum (version 1)" in text
    assert "marked *: host credits × 1" in text
