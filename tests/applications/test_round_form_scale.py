"""The round's page at the size of a real register: its agreement choice is found as the reader
types (core/widgets.py), so the page neither lists nor queries every agreement."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, CooperationCondition, Institution
from applications.models import ApplicationRound, RoundPlace
from tests.factories import (
    AcademicPeriodFactory,
    AgreementFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    UserFactory,
    covering_agreement,
)

CHOICES = "applications:agreement_choices"


def bulk_register(count: int, *, prefix: str = "Bulk") -> list[Agreement]:
    """`count` partners with one agreement each, covering outgoing study mobility."""
    partners = Institution.objects.bulk_create(
        Institution(
            name=f"{prefix} University {n}",
            name_en=f"{prefix} University {n}",
            city="Riga",
            city_en="Riga",
            country="LV",
        )
        for n in range(count)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            partner=partner,
            number=f"{prefix}-{n:05d}",
            date_signed=date(2021, 5, 20),
            valid_from=date(2021, 6, 1),
            valid_until=date(2030, 5, 31),
        )
        for n, partner in enumerate(partners)
    )
    CooperationCondition.objects.bulk_create(
        CooperationCondition(
            agreement=agreement, direction="outgoing", mobility_type="study", months_per_year=5
        )
        for agreement in agreements
    )
    return agreements


@pytest.fixture
def period(db):
    return AcademicPeriodFactory()


@pytest.fixture
def round_(period):
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Spring abroad", period=period, opens_on=today, closes_on=today + timedelta(days=9)
    )
    for number in ("IN-1", "IN-2", "IN-3"):
        RoundPlace.objects.create(round=round_, agreement=covering_agreement(number=number))
    return round_


def edit_page(django_app, round_, user):
    return django_app.get(reverse("applications:round_edit", args=[round_.pk]), user=user)


def first_empty_row(form) -> int:
    total = int(form["places-TOTAL_FORMS"].value)
    for index in range(total):
        if not form[f"places-{index}-id"].value and not form[f"places-{index}-agreement"].value:
            return index
    raise AssertionError("no empty row")


def choices(django_app, user, url=CHOICES, **params):
    return django_app.get(reverse(url), params, user=user).json


# The round's page


def test_the_round_page_at_5000_agreements_is_as_small_and_as_quick_as_at_50(
    django_app, staff, round_, django_assert_max_num_queries
):
    bulk_register(50, prefix="Small")
    small = edit_page(django_app, round_, staff)
    bulk_register(4950, prefix="Large")
    assert Agreement.objects.count() > 5000

    with django_assert_max_num_queries(20):
        large = edit_page(django_app, round_, staff)

    assert abs(len(large.content) - len(small.content)) < 2_000
    # Each row shows only its own agreement: the three rows, and nothing of the register.
    options = large.html.select("select[name$='-agreement'] option[value]:not([value=''])")
    assert len(options) == 3
    assert "Large University" not in large.text


def test_the_round_page_sent_as_rendered_with_an_agreement_found_by_its_id_saves(
    django_app, staff, round_
):
    bulk_register(30)
    chosen = covering_agreement(number="FOUND-1")
    form = edit_page(django_app, round_, staff).forms["round-form"]
    row = first_empty_row(form)
    select = form[f"places-{row}-agreement"]
    assert select.attrs["data-autocomplete"].startswith(reverse(CHOICES))
    # What the widget does once the reader picked it from the search.
    select.force_value(str(chosen.pk))
    form[f"places-{row}-places"] = "2"

    response = form.submit()

    assert response.status_code == 302, response.text
    assert round_.places.get(agreement=chosen).places == 2


def test_an_agreement_sent_that_does_not_qualify_asks_for_the_override(django_app, staff, round_):
    ending_early = covering_agreement(number="ENDS-1", valid_until=date(2021, 12, 31))
    form = edit_page(django_app, round_, staff).forms["round-form"]
    row = first_empty_row(form)
    form[f"places-{row}-agreement"].force_value(str(ending_early.pk))

    page = form.submit()

    assert page.status_code == 200
    assert "does not cover the whole of" in page.text
    form = page.forms["round-form"]
    assert form[f"places-{row}-agreement"].value == str(ending_early.pk)
    form[f"places-{row}-override"] = True
    form[f"places-{row}-override_reason"] = "The renewal is being signed"
    assert form.submit().status_code == 302
    assert round_.places.get(agreement=ending_early).override_reason


# The choices found as the reader types


def test_agreements_are_found_by_any_spelling_of_the_partners_name(django_app, staff):
    partner = InstitutionFactory(name_en="Turiba University", name_ru="Университет Туриба")
    turiba = AgreementFactory(partner=partner, number="TU-1")
    AgreementFactory(number="OTHER-1")

    for typed in ("туриба", "TURIBA", "Туриба унив", "tu-1"):
        found = choices(django_app, staff, q=typed)["results"]
        assert [result["id"] for result in found] == [turiba.pk], typed
    assert "Turiba University (Riga, Latvia) — TU-1" in found[0]["text"]


def test_the_names_come_in_the_readers_language(django_app, staff):
    partner = InstitutionFactory(name_en="Turiba University", name_ru="Университет Туриба")
    found = choices(django_app, staff, "agreements:partner_choices", q="turiba")["results"]
    assert found[0]["text"].startswith("Turiba University")
    django_app.set_cookie("django_language", "ru")
    found = django_app.get(
        reverse("agreements:partner_choices"),
        {"q": "turiba"},
        user=staff,
        headers={"Accept-Language": "ru"},
    ).json["results"]
    assert found[0]["id"] == partner.pk
    assert found[0]["text"].startswith("Университет Туриба")


def test_the_choices_come_a_page_at_a_time(django_app, staff, django_assert_max_num_queries):
    bulk_register(25, prefix="Paged")
    choices(django_app, staff, q="paged")  # signs in

    with django_assert_max_num_queries(6):
        first = choices(django_app, staff, q="paged", page=1)
    second = choices(django_app, staff, q="paged", page=2)

    assert len(first["results"]) == 20 and first["more"] is True
    assert len(second["results"]) == 5 and second["more"] is False
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(set(ids)) == 25


def test_a_round_narrows_the_agreements_to_those_that_qualify_for_it(django_app, staff, round_):
    qualifies = covering_agreement(number="YES-1")
    ends_early = covering_agreement(number="EARLY-1", valid_until=date(2021, 12, 31))
    teaching_only = covering_agreement(number="TEACH-1", mobility_type="teaching")
    incoming_only = covering_agreement(number="INC-1", direction="incoming")
    archived = covering_agreement(number="ARCH-1", archived_at=timezone.now())

    found = {r["id"] for r in choices(django_app, staff, round=round_.pk)["results"]}

    assert qualifies.pk in found
    assert not found & {ends_early.pk, teaching_only.pk, incoming_only.pk, archived.pk}
    # The page's own fields as they stand win over the stored round: teachers now.
    found = {
        r["id"]
        for r in choices(
            django_app, staff, round=round_.pk, participant_kinds="teacher", direction="outgoing"
        )["results"]
    }
    assert teaching_only.pk in found and qualifies.pk not in found


def test_the_choices_run_the_same_queries_whatever_the_register(
    django_app, staff, round_, django_assert_max_num_queries
):
    choices(django_app, staff, "agreements:partner_choices")  # signs in
    bulk_register(60)
    # The session, the reader, their two sets of permissions, the round, its period, one page
    # (and at times the session's refresh).
    with django_assert_max_num_queries(8):
        choices(django_app, staff, round=round_.pk, period=round_.period_id, q="bulk")
    with django_assert_max_num_queries(6):
        choices(django_app, staff, "agreements:partner_choices", q="bulk")


def test_people_and_programs_are_found_by_any_spelling(django_app, staff):
    person = UserFactory(first_name="Эльмира", last_name="Омарова", email="elmira@example.edu")
    program = EducationalProgramFactory(name_en="Tourism", name_ru="Туризм", code="6B11199")

    people = choices(django_app, staff, "applications:participant_choices", q="omarova")
    assert [r["id"] for r in people["results"]] == [person.pk]
    assert "elmira@example.edu" in people["results"][0]["text"]
    programs = choices(django_app, staff, "agreements:program_choices", q="туризм")
    assert [r["id"] for r in programs["results"]] == [program.pk]


@pytest.mark.parametrize(
    "url",
    ["applications:agreement_choices", "applications:participant_choices"]
    + ["agreements:partner_choices"],
)
def test_the_choices_are_refused_to_whom_the_forms_are(django_app, student, url):
    anonymous = django_app.get(reverse(url), expect_errors=True)
    assert anonymous.status_code == 302
    assert "/login" in anonymous.location or "login" in anonymous.location
    assert django_app.get(reverse(url), user=student, expect_errors=True).status_code == 403


def test_programs_are_found_by_signed_in_readers_only(django_app, student):
    anonymous = django_app.get(reverse("agreements:program_choices"), expect_errors=True)
    assert anonymous.status_code == 302
    # A student chooses their own program when applying.
    assert django_app.get(reverse("agreements:program_choices"), user=student).status_code == 200
