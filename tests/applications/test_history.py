"""The history of application rounds and individual curricula, recorded from the edits made
through their pages and shown on the round's page and the curriculum's page: who, when, what.

A round's places decide who may go; a draft curriculum's lines decide what is recognised later.
"""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import selectors, services
from applications.models import (
    Application,
    ApplicationRound,
    CurriculumLine,
    CurriculumVersion,
    RoundPlace,
)
from tests.applications.test_workflow import accept_participant_documents, fill_participant_side
from tests.factories import (
    AcademicPeriodFactory,
    InstitutionFactory,
    UserFactory,
    covering_agreement,
    make_application,
)

pytestmark = pytest.mark.django_db

CURRICULUM_FORM = "curriculum-form"


def history_text(page, selector: str = "table.history-changes") -> str:
    return " ".join(page.html.select_one(selector).get_text(" ").split())


def row_of(form, prefix: str, field: str, value: str) -> int:
    total = int(form[f"{prefix}-TOTAL_FORMS"].value)
    for index in range(total):
        if form[f"{prefix}-{index}-{field}"].value == value:
            return index
    raise AssertionError(f"no row with {field} {value!r}")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Rounds


@pytest.fixture
def turiba(db):
    return covering_agreement(
        partner=InstitutionFactory(name="Turiba University", country="LV", city="Riga"),
        number="TU-1",
    )


@pytest.fixture
def round_(db, staff, turiba):
    today = timezone.localdate()
    return services.round_save(
        round_=ApplicationRound(
            title="Spring semester abroad",
            period=AcademicPeriodFactory(academic_year="2022-2023", term="spring"),
            opens_on=today - timedelta(days=3),
            closes_on=today + timedelta(days=10),
        ),
        places=[RoundPlace(agreement=turiba, places=2)],
        by=staff,
    )


def edit_round(django_app, user, round_):
    return django_app.get(reverse("applications:round_edit", args=[round_.pk]), user=user).forms[
        "round-form"
    ]


def test_a_changed_place_count_is_shown_on_the_round_page_with_who_when_and_why(
    django_app, staff, round_, turiba
):
    form = edit_round(django_app, staff, round_)
    form[f"places-{row_of(form, 'places', 'agreement', str(turiba.pk))}-places"] = "4"
    form["change_reason"] = "Turiba offered two more places"

    response = form.submit()

    assert response.status_code == 302, response.text
    page = response.follow()
    text = history_text(page)
    assert "Aigerim Sadykova" in text
    assert "Partner in a round Turiba University (TU-1) : Turiba offered two more places" in text
    assert "Places : 2 → 4" in text
    [entry] = [e for e in page.context["history"] if e["record"].history_type == "~"]
    assert entry["record"].history_user == staff
    assert timezone.localdate(entry["record"].history_date) == timezone.localdate()


def test_a_partner_added_and_removed_is_shown_on_the_round_page(django_app, staff, round_, turiba):
    lodz = covering_agreement(
        partner=InstitutionFactory(name="University of Lodz", country="PL", city="Lodz"),
        number="UL-1",
    )
    form = edit_round(django_app, staff, round_)
    form[f"places-{row_of(form, 'places', 'agreement', str(turiba.pk))}-DELETE"] = True
    new = row_of(form, "places", "agreement", "")
    form[f"places-{new}-agreement"].force_value(str(lodz.pk))
    form[f"places-{new}-places"] = "1"

    page = form.submit().follow()

    text = history_text(page)
    assert "Partner in a round Turiba University (TU-1) : Removed" in text
    assert "Partner in a round University of Lodz (UL-1) : Added" in text


def test_saving_a_round_unchanged_adds_nothing_to_its_history(django_app, staff, round_):
    before = (round_.history.count(), RoundPlace.history.count())

    response = edit_round(django_app, staff, round_).submit()

    assert response.status_code == 302, response.text
    assert (round_.history.count(), RoundPlace.history.count()) == before


def test_a_round_whose_terms_change_records_only_the_round_not_its_unchanged_partners(
    django_app, staff, round_
):
    places = RoundPlace.history.count()
    form = edit_round(django_app, staff, round_)
    form["direction"] = "outgoing"
    form["title_en"] = "Spring semester abroad 2023"

    assert form.submit().status_code == 302

    assert RoundPlace.history.count() == places
    assert round_.history.latest("history_date").title == "Spring semester abroad 2023"


def test_a_student_cannot_see_a_rounds_history(student_client, round_):
    response = student_client.get(round_.get_absolute_url())

    assert response.status_code == 403
    assert b"history-changes" not in response.content


@pytest.mark.parametrize("changes", [1, 20])
def test_the_round_page_reads_its_history_in_a_fixed_number_of_queries(
    changes, staff, round_, turiba, django_assert_max_num_queries
):
    place = round_.places.get()
    for number in range(changes):
        place.places = 3 + number
        services.round_save(round_=round_, places=[place], by=staff)
    reader = client_of(staff)

    with django_assert_max_num_queries(9):
        response = reader.get(round_.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["history"]) == changes + 2


# Individual curricula


@pytest.fixture
def dana(db):
    return UserFactory(username="dana", first_name="Dana", last_name="Seitova")


@pytest.fixture
def draft(dana):
    application = make_application(
        participant=dana,
        by=dana,
        agreement=covering_agreement(
            partner=InstitutionFactory(
                name="Antalya Bilim University", country="TR", city="Antalya"
            )
        ),
    )
    services.curriculum_save_lines(
        version=selectors.current_curriculum(application),
        lines=[
            CurriculumLine(
                host_code="HM101",
                host_title="Hotel management",
                host_credits=Decimal(15),
                home_title="Hotel business",
                home_credits=Decimal(15),
            ),
            CurriculumLine(
                host_code="TM202",
                host_title="Tourism marketing",
                host_credits=Decimal(15),
                home_title="Marketing in tourism",
                home_credits=Decimal(15),
            ),
        ],
        by=dana,
    )
    return application


@pytest.fixture
def approved(draft, dana, staff):
    fill_participant_side(draft, by=dana)
    services.application_submit(application=draft, by=dana)
    reviewed = services.application_start_review(application=draft, by=staff)
    accept_participant_documents(reviewed)
    reviewed.refresh_from_db()
    return services.application_approve(application=reviewed, by=staff)


def curriculum_url(application) -> str:
    return reverse("applications:curriculum", args=[application.pk])


def test_a_draft_line_changed_added_and_removed_is_shown_on_the_curriculum_page(
    django_app, draft, dana
):
    form = django_app.get(curriculum_url(draft), user=dana).forms[CURRICULUM_FORM]
    form[f"lines-{row_of(form, 'lines', 'host_title', 'Hotel management')}-home_credits"] = "12"
    form[f"lines-{row_of(form, 'lines', 'host_title', 'Tourism marketing')}-DELETE"] = True
    new = row_of(form, "lines", "host_title", "")
    form[f"lines-{new}-host_title"] = "Event management"
    form[f"lines-{new}-host_credits"] = "6"
    form[f"lines-{new}-home_title"] = "Event organisation"
    form[f"lines-{new}-home_credits"] = "6"

    page = form.submit().follow()

    text = history_text(page, "#curriculum-history")
    assert "Dana Seitova" in text
    assert "Curriculum line Hotel management → Hotel business : Home credits : 15 → 12" in text
    assert "Curriculum line Tourism marketing → Marketing in tourism : Removed" in text
    assert "Curriculum line Event management → Event organisation : Added" in text
    assert "History of version 1" in page.html.get_text()


def test_saving_a_draft_curriculum_unchanged_adds_nothing_to_its_history(django_app, draft, dana):
    version = selectors.current_curriculum(draft)
    before = (version.history.count(), CurriculumLine.history.filter(version=version).count())

    response = django_app.get(curriculum_url(draft), user=dana).forms[CURRICULUM_FORM].submit()

    assert response.status_code == 302, response.text
    after = (version.history.count(), CurriculumLine.history.filter(version=version).count())
    assert after == before


def test_the_approval_is_in_the_curriculums_history_with_who_approved_it(
    django_app, approved, dana
):
    page = django_app.get(curriculum_url(approved), user=dana)

    [approval, created] = [e for e in page.context["history"] if not e["subject"]]
    assert approval["reason"] == "approved"
    assert approval["author"] == "Aigerim Sadykova"
    changes = {str(c["field"]): (c["old"], c["new"]) for c in approval["changes"]}
    assert changes["state"] == ("draft", "approved")
    assert changes["approved by"] == ("—", "Aigerim Sadykova")
    assert created["record"].history_type == "+"
    assert created["author"] == "Dana Seitova"


def test_a_new_versions_history_shows_its_steps_and_each_line_changed_since_the_copy(
    django_app, approved, dana, staff
):
    Application.objects.filter(pk=approved.pk).update(state="in_mobility")
    form = django_app.get(curriculum_url(approved), user=dana).forms["curriculum-new-version-form"]
    form["reason"] = "timetable"
    form["note"] = "Hotel management clashes with a home exam."
    page = form.submit().follow()
    form = page.forms[CURRICULUM_FORM]
    form[f"lines-{row_of(form, 'lines', 'host_title', 'Hotel management')}-host_credits"] = "10"
    form.submit("propose")
    approval = django_app.get(curriculum_url(approved), user=staff).forms["curriculum-approve-form"]
    assert approval.submit().status_code == 302

    page = django_app.get(curriculum_url(approved), user=dana)

    entries = page.context["history"]
    # The copied lines are not listed one by one; the line changed after the copy is.
    assert [(e["subject"], e["record"].history_type) for e in entries if e["subject"]] == [
        ("Hotel management → Hotel business", "~")
    ]
    assert [e["reason"] for e in entries if not e["subject"]] == [
        "approved",
        "proposed for approval",
        "",
    ]
    text = history_text(page, "#curriculum-history")
    assert "Host credits : 15 → 10" in text
    assert "History of version 2" in page.html.get_text()
    assert selectors.current_curriculum(approved).state == "approved"


def test_another_student_cannot_see_a_curriculums_history(draft):
    other = client_of(UserFactory(username="another-student"))

    response = other.get(curriculum_url(draft))

    assert response.status_code == 404
    assert b"curriculum-history" not in response.content


@pytest.mark.parametrize("changes", [1, 20])
def test_the_curriculum_page_reads_its_history_in_a_fixed_number_of_queries(
    changes, draft, dana, django_assert_max_num_queries
):
    version = selectors.current_curriculum(draft)
    for number in range(changes):
        lines = list(version.lines.all())
        lines[0].home_credits = Decimal(10 + number)
        services.curriculum_save_lines(version=version, lines=lines, by=dana)
    reader = client_of(dana)

    with django_assert_max_num_queries(17) as captured:
        response = reader.get(curriculum_url(draft))

    assert response.status_code == 200
    assert len(response.context["history"]) == 1 + CurriculumLine.history.count()
    # One query for the version's history and one for its lines', however long they are.
    history_queries = [q for q in captured.captured_queries if "historical" in q["sql"]]
    assert len(history_queries) == 2


# Offices installed before the history was kept


def test_the_migration_gives_records_older_than_their_history_a_baseline_once(draft, dana):
    migration = importlib.import_module("applications.migrations.0006_history_baseline")
    version = selectors.current_curriculum(draft)
    # As in an office installed before: rows without any history.
    CurriculumVersion.history.all().delete()
    CurriculumLine.history.all().delete()

    migration.record_baseline(apps, schema_editor=None)
    migration.record_baseline(apps, schema_editor=None)

    [baseline] = version.history.all()
    assert baseline.history_change_reason == "history-start"
    assert baseline.history_user is None
    lines = CurriculumLine.history.filter(version_id=version.pk)
    assert sorted(lines.values_list("host_title", "history_change_reason")) == [
        ("Hotel management", "history-start"),
        ("Tourism marketing", "history-start"),
    ]
    page = client_of(dana).get(curriculum_url(draft))
    assert [entry["reason"] for entry in page.context["history"]] == [
        "as it was when its history began"
    ]
