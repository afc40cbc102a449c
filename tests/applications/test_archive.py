"""Closed applications are archived, not deleted: out of the office's working list, whole, and
back with one click."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications import services
from applications.models import Application, ApplicationEvent, ApplicationState
from tests.factories import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(student):
    application = make_application(participant=student, last_name="Withdrawn")
    return services.application_withdraw(application=application, by=student)


@pytest.fixture
def open_application(student):
    return make_application(participant=student, last_name="Pending")


def filter_form(page):
    return next(form for form in page.forms.values() if "archive" in form.fields)


# The service


def test_a_closed_application_is_archived_with_who_and_when(withdrawn, staff):
    archived = services.application_archive(
        application=withdrawn, by=staff, version=withdrawn.version
    )

    assert archived.is_archived
    assert archived.archived_by == staff
    assert archived.state == ApplicationState.WITHDRAWN
    assert ApplicationEvent.objects.filter(application=withdrawn, action="archive", by=staff)
    assert withdrawn.documents.count() == len(withdrawn.required_document_kinds())


def test_an_application_still_open_is_not_archived(open_application, staff):
    with pytest.raises(ValidationError, match="only a completed, rejected or withdrawn"):
        services.application_archive(application=open_application, by=staff)

    open_application.refresh_from_db()
    assert not open_application.is_archived


def test_the_database_refuses_to_archive_an_open_application(open_application, staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=open_application.pk).update(archived_at="2026-01-01T00:00Z")


def test_archiving_from_an_out_of_date_page_or_twice_is_refused(withdrawn, staff):
    seen = withdrawn.version
    services.application_archive(application=withdrawn, by=staff, version=seen)

    with pytest.raises(ValidationError, match="Someone changed this application"):
        services.application_archive(application=withdrawn, by=staff, version=seen)
    with pytest.raises(ValidationError, match="archived already"):
        services.application_archive(application=withdrawn, by=staff)


def test_an_archived_application_is_restored(withdrawn, staff):
    archived = services.application_archive(application=withdrawn, by=staff)

    restored = services.application_restore(application=archived, by=staff)

    assert not restored.is_archived
    assert restored.archived_by is None
    assert ApplicationEvent.objects.filter(application=withdrawn, action="restore", by=staff)
    with pytest.raises(ValidationError, match="is not archived"):
        services.application_restore(application=restored, by=staff)


# The pages


def test_staff_archive_a_closed_application_from_its_page_and_restore_it(
    django_app, staff, withdrawn
):
    page = django_app.get(reverse("applications:detail", args=[withdrawn.pk]), user=staff)

    page = page.forms["application-archive-form"].submit().follow()

    assert "is archived" in page.text
    assert "application-archive-form" not in page.forms
    withdrawn.refresh_from_db()
    assert withdrawn.is_archived

    page.forms["application-restore-form"].submit().follow()

    withdrawn.refresh_from_db()
    assert not withdrawn.is_archived


def test_an_open_application_shows_no_archive_button(django_app, staff, open_application):
    page = django_app.get(reverse("applications:detail", args=[open_application.pk]), user=staff)

    assert "application-archive-form" not in page.forms


def test_the_list_leaves_archived_applications_out_unless_asked(django_app, staff, withdrawn):
    other = make_application()
    services.application_archive(application=withdrawn, by=staff)

    page = django_app.get(reverse("applications:list"), user=staff)
    assert other.reference in page.text
    assert withdrawn.reference not in page.text

    form = filter_form(page)
    form["archive"] = "archived"
    archived_only = form.submit()
    assert withdrawn.reference in archived_only.text
    assert other.reference not in archived_only.text

    form = filter_form(archived_only)
    form["archive"] = "all"
    everything = form.submit()
    assert withdrawn.reference in everything.text
    assert other.reference in everything.text


@pytest.mark.parametrize("client_name", ["registrar_client", "student_client"])
def test_only_the_office_staff_archive_or_restore(request, client_name, withdrawn):
    client = request.getfixturevalue(client_name)

    for name in ("applications:archive", "applications:restore"):
        response = client.post(reverse(name, args=[withdrawn.pk]), {"version": withdrawn.version})
        assert response.status_code == 403
    withdrawn.refresh_from_db()
    assert not withdrawn.is_archived


def test_the_registrar_sees_no_archive_button(django_app, registrar, withdrawn):
    page = django_app.get(reverse("applications:detail", args=[withdrawn.pk]), user=registrar)

    assert "application-archive-form" not in page.forms
