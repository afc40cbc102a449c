"""The public verification page: issuer, number, date, holder, totals and whether the document
is still in force; nothing else. A wrong code says so plainly, with a 404."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import InstitutionFactory
from tests.transcripts import recognition_data as data
from transcripts import services
from transcripts.models import Transcript

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def home(db):
    return InstitutionFactory(
        name="Our University",
        name_local="Біздің университет",
        country="KZ",
        city="Almaty",
        is_home=True,
    )


@pytest.fixture
def transcript(registrar):
    application = data.outgoing_mobility(first_name="Гүлназ", last_name="Жақыпова")
    application.email = "gulnaz@example.edu"
    application.phone = "+7 701 555 12 34"
    application.save()
    return data.approved(application, registrar)


def verify(client, code):
    return client.get(reverse("verify", args=[code]))


def test_the_verification_url_is_the_one_printed():
    assert reverse("verify", args=["ABCDEFGHJKLM"]) == "/verify/ABCDEFGHJKLM/"


def test_anyone_sees_the_issuer_holder_number_date_and_totals(anonymous_client, transcript):
    response = verify(anonymous_client, transcript.verification_code)

    assert response.status_code == 200
    content = response.content.decode()
    assert "This document is genuine and in force." in content
    assert "Our University" in content
    assert "Жақыпова Гүлназ" in content
    assert transcript.number in content
    assert transcript.approved_at.strftime("%d") in content
    assert '<dd class="col-sm-8" id="verify-host-credits">21</dd>' in content
    assert '<dd class="col-sm-8" id="verify-home-credits">17</dd>' in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_it_shows_nothing_more_no_grades_no_disciplines_no_contact(anonymous_client, transcript):
    content = verify(anonymous_client, transcript.verification_code).content.decode()

    for hidden in [
        "Tourism Marketing",
        "Маркетинг в туризме",
        data.HOST_SCALE,
        "ieskaitīts",
        "3.07",  # the GPA
        "gulnaz@example.edu",
        "+7 701 555 12 34",
        transcript.application.reference,
        "Turiba",
    ]:
        assert hidden not in content, hidden


def test_a_wrong_code_says_so_with_a_404(anonymous_client, transcript):
    response = verify(anonymous_client, "WRONGCODE234")

    assert response.status_code == 404
    content = response.content.decode()
    assert "No document with the code WRONGCODE234 was found." in content
    assert "Жақыпова" not in content


def test_a_drafts_code_is_not_found(anonymous_client, registrar):
    draft = data.recorded(data.outgoing_mobility(), registrar)

    assert verify(anonymous_client, draft.verification_code).status_code == 404


def test_a_superseded_version_says_so_and_names_the_one_in_force(
    anonymous_client, transcript, registrar
):
    correction = services.transcript_correct(transcript=transcript, reason="Typo", by=registrar)
    correction = services.transcript_approve(transcript=correction, by=registrar)

    content = verify(anonymous_client, transcript.verification_code).content.decode()

    assert "superseded by a corrected version" in content
    assert f"The version in force is No. {correction.number}." in content
    assert "in force." in verify(anonymous_client, correction.verification_code).content.decode()


def test_a_revoked_document_says_so(anonymous_client, transcript, registrar):
    services.transcript_revoke(transcript=transcript, reason="Issued in error", by=registrar)

    content = verify(anonymous_client, transcript.verification_code).content.decode()

    assert "This document was revoked" in content
    transcript.refresh_from_db()
    assert transcript.revoked_by == registrar
    assert transcript.lines.exists()


def test_revoking_needs_a_reason_and_an_approved_transcript(transcript, registrar):
    with pytest.raises(ValidationError):
        services.transcript_revoke(transcript=transcript, reason=" ", by=registrar)
    services.transcript_revoke(transcript=transcript, reason="Issued in error", by=registrar)

    with pytest.raises(ValidationError, match="Only an approved transcript"):
        services.transcript_revoke(transcript=transcript, reason="Again", by=registrar)


def test_only_the_registrar_revokes(django_app, staff, staff_client, registrar, transcript):
    url = reverse("transcripts:revoke", args=[transcript.pk])
    seen_by_staff = django_app.get(transcript.get_absolute_url(), user=staff)
    assert "revoke-form" not in seen_by_staff.forms

    refused = staff_client.post(url, {"reason": "No"})
    form = django_app.get(transcript.get_absolute_url(), user=registrar).forms["revoke-form"]
    form["reason"] = "Issued in error"
    done = form.submit()

    assert refused.status_code == 403
    assert done.status_code == 302
    transcript.refresh_from_db()
    assert transcript.state == Transcript.State.REVOKED
    assert transcript.revocation_reason == "Issued in error"


def test_the_form_takes_the_code_as_people_type_it(django_app, transcript):
    code = transcript.verification_code
    typed = f" {code[:4].lower()}-{code[4:8]} {code[8:]} "
    page = django_app.get(reverse("verify_start"))
    assert page.status_code == 200
    form = page.forms["verify-form"]
    form["code"] = typed

    response = form.submit()

    assert response.status_code == 302
    assert response.url == reverse("verify", args=[code])
    assert "This document is genuine and in force." in response.follow().text
