"""Recording a host transcript and recognising it: conversion, credits, totals, the mobility GPA,
the lock after approval, the completion of the mobility in the same transaction, corrections.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationEvent, ApplicationState
from tests.factories import (
    InstitutionFactory,
    TranscriptFactory,
    covering_agreement,
    make_application,
)
from tests.transcripts import recognition_data as data
from transcripts import selectors, services
from transcripts.models import CreditSystem, Transcript

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def application():
    return data.outgoing_mobility()


@pytest.fixture
def transcript(application, registrar):
    return services.transcript_start(application=application, by=registrar)


def by_title(transcript: Transcript) -> dict:
    return {line.host_title: line for line in selectors.transcript_lines(transcript)}


# Starting


def test_start_opens_a_draft_with_the_partners_scale_and_credit_factor(application, registrar):
    transcript = services.transcript_start(application=application, by=registrar)

    assert transcript.version == 1
    assert transcript.state == Transcript.State.DRAFT
    assert transcript.scale == data.host_scale()
    assert transcript.credit_factor == D(1)
    assert transcript.credit_system_name == "Credits ×1 (test)"
    assert not transcript.lines.exists()
    assert len(transcript.verification_code) == 12


def test_the_form_starts_from_the_individual_curriculum_with_the_grade_to_fill(transcript):
    prefill = selectors.transcript_prefill(transcript)

    assert [row["host_code"] for row in prefill] == [row[0] for row in data.CURRICULUM]
    assert prefill[0] == {
        "host_code": "TUR101",
        "host_title": "Tourism Marketing",
        "host_credits": D(6),
        "grade": "",
        "home_code": "MT2201",
        "home_title": "Маркетинг в туризме",
    }


def test_start_is_refused_when_no_scale_is_known_for_the_partner(registrar):
    partner = InstitutionFactory(name="Kyoto University", country="JP", city="Kyoto")
    application = make_application(agreement=covering_agreement(partner=partner))
    application.state = ApplicationState.IN_MOBILITY
    application.save()

    with pytest.raises(ValidationError, match="No grading scale is set for Kyoto University"):
        services.transcript_start(application=application, by=registrar)
    assert not Transcript.objects.exists()


def test_start_is_refused_before_the_mobility_and_twice(application, registrar):
    application.state = ApplicationState.AGREEMENT_SIGNED
    application.save()
    with pytest.raises(ValidationError, match="once the mobility is under way"):
        services.transcript_start(application=application, by=registrar)

    application.state = ApplicationState.IN_MOBILITY
    application.save()
    services.transcript_start(application=application, by=registrar)
    with pytest.raises(ValidationError, match="has a transcript already"):
        services.transcript_start(application=application, by=registrar)


def test_a_later_change_of_the_credit_system_does_not_rewrite_the_transcript(
    application, transcript, registrar
):
    CreditSystem.objects.filter(name="Credits ×1 (test)").update(factor=D(2))

    saved = services.transcript_save_lines(transcript=transcript, lines=data.lines(), by=registrar)

    assert saved.credit_factor == D(1)
    assert by_title(saved)["Tourism Marketing"].home_credits == D(6)


# Recognition and totals


def test_each_line_is_converted_with_its_source_and_counted(transcript, registrar):
    services.transcript_save_lines(transcript=transcript, lines=data.lines(), by=registrar)

    lines = by_title(transcript)
    marketing = lines["Tourism Marketing"]
    assert (marketing.host_grade.label, marketing.home_grade.label) == ("9", "A-")
    assert marketing.home_credits == D(6)
    assert marketing.conversion_source == data.HOST_TABLE
    assert marketing.home_title == "Маркетинг в туризме"
    failed = lines["Event Management"]
    assert failed.home_grade.label == "F"
    assert failed.home_credits == D(0)
    seminar = lines["Research Seminar"]
    assert seminar.home_grade is None
    assert seminar.home_credits == D(2)
    assert seminar.conversion_source == ""
    assert "pass/fail" in seminar.source_label


def test_totals_and_gpa(transcript, registrar):
    services.transcript_save_lines(transcript=transcript, lines=data.lines(), by=registrar)

    totals = selectors.transcript_totals(transcript)

    assert totals.host_credits == data.TOTAL_HOST
    assert totals.home_credits == data.TOTAL_HOME
    assert totals.graded_credits == D(15)
    assert totals.gpa == data.GPA
    assert totals.lines == 5


def test_gpa_leaves_out_pass_fail_and_failed_lines(transcript, registrar):
    # Only the A (4.00) and the C (2.00) weigh in: (4 × 6 + 2 × 3) / 9 = 3.33.
    grades = ["10", "2", "7", "neieskaitīts", "ieskaitīts"]

    services.transcript_save_lines(transcript=transcript, lines=data.lines(grades), by=registrar)
    totals = selectors.transcript_totals(transcript)

    assert totals.gpa == D("3.33")
    assert totals.graded_credits == D(9)
    # The passed pass/fail line counts its credits, the failed ones none.
    assert totals.home_credits == D(6 + 3 + 2)
    assert totals.host_credits == data.TOTAL_HOST


def test_a_transcript_with_only_pass_fail_results_has_no_gpa(transcript, registrar):
    grades = ["ieskaitīts"] * 5

    services.transcript_save_lines(transcript=transcript, lines=data.lines(grades), by=registrar)

    assert selectors.transcript_totals(transcript).gpa is None
    assert selectors.transcript_totals(transcript).home_credits == data.TOTAL_HOST


def test_home_credits_are_host_credits_times_the_factor(registrar):
    application = data.outgoing_mobility(factor="1.5")
    transcript = data.recorded(application, registrar)

    lines = by_title(transcript)
    assert lines["Tourism Marketing"].home_credits == D("9.00")
    assert lines["Latvian Language"].home_credits == D("4.50")
    assert lines["Event Management"].home_credits == D(0)
    totals = selectors.transcript_totals(transcript)
    assert totals.host_credits == data.TOTAL_HOST
    assert totals.home_credits == D("25.50")
    # The factor weighs every graded line alike: the GPA does not change.
    assert totals.gpa == data.GPA


# Refusals at the line


def test_a_grade_not_in_the_scale_is_refused_at_its_line_and_nothing_is_saved(
    transcript, registrar
):
    services.transcript_save_lines(transcript=transcript, lines=data.lines(), by=registrar)
    before = [(line.host_title, line.host_grade.label) for line in transcript.lines.all()]
    bad = data.lines(["10", "10", "11", "10", "ieskaitīts"])

    with pytest.raises(services.TranscriptLinesInvalid) as raised:
        services.transcript_save_lines(transcript=transcript, lines=bad, by=registrar)

    assert list(raised.value.line_errors) == [2]
    (problem,) = raised.value.line_errors[2]["grade"]
    assert problem == (
        f'Grade "11" is not in the scale {data.HOST_SCALE}; choose one of its grades.'
    )
    assert f"Line 3: {problem}" in raised.value.messages
    after = [(line.host_title, line.host_grade.label) for line in transcript.lines.all()]
    assert after == before


def test_a_grade_of_another_scale_is_refused_never_guessed(transcript, registrar):
    lines = data.lines()
    lines[0]["grade"] = data.home_grade("A")  # the home scale's A, not a host grade

    with pytest.raises(services.TranscriptLinesInvalid) as raised:
        services.transcript_save_lines(transcript=transcript, lines=lines, by=registrar)

    assert "is not in the scale" in raised.value.line_errors[0]["grade"][0]
    assert not transcript.lines.exists()


@pytest.mark.parametrize("credits", ["0", "-1", "abc", ""])
def test_credits_of_zero_or_less_or_not_a_number_are_refused_at_the_line(
    transcript, registrar, credits
):
    lines = data.lines()
    lines[1]["host_credits"] = credits

    with pytest.raises(services.TranscriptLinesInvalid) as raised:
        services.transcript_save_lines(transcript=transcript, lines=lines, by=registrar)

    assert list(raised.value.line_errors) == [1]
    assert "host_credits" in raised.value.line_errors[1]
    assert not transcript.lines.exists()


def test_zero_credits_says_so(transcript, registrar):
    lines = data.lines()
    lines[1]["host_credits"] = D(0)

    with pytest.raises(services.TranscriptLinesInvalid) as raised:
        services.transcript_save_lines(transcript=transcript, lines=lines, by=registrar)

    assert raised.value.line_errors[1]["host_credits"] == ["Credits must be more than zero."]


def test_every_error_of_every_line_is_reported_at_once(transcript, registrar):
    lines = data.lines()
    lines[0]["grade"] = ""
    lines[2]["home_title"] = ""
    lines[4]["host_credits"] = "0"

    with pytest.raises(services.TranscriptLinesInvalid) as raised:
        services.transcript_save_lines(transcript=transcript, lines=lines, by=registrar)

    errors = raised.value.line_errors
    assert sorted(errors) == [0, 2, 4]
    assert errors[0]["grade"] == ["Give the grade as the host wrote it."]
    assert errors[2]["home_title"] == ["Say which home discipline it counts as."]
    assert errors[4]["host_credits"] == ["Credits must be more than zero."]


def test_a_discipline_of_the_curriculum_without_a_line_is_refused(transcript, registrar):
    lines = data.lines()[:4]  # the research seminar is missing

    with pytest.raises(services.TranscriptLinesInvalid) as raised:
        services.transcript_save_lines(transcript=transcript, lines=lines, by=registrar)

    assert raised.value.line_errors == {}
    (problem,) = raised.value.general
    assert "TUR105 Research Seminar" in problem
    assert not transcript.lines.exists()


def test_no_line_at_all_is_refused(registrar):
    transcript = services.transcript_start(application=data.incoming_mobility(), by=registrar)
    with pytest.raises(services.TranscriptLinesInvalid, match="there is none"):
        services.transcript_save_lines(transcript=transcript, lines=[], by=registrar)


# Approval


def test_approval_locks_numbers_and_completes_the_mobility(application, transcript, registrar):
    services.transcript_save_lines(
        transcript=transcript,
        lines=data.lines(),
        by=registrar,
        host_number="TU-2023/117",
        host_issued_on=timezone.localdate(),
    )

    approved = services.transcript_approve(transcript=transcript, by=registrar)

    year = timezone.localdate().year
    assert approved.state == Transcript.State.APPROVED
    assert approved.number == f"CR-{year}-0001"
    assert approved.approved_by == registrar
    assert approved.approved_at is not None
    assert approved.host_number == "TU-2023/117"
    application.refresh_from_db()
    assert application.state == ApplicationState.COMPLETED
    assert ApplicationEvent.objects.filter(
        application=application, action="complete", by=registrar
    ).exists()


def test_saving_lines_after_approval_is_refused(application, registrar):
    transcript = data.approved(application, registrar)

    with pytest.raises(ValidationError, match="is approved and cannot change"):
        services.transcript_save_lines(
            transcript=transcript, lines=data.lines(["10"] * 5), by=registrar
        )
    assert sorted(line.host_grade.label for line in transcript.lines.all()) == sorted(data.GRADES)
    with pytest.raises(ValidationError, match="nothing to approve"):
        services.transcript_approve(transcript=transcript, by=registrar)


def test_an_empty_draft_cannot_be_approved(transcript, registrar):
    with pytest.raises(ValidationError, match="Record the lines"):
        services.transcript_approve(transcript=transcript, by=registrar)


def test_when_completing_the_mobility_fails_nothing_is_approved(
    application, transcript, registrar, monkeypatch
):
    services.transcript_save_lines(transcript=transcript, lines=data.lines(), by=registrar)

    def refuse(**kwargs):
        raise ValidationError("The mobility cannot be completed now.")

    monkeypatch.setattr(services, "application_complete", refuse)

    with pytest.raises(ValidationError, match="cannot be completed"):
        services.transcript_approve(transcript=transcript, by=registrar)

    transcript.refresh_from_db()
    assert transcript.state == Transcript.State.DRAFT
    assert transcript.number == ""
    assert transcript.approved_by is None
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_MOBILITY


def test_a_completed_mobility_stays_completed_on_approval(registrar):
    application = data.outgoing_mobility(state=ApplicationState.COMPLETED)

    transcript = data.approved(application, registrar)

    assert transcript.state == Transcript.State.APPROVED
    application.refresh_from_db()
    assert application.state == ApplicationState.COMPLETED


def test_numbers_follow_each_other_within_the_year(registrar):
    first = data.approved(data.outgoing_mobility(), registrar)
    second = data.approved(
        data.outgoing_mobility(first_name="Әсел", last_name="Нұрланқызы"), registrar
    )
    year = timezone.localdate().year

    assert (first.number, second.number) == (f"CR-{year}-0001", f"CR-{year}-0002")
    assert first.verification_code != second.verification_code


# Corrections


def test_a_correction_is_a_new_version_and_supersedes_the_old_one_once_approved(
    application, registrar
):
    first = data.approved(application, registrar)

    correction = services.transcript_correct(
        transcript=first, reason="The host re-issued the grade of Event Management.", by=registrar
    )

    assert correction.version == 2
    assert correction.state == Transcript.State.DRAFT
    assert correction.correction_reason == "The host re-issued the grade of Event Management."
    assert correction.scale == first.scale
    assert correction.credit_factor == first.credit_factor
    assert correction.verification_code != first.verification_code
    copied = [(line.host_title, line.host_grade.label) for line in correction.lines.all()]
    assert copied == [(line.host_title, line.host_grade.label) for line in first.lines.all()]
    first.refresh_from_db()
    assert first.state == Transcript.State.APPROVED  # still in force until v2 is approved

    services.transcript_save_lines(
        transcript=correction, lines=data.lines(["9", "8", "7", "6", "ieskaitīts"]), by=registrar
    )
    services.transcript_approve(transcript=correction, by=registrar)

    first.refresh_from_db()
    correction.refresh_from_db()
    assert first.state == Transcript.State.SUPERSEDED
    assert first.number.endswith("-0001")
    assert sorted(line.host_grade.label for line in first.lines.all()) == sorted(data.GRADES)
    assert correction.state == Transcript.State.APPROVED
    assert correction.number.endswith("-0002")
    assert selectors.approved_transcript(application) == correction
    assert selectors.transcript_totals(correction).home_credits == data.TOTAL_HOST
    # Each version keeps what it counted when it was approved, for the reports.
    assert (first.credits_counted, first.disciplines_counted) == (data.TOTAL_HOME, 4)
    assert (correction.credits_counted, correction.disciplines_counted) == (data.TOTAL_HOST, 5)


def test_the_database_refuses_a_second_transcript_in_force_for_one_mobility(application, registrar):
    data.approved(application, registrar)

    with pytest.raises(IntegrityError), transaction.atomic():
        TranscriptFactory(application=application, version=2, state=Transcript.State.APPROVED)
    assert application.transcripts.count() == 1


def test_a_correction_needs_a_reason_and_an_approved_latest_version(application, registrar):
    first = data.approved(application, registrar)

    with pytest.raises(ValidationError, match="Say why"):
        services.transcript_correct(transcript=first, reason="  ", by=registrar)
    draft = services.transcript_correct(transcript=first, reason="Typo", by=registrar)
    with pytest.raises(ValidationError, match="correction already started"):
        services.transcript_correct(transcript=first, reason="Again", by=registrar)
    with pytest.raises(ValidationError, match="Only the approved version"):
        services.transcript_correct(transcript=draft, reason="Draft", by=registrar)


# Incoming students: our disciplines and grades


def test_an_incoming_transcript_uses_our_scale_and_our_credits(registrar):
    application = data.incoming_mobility()
    transcript = services.transcript_start(application=application, by=registrar)
    lines = [
        {
            "host_code": "TOU3301",
            "host_title": "Туризм в Казахстане",
            "host_credits": "5",
            "grade": "A-",
        },
        {
            "host_code": "HOS3302",
            "host_title": "Hospitality Law",
            "host_credits": "4",
            "grade": "C+",
        },
        {
            "host_code": "KAZ1101",
            "host_title": "Kazakh Language",
            "host_credits": "3",
            "grade": "F",
        },
    ]

    services.transcript_save_lines(transcript=transcript, lines=lines, by=registrar)
    approved = services.transcript_approve(transcript=transcript, by=registrar)

    assert transcript.scale.is_home
    assert transcript.credit_system_name == selectors.KAZAKHSTANI_CREDITS
    law = by_title(transcript)["Hospitality Law"]
    assert law.home_grade.label == "C+"
    assert law.home_title == "Hospitality Law"  # our own discipline counts as itself
    totals = selectors.transcript_totals(transcript)
    # (3.67 × 5 + 2.33 × 4) / 9 = 27.67 / 9 = 3.074 → 3.07
    assert (totals.host_credits, totals.home_credits, totals.gpa) == (D(12), D(9), D("3.07"))
    assert approved.number.startswith(f"TR-{timezone.localdate().year}-")


@pytest.mark.parametrize(
    ("label", "letter"),
    [
        ("A", "A"),
        ("A-", "A"),
        ("B+", "B"),
        ("B", "B"),
        ("B-", "C"),
        ("C+", "C"),
        ("C", "D"),
        ("C-", "D"),
        ("D+", "E"),
        ("D", "E"),
        ("FX", "FX"),
        ("F", "F"),
    ],
)
def test_the_ects_letter_follows_the_home_grades_percent_band(label, letter):
    assert selectors.ects_letter(data.home_grade(label)) == letter


# The registrar's form


def edit_form(django_app, transcript, user):
    page = django_app.get(reverse("transcripts:edit", args=[transcript.pk]), user=user)
    return page.forms["transcript-form"]


def fill_grades(form, grades):
    for index, grade in enumerate(grades):
        form[f"lines-{index}-grade"] = grade


def test_the_form_lists_the_curriculum_and_only_the_scales_grades(transcript, registrar_client):
    response = registrar_client.get(reverse("transcripts:edit", args=[transcript.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Tourism Marketing"' in content
    assert '<option value="ieskaitīts">' in content
    assert '<option value="B+">' not in content  # a home grade is no choice here


def test_the_form_shows_a_wrong_grade_at_its_line_then_saves_the_fix(
    django_app, transcript, registrar
):
    form = edit_form(django_app, transcript, registrar)
    fill_grades(form, data.GRADES)
    # A label the scale does not have, as a stale page or a typed value would send it.
    form["lines-2-grade"].force_value("7,5")
    form["header-host_number"] = "TU-117"

    response = form.submit()

    assert response.status_code == 200
    assert "Nothing was saved" in response.text
    assert f"Grade &quot;7,5&quot; is not in the scale {data.HOST_SCALE}" in response.text
    assert response.context["formset"].forms[2].errors["grade"]
    assert not response.context["formset"].forms[0].errors
    assert not transcript.lines.exists()

    form = response.forms["transcript-form"]
    form["lines-2-grade"] = "7"
    response = form.submit()

    assert response.status_code == 302
    assert transcript.lines.count() == 5
    transcript.refresh_from_db()
    assert transcript.host_number == "TU-117"


def test_a_removed_or_blank_row_is_not_a_line(django_app, transcript, registrar):
    form = edit_form(django_app, transcript, registrar)
    fill_grades(form, data.GRADES)
    # The blank row after the lines is filled, then ticked for removal.
    form["lines-5-host_title"] = "Extra"
    form["lines-5-host_credits"] = "2"
    form["lines-5-grade"] = "10"
    form["lines-5-home_title"] = "Extra"
    form["lines-5-DELETE"] = True

    response = form.submit()

    assert response.status_code == 302
    assert transcript.lines.count() == 5


def test_approve_and_correct_through_the_pages(
    django_app, application, transcript, registrar, registrar_client
):
    form = edit_form(django_app, transcript, registrar)
    fill_grades(form, data.GRADES)
    detail = form.submit().follow()

    response = detail.forms["approve-form"].submit()
    assert response.status_code == 302
    transcript.refresh_from_db()
    assert transcript.state == Transcript.State.APPROVED
    detail = registrar_client.get(transcript.get_absolute_url()).content.decode()
    assert transcript.number in detail
    assert "3.07" in detail

    form = django_app.get(transcript.get_absolute_url(), user=registrar).forms["correct-form"]
    form["reason"] = "Wrong credits"
    response = form.submit()
    correction = application.transcripts.get(version=2)
    assert response.location.endswith(reverse("transcripts:edit", args=[correction.pk]))
    response = registrar_client.get(reverse("transcripts:edit", args=[transcript.pk]))
    assert response.status_code == 302  # an approved version is not edited
