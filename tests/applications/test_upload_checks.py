"""Every place of the application page that takes a file opens it before keeping it.

A file that is not what it claims (cut short, renamed, empty of pages, locked, built to exhaust
the server) is refused at the participant's documents, the signed tripartite agreement and the
signed order alike, with the reason on the page, no new version, no stored file, and (for the
order) no step taken.
"""

import pytest
from webtest import Upload

from applications.models import DocumentFile
from tests.applications.test_documents import (
    agreement_signed_application,
    approved_application,
    detail_page,
)
from tests.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES, make_application
from tests.files import BAD_FILE_IDS, BAD_FILES

pytestmark = pytest.mark.django_db

REAL_FILES = [
    ("scan.pdf", PDF_BYTES, "application/pdf", "pdf"),
    ("scan.jpg", JPEG_BYTES, "image/jpeg", "jpeg"),
    ("scan.png", PNG_BYTES, "image/png", "png"),
]


def errors(page) -> str:
    return " ".join(alert.text for alert in page.html.select(".alert-danger"))


def submit_document(django_app, application, user, kind: str, upload: Upload):
    form = detail_page(django_app, application, user).forms[f"upload-{kind}"]
    form["file"] = upload
    return form.submit().follow()


def issue_order(django_app, application, user, upload: Upload):
    form = detail_page(django_app, application, user).forms["order-form"]
    # Order numbers are unique; the agreement_signed_application of a test holds 145-AM.
    form["number"] = "146-AM"
    form["issued_on"] = "2023-01-20"
    form["file"] = upload
    return form.submit().follow()


@pytest.mark.parametrize("bad", BAD_FILES, ids=BAD_FILE_IDS)
def test_the_student_is_told_why_a_bad_document_is_refused_and_nothing_is_kept(
    django_app, student, media_files, bad
):
    application = make_application(participant=student, by=student)

    page = submit_document(
        django_app, application, student, "transcript", Upload(bad.name, bad.content)
    )

    assert bad.says in errors(page)
    assert not DocumentFile.objects.exists()
    assert application.documents.get(kind="transcript").state == "missing"
    assert media_files() == []


@pytest.mark.parametrize("bad", BAD_FILES, ids=BAD_FILE_IDS)
def test_a_bad_signed_tripartite_scan_is_refused_and_nothing_is_kept(
    django_app, student, staff, media_files, bad
):
    application = agreement_signed_application(student, staff)
    before = (DocumentFile.objects.count(), media_files())

    page = submit_document(
        django_app, application, staff, "tripartite", Upload(bad.name, bad.content)
    )

    assert bad.says in errors(page)
    assert (DocumentFile.objects.count(), media_files()) == before
    assert application.documents.get(kind="tripartite").state == "missing"


@pytest.mark.parametrize("bad", BAD_FILES, ids=BAD_FILE_IDS)
def test_an_order_with_a_bad_signed_scan_is_not_issued_and_nothing_is_kept(
    django_app, student, staff, media_files, bad
):
    application = approved_application(student, staff)
    before = (DocumentFile.objects.count(), media_files(), application.events.count())

    page = issue_order(django_app, application, staff, Upload(bad.name, bad.content))

    assert bad.says in errors(page)
    assert (DocumentFile.objects.count(), media_files(), application.events.count()) == before
    application.refresh_from_db()
    assert application.state == "approved"
    assert application.order_number == ""
    assert application.documents.get(kind="order").state == "missing"


@pytest.mark.parametrize(("name", "content", "content_type", "kind"), REAL_FILES)
def test_real_files_of_each_kind_are_kept_at_every_place(
    django_app, student, staff, media_files, name, content, content_type, kind
):
    draft = make_application(participant=student, by=student)
    submit_document(django_app, draft, student, "transcript", Upload(name, content, content_type))
    signed = agreement_signed_application(student, staff)
    submit_document(django_app, signed, staff, "tripartite", Upload(name, content, content_type))
    approved = approved_application(student, staff)
    issue_order(django_app, approved, staff, Upload(name, content, content_type))

    kept = [
        draft.documents.get(kind="transcript").versions.get(),
        signed.documents.get(kind="tripartite").versions.get(),
        approved.documents.get(kind="order").versions.get(),
    ]
    assert [version.content_kind for version in kept] == [kind] * 3
    assert {version.file.name for version in kept} <= set(media_files())
    approved.refresh_from_db()
    assert approved.state == "order_issued"
