from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from applications import selectors, services
from applications.models import (
    Application,
    ApplicationRound,
    DocumentFile,
    DocumentKind,
    DocumentState,
    RoundPlace,
    Signature,
)
from tests.factories import (
    PDF_BYTES,
    AcademicPeriodFactory,
    AgreementFactory,
    QuestionnaireFactory,
    UserFactory,
    covering_agreement,
    make_application,
    staff_user,
    upload,
)

pytestmark = pytest.mark.django_db


def fill_participant_side(application, *, by):
    """Everything a student provides before submitting."""
    QuestionnaireFactory(application=application)
    version = selectors.current_curriculum(application)
    from applications.models import CurriculumLine

    services.curriculum_save_lines(
        version=version,
        lines=[
            CurriculumLine(
                host_code="HM101",
                host_title="Hotel management",
                host_credits=6,
                home_code="RHB201",
                home_title="Hotel business",
                home_credits=6,
            )
        ],
        by=by,
    )
    for document in application.documents.filter(kind__in=application.participant_document_kinds()):
        services.document_upload(document=document, upload=upload("scan.pdf", PDF_BYTES), by=by)


def add_curriculum_line(application, *, by):
    """One discipline in the draft curriculum: the least an application is approved with."""
    from applications.models import CurriculumLine

    services.curriculum_save_lines(
        version=selectors.current_curriculum(application),
        lines=[CurriculumLine(host_title="A", host_credits=5, home_title="B", home_credits=5)],
        by=by,
    )


def accept_participant_documents(application):
    """What staff do document by document before approving; a shortcut for the set-up."""
    application.documents.filter(kind__in=application.participant_document_kinds()).update(
        state=DocumentState.ACCEPTED
    )


@pytest.fixture
def student(db):
    return UserFactory(username="aigerim", first_name="Айгерім", last_name="Жақыпова")


@pytest.fixture
def office(db):
    return staff_user(username="office", email="office@example.edu")


@pytest.fixture
def application(student, office):
    return make_application(participant=student, by=student)


@pytest.fixture
def submitted(application, student):
    fill_participant_side(application, by=student)
    return services.application_submit(application=application, by=student)


def test_a_student_application_gets_the_six_documents_three_signatures_and_a_curriculum(
    application,
):
    kinds = list(application.documents.values_list("kind", flat=True))

    assert sorted(kinds) == sorted(DocumentKind.required_for("student"))
    assert len(kinds) == 6
    assert application.signatures.count() == 3
    assert application.curriculum_versions.count() == 1
    assert application.state == "draft"


def test_a_teacher_gets_the_staff_set_of_documents(office):
    teacher = make_application(participant_kind="teacher", by=office)

    assert sorted(teacher.documents.values_list("kind", flat=True)) == sorted(
        ["application", "work_plan", "order", "staff_agreement"]
    )
    assert not teacher.curriculum_versions.exists()


def test_a_student_cannot_apply_when_no_round_is_open(student):
    agreement = covering_agreement()
    period = AcademicPeriodFactory()
    closed = ApplicationRound.objects.create(
        title="Spring",
        period=period,
        opens_on=date(2020, 1, 1),
        closes_on=date(2020, 2, 1),
    )
    RoundPlace.objects.create(round=closed, agreement=agreement, places=2)
    application = Application(
        participant=student,
        first_name="A",
        last_name="B",
        direction="outgoing",
        agreement=agreement,
        partner=agreement.partner,
        period=period,
        round=closed,
    )

    with pytest.raises(ValidationError, match="only while a round is open"):
        services.application_create(application=application, by=student)

    assert not Application.objects.exists()


def test_an_agreement_that_has_expired_before_the_period_cannot_be_chosen(office):
    expired = covering_agreement(valid_from=date(2015, 1, 1), valid_until=date(2019, 1, 1))

    with pytest.raises(ValidationError, match="not in force"):
        make_application(agreement=expired, by=office)

    assert not Application.objects.exists()


def test_an_agreement_without_incoming_conditions_cannot_carry_an_incoming_application(office):
    outgoing_only = covering_agreement(direction="outgoing")

    with pytest.raises(ValidationError, match="does not cover"):
        make_application(agreement=outgoing_only, direction="incoming", by=office)


def test_submitting_is_refused_while_documents_are_missing_and_names_them(application, student):
    with pytest.raises(ValidationError) as refused:
        services.application_submit(application=application, by=student)

    text = " ".join(refused.value.messages)
    assert "transcript" in text
    assert "questionnaire is not filled" in text
    application.refresh_from_db()
    assert application.state == "draft"


def test_submitting_with_everything_there_moves_on_records_and_emails(
    application, student, mailoutbox, django_capture_on_commit_callbacks
):
    fill_participant_side(application, by=student)

    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.application_submit(application=application, by=student)

    assert submitted.state == "submitted"
    assert submitted.events.filter(action="submit", to_state="submitted", by=student).exists()
    to_participant = [mail for mail in mailoutbox if mail.to == [application.email]]
    assert len(to_participant) == 1
    assert application.reference in to_participant[0].subject


def test_a_step_sent_for_an_old_version_is_refused_and_changes_nothing(submitted, office):
    seen = submitted.version
    services.application_start_review(application=submitted, by=office, version=seen)

    with pytest.raises(services.StaleApplication, match="changed this application"):
        services.application_start_review(application=submitted, by=office, version=seen)

    submitted.refresh_from_db()
    assert submitted.state == "under_review"
    assert submitted.events.filter(action="start_review").count() == 1


def test_returning_needs_a_comment_and_the_student_can_resubmit(submitted, office, student):
    reviewed = services.application_start_review(application=submitted, by=office)
    with pytest.raises(ValidationError):
        services.application_return(application=reviewed, comment=" ", by=office)

    returned = services.application_return(
        application=reviewed, comment="Sign the questionnaire", by=office
    )
    again = services.application_submit(application=returned, by=student)

    assert returned.state == "returned"
    assert again.state == "resubmitted"


def test_a_returned_document_must_be_uploaded_again_before_resubmitting(submitted, office, student):
    reviewed = services.application_start_review(application=submitted, by=office)
    transcript = reviewed.documents.get(kind="transcript")
    services.document_return(document=transcript, reason="Unreadable scan", by=office)
    returned = services.application_return(application=reviewed, comment="See docs", by=office)

    with pytest.raises(ValidationError, match="transcript was returned: Unreadable scan"):
        services.application_submit(application=returned, by=student)

    services.document_upload(document=transcript, upload=upload("new.pdf", PDF_BYTES), by=student)
    assert services.application_submit(application=returned, by=student).state == "resubmitted"
    assert transcript.versions.count() == 2


def test_approving_beyond_the_places_needs_an_explicit_override_with_a_reason(office, student):
    agreement = covering_agreement()
    condition = agreement.conditions.get()
    condition.places_per_year = 1
    condition.save()
    period = AcademicPeriodFactory()
    first = make_application(agreement=agreement, period=period, by=office, last_name="First")
    second = make_application(agreement=agreement, period=period, by=office, last_name="Second")
    for item in (first, second):
        add_curriculum_line(item, by=office)
        Application.objects.filter(pk=item.pk).update(state="under_review")
        accept_participant_documents(item)
        item.refresh_from_db()
    services.application_approve(application=first, by=office)

    with pytest.raises(services.PlacesExhausted):
        services.application_approve(application=second, by=office)
    with pytest.raises(ValidationError):
        services.application_approve(application=second, by=office, override_places=True)
    approved = services.application_approve(
        application=second, by=office, override_places=True, comment="Rector's decision"
    )

    assert approved.state == "approved"
    event = approved.events.get(action="approve")
    assert "Places exceeded (1 of 1 taken)" in event.comment
    assert "Rector's decision" in event.comment


def test_order_then_three_signatures_move_the_application_to_agreement_signed(
    submitted, office, mailoutbox, django_capture_on_commit_callbacks
):
    reviewed = services.application_start_review(application=submitted, by=office)
    accept_participant_documents(reviewed)
    approved = services.application_approve(application=reviewed, by=office)
    issued = services.application_issue_order(
        application=approved,
        number="145-AM",
        issued_on=date(2023, 1, 20),
        upload=upload("order.pdf", PDF_BYTES),
        by=office,
    )
    assert issued.state == "order_issued"
    assert issued.documents.get(kind="order").state == DocumentState.ACCEPTED

    signatures = list(issued.signatures.all())
    with django_capture_on_commit_callbacks(execute=True):
        for signature in signatures:
            services.signature_record(
                signature=signature,
                status=Signature.Status.SIGNED,
                method=Signature.Method.PAPER,
                signed_on=date(2023, 1, 25),
                by=office,
            )

    issued.refresh_from_db()
    assert issued.state == "agreement_signed"
    assert any("signed the tripartite agreement" in mail.body for mail in mailoutbox)
    assert office.email in {address for mail in mailoutbox for address in mail.to}


def test_a_refused_signature_needs_a_reason_and_keeps_the_state(submitted, office):
    reviewed = services.application_start_review(application=submitted, by=office)
    accept_participant_documents(reviewed)
    approved = services.application_approve(application=reviewed, by=office)
    issued = services.application_issue_order(
        application=approved,
        number="1",
        issued_on=date(2023, 1, 1),
        upload=upload("order.pdf", PDF_BYTES),
        by=office,
    )
    host = issued.signatures.get(party="host")

    with pytest.raises(ValidationError):
        services.signature_record(signature=host, status="refused", by=office)
    services.signature_record(signature=host, status="refused", reason="Wrong dates", by=office)

    issued.refresh_from_db()
    assert issued.state == "order_issued"
    assert issued.signatures.get(party="host").reason == "Wrong dates"


def test_a_student_can_withdraw_but_not_after_the_order(application, student):
    withdrawn = services.application_withdraw(application=application, by=student)

    assert withdrawn.state == "withdrawn"
    with pytest.raises(services.StaleApplication):
        services.application_withdraw(application=withdrawn, by=student)


def test_a_file_that_is_not_a_scan_is_refused_and_leaves_no_row_and_no_file(
    application, student, settings
):
    document = application.documents.get(kind="transcript")

    with pytest.raises(ValidationError):
        services.document_upload(
            document=document, upload=upload("x.pdf", b"#!/bin/sh\nrm -rf /\n"), by=student
        )

    assert not DocumentFile.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))
    document.refresh_from_db()
    assert document.state == "missing"


def test_a_new_upload_keeps_every_earlier_version(application, student):
    document = application.documents.get(kind="transcript")
    services.document_upload(document=document, upload=upload("a.pdf", PDF_BYTES), by=student)
    services.document_upload(document=document, upload=upload("b.pdf", PDF_BYTES), by=student)

    names = list(document.versions.values_list("original_name", flat=True))
    stored = list(document.versions.values_list("file", flat=True))

    assert names == ["b.pdf", "a.pdf"]
    assert len(set(stored)) == 2
    assert all("a.pdf" not in name and "b.pdf" not in name for name in stored)


def test_the_staff_queue_holds_what_waits_for_the_office(submitted, office):
    other = make_application(by=office, last_name="Draft")

    waiting = Application.objects.waiting_for_staff()

    assert submitted in waiting
    assert other not in waiting


def test_agreements_outside_the_period_are_not_offered_in_a_round(student):
    from applications.forms import StudentApplicationForm

    period = AcademicPeriodFactory()
    good = covering_agreement()
    expired = AgreementFactory(valid_from=date(2010, 1, 1), valid_until=date(2012, 1, 1))
    today = date.today()
    round_ = ApplicationRound.objects.create(
        title="Open", period=period, opens_on=today - timedelta(1), closes_on=today + timedelta(9)
    )
    RoundPlace.objects.create(round=round_, agreement=good)
    RoundPlace.objects.create(round=round_, agreement=expired)

    form = StudentApplicationForm(round_=round_)

    assert list(form.fields["agreement"].queryset) == [good]


def test_approving_is_refused_while_a_document_is_not_accepted(submitted, office):
    reviewed = services.application_start_review(application=submitted, by=office)
    services.document_accept(document=reviewed.documents.get(kind="application"), by=office)

    with pytest.raises(ValidationError, match="not accepted yet: .*transcript"):
        services.application_approve(application=reviewed, by=office)

    reviewed.refresh_from_db()
    assert reviewed.state == "under_review"


def test_documents_of_a_withdrawn_application_no_longer_change(application, student):
    withdrawn = services.application_withdraw(application=application, by=student)

    with pytest.raises(ValidationError, match="can no longer change"):
        services.document_upload(
            document=withdrawn.documents.get(kind="transcript"),
            upload=upload("late.pdf", PDF_BYTES),
            by=student,
        )
    assert not DocumentFile.objects.exists()


def test_the_mobility_starts_only_once_the_signed_agreement_is_uploaded(submitted, office):
    reviewed = services.application_start_review(application=submitted, by=office)
    accept_participant_documents(reviewed)
    approved = services.application_approve(application=reviewed, by=office)
    issued = services.application_issue_order(
        application=approved,
        number="7",
        issued_on=date(2023, 1, 1),
        upload=upload("order.pdf", PDF_BYTES),
        by=office,
    )
    for signature in issued.signatures.all():
        services.signature_record(
            signature=signature, status="signed", signed_on=date(2023, 1, 2), by=office
        )
    issued.refresh_from_db()

    with pytest.raises(ValidationError, match="signed scan"):
        services.application_start_mobility(application=issued, by=office)
    services.document_upload(
        document=issued.documents.get(kind="tripartite"),
        upload=upload("signed.pdf", PDF_BYTES),
        by=office,
    )
    # Uploaded is not enough: the office accepts the signed scan before the mobility starts.
    with pytest.raises(ValidationError, match="not accepted yet: tripartite agreement"):
        services.application_start_mobility(application=issued, by=office)
    services.document_accept(document=issued.documents.get(kind="tripartite"), by=office)

    assert services.application_start_mobility(application=issued, by=office).state == (
        "in_mobility"
    )
