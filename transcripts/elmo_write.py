"""Our transcript of an incoming student as an ELMO document (EMREX; the schema in
core/standards/elmo), for the student to take home and for the partner's registrar to import.

The document holds our university as the issuer (its SCHAC and Erasmus codes, its name in the
document's languages), the learner (the passport name, citizenship and birth date from the
questionnaire where there is one), and each course of the transcript: our code, the title as the
register keeps it, the credits in ECTS, our grade with its ECTS equivalent, the academic term.
The report describes our grading scale and how the ECTS letter follows from it, and attaches the
transcript's PDF, the human-readable copy ELMO asks every issuer to include.

The ECTS letter of a grade is the one our PDF prints: it follows the grade's percent band
(selectors.ects_letter), so it changes with the scale's data, never with the code. ELMO gives a
course one result in one grading scheme; ours goes in `resultLabel`, the ECTS letter in the
course's `extension` (namespace EXTENSION_NS below) and in the grading scheme's description.

Where the office configures a key and a certificate (settings ELMO_SIGNING_KEY and
ELMO_SIGNING_CERT, PEM files), the document carries an enveloped XML signature with the
certificate in its KeyInfo, as EMREX requires; without them it carries a comment saying it is
unsigned.
"""

import base64
import re
from decimal import Decimal
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from lxml import etree

from agreements.models import Direction, Institution
from agreements.selectors import home_institution
from core import xmldocs
from core.three_names import column, in_language
from documents import doclang

from . import selectors
from .models import CreditSystem, Grade, GradingScale, Transcript, TranscriptLine

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Our own extension of a course's result: its ECTS grade (ELMO has one result per course).
EXTENSION_NS = "urn:x-mobility-office:elmo:1"
HOME_SCHEME_ID = "kz-letter"
ECTS_SCHEME_ID = "ECTS"
CENT = Decimal("0.01")

# The sentence our PDF prints under the scale: the same msgid, so the same translation. The
# template's {% translate %} looks it up with each "%" doubled, and so does this module.
SCALE_EXPLAINED = (
    "Grades are given in the Kazakhstani letter scale; the GPA is the credit-weighted average of "
    "the grade points. The ECTS equivalent follows the grade's percentage band: A ≥ 90 %, "
    "B ≥ 80 %, C ≥ 70 %, D ≥ 60 %, E ≥ 50 %, below that FX/F."
)


def _e(tag: str) -> str:
    return f"{{{xmldocs.ELMO_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: object = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, _e(tag), attributes)
    if text is not None:
        element.text = str(text)
    return element


def _titles(parent: etree._Element, tag: str, texts: dict[str, str]) -> None:
    """One element per language, each with its xml:lang; identical texts once."""
    seen = set()
    for language, text in texts.items():
        text = " ".join((text or "").split())
        if text and (language, text) not in seen:
            seen.add((language, text))
            _sub(parent, tag, text, **{XML_LANG: language})


def _per_language(codes: list[str], make) -> dict[str, str]:
    texts = {}
    for code in codes:
        with translation.override(code):
            texts[code] = make(code)
    return texts


def _comment(parent: etree._Element, text: str) -> None:
    # "--" may not appear in an XML comment.
    parent.append(etree.Comment(" " + text.replace("--", "-") + " "))


def _decimal(value: Decimal) -> str:
    """A credit value as xs:decimal: 5, 4.5, 3.33 (no exponent, no trailing zeros)."""
    value = value.quantize(CENT)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- Signing ------------------------------------------------------------------------------


def signing_configured() -> bool:
    return bool(settings.ELMO_SIGNING_KEY and settings.ELMO_SIGNING_CERT)


def _signing_material() -> tuple[bytes, bytes, object]:
    """The key and certificate (PEM) the settings name, checked to belong together."""
    key_path, cert_path = Path(settings.ELMO_SIGNING_KEY), Path(settings.ELMO_SIGNING_CERT)
    try:
        key_pem, cert_pem = key_path.read_bytes(), cert_path.read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(
            f"The ELMO signing key or certificate cannot be read ({error}); check "
            "ELMO_SIGNING_KEY and ELMO_SIGNING_CERT."
        ) from None
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"ELMO_SIGNING_KEY ({key_path}) is not an unencrypted PEM private key: {error}"
        ) from None
    try:
        certificate = x509.load_pem_x509_certificate(cert_pem)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"ELMO_SIGNING_CERT ({cert_path}) is not a PEM certificate: {error}"
        ) from None
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    encoding = serialization.Encoding.PEM
    if key.public_key().public_bytes(encoding, public) != certificate.public_key().public_bytes(
        encoding, public
    ):
        raise ImproperlyConfigured(
            f"ELMO_SIGNING_KEY ({key_path}) is not the key of the certificate in "
            f"ELMO_SIGNING_CERT ({cert_path}); give the certificate issued for this key."
        )
    return key_pem, cert_pem, key


def _sign(root: etree._Element) -> etree._Element:
    """An enveloped signature over the whole document, the certificate in its KeyInfo. signxml
    appends ds:Signature as the root's last child, where the ELMO schema expects it."""
    from signxml import SignatureMethod, XMLSigner, methods

    key_pem, cert_pem, key = _signing_material()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        algorithm = SignatureMethod.ECDSA_SHA256
    elif isinstance(key, rsa.RSAPrivateKey):
        algorithm = SignatureMethod.RSA_SHA256
    else:
        raise ImproperlyConfigured("ELMO_SIGNING_KEY must be an RSA or an EC private key.")
    signer = XMLSigner(
        method=methods.enveloped,
        signature_algorithm=algorithm,
        digest_algorithm="sha256",
        c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#",
    )
    return signer.sign(root, key=key_pem, cert=cert_pem.decode())


# --- The document -------------------------------------------------------------------------


def _check(transcript: Transcript) -> None:
    if transcript.application.direction != Direction.INCOMING:
        raise ValueError(f"Transcript {transcript} is not an incoming student's; no ELMO.")
    if transcript.state != Transcript.State.APPROVED or not transcript.number:
        raise ValueError(f"Transcript {transcript} is not the approved one in force; no ELMO.")


def _home_as_issuer() -> Institution:
    """Our university, with what an ELMO issuer needs; else a ValidationError in the reader's
    language (checked before the document's languages take over)."""
    home = home_institution()
    if home is None:
        raise ValidationError(
            _(
                "Our university is not marked in the register, and an ELMO document names it as "
                "the issuer. Mark it as ours on its page (Partners), then download again."
            )
        )
    identifiers = [("schac", home.code), ("erasmus", home.erasmus_code)]
    identifiers = [(kind, value.strip()) for kind, value in identifiers if value.strip()]
    url = home.website or (f"https://{home.code}" if home.code else "")
    if not identifiers or not url:
        raise ValidationError(
            _(
                "An ELMO document names the issuer by its SCHAC code (or Erasmus code) and "
                "website; %(name)s has neither. Add its SCHAC code, e.g. kuth.edu.kz, on its "
                "page, then download again."
            )
            % {"name": home.name}
        )
    return home


def _issuer(report: etree._Element, home: Institution, codes: list[str]) -> None:
    identifiers = [("schac", home.code), ("erasmus", home.erasmus_code)]
    identifiers = [(kind, value.strip()) for kind, value in identifiers if value.strip()]
    url = home.website or f"https://{home.code}"
    issuer = _sub(report, "issuer")
    _sub(issuer, "country", str(home.country))  # the ISO code
    for kind, value in identifiers:
        _sub(issuer, "identifier", value, type=kind)
    # Our name in each of the document's languages the register has it in; else the name it
    # has, without claiming a language.
    names = {code: getattr(home, column("name", code)) or "" for code in codes}
    if any(names.values()):
        _titles(issuer, "title", names)
    else:
        _sub(issuer, "title", in_language(home, "name", codes[0]) or home.name_local)
    _sub(issuer, "url", url)


def _learner(root: etree._Element, transcript: Transcript) -> None:
    application = transcript.application
    learner = _sub(root, "learner")
    questionnaire = getattr(application, "questionnaire", None)
    if questionnaire is not None and questionnaire.citizenship:
        _sub(learner, "citizenship", str(questionnaire.citizenship))
    # The name as in the passport, in Latin letters: what a partner abroad has on record.
    _sub(learner, "givenNames", application.first_name)
    _sub(learner, "familyName", application.last_name)
    if questionnaire is not None and questionnaire.date_of_birth:
        _sub(learner, "bday", questionnaire.date_of_birth.isoformat())


def _term_titles(transcript: Transcript, codes: list[str]) -> dict[str, str]:
    period = transcript.application.period
    return _per_language(codes, lambda code: f"{period.academic_year}, {period.get_term_display()}")


def _credit_system(transcript: Transcript) -> str:
    """The name of the transcript's credit system in English, as the standard's texts are."""
    return in_language(transcript, "credit_system_name", "en")


def _ects_factor() -> Decimal | None:
    """How many home credits one ECTS credit is (the ECTS credit system's factor), or None."""
    ects = CreditSystem.objects.filter(name_en=selectors.ECTS).first()
    return ects.factor if ects else None


def _ects_credits(line: TranscriptLine, transcript: Transcript, ects_factor: Decimal) -> Decimal:
    # Our credits × the transcript's credit factor are home (Kazakhstani) credits; home credits
    # ÷ the ECTS system's factor are ECTS credits. Today both factors are 1 (one Kazakhstani
    # credit is one ECTS credit, docs/grading-sources.md), but they are data the registrar can
    # edit, and the document says which ones it used.
    return line.host_credits * transcript.credit_factor / ects_factor


def _course(
    report: etree._Element,
    line: TranscriptLine,
    *,
    transcript: Transcript,
    term_titles: dict[str, str],
    ects_factor: Decimal | None,
) -> None:
    period = transcript.application.period
    los = _sub(report, "learningOpportunitySpecification")
    if line.host_code:
        _sub(los, "identifier", line.host_code, type="local")
    # The register keeps one title per course, in the language it was entered in; it is given
    # as it is, without claiming a language it may not be in.
    _sub(los, "title", " ".join(line.host_title.split()))
    _sub(los, "type", "Course")
    instance = _sub(_sub(los, "specifies"), "learningOpportunityInstance")
    _sub(instance, "start", period.starts_on.isoformat())
    term = _sub(instance, "academicTerm")
    _titles(term, "title", term_titles)
    _sub(term, "start", period.starts_on.isoformat())
    _sub(term, "end", period.ends_on.isoformat())
    _sub(instance, "status", "passed" if selectors.line_passed(line) else "failed")
    grade = line.home_grade or line.host_grade
    _sub(instance, "gradingSchemeLocalId", HOME_SCHEME_ID)
    _sub(instance, "resultLabel", grade.label)
    credit = _sub(instance, "credit")
    if ects_factor is not None:
        _sub(credit, "scheme", "ECTS")
        _sub(credit, "value", _decimal(_ects_credits(line, transcript, ects_factor)))
    else:
        # Without the ECTS credit system in the register, our own credits, named as such.
        _sub(credit, "scheme", _credit_system(transcript) or selectors.KAZAKHSTANI_CREDITS)
        _sub(credit, "value", _decimal(line.host_credits))
    ects = selectors.ects_letter(line.home_grade)
    if ects:
        extension = _sub(instance, "extension")
        ects_grade = f"{{{EXTENSION_NS}}}ectsGrade"
        etree.SubElement(extension, ects_grade, nsmap={"mo": EXTENSION_NS}).text = ects


def _grade_row(grade: Grade) -> str:
    parts = [grade.label]
    if grade.gpa_points is not None:
        parts.append(number_format(grade.gpa_points, decimal_pos=2))
    if grade.percent_min is not None and grade.percent_max is not None:
        parts.append(
            f"{number_format(grade.percent_min.normalize())}–"
            f"{number_format(grade.percent_max.normalize())} %"
        )
    # The meaning in the description's own language only (no fallback to another).
    meaning = getattr(grade, column("description", translation.get_language() or ""), "")
    if meaning:
        parts.append(meaning)
    if grade.pass_fail_only:
        parts.append(_("pass/fail: credits without a grade"))
    ects = selectors.ects_letter(grade)
    if ects:
        parts.append(f"ECTS {ects}")
    return " — ".join(str(part) for part in parts)


def _scale_description(scale: GradingScale, grades: list[Grade], ects_factor) -> str:
    lines = [str(scale.name), _(SCALE_EXPLAINED.replace("%", "%%")).replace("%%", "%")]
    if ects_factor is not None:
        lines.append(
            _("1 ECTS credit = %(factor)s Kazakhstani credits.")
            % {"factor": number_format(ects_factor.normalize())}
        )
    lines.append(_("Grade — GPA points — percent — meaning — ECTS equivalent:"))
    lines.extend(_grade_row(grade) for grade in grades)
    return "\n".join(lines)


def _grading_schemes(report: etree._Element, transcript: Transcript, codes, ects_factor) -> None:
    scale = transcript.scale
    grades = list(scale.grades.all())
    home = _sub(report, "gradingScheme", localId=HOME_SCHEME_ID)
    for code, text in _per_language(
        codes, lambda code: _scale_description(scale, grades, ects_factor)
    ).items():
        _sub(home, "description", text, **{XML_LANG: code})
    ects = _sub(report, "gradingScheme", localId=ECTS_SCHEME_ID)
    for code, text in _per_language(
        codes,
        lambda code: _(
            "ECTS grades A–E (pass), FX and F (fail). Each course gives the ECTS equivalent of "
            "our grade in its extension (ectsGrade), from the grade's percentage band."
        ),
    ).items():
        _sub(ects, "description", text, **{XML_LANG: code})


def _attachment(report: etree._Element, transcript: Transcript, language: str, codes) -> None:
    from . import pdfs

    content = pdfs.document(transcript, language)
    attachment = _sub(report, "attachment")
    _titles(attachment, "title", _per_language(codes, lambda code: _("Transcript of records")))
    _sub(attachment, "type", "Transcript of Records")
    _sub(attachment, "content", "data:application/pdf;base64," + base64.b64encode(content).decode())


def transcript_elmo(transcript: Transcript, *, languages: str | None = None) -> bytes:
    """The ELMO document of an approved incoming student's transcript, in a document language
    choice ("kk+en"; the office's default for the transcript when none is given), signed where
    the settings name a key and certificate.

    Raises ValueError for a transcript that has no ELMO (a draft, one not in force, an outgoing
    student's), and ValidationError, saying what to fix, where our university lacks the codes an
    ELMO issuer needs.
    """
    _check(transcript)
    language = languages or doclang.default_for(doclang.DocumentKind.INCOMING)
    codes = doclang.languages(language)
    ects_factor = _ects_factor()
    lines = selectors.transcript_lines(transcript)
    home = _home_as_issuer()
    with translation.override(codes[0]):
        root = etree.Element(_e("elmo"), nsmap={None: xmldocs.ELMO_NS})
        if not signing_configured():
            _comment(
                root,
                "Unsigned: the issuing office has not configured a signing key and certificate "
                f"(ELMO_SIGNING_KEY, ELMO_SIGNING_CERT). Check transcript {transcript.number} "
                f"with its verification code {transcript.verification_code}.",
            )
        _sub(root, "generatedDate", timezone.localtime().isoformat(timespec="seconds"))
        _learner(root, transcript)
        report = _sub(root, "report")
        _issuer(report, home, codes)
        if ects_factor is not None:
            _comment(
                report,
                "Credits in ECTS: our credits x the transcript's credit factor "
                f"({transcript.credit_factor.normalize()}, {_credit_system(transcript)}) / "
                f"the ECTS factor ({ects_factor.normalize()}). Under today's rules one "
                "Kazakhstani credit is one ECTS credit.",
            )
        term_titles = _term_titles(transcript, codes)
        for line in lines:
            _course(
                report,
                line,
                transcript=transcript,
                term_titles=term_titles,
                ects_factor=ects_factor,
            )
        _sub(
            report,
            "issueDate",
            timezone.localtime(transcript.approved_at).isoformat(timespec="seconds"),
        )
        _grading_schemes(report, transcript, codes, ects_factor)
        _attachment(report, transcript, language, codes)
    document = xmldocs.serialize(root)
    if not signing_configured():
        return document
    # Signed over the document as it is written out (indentation included), so that the bytes
    # handed out are the bytes signed.
    signed = _sign(etree.fromstring(document))
    return xmldocs.serialize(signed)


def filename(transcript: Transcript) -> str:
    """ "TR-2026-0001.xml": ASCII only, safe in any header."""
    return (re.sub(r"[^A-Za-z0-9-]", "", transcript.number) or f"v{transcript.version}") + ".xml"
