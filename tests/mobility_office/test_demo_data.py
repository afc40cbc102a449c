import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from agreements.models import AcademicPeriod, Agreement, EducationalProgram, Institution
from mobility_office import roles

SEED_COUNTRIES = {"RU", "BG", "TR", "LV", "PL", "BY", "UA", "KG", "UZ", "TJ", "CY"}
SEED_CITIES = {
    "Almaty",
    "Taraz",
    "Pavlodar",
    "Kokshetau",
    "Karaganda",
    "Ust-Kamenogorsk",
    "Uralsk",
    "Aktobe",
    "Zhezkazgan",
    "Turkestan",
    "Kyzylorda",
}


def table_counts() -> dict[str, int]:
    return {
        "institutions": Institution.objects.count(),
        "agreements": Agreement.objects.count(),
        "programs": EducationalProgram.objects.count(),
        "periods": AcademicPeriod.objects.count(),
    }


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def test_demo_holds_the_seeds_partners_in_11_countries_and_22_kazakhstani_universities(demo):
    partners = Institution.objects.partners()

    assert set(partners.foreign().values_list("country", flat=True)) == SEED_COUNTRIES
    assert partners.domestic().count() == 22
    assert set(partners.domestic().values_list("city", flat=True)) == SEED_CITIES
    assert Institution.objects.filter(is_home=True).count() == 1
    for name in [
        "Turiba University",
        "Antalya Bilim University",
        "Almaty Technological University",
        "Kazakh-American Free University",
        "Karaganda University of Kazpotrebsoyuz",
        "Toraigyrov University",
    ]:
        assert partners.filter(name=name).exists(), name


def test_demo_has_agreements_in_every_state_programs_periods_and_accounts(demo):
    states = {agreement.current_state for agreement in Agreement.objects.all()}

    assert {"in_force", "expiring", "expired"} <= states
    assert set(EducationalProgram.objects.values_list("name", flat=True)) >= {
        "Restaurant and hotel business",
        "Tourism",
        "International Tourism",
    }
    years = set(AcademicPeriod.objects.values_list("academic_year", flat=True))
    assert years == {"2021-2022", "2022-2023", "2023-2024", "2024-2025"}
    staff = authenticate(username="staff", password="demo")
    registrar = authenticate(username="registrar", password="demo")
    student = authenticate(username="student", password="demo")
    assert staff.groups.filter(name=roles.STAFF).exists()
    assert registrar.groups.filter(name=roles.REGISTRAR).exists()
    assert not student.groups.exists()


def test_loading_the_demo_twice_changes_nothing(demo, capsys):
    before = table_counts()

    call_command("load_demo")

    assert table_counts() == before
    assert "nothing changed" in capsys.readouterr().out


def test_demo_data_refuses_to_load_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")

    assert Institution.objects.count() == 0
