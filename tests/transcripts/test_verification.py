"""The public verification page: whoever holds the code printed on a transcript sees what the
document certifies (the host institution, the period, every discipline with its grade, credits
and home equivalent) to compare with the paper line by line, whether it is still in force, and
the PDF as it was issued. No contact data, no internal reference. A wrong code says so plainly,
with a 404, and each address may look up only so many codes in a while."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from tests.transcripts import recognition_data as data
from transcripts import pdfs, services
from transcripts.models import Grade, IssuedPdf, Transcript

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home")]

ADDRESS = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.fixture
def transcript(registrar, django_capture_on_commit_callbacks):
    application = data.outgoing_mobility(first_name="Гүлназ", last_name="Жақыпова")
    application.email = "gulnaz@example.edu"
    application.phone = "+7 701 555 12 34"
    application.save()
    # The approval keeps the PDF as issued once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        return data.approved(application, registrar)


def verify(client, code, **extra):
    return client.get(reverse("verify", args=[code]), **extra)


def verify_page(django_app, code, address=ADDRESS):
    """The page reached as a reader reaches it: the code typed into the public form."""
    form = django_app.get(reverse("verify_start"), extra_environ=address).forms["verify-form"]
    form["code"] = code
    return form.submit(extra_environ=address).follow(extra_environ=address, expect_errors=True)


def rows(page) -> list[dict[str, str]]:
    """Each line of the table, its cells by column, as a reader sees them."""
    return [
        {
            cell["data-col"]: " ".join(cell.get_text(" ").split())
            for cell in row.select("td[data-col]")
        }
        for row in page.html.select("#verify-lines tbody tr")
    ]


def line(index: int, grade: str, **home: str) -> dict[str, str]:
    code, title, credits, home_code, home_title = data.CURRICULUM[index]
    return {
        "host-title": f"{code} {title}",
        "host-credits": credits,
        "host-grade": grade,
        "home-title": f"{home_code} {home_title}",
        "home-credits": home["home_credits"],
        "home-grade": home["home_grade"],
        "points": home["points"],
    }


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_verification_url_is_the_one_printed():
    assert reverse("verify", args=["ABCDEFGHJKLM"]) == "/verify/ABCDEFGHJKLM/"


def test_a_code_typed_in_the_form_shows_the_host_the_period_and_every_line(django_app, transcript):
    page = verify_page(django_app, transcript.verification_code)

    assert page.status_code == 200
    assert "This document is genuine and in force." in page.text
    assert page.html.select_one("#verify-number").text == transcript.number
    assert page.html.select_one("#verify-holder").text == "Жақыпова Гүлназ"
    assert page.html.select_one("#verify-issuer").text == "Our University (Біздің университет)"
    assert page.html.select_one("#verify-host").text == "Turiba University, Riga, Latvia"
    period = transcript.application.period
    assert str(period) in page.html.select_one("#verify-period").text
    # What the host wrote, and what each line counts as at home.
    assert rows(page) == [
        line(0, "9", home_credits="6", home_grade="A-", points="3.67"),
        line(1, "8", home_credits="6", home_grade="B", points="3.00"),
        line(2, "7", home_credits="3", home_grade="C", points="2.00"),
        line(3, "3", home_credits="0", home_grade="F", points="0.00"),
        line(4, "ieskaitīts", home_credits="2", home_grade="pass", points="—"),
    ]
    assert page.html.select_one("#verify-host-credits").text == "21"
    assert page.html.select_one("#verify-home-credits").text == "17"
    assert page.html.select_one("#verify-gpa strong").text == "3.07"
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page["Cache-Control"]


def test_a_copy_whose_grade_was_altered_differs_from_the_page(django_app, transcript):
    # A forged copy turns the host's 7 (C) in Latvian Language into a 10 (A).
    forged = {"Latvian Language": ("10", "A")}

    lines = rows(verify_page(django_app, transcript.verification_code))

    latvian = next(line for line in lines if "Latvian Language" in line["host-title"])
    assert (latvian["host-grade"], latvian["home-grade"]) == ("7", "C")
    assert (latvian["host-grade"], latvian["home-grade"]) != forged["Latvian Language"]


def test_it_shows_no_contact_data_nor_internal_reference(anonymous_client, transcript):
    content = verify(anonymous_client, transcript.verification_code).content.decode()

    for hidden in ["gulnaz@example.edu", "+7 701 555 12 34", transcript.application.reference]:
        assert hidden not in content, hidden


def test_the_pdf_link_downloads_the_transcript_as_it_was_issued(django_app, transcript):
    issued = IssuedPdf.objects.get(transcript=transcript)
    page = verify_page(django_app, transcript.verification_code)

    download = page.click(linkid="verify-pdf", extra_environ=ADDRESS)

    assert download.status_code == 200
    assert download.content_type == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{transcript.number}.pdf"'
    assert transcript.number in pdf_text(download.body)
    assert download.body == bytes(issued.content)


def test_the_pdf_stays_the_one_issued_when_names_and_grades_are_edited_later(
    django_app, transcript, registrar
):
    issued = bytes(IssuedPdf.objects.get(transcript=transcript).content)
    transcript.application.partner.name = "Turiba Business University"
    transcript.application.partner.save()
    Grade.objects.filter(scale=transcript.scale, label="7").update(label="7 (C)")

    page = verify_page(django_app, transcript.verification_code)
    download = page.click(linkid="verify-pdf", extra_environ=ADDRESS)

    assert download.body == issued
    assert pdfs.render(Transcript.objects.get(pk=transcript.pk)) != issued
    # The office downloads the same copy while the transcript is in force.
    staff_copy = django_app.get(reverse("transcripts:pdf", args=[transcript.pk]), user=registrar)
    assert staff_copy.body == issued


def test_a_pdf_is_rendered_the_same_whatever_the_readers_language(transcript):
    with translation.override("ru"):
        russian = pdfs.render(transcript)
    with translation.override("en"):
        english = pdfs.render(transcript)

    assert russian == english
    assert russian == bytes(IssuedPdf.objects.get(transcript=transcript).content)


def test_a_transcript_approved_before_pdfs_were_kept_gets_one_rendered_and_kept_later(
    django_app, registrar
):
    # Without running the approval's on-commit step, as for transcripts approved before.
    older = data.approved(data.outgoing_mobility(), registrar)
    assert not IssuedPdf.objects.filter(transcript=older).exists()

    download = django_app.get(reverse("verify_pdf", args=[older.verification_code]))
    call_command("keep_issued_pdfs", stdout=io.StringIO())
    call_command("keep_issued_pdfs", stdout=io.StringIO())

    assert transcript_number_in(download.body, older)
    kept = IssuedPdf.objects.get(transcript=older)
    assert bytes(kept.content) == download.body
    assert IssuedPdf.objects.count() == 1


def transcript_number_in(content: bytes, transcript: Transcript) -> bool:
    return content.startswith(b"%PDF") and transcript.number in pdf_text(content)


def test_a_wrong_code_says_so_with_a_404(anonymous_client, transcript):
    response = verify(anonymous_client, "WRONGCODE234")

    assert response.status_code == 404
    content = response.content.decode()
    assert "No document with the code WRONGCODE234 was found." in content
    assert "Жақыпова" not in content
    assert anonymous_client.get(reverse("verify_pdf", args=["WRONGCODE234"])).status_code == 404


def test_a_drafts_code_is_not_found(anonymous_client, registrar):
    draft = data.recorded(data.outgoing_mobility(), registrar)

    assert verify(anonymous_client, draft.verification_code).status_code == 404
    assert (
        anonymous_client.get(reverse("verify_pdf", args=[draft.verification_code])).status_code
        == 404
    )


def test_a_superseded_version_says_so_names_the_one_in_force_and_its_pdf_says_so(
    django_app, transcript, registrar
):
    correction = services.transcript_correct(transcript=transcript, reason="Typo", by=registrar)
    correction = services.transcript_approve(transcript=correction, by=registrar)

    page = verify_page(django_app, transcript.verification_code)
    download = page.click(linkid="verify-pdf", extra_environ=ADDRESS)

    state = page.html.select_one("#verify-state").text
    assert "superseded by a corrected version" in state
    assert f"The version in force is No. {correction.number}." in state
    assert len(rows(page)) == len(data.CURRICULUM)
    assert download["Content-Disposition"].endswith(f'{transcript.number}-superseded.pdf"')
    assert f"Superseded by a corrected version No. {correction.number}" in pdf_text(download.body)
    in_force = verify_page(django_app, correction.verification_code)
    assert "This document is genuine and in force." in in_force.text


def test_a_revoked_document_says_so_and_its_pdf_says_so(django_app, transcript, registrar):
    services.transcript_revoke(transcript=transcript, reason="Issued in error", by=registrar)

    page = verify_page(django_app, transcript.verification_code)
    download = page.click(linkid="verify-pdf", extra_environ=ADDRESS)

    assert "This document was revoked" in page.html.select_one("#verify-state").text
    assert download["Content-Disposition"].endswith(f'{transcript.number}-revoked.pdf"')
    assert "This document was revoked" in pdf_text(download.body)
    transcript.refresh_from_db()
    assert transcript.revoked_by == registrar
    assert transcript.lines.exists()
    # The copy issued is kept all the same.
    assert IssuedPdf.objects.filter(transcript=transcript).exists()


def test_an_incoming_students_transcript_shows_our_university_as_host_and_ects(
    django_app, registrar
):
    application = data.incoming_mobility(first_name="Ayşe", last_name="Yılmaz")
    transcript = services.transcript_start(application=application, by=registrar)
    lines = [
        {"host_code": "TOU3301", "host_title": "Hospitality", "host_credits": "5", "grade": "A-"},
        {"host_code": "KAZ1101", "host_title": "Kazakh", "host_credits": "3", "grade": "FX"},
    ]
    services.transcript_save_lines(transcript=transcript, lines=lines, by=registrar)
    transcript = services.transcript_approve(transcript=transcript, by=registrar)

    page = verify_page(django_app, transcript.verification_code)

    assert page.html.select_one("#verify-host").text.startswith("Our University (Біздің")
    assert page.html.select_one("#verify-home-university").text.startswith(
        "Antalya Bilim University, Antalya"
    )
    assert [(row["host-title"], row["host-credits"], row["host-grade"]) for row in rows(page)] == [
        ("Hospitality", "5", "A-"),
        ("Kazakh", "3", "FX"),
    ]
    assert [row["home-grade"] for row in rows(page)] == ["A", "FX"]


def test_each_lookup_counts_and_an_address_over_the_limit_is_refused(
    django_app, transcript, settings
):
    settings.VERIFY_THROTTLE_LIMIT = 3
    settings.VERIFY_THROTTLE_WINDOW = 600
    code = transcript.verification_code

    # Two wrong codes and the right one: three lookups from this address.
    assert verify_page(django_app, "WRONGCODE234").status_code == 404
    assert verify_page(django_app, "WRONGCODE567").status_code == 404
    assert verify_page(django_app, code).status_code == 200
    refused = verify_page(django_app, code)
    refused_pdf = django_app.get(
        reverse("verify_pdf", args=[code]), extra_environ=ADDRESS, expect_errors=True
    )
    elsewhere = verify_page(django_app, code, address={"REMOTE_ADDR": "198.51.100.4"})

    assert refused.status_code == 429
    assert "Too many documents were checked from your address." in refused.text
    assert "Try again in 10 minutes." in refused.text
    assert refused["Retry-After"] == "600"
    assert transcript.number not in refused.text
    assert refused_pdf.status_code == 429
    assert elsewhere.status_code == 200
    assert transcript.number in elsewhere.text


def test_the_throttled_page_speaks_the_readers_language(django_app, transcript, settings):
    settings.VERIFY_THROTTLE_LIMIT = 0

    refused = django_app.get(
        reverse("verify", args=[transcript.verification_code]),
        extra_environ=ADDRESS,
        headers={"Accept-Language": "ru"},
        expect_errors=True,
    )

    assert refused.status_code == 429
    assert refused.html.find("html")["lang"] == "ru"
    assert "Проверка подлинности транскрипта" in refused.html.select_one("h1").text


def test_the_page_runs_as_many_queries_whatever_the_number_of_lines(anonymous_client, registrar):
    few = data.approved(data.outgoing_mobility(first_name="A"), registrar)
    extra = [
        {
            "host_code": f"EXT{number}",
            "host_title": f"Elective {number}",
            "host_credits": "3",
            "grade": "8",
            "home_code": "",
            "home_title": f"Elective {number}",
        }
        for number in range(10)
    ]
    many = services.transcript_approve(
        transcript=services.transcript_save_lines(
            transcript=services.transcript_start(
                application=data.outgoing_mobility(first_name="B"), by=registrar
            ),
            lines=data.lines() + extra,
            by=registrar,
        ),
        by=registrar,
    )
    assert (few.lines.count(), many.lines.count()) == (5, 15)

    counts = []
    # From an address each, so that the throttle's own queries are the same for both.
    for address, transcript in [("192.0.2.1", few), ("192.0.2.2", many)]:
        with CaptureQueriesContext(connection) as queries:
            response = verify(anonymous_client, transcript.verification_code, REMOTE_ADDR=address)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


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


def test_the_issued_pdf_is_kept_by_the_background_worker_not_while_the_registrar_waits(
    registrar, settings, django_capture_on_commit_callbacks, client
):
    from tests.mail.test_mail_queue import run_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    application = data.outgoing_mobility(first_name="Aliya", last_name="Nurlanova")
    with django_capture_on_commit_callbacks(execute=True):
        approved = data.approved(application, registrar)
    assert not IssuedPdf.objects.filter(transcript=approved).exists()
    # Meanwhile the verification link renders it on demand.
    assert verify(client, approved.verification_code).status_code == 200

    run_worker()

    kept = IssuedPdf.objects.get(transcript=approved)
    assert transcript_number_in(bytes(kept.content), approved)
