"""The signed copy of an agreement: a PDF that opens, and every one ever uploaded kept.

A bad file is refused on the new-agreement page and on the edit page alike, with the reason,
no agreement saved and no file stored. A new copy leaves the earlier one on disk; the agreement's
page lists each copy with who uploaded it and when, and whoever may download the copy in use may
download the earlier ones.
"""

import pytest
from django.urls import reverse
from webtest import Upload

from agreements.models import Agreement
from tests.agreements.test_views import agreement_form, new_agreement_with_scan
from tests.factories import AgreementFactory, UserFactory, upload
from tests.files import BAD_FILE_IDS, BAD_FILES, pdf_bytes

pytestmark = pytest.mark.django_db


def form_errors(response) -> str:
    return " ".join(response.context["form"].errors.get("signed_copy", []))


@pytest.mark.parametrize("bad", BAD_FILES, ids=BAD_FILE_IDS)
def test_a_bad_signed_copy_of_a_new_agreement_is_refused_and_nothing_is_kept(
    django_app, staff, media_files, bad
):
    response = new_agreement_with_scan(
        django_app, staff, Upload(bad.name, bad.content, bad.content_type)
    )

    assert response.status_code == 200
    # Images are refused here for not being PDFs: this place takes PDFs only.
    expected = bad.says if bad.is_pdf_named else "This file is not a PDF file"
    assert expected in form_errors(response)
    assert not Agreement.objects.exists()
    assert media_files() == []


@pytest.mark.parametrize("bad", BAD_FILES, ids=BAD_FILE_IDS)
def test_a_bad_replacement_leaves_the_agreement_and_its_copy_alone(
    django_app, staff, media_files, bad
):
    agreement = AgreementFactory(number="A-1", signed_copy=upload("first.pdf", pdf_bytes()))
    before = (media_files(), agreement.signed_copy.name, agreement.history.count())
    form = agreement_form(django_app, staff, agreement)
    form["number"] = "A-2"
    form["signed_copy"] = Upload(bad.name, bad.content, bad.content_type)

    response = form.submit()

    assert response.status_code == 200
    assert form_errors(response)
    agreement.refresh_from_db()
    assert agreement.number == "A-1"
    assert (media_files(), agreement.signed_copy.name, agreement.history.count()) == before


def replace_copy(django_app, user, agreement, content: bytes):
    form = agreement_form(django_app, user, agreement)
    form["signed_copy"] = Upload("signed.pdf", content, "application/pdf")
    response = form.submit()
    assert response.status_code == 302, response.text
    return response.follow()


def test_every_signed_copy_is_listed_with_who_uploaded_it_and_stays_downloadable(
    django_app, staff, media_files
):
    colleague = UserFactory(username="colleague", first_name="Dana", last_name="Seitova")
    colleague.groups.set(staff.groups.all())
    first, second, third = (pdf_bytes(title) for title in ("First", "Second", "Third"))
    created = new_agreement_with_scan(
        django_app, staff, Upload("first.pdf", first, "application/pdf"), number="A-1"
    )
    assert created.status_code == 302, created.text
    agreement = Agreement.objects.get()

    replace_copy(django_app, colleague, agreement, second)
    page = replace_copy(django_app, staff, agreement, third)

    assert len(media_files()) == 3
    items = page.html.select("#signed-copies li")
    assert len(items) == 3
    assert items[0].text.startswith("In use") and staff.get_full_name() in items[0].text
    assert "Earlier signed copy" in items[1].text and "Dana Seitova" in items[1].text
    assert "Earlier signed copy" in items[2].text and staff.get_full_name() in items[2].text
    in_use = reverse("agreements:agreement_signed_copy", args=[agreement.pk])
    links = [in_use] + [item.a["href"] for item in items[1:]]
    downloads = [django_app.get(link, user=colleague).body for link in links]
    assert downloads == [third, second, first]


def test_saving_without_a_new_copy_lists_the_copy_once(django_app, staff):
    created = new_agreement_with_scan(
        django_app, staff, Upload("first.pdf", pdf_bytes(), "application/pdf"), number="A-1"
    )
    agreement = Agreement.objects.get()
    form = agreement_form(django_app, staff, agreement)
    form["notes"] = "Renewal under discussion."

    page = form.submit().follow()

    assert created.status_code == 302
    assert len(page.html.select("#signed-copies li")) == 1


def test_the_registrar_downloads_earlier_copies_and_a_student_cannot(
    django_app, staff, registrar_client, staff_client, student_client, anonymous_client
):
    created = new_agreement_with_scan(
        django_app, staff, Upload("first.pdf", pdf_bytes("First"), "application/pdf")
    )
    assert created.status_code == 302
    agreement = Agreement.objects.get()
    page = replace_copy(django_app, staff, agreement, pdf_bytes("Second"))
    earlier = page.html.select("#signed-copies li")[1].a["href"]
    assert earlier == reverse(
        "agreements:agreement_version_signed_copy",
        args=[agreement.pk, agreement.history.earliest("history_date").history_id],
    )

    for client in (staff_client, registrar_client):
        assert b"".join(client.get(earlier).streaming_content) == pdf_bytes("First")
    assert student_client.get(earlier).status_code == 403
    assert anonymous_client.get(earlier).status_code == 302
