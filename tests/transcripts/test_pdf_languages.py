"""The transcripts print in the language chosen when printing, Kazakh and English by default;
the copy kept at approval is the default language's, other languages are rendered on demand."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from documents import doclang
from documents.models import DocumentDefault
from tests.transcripts import recognition_data as data
from tests.transcripts.test_pdfs import pdf_text, transcript  # noqa: F401
from tests.transcripts.test_verification import transcript as issued  # noqa: F401
from transcripts import pdfs
from transcripts.models import IssuedPdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home")]

COUNTRY = {"kk": "Латвия", "ru": "Латвия", "en": "Latvia"}


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.mark.parametrize("choice", doclang.DocumentLanguage.values)
def test_the_credit_recognition_transcript_prints_in_each_language(transcript, choice):  # noqa: F811
    text = pdf_text(pdfs.render(transcript, choice))

    for language in doclang.languages(choice):
        for label in ["Credit-recognition transcript", "Registrar", "Total", "Mobility GPA"]:
            assert in_language(language, label) in text
        assert COUNTRY[language] in text
        assert transcript.application.name_in(language) in text
    if choice in ("kk", "ru"):
        assert "Латвия / Latvia" not in text
        assert " / Registrar" not in text


def test_the_kazakh_and_english_transcript_puts_both_labels_side_by_side(transcript):  # noqa: F811
    text = pdf_text(pdfs.render(transcript, "kk+en"))

    kazakh = in_language("kk", "Registrar")
    assert f"{kazakh} / Registrar" in text or kazakh == "Registrar"
    assert "Латвия / Latvia" in text
    assert "Mobility GPA" in text


def test_the_incoming_transcript_prints_in_russian(registrar):
    grades = ["A", "A-", "B+", "C+", "FX"]
    incoming = data.approved(data.incoming_mobility(), registrar, grades=grades)

    text = pdf_text(pdfs.render(incoming, "ru"))

    assert in_language("ru", "Transcript of records") in text
    assert in_language("ru", "Grade point average") in text
    assert "Yılmaz Ayşe" in text


def test_the_kept_copy_is_the_default_language_and_other_languages_render_on_demand(
    issued,  # noqa: F811
):
    kept = bytes(IssuedPdf.objects.get(transcript=issued).content)

    assert pdfs.kept_language(kept) == "kk+en"
    assert pdfs.document(issued) == kept
    assert pdfs.document(issued, "kk+en") == kept
    russian = pdfs.document(issued, "ru")
    assert russian != kept
    assert pdfs.kept_language(russian) == "ru"
    assert "Латвия / Latvia" not in pdf_text(russian)


def test_a_new_default_prints_in_it_while_verification_still_gives_the_issued_copy(
    django_app,
    issued,  # noqa: F811
    registrar,
):
    kept = bytes(IssuedPdf.objects.get(transcript=issued).content)
    DocumentDefault.objects.create(document="recognition", language="ru+en")

    download = django_app.get(reverse("transcripts:pdf", args=[issued.pk]), user=registrar)
    verified = django_app.get(reverse("verify_pdf", args=[issued.verification_code]))

    assert download.body != kept
    assert pdfs.kept_language(download.body) == "ru+en"
    assert verified.body == kept


def test_the_transcript_page_offers_the_languages_and_refuses_a_bad_one(
    django_app,
    transcript,  # noqa: F811
    registrar,
):
    page = django_app.get(reverse("transcripts:detail", args=[transcript.pk]), user=registrar)
    form = next(f for f in page.forms.values() if "lang" in f.fields)
    assert form["lang"].value == "kk+en"
    form["lang"] = "en"
    english = pdf_text(form.submit().body)
    assert "Latvia" in english
    assert "Латвия" not in english

    url = reverse("transcripts:pdf", args=[transcript.pk])
    refused = django_app.get(f"{url}?lang=kz", user=registrar, status=400)
    assert "is not a document language" in refused.text
