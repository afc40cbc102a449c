"""Rounds and the partners taking part, saved through the form the round page renders.

A partner takes part when its agreement is in force for the whole period of the round and
covers its direction and participants; otherwise only with an override whose reason, author and
date are kept.
"""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import ApplicationRound, RoundPlace
from tests.factories import (
    AcademicPeriodFactory,
    AgreementFactory,
    InstitutionFactory,
    covering_agreement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return AcademicPeriodFactory(academic_year="2022-2023", term="spring")


@pytest.fixture
def turiba(db):
    return covering_agreement(
        partner=InstitutionFactory(name="Turiba University", country="LV", city="Riga"),
        number="TU-1",
    )


@pytest.fixture
def akdeniz(db):
    return covering_agreement(
        partner=InstitutionFactory(name="Akdeniz University", country="TR", city="Antalya"),
        number="AK-1",
    )


@pytest.fixture
def lodz(db):
    return covering_agreement(
        partner=InstitutionFactory(name="University of Lodz", country="PL", city="Lodz"),
        number="UL-1",
    )


@pytest.fixture
def ending_early(period):
    """In force when the period starts, but ends before it does."""
    return covering_agreement(
        partner=InstitutionFactory(name="Short University", country="BG", city="Varna"),
        number="SU-1",
        valid_until=period.starts_on + timedelta(days=30),
    )


@pytest.fixture
def round_(period, turiba, akdeniz):
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Spring semester abroad",
        period=period,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=10),
    )
    RoundPlace.objects.create(round=round_, agreement=turiba, places=2)
    RoundPlace.objects.create(round=round_, agreement=akdeniz, places=None)
    return round_


def edit_page(django_app, round_, user):
    return django_app.get(reverse("applications:round_edit", args=[round_.pk]), user=user)


def row_of(form, place: RoundPlace) -> int:
    total = int(form["places-TOTAL_FORMS"].value)
    for index in range(total):
        if form[f"places-{index}-id"].value == str(place.pk):
            return index
    raise AssertionError(f"no row for {place}")


def first_empty_row(form) -> int:
    total = int(form["places-TOTAL_FORMS"].value)
    for index in range(total):
        if not form[f"places-{index}-id"].value and not form[f"places-{index}-agreement"].value:
            return index
    raise AssertionError("no empty row")


# Saving what the page shows


def test_staff_save_a_round_with_partners_unchanged(django_app, staff, round_):
    before = set(round_.places.values_list("pk", "agreement", "places"))
    history = RoundPlace.history.count()

    response = edit_page(django_app, round_, staff).forms["round-form"].submit()

    assert response.status_code == 302, response.text
    assert set(round_.places.values_list("pk", "agreement", "places")) == before
    assert RoundPlace.history.count() == history
    assert "The round is saved." in response.follow().text


def test_staff_change_add_and_remove_partners_of_a_round(django_app, staff, round_, turiba, lodz):
    kept = round_.places.get(agreement=turiba)
    removed = round_.places.exclude(pk=kept.pk).get()
    form = edit_page(django_app, round_, staff).forms["round-form"]

    form[f"places-{row_of(form, kept)}-places"] = "4"
    form[f"places-{row_of(form, removed)}-DELETE"] = True
    new_row = first_empty_row(form)
    form[f"places-{new_row}-agreement"].force_value(str(lodz.pk))
    form[f"places-{new_row}-places"] = "1"
    response = form.submit()

    assert response.status_code == 302, response.text
    assert sorted(round_.places.values_list("agreement__number", "places")) == [
        ("TU-1", 4),
        ("UL-1", 1),
    ]
    assert not RoundPlace.objects.filter(pk=removed.pk).exists()
    changes = {(record.agreement_id, record.history_type) for record in RoundPlace.history.all()}
    assert {(turiba.pk, "~"), (removed.agreement_id, "-"), (lodz.pk, "+")} <= changes
    assert round_.places.get(agreement=lodz).override_reason == ""


def test_staff_change_the_round_itself_and_its_history_keeps_it(django_app, staff, round_):
    form = edit_page(django_app, round_, staff).forms["round-form"]
    form["title_en"] = "Spring semester abroad 2023"

    response = form.submit()

    assert response.status_code == 302, response.text
    round_.refresh_from_db()
    assert round_.title == "Spring semester abroad 2023"
    assert round_.history.first().history_user == staff
    assert round_.places.count() == 2


def test_staff_open_a_round_with_a_partner(django_app, staff, period, turiba):
    page = django_app.get(reverse("applications:round_create"), user=staff)
    form = page.forms["round-form"]
    form["title_en"] = "Autumn call"
    form["period"] = str(period.pk)
    form["direction"] = "outgoing"
    form.get("participant_kinds", index=0).checked = True
    form["opens_on"] = "2022-10-01"
    form["closes_on"] = "2022-11-15"
    form["places-0-agreement"].force_value(str(turiba.pk))
    form["places-0-places"] = "3"

    response = form.submit()

    assert response.status_code == 302, response.text
    created = ApplicationRound.objects.get(title="Autumn call")
    assert created.participant_kinds == "student"
    assert list(created.places.values_list("agreement", "places")) == [(turiba.pk, 3)]


# Partners that do not qualify


def test_a_partner_whose_agreement_ends_before_the_period_ends_is_refused_with_the_reason(
    django_app, staff, round_, ending_early
):
    form = edit_page(django_app, round_, staff).forms["round-form"]
    new_row = first_empty_row(form)
    form[f"places-{new_row}-agreement"].force_value(str(ending_early.pk))

    response = form.submit()

    assert response.status_code == 200
    assert "The round was not saved" in response.text
    assert "does not cover the whole of" in response.text
    assert "Choose another agreement, or tick the box below" in response.text
    assert not round_.places.filter(agreement=ending_early).exists()
    assert f"places-{new_row}-override" in response.forms["round-form"].fields


def test_staff_accept_a_partner_anyway_with_a_reason_and_it_is_recorded(
    django_app, staff, round_, ending_early
):
    form = edit_page(django_app, round_, staff).forms["round-form"]
    new_row = first_empty_row(form)
    form[f"places-{new_row}-agreement"].force_value(str(ending_early.pk))
    form = form.submit().forms["round-form"]
    form[f"places-{new_row}-override"] = True
    form[f"places-{new_row}-override_reason"] = "The renewal is signed; its copy is on the way."

    response = form.submit()

    assert response.status_code == 302, response.text
    place = round_.places.get(agreement=ending_early)
    assert place.override_reason == "The renewal is signed; its copy is on the way."
    assert place.override_by == staff
    assert place.override_at is not None
    detail = response.follow()
    assert "Takes part although its agreement does not qualify" in detail.text
    assert "The renewal is signed" in detail.text

    # Saved again unchanged, the override stays as it was.
    again = edit_page(django_app, round_, staff).forms["round-form"].submit()
    assert again.status_code == 302, again.text
    place.refresh_from_db()
    assert place.override_reason == "The renewal is signed; its copy is on the way."


def test_an_override_without_a_reason_is_refused(django_app, staff, round_, ending_early):
    form = edit_page(django_app, round_, staff).forms["round-form"]
    new_row = first_empty_row(form)
    form[f"places-{new_row}-agreement"].force_value(str(ending_early.pk))
    form = form.submit().forms["round-form"]
    form[f"places-{new_row}-override"] = True

    response = form.submit()

    assert response.status_code == 200
    assert "Say why this partner takes part" in response.text
    assert not round_.places.filter(agreement=ending_early).exists()


def test_a_round_open_to_teachers_needs_agreements_that_cover_teaching(
    django_app, staff, round_, lodz
):
    form = edit_page(django_app, round_, staff).forms["round-form"]
    for checkbox in form.fields["participant_kinds"]:
        checkbox.checked = checkbox._value in {"student", "teacher"}

    response = form.submit()

    assert response.status_code == 200
    assert "does not cover outgoing staff teaching mobility" in response.text
    round_.refresh_from_db()
    assert round_.participant_kinds == "student"


def test_changing_the_period_checks_every_partner_again(django_app, staff, round_):
    later = AcademicPeriodFactory(academic_year="2030-2031", term="autumn")
    form = edit_page(django_app, round_, staff).forms["round-form"]
    form["period"] = str(later.pk)

    response = form.submit()

    assert response.status_code == 200
    assert response.text.count("does not cover the whole of") == 2
    round_.refresh_from_db()
    assert round_.period != later


def test_a_partner_listed_twice_is_refused_on_its_second_row(django_app, staff, round_, turiba):
    form = edit_page(django_app, round_, staff).forms["round-form"]
    form[f"places-{first_empty_row(form)}-agreement"].force_value(str(turiba.pk))

    response = form.submit()

    assert response.status_code == 200
    assert "This partner is already listed above" in response.text
    assert round_.places.filter(agreement=turiba).count() == 1


def test_the_service_refuses_a_partner_that_does_not_qualify_and_saves_nothing(
    staff, round_, ending_early
):
    with pytest.raises(ValidationError, match="Short University"):
        services.round_save(
            round_=round_,
            places=[RoundPlace(agreement=ending_early, places=1)],
            by=staff,
        )

    assert not round_.places.filter(agreement=ending_early).exists()


def test_an_archived_agreement_is_refused_by_the_service(staff, round_, lodz):
    lodz.archived_at = timezone.now()
    lodz.save()

    problems = services.round_place_problems(agreement=lodz, round_=round_)

    assert problems == ["The agreement UL-1 is archived."]


# The agreement choice


def test_the_choice_offers_active_agreements_and_keeps_the_archived_one_the_round_has(
    django_app, staff, round_, akdeniz
):
    akdeniz.archived_at = timezone.now()
    akdeniz.save()
    archived_elsewhere = AgreementFactory(number="OLD-1", archived_at=timezone.now())

    form = edit_page(django_app, round_, staff).forms["round-form"]

    # Its row still shows the archived agreement the round has; the search never offers an
    # archived one, and one sent all the same is refused.
    shown = {form[f"places-{row_of(form, place)}-agreement"].value for place in round_.places.all()}
    assert str(akdeniz.pk) in shown
    found = django_app.get(
        reverse("applications:agreement_choices"), {"q": "OLD", "round": round_.pk}, user=staff
    ).json["results"]
    assert found == []
    response = form.submit()
    assert response.status_code == 302, response.text
    form = edit_page(django_app, round_, staff).forms["round-form"]
    form[f"places-{first_empty_row(form)}-agreement"].force_value(str(archived_elsewhere.pk))
    refused = form.submit()
    assert refused.status_code == 200
    assert not round_.places.filter(agreement=archived_elsewhere).exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_round_page_runs_the_same_queries_for_3_partners_as_for_30(
    rows, django_app, staff, period, django_assert_max_num_queries
):
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Many partners", period=period, opens_on=today, closes_on=today
    )
    for _ in range(rows):
        RoundPlace.objects.create(round=round_, agreement=covering_agreement(), places=1)
    url = reverse("applications:round_edit", args=[round_.pk])
    django_app.get(url, user=staff)  # logs in

    with django_assert_max_num_queries(12):
        page = django_app.get(url)
    # The check that the round has a title costs 3 queries each time it is validated (by the
    # form, then by the service), whatever the number of partners.
    with django_assert_max_num_queries(28):
        response = page.forms["round-form"].submit()

    assert response.status_code == 302, response.text
    assert round_.places.count() == rows


# Who sees the form


def test_the_registrar_and_a_student_see_no_round_form_and_are_refused(
    django_app, registrar, student, round_, turiba
):
    for user in (registrar, student):
        for name, args in (("round_edit", [round_.pk]), ("round_create", [])):
            url = reverse(f"applications:{name}", args=args)
            assert django_app.get(url, user=user, expect_errors=True).status_code == 403
            refused = django_app.post(url, {"title": "Taken over"}, user=user, expect_errors=True)
            assert refused.status_code == 403
    round_.refresh_from_db()
    assert round_.title == "Spring semester abroad"


def test_the_round_page_offers_editing_only_to_staff(django_app, staff, registrar, round_):
    edit_url = reverse("applications:round_edit", args=[round_.pk])
    detail = reverse("applications:round_detail", args=[round_.pk])

    assert edit_url in django_app.get(detail, user=staff).text
    seen = django_app.get(detail, user=registrar, expect_errors=True)
    assert seen.status_code == 403 or edit_url not in seen.text


def test_a_round_period_of_dates_matches_the_agreement_dates_used(period):
    # The fixtures rely on the default dates of the spring term.
    assert period.starts_on < period.ends_on
    assert period.starts_on > datetime.date(2021, 6, 1)
