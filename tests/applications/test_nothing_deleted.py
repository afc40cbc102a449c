"""Nothing of an application is lost: once it has left draft, no page and not the admin deletes it
or any of its parts (documents and their files, curriculum, questionnaire, signatures, history),
and no transcript is deleted. A draft may still be deleted in the admin, and takes its files."""

import pytest
from django.db.models import ProtectedError
from django.urls import get_resolver, reverse

from applications import services
from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationState,
    CurriculumVersion,
    Document,
    DocumentFile,
    DocumentKind,
    Questionnaire,
    Signature,
)
from tests.factories import PDF_BYTES, QuestionnaireFactory, make_application, upload
from tests.transcripts import recognition_data as data

pytestmark = pytest.mark.django_db


def with_upload(application, *, by) -> DocumentFile:
    document = application.documents.get(kind=DocumentKind.APPLICATION)
    return services.document_upload(document=document, upload=upload("form.pdf", PDF_BYTES), by=by)


@pytest.fixture
def draft(student):
    application = make_application(participant=student)
    QuestionnaireFactory(application=application)
    with_upload(application, by=student)
    return application


@pytest.fixture
def submitted(draft):
    Application.objects.filter(pk=draft.pk).update(state=ApplicationState.SUBMITTED)
    draft.refresh_from_db()
    return draft


def admin_url(record, action: str) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[record.pk])


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def delete_form(page):
    return next(form for form in page.forms.values() if "post" in form.fields)


# The admin


def test_superuser_cannot_delete_a_submitted_application_in_the_admin(
    django_app, superuser, submitted
):
    page = django_app.get(admin_url(submitted, "delete"), user=superuser, expect_errors=True)

    assert page.status_code == 403
    change = django_app.get(admin_url(submitted, "change"), user=superuser)
    assert admin_url(submitted, "delete") not in change.text
    assert Application.objects.filter(pk=submitted.pk).exists()


def test_the_application_list_in_the_admin_has_no_bulk_delete(django_app, superuser, submitted):
    page = django_app.get(changelist(Application), user=superuser)

    assert "delete_selected" not in page.text


def test_a_withdrawn_draft_has_left_draft_and_is_kept(django_app, superuser, draft, student):
    services.application_withdraw(application=draft, by=student)

    page = django_app.get(admin_url(draft, "delete"), user=superuser, expect_errors=True)

    assert page.status_code == 403
    with pytest.raises(Exception, match="only a draft can be deleted"):
        services.application_delete_draft(application=draft, by=superuser)


@pytest.mark.parametrize(
    "part",
    [
        lambda application: application.documents.first(),
        lambda application: DocumentFile.objects.filter(document__application=application).first(),
        lambda application: application.events.first(),
        lambda application: application.questionnaire,
        lambda application: application.curriculum_versions.first(),
        lambda application: application.signatures.first(),
    ],
    ids=["document", "uploaded file", "history", "questionnaire", "curriculum", "signature"],
)
def test_superuser_cannot_delete_any_part_of_an_application_in_the_admin(
    django_app, superuser, submitted, part
):
    record = part(submitted)

    page = django_app.get(admin_url(record, "delete"), user=superuser, expect_errors=True)
    listed = django_app.get(changelist(type(record)), user=superuser)

    assert page.status_code == 403
    assert "delete_selected" not in listed.text
    assert type(record).objects.filter(pk=record.pk).exists()


def test_the_admin_offers_no_page_to_delete_a_transcript(django_app, superuser, registrar):
    transcript = data.approved(data.outgoing_mobility(), registrar)

    page = django_app.get(
        f"/admin/transcripts/transcript/{transcript.pk}/delete/", user=superuser, status=404
    )

    assert page.status_code == 404
    assert type(transcript).objects.filter(pk=transcript.pk).exists()


def test_superuser_cannot_delete_an_agreement_it_is_archived(django_app, superuser, submitted):
    page = django_app.get(
        admin_url(submitted.agreement, "delete"), user=superuser, expect_errors=True
    )

    assert page.status_code == 403


def test_superuser_still_deletes_a_draft_with_all_it_holds_and_its_files(
    django_app, superuser, draft, media_files, django_capture_on_commit_callbacks
):
    assert media_files()
    page = django_app.get(admin_url(draft, "delete"), user=superuser)
    assert "Questionnaire" in page.text  # the confirmation names what goes with it

    with django_capture_on_commit_callbacks(execute=True):
        delete_form(page).submit().follow()

    assert not Application.objects.filter(pk=draft.pk).exists()
    for model in (Document, DocumentFile, Questionnaire, CurriculumVersion, Signature):
        assert not model.objects.exists()
    assert not ApplicationEvent.objects.filter(application_id=draft.pk).exists()
    assert media_files() == []


# Below the admin


def test_deleting_an_application_in_code_does_not_take_its_parts_silently(submitted):
    with pytest.raises(ProtectedError):
        submitted.delete()
    assert Document.objects.filter(application=submitted).exists()


def test_a_transcript_is_not_deleted_with_its_lines(registrar):
    transcript = data.approved(data.outgoing_mobility(), registrar)

    with pytest.raises(ProtectedError):
        transcript.delete()


def url_names(patterns, namespace: str = ""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_no_page_deletes_anything_but_a_partner_entered_by_mistake():
    names = set(url_names(get_resolver().url_patterns))
    deleting = {name for name in names if "delete" in name and not name.startswith("admin:")}

    assert "applications:detail" in names
    assert deleting == {"agreements:institution_delete"}
