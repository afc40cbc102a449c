"""An application round's title in Kazakh, Russian and English: edited side by side on the round
page, read in the reader's language (falling back kk → ru → en, ru → kk → en, en → ru → kk),
given in at least one language."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import ApplicationRound
from tests.factories import AcademicPeriodFactory, InstitutionFactory, covering_agreement

pytestmark = pytest.mark.django_db

KK = "Академиялық ұтқырлық, 2026–2027 көктем"
RU = "Академическая мобильность, весна 2026–2027"
EN = "Academic mobility, spring 2026-2027"


@pytest.fixture
def period(db):
    return AcademicPeriodFactory(academic_year="2026-2027", term="spring")


def new_round(period, **titles) -> ApplicationRound:
    today = timezone.localdate()
    return ApplicationRound.objects.create(
        period=period,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=9),
        **titles,
    )


@pytest.mark.parametrize(
    ("titles", "language", "shown"),
    [
        ({"title_kk": KK, "title_ru": RU, "title_en": EN}, "kk", KK),
        ({"title_kk": KK, "title_ru": RU, "title_en": EN}, "ru", RU),
        ({"title_kk": KK, "title_ru": RU, "title_en": EN}, "en", EN),
        ({"title_ru": RU, "title_en": EN}, "kk", RU),
        ({"title_kk": KK, "title_en": EN}, "ru", KK),
        ({"title_kk": KK, "title_ru": RU}, "en", RU),
        ({"title_kk": KK}, "en", KK),
    ],
)
def test_a_round_title_reads_in_the_readers_language_else_the_next(period, titles, language, shown):
    round_ = new_round(period, **titles)

    with translation.override(language):
        assert round_.title == shown
        assert str(round_).startswith(shown)


@pytest.mark.parametrize(("language", "shown"), [("kk", KK), ("ru", RU), ("en", EN)])
def test_the_round_pages_show_the_title_in_the_readers_language(
    staff_client, period, language, shown
):
    round_ = new_round(period, title_kk=KK, title_ru=RU, title_en=EN)

    listing = staff_client.get(reverse("applications:round_list"), HTTP_ACCEPT_LANGUAGE=language)
    detail = staff_client.get(round_.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)

    assert shown in listing.text
    assert shown in detail.text


def test_staff_open_a_round_titled_in_three_languages_as_rendered(django_app, staff, period):
    agreement = covering_agreement(
        partner=InstitutionFactory(name="Turiba University", country="LV", city="Riga")
    )
    page = django_app.get(reverse("applications:round_create"), user=staff)
    assert page.html.find("input", {"name": "title_kk"})["lang"] == "kk"
    form = page.forms["round-form"]
    form["title_kk"] = KK
    form["title_ru"] = RU
    form["title_en"] = EN
    form["period"] = str(period.pk)
    form["direction"] = "outgoing"
    form.get("participant_kinds", index=0).checked = True
    form["opens_on"] = "2026-11-01"
    form["closes_on"] = "2026-12-15"
    form["places-0-agreement"].force_value(str(agreement.pk))
    form["places-0-places"] = "3"

    response = form.submit()

    assert response.status_code == 302, response.text
    created = ApplicationRound.objects.get(title_en=EN)
    assert (created.title_kk, created.title_ru) == (KK, RU)
    assert created.history.first().title_kk == KK


def test_a_round_without_any_title_is_refused_with_the_way_to_fix_it(django_app, staff, period):
    page = django_app.get(reverse("applications:round_create"), user=staff)
    form = page.forms["round-form"]
    form["period"] = str(period.pk)
    form["direction"] = "outgoing"
    form.get("participant_kinds", index=0).checked = True
    form["opens_on"] = "2026-11-01"
    form["closes_on"] = "2026-12-15"
    form["notes"] = "Kept as typed"

    response = form.submit()

    assert response.status_code == 200
    assert "Give the round&#x27;s title in at least one language" in response.text
    assert "Kept as typed" in response.text
    assert not ApplicationRound.objects.exists()


def test_the_database_refuses_a_round_without_a_title(period):
    with pytest.raises(IntegrityError), transaction.atomic():
        new_round(period, title_kk="", title_en=None)
