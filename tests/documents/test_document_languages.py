"""The language of a generated document: chosen when printing, the office's default otherwise,
set by staff (the registrar for the transcripts) on the "Document languages" page."""

import io

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from documents import doclang
from documents.models import DocumentDefault
from tests.applications.test_pdfs import application  # noqa: F401
from tests.factories import make_application

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_choice_gives_its_languages_the_main_one_first():
    assert doclang.languages("kk") == ["kk"]
    assert doclang.languages("kk+en") == ["kk", "en"]
    assert doclang.languages("ru+en") == ["ru", "en"]
    with pytest.raises(ValueError, match="Unknown document language"):
        doclang.languages("de")


def test_the_transcripts_default_to_kazakh_and_english_the_others_to_the_sites_language():
    assert doclang.default_for("recognition") == "kk+en"
    assert doclang.default_for("incoming") == "kk+en"
    assert doclang.default_for("application") == "en"


def test_printing_activates_the_main_language_and_the_tags_render_each_language():
    template = Template(
        '{% load i18n doclang %}{% doc_label _("Participant") %}|'
        '{% doctext %}{% translate "Participant" %}{% enddoctext %}|'
        '{% docblock %}{% translate "Participant" %}{% enddocblock %}|{% doc_language %}'
    )
    with translation.override("kk"):
        kazakh = gettext("Participant")

    with translation.override("ru"):
        with doclang.printing("kk+en") as languages:
            assert languages == ["kk", "en"]
            assert translation.get_language() == "kk"
            label, text, block, choice = template.render(Context()).split("|")
        assert translation.get_language() == "ru"

    assert label == f'{kazakh} <span class="doc-second" lang="en">/ Participant</span>'
    assert text == label
    assert f'<div class="doc-part" lang="kk">{kazakh}</div>' in block
    assert '<div class="doc-part" lang="en">Participant</div>' in block
    assert choice == "kk+en"


def test_a_label_the_same_in_both_languages_is_printed_once():
    template = Template("{% load doclang %}{% doctext %}ECTS{% enddoctext %}")

    with doclang.printing("ru+en"):
        assert template.render(Context()) == "ECTS"


def page_form(django_app, user):
    return django_app.get(reverse("documents:document_languages"), user=user).forms[
        "document-languages"
    ]


def test_staff_set_the_default_of_every_document_and_downloads_follow_it(
    django_app,
    staff,
    application,  # noqa: F811
):
    form = page_form(django_app, staff)
    assert form["application"].value == "en"
    assert form["recognition"].value == "kk+en"
    form["application"] = "ru"
    form["tripartite"] = "kk+en"
    form.submit().follow()

    assert doclang.default_for("application") == "ru"
    assert doclang.default_for("tripartite") == "kk+en"
    saved = DocumentDefault.objects.get(document="application")
    assert saved.updated_by == staff
    # No choice in the link: the office's default, whatever the language of the pages.
    url = reverse("applications:pdf", args=[application.pk, "application"])
    text = pdf_text(django_app.get(url, user=staff, headers={"Accept-Language": "en"}).body)
    with translation.override("ru"):
        assert gettext("Application for academic mobility") in text
    assert application.name_in("ru") in text


def test_the_dropdown_next_to_the_download_preselects_the_default_and_prints_the_choice(
    django_app,
    staff,
    home,  # noqa: F811
):
    registered = make_application(by=staff)
    DocumentDefault.objects.create(document="application", language="kk+en")
    url = reverse("applications:pdf", args=[registered.pk, "application"])

    detail = django_app.get(registered.get_absolute_url(), user=staff)
    print_form = next(form for form in detail.forms.values() if form.action == url)
    assert print_form["lang"].value == "kk+en"
    print_form["lang"] = "ru"
    text = pdf_text(print_form.submit().body)

    with translation.override("ru"):
        assert gettext("Application for academic mobility") in text
    assert registered.name_in("ru") in text


def test_a_bad_language_in_the_link_is_refused_with_the_choices(django_app, staff, application):  # noqa: F811
    url = reverse("applications:pdf", args=[application.pk, "application"])

    response = django_app.get(f"{url}?lang=de", user=staff, status=400)

    assert "“de” is not a document language" in response.text
    assert "kk+en" in response.text


def test_the_registrar_sets_only_the_transcripts(django_app, registrar):
    form = page_form(django_app, registrar)

    assert set(form.fields) >= {"recognition", "incoming"}
    assert "application" not in form.fields
    form["recognition"] = "ru+en"
    form.submit().follow()
    assert doclang.default_for("recognition") == "ru+en"


def test_a_student_may_not_set_document_languages(django_app, student):
    django_app.get(reverse("documents:document_languages"), user=student, status=403)
    assert "Document languages" not in django_app.get(reverse("dashboard"), user=student).text


def test_an_anonymous_visitor_is_sent_to_log_in(django_app):
    response = django_app.get(reverse("documents:document_languages"))

    assert response.status_code == 302
    assert reverse("login") in response.location


def test_the_settings_page_is_linked_from_the_menu_for_staff(django_app, staff):
    page = django_app.get(reverse("dashboard"), user=staff)

    assert reverse("documents:document_languages") in page.text


def test_a_default_outside_the_choices_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentDefault.objects.create(document="application", language="de")
