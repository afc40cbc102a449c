"""A partner's ELMO transcript of records, uploaded on a mobility's transcript page: checked
against the schema, previewed against the mobility (issuer, learner, each course against the
individual curriculum), and, once confirmed, filling the draft as typing its lines would, the file
kept with the transcript. Bad files are refused with the reason, leaving no row and no file.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from webtest import Upload

from agreements.models import Institution
from core import xmldocs
from tests.factories import CreditSystemFactory, QuestionnaireFactory, UserFactory
from tests.transcripts import recognition_data as data
from transcripts import elmo_read, selectors
from transcripts.models import (
    CreditSystem,
    ElmoFile,
    PartnerGrading,
    Transcript,
    TranscriptLine,
)

pytestmark = pytest.mark.django_db

GOOD = (Path(__file__).parent / "data" / "turiba_elmo.xml").read_bytes()
EXAMPLE = (xmldocs.STANDARDS / "elmo" / "example.xml").read_bytes()
IIA = (
    xmldocs.STANDARDS / "ewp" / "ewp-specs-api-iias" / "endpoints" / "get-response-example.xml"
).read_bytes()
ELMO_HEAD = b'<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">'


@pytest.fixture
def owner(db):
    return UserFactory(username="gulnaz", first_name="Гүлназ", last_name="Жақыпова")


@pytest.fixture
def mobility(owner):
    """Gulnaz's semester at Turiba, as in the demo: the partner known by its SCHAC and Erasmus
    codes, her questionnaire giving her birth date."""
    application = data.outgoing_mobility(participant=owner)
    Institution.objects.filter(pk=application.partner_id).update(
        code="turiba.lv", erasmus_code="LV RIGA27"
    )
    application.partner.refresh_from_db()
    QuestionnaireFactory(application=application)  # born 5 April 2003, as the file says
    return application


def upload(django_app, user, application, content: bytes, name: str = "transcript.xml"):
    """Sends the file through the form on the mobility's transcript page."""
    page = django_app.get(
        reverse("transcripts:for_application", args=[application.pk]), user=user
    ).maybe_follow()
    form = page.forms["elmo-form"]
    form["file"] = Upload(name, content, "application/xml")
    return form.submit().maybe_follow()


def alerts(page) -> str:
    return " ".join(alert.text for alert in page.html.select(".alert-danger"))


def test_the_test_file_follows_the_elmo_schema():
    assert xmldocs.schema_errors(xmldocs.parse(GOOD), "elmo") == []


def test_the_reader_finds_every_course_with_its_credits_grade_scheme_and_term():
    document = elmo_read.read(GOOD)

    assert (document.learner.given_names, document.learner.family_name) == ("Gulnaz", "Zhakypova")
    [report] = document.reports
    assert (report.issuer.schac, report.issuer.erasmus) == ("turiba.lv", "LV RIGA27")
    assert report.issuer.titles.get("lv") == "Biznesa augstskola Turība"
    first = document.courses[0]
    assert (first.local_code, first.title, first.result) == ("TUR101", "Tourism Marketing", "9")
    assert (first.credit.scheme, first.credit.value) == ("ECTS", Decimal(6))
    assert first.grading_scheme.descriptions.get("en").startswith("Latvian 10-point scale")
    assert first.term.titles.best == "Autumn semester 2025"
    assert [course.local_code for course in document.courses] == [
        "TUR101",
        "TUR102",
        "TUR103",
        "TUR104",
        "TUR105",
    ]


def test_the_official_example_is_read_with_its_nested_courses():
    document = elmo_read.read(EXAMPLE)

    # The degree programme and the classes are read, but only courses become lines.
    assert [course.title for course in document.courses] == [
        "Identifying ectomycorrhizal fungi (University of Copenhagen)",
        "Compiler construction",
        "The importance of <br> in HTML",
    ]
    compilers = document.courses[1]
    assert compilers.grading_scheme.descriptions.get("en").startswith("A number of the scale")
    assert (compilers.credit.scheme, compilers.credit.value) == ("ects", Decimal(6))
    assert len(document.all_specifications) == 6


def test_a_good_file_previews_its_matches_and_fills_the_draft_with_converted_grades(
    django_app, registrar, mobility, media_files
):
    preview = upload(django_app, registrar, mobility, GOOD, "turiba-tor.xml")

    issuer = preview.html.select_one("#elmo-issuer").text
    assert "Matched to Turiba University by its SCHAC code." in issuer
    assert "The names and the birth date are the participant's." in preview.text
    rows = preview.html.select("#elmo-courses tbody tr")
    assert len(rows) == 5
    assert "Tourism Marketing" in rows[0].text and "Маркетинг в туризме" in rows[0].text
    assert "by the code" in rows[0].text and "Autumn semester 2025" in rows[0].text
    assert "Latvian 10-point scale" in rows[0].text
    assert not preview.html.select("#elmo-unmatched-courses, #elmo-missing-disciplines")
    assert not preview.html.select("#id_issuer_confirmed, #id_learner_confirmed")
    # Nothing is saved by the preview.
    assert not Transcript.objects.exists() and not ElmoFile.objects.exists()
    assert media_files() == []

    page = preview.forms["elmo-confirm-form"].submit().follow()

    transcript = Transcript.objects.get(application=mobility)
    assert page.request.path == transcript.get_absolute_url()
    lines = list(transcript.lines.select_related("host_grade", "home_grade"))
    assert [(line.host_code, line.host_grade.label) for line in lines] == [
        (code, grade) for (code, *_rest), grade in zip(data.CURRICULUM, data.GRADES, strict=True)
    ]
    assert [line.home_grade.label if line.home_grade else None for line in lines] == [
        "A-",
        "B",
        "C",
        "F",
        None,
    ]
    assert [line.home_title for line in lines] == [row[4] for row in data.CURRICULUM]
    totals = selectors.transcript_totals(transcript)
    assert (totals.host_credits, totals.home_credits, totals.gpa) == (
        data.TOTAL_HOST,
        data.TOTAL_HOME,
        data.GPA,
    )
    assert str(transcript.host_issued_on) == "2026-01-30"
    kept = ElmoFile.objects.get()
    assert (kept.transcript, kept.original_name, kept.size, kept.uploaded_by) == (
        transcript,
        "turiba-tor.xml",
        len(GOOD),
        registrar,
    )
    assert not kept.issuer_confirmed and not kept.learner_confirmed
    assert media_files() == [kept.file.name]
    link = page.html.select_one("#elmo-files a")
    assert link.text == "turiba-tor.xml"
    assert django_app.get(link["href"], user=registrar).body == GOOD


def test_a_file_fills_a_draft_already_started_and_keeps_earlier_files(
    django_app, registrar, mobility
):
    draft = data.recorded(mobility, registrar, grades=["10", "10", "10", "10", "ieskaitīts"])

    upload(django_app, registrar, mobility, GOOD).forms["elmo-confirm-form"].submit()
    upload(django_app, registrar, mobility, GOOD).forms["elmo-confirm-form"].submit()

    assert list(draft.lines.values_list("host_grade__label", flat=True)) == data.GRADES
    assert draft.elmo_files.count() == 2
    assert Transcript.objects.count() == 1


def test_a_grade_outside_the_partners_scale_is_shown_at_its_line_and_nothing_saved(
    django_app, registrar, mobility, media_files
):
    content = GOOD.replace(b"<resultLabel>8</resultLabel>", b"<resultLabel>B+</resultLabel>")

    preview = upload(django_app, registrar, mobility, content)
    page = preview.forms["elmo-confirm-form"].submit()

    assert page.status_code == 200
    assert "The file is kept, but its lines were not saved" in alerts(page)
    assert page.html.select_one("#elmo-filled") is not None
    rows = page.html.select("#transcript-lines-form tbody tr")
    assert 'Grade "B+" is not in the scale' in rows[1].text
    assert "table-danger" in rows[1]["class"]
    assert not any("not in the scale" in row.text for row in rows[:1] + rows[2:])
    assert rows[1].select_one("option[selected]")["value"] == "B+"
    # The draft is started and the file kept, but no line is saved.
    transcript = Transcript.objects.get(application=mobility)
    assert not TranscriptLine.objects.exists()
    assert ElmoFile.objects.get().transcript == transcript
    assert len(media_files()) == 1

    # The registrar resolves it on the same page, which saves through the edit form.
    form = page.forms["transcript-form"]
    form["lines-1-grade"] = "8"
    saved = form.submit().follow()

    assert "The transcript's lines are saved and recognised." in saved.html.text
    assert transcript.lines.count() == 5


def test_the_official_example_shows_both_mismatches_and_saves_nothing_until_confirmed(
    django_app, registrar, mobility, media_files
):
    preview = upload(django_app, registrar, mobility, EXAMPLE, "example.xml")

    assert preview.status_code == 200
    assert not alerts(preview)
    assert preview.html.select(".issuer-not-matched")
    assert "University of Warsaw" in preview.html.select_one("#elmo-issuer").text
    learner = preview.html.select_one("#elmo-learner").text
    assert "Wojciech Łukasz Rygielski" in learner
    assert "The names differ." in learner and "The birth date differs." in learner
    assert "Compiler construction" in preview.html.select_one("#elmo-courses").text
    assert "American grading scale" in preview.html.select_one("#elmo-courses").text
    assert len(preview.html.select("#elmo-unmatched-courses li")) == 3
    assert len(preview.html.select("#elmo-missing-disciplines li")) == 5

    # Confirming without checking either is refused: nothing saved.
    refused = preview.forms["elmo-confirm-form"].submit()

    assert "confirm that the file is from this mobility's partner" in alerts(refused)
    assert "confirm that the file is this participant's" in alerts(refused)
    assert not Transcript.objects.exists() and not ElmoFile.objects.exists()
    assert media_files() == []

    # One confirmed is not enough either.
    form = refused.forms["elmo-confirm-form"]
    form["issuer_confirmed"] = True
    refused = form.submit()

    assert "confirm that the file is this participant's" in alerts(refused)
    assert "from this mobility's partner" not in alerts(refused)
    assert not ElmoFile.objects.exists() and media_files() == []

    form = refused.forms["elmo-confirm-form"]
    form["issuer_confirmed"] = True
    form["learner_confirmed"] = True
    page = form.submit()

    # Confirmed, the file is kept; its grades are not the partner's, so the lines wait.
    kept = ElmoFile.objects.get()
    assert kept.issuer_confirmed and kept.learner_confirmed
    assert media_files() == [kept.file.name]
    assert not TranscriptLine.objects.exists()
    assert 'Grade "C" is not in the scale' in page.html.text


def test_a_preview_is_confirmed_once(django_app, registrar, mobility):
    preview = upload(django_app, registrar, mobility, GOOD)
    form = preview.forms["elmo-confirm-form"]
    form.submit()

    again = form.submit().follow().maybe_follow()

    assert "This import has expired or was already done." in alerts(again)
    assert ElmoFile.objects.count() == 1


def _deep(levels: int) -> bytes:
    return ELMO_HEAD + b"<a>" * levels + b"</a>" * levels + b"</elmo>"


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1"><x>&lol3;</x></elmo>"""

BAD_FILES = {
    "not-xml": (b"%PDF-1.4 this is a PDF", "is not an XML document"),
    "not-well-formed": (GOOD[:-40], "is not well-formed XML"),
    "iia-document": (IIA, "This is not an ELMO transcript of records document"),
    "entity-bomb": (BOMB, "declares a DOCTYPE"),
    "deep-nesting": (_deep(60), "more than 40 deep"),
    "schema-error": (
        GOOD.replace(b"<familyName>Zhakypova</familyName>", b""),
        "Line 11: Element '{https://github.com/emrex-eu/elmo-schemas/tree/v1}bday'",
    ),
}


@pytest.mark.parametrize("key", BAD_FILES)
def test_a_bad_file_is_refused_with_the_reason_and_nothing_is_stored(
    django_app, registrar, mobility, media_files, key
):
    content, says = BAD_FILES[key]

    page = upload(django_app, registrar, mobility, content)

    assert says in alerts(page)
    assert page.html.select_one("#elmo-confirm-form") is None
    assert not ElmoFile.objects.exists() and not Transcript.objects.exists()
    assert media_files() == []


def test_an_approved_transcript_refuses_a_file_with_the_reason(
    django_app, registrar, registrar_client, mobility, media_files
):
    approved = data.approved(mobility, registrar)
    page = django_app.get(approved.get_absolute_url(), user=registrar)
    assert "elmo-form" not in page.forms

    response = registrar_client.post(
        reverse("transcripts:elmo_upload", args=[mobility.pk]),
        {"file": _file(GOOD)},
        follow=True,
    )

    assert "is approved and locked: a file cannot change it" in response.text
    assert not ElmoFile.objects.exists() and media_files() == []


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("transcript.xml", content, content_type="application/xml")


def test_staff_students_and_anonymous_may_not_upload_or_confirm(
    django_app, staff, staff_client, student_client, anonymous_client, mobility, owner, media_files
):
    from django.test import Client

    owner_client = Client()
    owner_client.force_login(owner)
    page = django_app.get(
        reverse("transcripts:for_application", args=[mobility.pk]), user=staff
    ).maybe_follow()
    assert "elmo-form" not in page.forms
    for url in (
        reverse("transcripts:elmo_upload", args=[mobility.pk]),
        reverse("transcripts:elmo_confirm", args=[mobility.pk]),
    ):
        for client in (staff_client, student_client, owner_client):
            assert client.post(url, {"file": _file(GOOD)}).status_code == 403
        assert anonymous_client.post(url, {"file": _file(GOOD)}).status_code == 302
    assert not ElmoFile.objects.exists() and media_files() == []


def test_the_kept_file_downloads_for_the_office_only(
    django_app, registrar, staff_client, student_client, anonymous_client, mobility, owner
):
    from django.test import Client

    upload(django_app, registrar, mobility, GOOD).forms["elmo-confirm-form"].submit()
    kept = ElmoFile.objects.get()
    url = reverse("transcripts:elmo_file", args=[kept.transcript_id, kept.pk])
    owner_client = Client()
    owner_client.force_login(owner)

    response = staff_client.get(url)

    assert b"".join(response.streaming_content) == GOOD
    assert response["Content-Type"] == "application/xml"
    assert student_client.get(url).status_code == 403
    assert owner_client.get(url).status_code == 403
    assert anonymous_client.get(url).status_code == 302


def test_a_kept_file_downloads_only_through_its_own_transcript(
    django_app, registrar, registrar_client, mobility
):
    upload(django_app, registrar, mobility, GOOD).forms["elmo-confirm-form"].submit()
    kept = ElmoFile.objects.get()
    elsewhere = data.outgoing_mobility(first_name="Ерлан", last_name="Ахметов")
    other = data.recorded(elsewhere, registrar)

    response = registrar_client.get(reverse("transcripts:elmo_file", args=[other.pk, kept.pk]))

    assert response.status_code == 404


def test_a_learner_of_another_birth_date_must_be_confirmed(django_app, registrar, mobility):
    content = GOOD.replace(b"<bday>2003-04-05</bday>", b"<bday>2003-05-04</bday>")

    preview = upload(django_app, registrar, mobility, content)

    assert "The birth date differs." in preview.html.select_one("#elmo-learner").text
    assert "The names differ." not in preview.text
    assert preview.html.select_one("#id_learner_confirmed") is not None
    assert preview.html.select_one("#id_issuer_confirmed") is None


def test_an_issuer_known_only_by_its_name_is_matched_by_name(django_app, registrar, mobility):
    content = GOOD.replace(b'<identifier type="erasmus">LV RIGA27</identifier>', b"").replace(
        b'<identifier type="schac">turiba.lv</identifier>',
        b'<identifier type="pic">999</identifier>',
    )

    preview = upload(django_app, registrar, mobility, content)

    assert "Matched to Turiba University by its name." in preview.text
    assert preview.html.select_one("#id_issuer_confirmed") is None


def partner_counts(mobility, name: str) -> None:
    system = CreditSystem.objects.filter(name_en=name).first() or CreditSystemFactory(
        name_en=name, factor=Decimal(1)
    )
    PartnerGrading.objects.update_or_create(
        partner=mobility.partner,
        defaults={"scale": selectors.scale_for(mobility.partner), "credit_system": system},
    )


def test_credits_in_the_partners_own_system_raise_no_warning(django_app, registrar, mobility):
    partner_counts(mobility, "ECTS")

    preview = upload(django_app, registrar, mobility, GOOD)

    assert preview.html.select_one("#elmo-credit-schemes") is None


def test_credits_in_another_scheme_than_the_partners_are_pointed_out_before_confirming(
    django_app, registrar, mobility
):
    # The partner's transcripts count Kazakhstani credits; the file gives ECTS.
    partner_counts(mobility, "Kazakhstani credits")

    preview = upload(django_app, registrar, mobility, GOOD)

    warning = preview.html.select_one("#elmo-credit-schemes").text
    assert "ECTS" in warning and "Kazakhstani credits" in warning
