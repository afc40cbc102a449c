from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from agreements.models import (
    AcademicPeriod,
    Agreement,
    AgreementState,
    CooperationCondition,
    Institution,
)
from tests.factories import (
    AcademicPeriodFactory,
    AgreementFactory,
    CooperationConditionFactory,
    InstitutionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2024, 3, 1)


@pytest.fixture(autouse=True)
def _thirty_expiring_days(settings):
    settings.AGREEMENT_EXPIRING_DAYS = 30


def agreement(valid_from, valid_until, *, archived=False) -> Agreement:
    return AgreementFactory(
        valid_from=valid_from,
        valid_until=valid_until,
        date_signed=None,
        archived_at=timezone.now() if archived else None,
    )


# State from the dates


def test_agreement_starting_tomorrow_is_not_yet_in_force():
    starts_tomorrow = agreement(TODAY + timedelta(days=1), date(2028, 1, 1))

    assert starts_tomorrow.state(on=TODAY) == AgreementState.NOT_YET_IN_FORCE
    assert starts_tomorrow.is_in_force(on=TODAY) is False


def test_agreement_starting_today_is_in_force_on_its_first_day():
    starts_today = agreement(TODAY, date(2028, 1, 1))

    assert starts_today.state(on=TODAY) == AgreementState.IN_FORCE
    assert starts_today.is_in_force(on=TODAY) is True


def test_agreement_ending_beyond_the_expiring_window_is_in_force():
    ends_later = agreement(date(2020, 1, 1), TODAY + timedelta(days=31))

    assert ends_later.state(on=TODAY) == AgreementState.IN_FORCE
    assert ends_later.is_in_force(on=TODAY) is True


def test_agreement_ending_within_the_expiring_window_is_expiring_but_still_in_force():
    ends_soon = agreement(date(2020, 1, 1), TODAY + timedelta(days=30))

    assert ends_soon.state(on=TODAY) == AgreementState.EXPIRING
    assert ends_soon.is_in_force(on=TODAY) is True
    assert ends_soon.days_left(on=TODAY) == 30


def test_agreement_ending_today_is_expiring_and_in_force_on_its_last_day():
    ends_today = agreement(date(2020, 1, 1), TODAY)

    assert ends_today.state(on=TODAY) == AgreementState.EXPIRING
    assert ends_today.is_in_force(on=TODAY) is True


def test_agreement_that_ended_yesterday_is_expired():
    ended = agreement(date(2020, 1, 1), TODAY - timedelta(days=1))

    assert ended.state(on=TODAY) == AgreementState.EXPIRED
    assert ended.is_in_force(on=TODAY) is False


def test_open_ended_agreement_is_in_force_and_never_expiring():
    open_ended = agreement(date(2020, 1, 1), None)

    assert open_ended.state(on=TODAY) == AgreementState.IN_FORCE
    assert open_ended.state(on=date(2099, 12, 31)) == AgreementState.IN_FORCE
    assert open_ended.is_in_force(on=TODAY) is True
    assert open_ended.days_left(on=TODAY) is None


def test_open_ended_agreement_is_not_in_force_before_it_starts():
    open_ended = agreement(date(2025, 1, 1), None)

    assert open_ended.state(on=TODAY) == AgreementState.NOT_YET_IN_FORCE
    assert open_ended.is_in_force(on=TODAY) is False


def test_archived_agreement_is_archived_whatever_its_dates_and_never_in_force():
    archived = agreement(date(2020, 1, 1), date(2030, 1, 1), archived=True)

    assert archived.state(on=TODAY) == AgreementState.ARCHIVED
    assert archived.is_in_force(on=TODAY) is False


def test_expiring_window_follows_the_agreement_expiring_days_setting(settings):
    ends_in_sixty_days = agreement(date(2020, 1, 1), TODAY + timedelta(days=60))

    settings.AGREEMENT_EXPIRING_DAYS = 30
    assert ends_in_sixty_days.state(on=TODAY) == AgreementState.IN_FORCE
    assert not Agreement.objects.expiring(on=TODAY).exists()

    settings.AGREEMENT_EXPIRING_DAYS = 90
    assert ends_in_sixty_days.state(on=TODAY) == AgreementState.EXPIRING
    assert list(Agreement.objects.expiring(on=TODAY)) == [ends_in_sixty_days]


def test_state_without_a_day_is_the_state_today():
    today = timezone.localdate()
    ended = agreement(today - timedelta(days=400), today - timedelta(days=1))
    running = agreement(today - timedelta(days=400), None)

    assert ended.state() == AgreementState.EXPIRED
    assert ended.current_state == AgreementState.EXPIRED
    assert running.current_state == AgreementState.IN_FORCE


@pytest.fixture
def one_agreement_in_each_situation():
    return {
        "not yet": agreement(TODAY + timedelta(days=1), None),
        "starts today": agreement(TODAY, TODAY + timedelta(days=365)),
        "in force": agreement(date(2020, 1, 1), TODAY + timedelta(days=31)),
        "open-ended": agreement(date(2020, 1, 1), None),
        "expiring at the edge": agreement(date(2020, 1, 1), TODAY + timedelta(days=30)),
        "ends today": agreement(date(2020, 1, 1), TODAY),
        "expired": agreement(date(2020, 1, 1), TODAY - timedelta(days=1)),
        "archived in force": agreement(date(2020, 1, 1), None, archived=True),
        "archived expired": agreement(date(2020, 1, 1), date(2021, 1, 1), archived=True),
    }


@pytest.mark.parametrize("state", list(AgreementState))
def test_queryset_in_state_selects_the_agreements_the_model_puts_in_that_state(
    state, one_agreement_in_each_situation
):
    expected = {
        name
        for name, item in one_agreement_in_each_situation.items()
        if item.state(on=TODAY) == state
    }
    names = {item.pk: name for name, item in one_agreement_in_each_situation.items()}

    selected = {names[item.pk] for item in Agreement.objects.in_state(state, on=TODAY)}

    assert expected, f"the fixture has no agreement in state {state}"
    assert selected == expected


def test_queryset_in_force_includes_expiring_and_excludes_archived(
    one_agreement_in_each_situation,
):
    names = {item.pk: name for name, item in one_agreement_in_each_situation.items()}

    in_force = {names[item.pk] for item in Agreement.objects.in_force(on=TODAY)}

    assert in_force == {
        name for name, item in one_agreement_in_each_situation.items() if item.is_in_force(on=TODAY)
    }
    assert in_force == {
        "starts today",
        "in force",
        "open-ended",
        "expiring at the edge",
        "ends today",
    }


def test_queryset_in_state_refuses_an_unknown_state():
    with pytest.raises(ValueError, match="unknown"):
        Agreement.objects.in_state("unknown", on=TODAY)


# Database constraints


def test_database_refuses_valid_until_before_valid_from_on_create():
    partner = InstitutionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            partner=partner,
            number="AM-1",
            valid_from=date(2024, 6, 1),
            valid_until=date(2024, 5, 31),
        )

    assert not Agreement.objects.exists()


def test_database_refuses_valid_until_before_valid_from_on_update():
    stored = AgreementFactory(valid_from=date(2024, 6, 1), valid_until=date(2026, 6, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=stored.pk).update(valid_until=date(2024, 1, 1))

    stored.refresh_from_db()
    assert stored.valid_until == date(2026, 6, 1)


def test_database_accepts_an_agreement_valid_for_a_single_day():
    single_day = Agreement.objects.create(
        partner=InstitutionFactory(),
        number="AM-1",
        valid_from=date(2024, 6, 1),
        valid_until=date(2024, 6, 1),
    )

    assert single_day.pk is not None


def test_model_validation_names_the_date_problem():
    bad = AgreementFactory.build(
        partner=InstitutionFactory(), valid_from=date(2024, 6, 1), valid_until=date(2024, 5, 1)
    )

    with pytest.raises(ValidationError) as error:
        bad.full_clean()

    assert "Valid until must be on or after valid from." in error.value.messages


def test_database_refuses_a_duplicate_agreement_number_for_the_same_partner():
    first = AgreementFactory(number="MoU-17")

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            partner=first.partner, number="MoU-17", valid_from=date(2024, 1, 1)
        )

    assert Agreement.objects.filter(number="MoU-17").count() == 1


def test_same_agreement_number_for_a_different_partner_is_fine():
    AgreementFactory(number="MoU-17")

    other = Agreement.objects.create(
        partner=InstitutionFactory(), number="MoU-17", valid_from=date(2024, 1, 1)
    )

    assert Agreement.objects.filter(number="MoU-17").count() == 2
    assert other.pk is not None


def test_model_validation_explains_a_duplicate_agreement_number():
    first = AgreementFactory(number="MoU-17")
    duplicate = Agreement(partner=first.partner, number="MoU-17", valid_from=date(2024, 1, 1))

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert any("already has an agreement with this number" in m for m in error.value.messages)


def test_database_allows_only_one_home_institution():
    InstitutionFactory(name="Our University", country="KZ", city="Almaty", is_home=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(name="Another Home", country="KZ", city="Taraz", is_home=True)

    assert Institution.objects.filter(is_home=True).count() == 1


def test_many_partners_are_not_home_institutions():
    InstitutionFactory(is_home=True, country="KZ", city="Almaty")
    InstitutionFactory.create_batch(3)

    assert Institution.objects.partners().count() == 3


def test_database_refuses_two_institutions_with_the_same_code_but_allows_empty_codes():
    InstitutionFactory(code="turiba.lv")
    InstitutionFactory(code="")
    InstitutionFactory(code="")

    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(code="turiba.lv")

    assert Institution.objects.filter(code="").count() == 2


def test_database_refuses_the_same_institution_twice_in_the_same_city():
    InstitutionFactory(name="Turiba University", country="LV", city="Riga")

    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(name="Turiba University", country="LV", city="Riga")

    InstitutionFactory(name="Turiba University", country="LV", city="Jelgava")
    assert Institution.objects.filter(name="Turiba University").count() == 2


def test_kazakhstani_institution_is_domestic_and_others_are_foreign():
    assert InstitutionFactory(country="KZ", city="Taraz").is_domestic is True
    assert InstitutionFactory(country="LV", city="Riga").is_domestic is False


# Cooperation conditions


def test_database_refuses_two_conditions_for_the_same_direction_and_mobility_type():
    condition = CooperationConditionFactory(direction="outgoing", mobility_type="study")

    with pytest.raises(IntegrityError), transaction.atomic():
        CooperationConditionFactory(
            agreement=condition.agreement, direction="outgoing", mobility_type="study"
        )

    CooperationConditionFactory(
        agreement=condition.agreement, direction="incoming", mobility_type="study"
    )
    assert condition.agreement.conditions.count() == 2


def test_database_refuses_zero_months_per_year():
    with pytest.raises(IntegrityError), transaction.atomic():
        CooperationConditionFactory(months_per_year=Decimal("0"))

    assert not CooperationCondition.objects.exists()


def test_staff_mobility_is_counted_in_days_not_months():
    teaching = CooperationConditionFactory.build(
        agreement=AgreementFactory(), mobility_type="teaching", months_per_year=Decimal("1")
    )

    with pytest.raises(ValidationError) as error:
        teaching.full_clean()

    assert "months_per_year" in error.value.message_dict


def test_student_mobility_is_counted_in_months_not_days():
    study = CooperationConditionFactory.build(
        agreement=AgreementFactory(), mobility_type="study", months_per_year=None, days_per_year=10
    )

    with pytest.raises(ValidationError) as error:
        study.full_clean()

    assert "days_per_year" in error.value.message_dict


def test_subject_areas_must_be_isced_codes():
    condition = CooperationConditionFactory.build(
        agreement=AgreementFactory(), subject_areas="tourism"
    )

    with pytest.raises(ValidationError) as error:
        condition.full_clean()

    assert "subject_areas" in error.value.message_dict
    condition.subject_areas = "1015, 1013,0413"
    condition.full_clean()


def test_study_levels_are_listed_and_shown_by_their_labels():
    condition = CooperationConditionFactory(study_levels="bachelor,master")

    assert condition.study_level_list == ["bachelor", "master"]
    assert condition.get_study_levels_display() == "bachelor, master"
    assert CooperationConditionFactory(study_levels="").study_level_list == []


# Reference data


def test_academic_year_must_be_two_consecutive_years():
    period = AcademicPeriodFactory.build(academic_year="2022-2024")

    with pytest.raises(ValidationError) as error:
        period.full_clean()

    assert "academic_year" in error.value.message_dict


def test_database_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        AcademicPeriod.objects.create(
            academic_year="2022-2023",
            term=AcademicPeriod.Term.AUTUMN,
            starts_on=date(2023, 1, 31),
            ends_on=date(2022, 9, 1),
        )

    assert not AcademicPeriod.objects.exists()


def test_default_term_dates_follow_the_academic_year():
    assert AcademicPeriod.default_dates("2022-2023", "autumn") == (
        date(2022, 9, 1),
        date(2023, 1, 31),
    )
    assert AcademicPeriod.default_dates("2022-2023", "spring") == (
        date(2023, 2, 1),
        date(2023, 6, 30),
    )
    assert AcademicPeriod.default_dates("2022-2023", "full_year") == (
        date(2022, 9, 1),
        date(2023, 6, 30),
    )
