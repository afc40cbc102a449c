"""An incoming student's approved transcript as an ELMO document (transcripts/elmo_write.py).

The document validates against the ELMO schema; it names our university by its SCHAC and
Erasmus codes, the learner, each course with our code, title, ECTS credits, our grade and its
ECTS letter, the term and our grading scheme; it is in the document languages chosen; it is
signed (and still valid) where the settings name a key and a certificate, and says unsigned
otherwise. The registrar downloads it from the transcript's page, the participant from their
application's page; nobody else, and no draft, superseded, revoked or outgoing transcript.
"""

import base64
import datetime
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings as django_settings
from django.urls import reverse
from lxml import etree
from signxml import InvalidSignature, XMLVerifier

from applications.models import Application
from core import xmldocs
from tests.factories import HomeInstitutionFactory, QuestionnaireFactory, UserFactory
from tests.transcripts import recognition_data as data
from transcripts import elmo_write, services
from transcripts.models import Transcript

pytestmark = pytest.mark.django_db

NS = {
    "e": xmldocs.ELMO_NS,
    "mo": elmo_write.EXTENSION_NS,
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Our courses: code, title, our credits, our grade, its GPA points, its ECTS letter.
COURSES = [
    ("TOU3301", "Қазақстандағы туризм", "5", "A-", "3.67", "A"),
    ("HOS3302", "Hospitality Law", "4", "C+", "2.33", "C"),
    ("KAZ1101", "Kazakh Language", "3", "FX", "0.50", "FX"),
]


@pytest.fixture
def our_university(db):
    home = HomeInstitutionFactory()
    home.code = "kuth.edu.kz"
    home.erasmus_code = "KZ ALMATY99"
    home.name_kk = "Туризм және қонақжайлылық университеті"
    home.name_ru = "Университет туризма и гостеприимства"
    home.name_en = "University of Tourism and Hospitality"
    home.website = "https://kuth.edu.kz"
    home.save()
    return home


@pytest.fixture
def participant(db):
    return UserFactory(username="ayse", first_name="Ayşe", last_name="Yılmaz")


@pytest.fixture
def application(participant, our_university):
    application = data.incoming_mobility(first_name="Ayşe", last_name="Yılmaz")
    Application.objects.filter(pk=application.pk).update(participant=participant)
    application.refresh_from_db()
    QuestionnaireFactory(
        application=application, citizenship="TR", date_of_birth=datetime.date(2002, 3, 14)
    )
    return application


def approve(application, registrar) -> Transcript:
    transcript = services.transcript_start(application=application, by=registrar)
    lines = [
        {"host_code": code, "host_title": title, "host_credits": credits, "grade": grade}
        for code, title, credits, grade, _points, _ects in COURSES
    ]
    services.transcript_save_lines(transcript=transcript, lines=lines, by=registrar)
    return services.transcript_approve(transcript=transcript, by=registrar)


@pytest.fixture
def transcript(application, registrar):
    return approve(application, registrar)


def parsed(content: bytes) -> etree._ElementTree:
    tree = xmldocs.parse(content)
    assert xmldocs.schema_errors(tree, "elmo") == []
    return tree


def texts(element, path: str) -> dict[str | None, str]:
    return {node.get(XML_LANG): node.text for node in element.findall(path, NS)}


def elmo_form(page):
    """The ELMO download form (a GET form with the language choice) of a page."""
    forms = [form for form in page.forms.values() if "/elmo.xml" in (form.action or "")]
    assert len(forms) == 1, "the page has no ELMO download"
    return forms[0]


def has_elmo_link(page) -> bool:
    return any("/elmo.xml" in (form.action or "") for form in page.forms.values())


# --- The document -----------------------------------------------------------------------


def test_the_document_validates_and_names_the_issuer_and_the_learner(transcript):
    tree = parsed(elmo_write.transcript_elmo(transcript, languages="kk+en"))
    root = tree.getroot()

    issuer = root.find("e:report/e:issuer", NS)
    assert issuer.findtext("e:country", namespaces=NS) == "KZ"
    identifiers = {node.get("type"): node.text for node in issuer.findall("e:identifier", NS)}
    assert identifiers == {"schac": "kuth.edu.kz", "erasmus": "KZ ALMATY99"}
    assert texts(issuer, "e:title") == {
        "kk": "Туризм және қонақжайлылық университеті",
        "en": "University of Tourism and Hospitality",
    }
    assert issuer.findtext("e:url", namespaces=NS) == "https://kuth.edu.kz"
    learner = root.find("e:learner", NS)
    assert learner.findtext("e:citizenship", namespaces=NS) == "TR"
    assert learner.findtext("e:givenNames", namespaces=NS) == "Ayşe"
    assert learner.findtext("e:familyName", namespaces=NS) == "Yılmaz"
    assert learner.findtext("e:bday", namespaces=NS) == "2002-03-14"
    issued = root.findtext("e:report/e:issueDate", namespaces=NS)
    assert datetime.datetime.fromisoformat(issued) == transcript.approved_at.replace(microsecond=0)


def test_every_course_has_our_code_title_ects_credits_grade_and_ects_letter(transcript):
    root = parsed(elmo_write.transcript_elmo(transcript, languages="kk+en")).getroot()
    courses = root.findall("e:report/e:learningOpportunitySpecification", NS)

    assert len(courses) == len(COURSES)
    for course, (code, title, credits, grade, _points, ects) in zip(courses, COURSES, strict=True):
        assert course.findtext("e:identifier[@type='local']", namespaces=NS) == code
        assert course.findtext("e:title", namespaces=NS) == title
        instance = course.find("e:specifies/e:learningOpportunityInstance", NS)
        assert instance.findtext("e:credit/e:scheme", namespaces=NS) == "ECTS"
        # One Kazakhstani credit is one ECTS credit (both factors 1 in the register).
        assert Decimal(instance.findtext("e:credit/e:value", namespaces=NS)) == Decimal(credits)
        assert instance.findtext("e:resultLabel", namespaces=NS) == grade
        assert instance.findtext("e:gradingSchemeLocalId", namespaces=NS) == "kz-letter"
        assert instance.findtext("e:extension/mo:ectsGrade", namespaces=NS) == ects
        status = "failed" if grade == "FX" else "passed"
        assert instance.findtext("e:status", namespaces=NS) == status


def test_the_term_is_the_mobilitys_period_in_the_document_languages(transcript):
    period = transcript.application.period
    root = parsed(elmo_write.transcript_elmo(transcript, languages="kk+en")).getroot()

    for term in root.iterfind(".//e:academicTerm", NS):
        titles = texts(term, "e:title")
        assert set(titles) == {"kk", "en"}
        assert titles["en"] == f"{period.academic_year}, {period.Term(period.term).label}"
        assert titles["kk"].startswith(period.academic_year)
        assert term.findtext("e:start", namespaces=NS) == period.starts_on.isoformat()
        assert term.findtext("e:end", namespaces=NS) == period.ends_on.isoformat()


def test_the_grading_scheme_describes_our_letters_points_bands_and_ects(transcript):
    root = parsed(elmo_write.transcript_elmo(transcript, languages="kk+en")).getroot()
    schemes = {
        scheme.get("localId"): scheme for scheme in root.iterfind("e:report/e:gradingScheme", NS)
    }

    assert set(schemes) == {"kz-letter", "ECTS"}
    ours = texts(schemes["kz-letter"], "e:description")
    assert set(ours) == {"kk", "en"}
    assert "A- — 3.67 — 90–94 % — excellent — ECTS A" in ours["en"]
    assert "FX — 0.50 — 25–49 %" in ours["en"]
    assert "A- — 3,67 — 90–94 %" in ours["kk"]  # the Kazakh decimal comma
    assert "A ≥ 90 %, B ≥ 80 %" in ours["en"]
    assert "Бағалар қазақстандық әріптік шкала бойынша" in ours["kk"]  # the PDF's own sentence


def test_the_transcripts_pdf_is_attached_as_its_human_readable_copy(transcript):
    root = parsed(elmo_write.transcript_elmo(transcript, languages="kk+en")).getroot()
    attachment = root.find("e:report/e:attachment", NS)

    assert attachment.findtext("e:type", namespaces=NS) == "Transcript of Records"
    content = attachment.findtext("e:content", namespaces=NS)
    prefix = "data:application/pdf;base64,"
    assert content.startswith(prefix)
    assert base64.b64decode(content.removeprefix(prefix)).startswith(b"%PDF-")


def test_the_document_language_choice_sets_the_languages_of_its_texts(transcript):
    russian = parsed(elmo_write.transcript_elmo(transcript, languages="ru")).getroot()
    both = parsed(elmo_write.transcript_elmo(transcript, languages="kk+en")).getroot()

    assert texts(russian.find("e:report/e:issuer", NS), "e:title") == {
        "ru": "Университет туризма и гостеприимства"
    }
    assert set(texts(russian.find(".//e:academicTerm", NS), "e:title")) == {"ru"}
    assert {node.get(XML_LANG) for node in russian.iterfind(".//e:description", NS)} == {"ru"}
    assert {node.get(XML_LANG) for node in both.iterfind(".//e:description", NS)} == {"kk", "en"}
    assert {node.get(XML_LANG) for node in both.iterfind(".//e:attachment/e:title", NS)} == {
        "kk",
        "en",
    }


def test_without_a_signing_key_the_document_says_it_is_unsigned(transcript):
    content = elmo_write.transcript_elmo(transcript, languages="en")
    root = parsed(content).getroot()

    assert root.find("ds:Signature", NS) is None
    comments = [node.text for node in root.iter(etree.Comment)]
    assert any("Unsigned" in comment for comment in comments)
    assert any(transcript.verification_code in comment for comment in comments)


# --- Signing ----------------------------------------------------------------------------


def make_key_and_certificate(folder: Path) -> tuple[Path, Path, bytes]:
    """A throwaway RSA key and a self-signed certificate for it, as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kuth.edu.kz ELMO (test)")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / "elmo-key.pem", folder / "elmo-cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_pem = certificate.public_bytes(serialization.Encoding.PEM)
    cert_path.write_bytes(cert_pem)
    return key_path, cert_path, cert_pem


@pytest.fixture
def signing(settings, tmp_path):
    key_path, cert_path, cert_pem = make_key_and_certificate(tmp_path)
    settings.ELMO_SIGNING_KEY = str(key_path)
    settings.ELMO_SIGNING_CERT = str(cert_path)
    return cert_pem


def test_with_a_key_and_certificate_the_download_is_signed_and_still_valid(
    transcript, registrar, django_app, signing
):
    page = django_app.get(transcript.get_absolute_url(), user=registrar)
    form = elmo_form(page)
    assert "signed" in page.html.select_one("#transcript-elmo").get_text()
    assert "unsigned" not in page.html.select_one("#transcript-elmo").get_text()

    content = form.submit().body
    root = parsed(content).getroot()

    signature = root[-1]
    assert etree.QName(signature).localname == "Signature"
    assert root.find("ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS) is not None
    verified = XMLVerifier().verify(content, x509_cert=signing.decode())
    assert etree.QName(verified.signed_xml).localname == "elmo"
    assert not any("Unsigned" in node.text for node in root.iter(etree.Comment))


def test_a_signed_document_changed_afterwards_fails_verification(transcript, signing):
    content = elmo_write.transcript_elmo(transcript, languages="en")
    tampered = content.replace(b"<resultLabel>FX</resultLabel>", b"<resultLabel>A</resultLabel>")
    assert tampered != content

    with pytest.raises(InvalidSignature):
        XMLVerifier().verify(tampered, x509_cert=signing.decode())


def settings_error(**environ: str) -> str:
    """What importing the settings says with these variables set (in a fresh interpreter)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ELMO_")}
    env.update(environ)
    result = subprocess.run(
        [sys.executable, "-c", "import mobility_office.settings"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    return result.stderr


def test_a_key_without_a_certificate_stops_the_start_with_a_clear_error(tmp_path):
    key_path, _cert_path, _pem = make_key_and_certificate(tmp_path)

    error = settings_error(ELMO_SIGNING_KEY=str(key_path))

    assert "ELMO_SIGNING_KEY and ELMO_SIGNING_CERT go together" in error


def test_a_missing_certificate_file_stops_the_start_with_a_clear_error(tmp_path):
    key_path, _cert_path, _pem = make_key_and_certificate(tmp_path)

    error = settings_error(
        ELMO_SIGNING_KEY=str(key_path), ELMO_SIGNING_CERT=str(tmp_path / "missing.pem")
    )

    assert "ELMO_SIGNING_CERT is" in error
    assert "which is not a file" in error


# --- Downloads ----------------------------------------------------------------------------


def test_the_registrar_downloads_the_elmo_file_from_the_transcripts_page(
    transcript, registrar, django_app
):
    page = django_app.get(transcript.get_absolute_url(), user=registrar)
    assert "unsigned" in page.html.select_one("#transcript-elmo").get_text()

    response = elmo_form(page).submit()

    assert response.status_code == 200
    assert response.content_type == "application/xml"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{transcript.number}.xml"'
    )
    assert transcript.number.startswith("TR-")
    root = parsed(response.body).getroot()
    # The office's default for the transcript: Kazakh + English.
    assert set(texts(root.find("e:report/e:issuer", NS), "e:title")) == {"kk", "en"}


def test_the_language_chosen_on_the_page_is_the_documents(transcript, registrar, django_app):
    form = elmo_form(django_app.get(transcript.get_absolute_url(), user=registrar))
    form["lang"] = "ru+en"

    root = parsed(form.submit().body).getroot()

    assert set(texts(root.find(".//e:academicTerm", NS), "e:title")) == {"ru", "en"}


def test_the_participant_downloads_it_from_their_application_page(
    transcript, participant, django_app
):
    page = django_app.get(transcript.application.get_absolute_url(), user=participant)

    response = elmo_form(page).submit()

    assert response.content_type == "application/xml"
    root = parsed(response.body).getroot()
    assert root.findtext("e:learner/e:familyName", namespaces=NS) == "Yılmaz"


def test_a_missing_schac_code_is_said_on_the_page_not_a_server_error(
    transcript, registrar, django_app, our_university
):
    our_university.code = ""
    our_university.erasmus_code = ""
    our_university.save()
    form = elmo_form(django_app.get(transcript.get_absolute_url(), user=registrar))

    page = form.submit().follow()

    assert page.request.path == transcript.get_absolute_url()
    assert "SCHAC code" in page.html.select_one(".alert-danger").get_text()


# --- Refused --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(transcript, django_app):
    response = django_app.get(reverse("transcripts:elmo", args=[transcript.pk]))

    assert response.status_code == 302
    assert reverse("login") in response.location


def test_another_student_and_staff_without_the_permission_get_404(transcript, django_app):
    url = reverse("transcripts:elmo", args=[transcript.pk])
    other_student = UserFactory(username="someone-else")
    staff_without_permission = UserFactory(username="no-group", is_staff=True)

    for user in (other_student, staff_without_permission):
        assert django_app.get(url, user=user, status=404).status_code == 404
        page = django_app.get(transcript.application.get_absolute_url(), user=user, status="*")
        assert page.status_code == 404 or not has_elmo_link(page)


def test_a_draft_has_no_elmo_file(application, registrar, django_app, media_files):
    draft = services.transcript_start(application=application, by=registrar)
    services.transcript_save_lines(
        transcript=draft,
        lines=[{"host_code": "X1", "host_title": "Course", "host_credits": "5", "grade": "A"}],
        by=registrar,
    )

    page = django_app.get(draft.get_absolute_url(), user=registrar)
    assert not has_elmo_link(page)
    django_app.get(reverse("transcripts:elmo", args=[draft.pk]), user=registrar, status=404)
    assert media_files() == []


def test_a_superseded_or_revoked_version_has_no_elmo_file(
    transcript, registrar, participant, django_app
):
    correction = services.transcript_correct(transcript=transcript, reason="Typo", by=registrar)
    correction = services.transcript_approve(transcript=correction, by=registrar)
    transcript.refresh_from_db()
    assert transcript.state == Transcript.State.SUPERSEDED
    services.transcript_revoke(transcript=correction, reason="Issued in error", by=registrar)
    correction.refresh_from_db()

    for old in (transcript, correction):
        assert not has_elmo_link(django_app.get(old.get_absolute_url(), user=registrar))
        for user in (registrar, participant):
            django_app.get(reverse("transcripts:elmo", args=[old.pk]), user=user, status=404)


def test_an_outgoing_students_transcript_has_no_elmo_file(registrar, django_app, our_university):
    owner = UserFactory(username="gulnaz")
    outgoing = data.approved(data.outgoing_mobility(participant=owner), registrar)

    assert not has_elmo_link(django_app.get(outgoing.get_absolute_url(), user=registrar))
    assert not has_elmo_link(django_app.get(outgoing.application.get_absolute_url(), user=owner))
    for user in (registrar, owner):
        django_app.get(reverse("transcripts:elmo", args=[outgoing.pk]), user=user, status=404)


def test_without_a_website_the_issuers_url_is_its_schac_domain(transcript, our_university):
    our_university.website = ""
    our_university.save()

    root = parsed(elmo_write.transcript_elmo(transcript, languages="en")).getroot()

    assert root.findtext("e:report/e:issuer/e:url", namespaces=NS) == "https://kuth.edu.kz"
