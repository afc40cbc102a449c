"""A student's first steps: the open round on the dashboard, the apply form with each partner's
places and language, and the checklist of what is missing before submitting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, ApplicationRound, ApplicationState, RoundPlace
from tests.applications.test_workflow import fill_participant_side
from tests.factories import (
    AcademicPeriodFactory,
    ApplicationFactory,
    CooperationConditionFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    QuestionnaireFactory,
    make_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return AcademicPeriodFactory(academic_year="2022-2023", term="spring")


@pytest.fixture
def turiba(period):
    """Three places a year, teaching in English at B2; one already held this year."""
    condition = CooperationConditionFactory(
        agreement__partner=InstitutionFactory(name="Turiba University", country="LV", city="Riga"),
        places_per_year=3,
        language="English",
        language_level="B2",
    )
    agreement = condition.agreement
    ApplicationFactory(
        agreement=agreement,
        partner=agreement.partner,
        period=AcademicPeriodFactory(academic_year="2022-2023", term="autumn"),
        state=ApplicationState.APPROVED,
    )
    # Neither a draft nor another year's approval holds one of this year's places.
    ApplicationFactory(agreement=agreement, partner=agreement.partner, period=period)
    ApplicationFactory(
        agreement=agreement,
        partner=agreement.partner,
        period=AcademicPeriodFactory(academic_year="2021-2022", term="spring"),
        state=ApplicationState.APPROVED,
    )
    return agreement


@pytest.fixture
def akdeniz(period):
    """No limit on places, teaching in Turkish with no level asked."""
    condition = CooperationConditionFactory(
        agreement__partner=InstitutionFactory(
            name="Akdeniz University", country="TR", city="Antalya"
        ),
        places_per_year=None,
        language="Turkish",
        language_level="",
    )
    return condition.agreement


@pytest.fixture
def open_round(period, turiba, akdeniz):
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Spring semester abroad",
        period=period,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=10),
    )
    RoundPlace.objects.create(round=round_, agreement=turiba, places=2)
    RoundPlace.objects.create(round=round_, agreement=akdeniz)
    return round_


@pytest.fixture
def program(db):
    return EducationalProgramFactory(name="Tourism", code="6B11101")


def apply_url(round_) -> str:
    return reverse("applications:create") + f"?round={round_.pk}"


def offer_row(page, agreement):
    return page.html.select_one(f"#partner-offers tr[data-agreement='{agreement.pk}']")


# The apply form


def test_the_apply_form_shows_each_partners_places_left_and_language(
    django_app, student, open_round, turiba, akdeniz
):
    page = django_app.get(apply_url(open_round), user=student)

    row = offer_row(page, turiba)
    assert row.select_one("[data-places-left]").get_text(strip=True) == "2 of 3"
    assert " ".join(row.select_one("[data-language]").get_text().split()) == "English · level B2"
    row = offer_row(page, akdeniz)
    assert row.select_one("[data-places-left]").get_text(strip=True) == "no limit"
    assert row.select_one("[data-language]").get_text(strip=True) == "Turkish"
    option = page.html.select_one(f"#id_agreement option[value='{turiba.pk}']")
    assert option.get_text().endswith("2 of 3 places left · English, level B2")


def test_a_student_applies_through_the_form_the_page_shows(
    django_app, student, open_round, turiba, program
):
    page = django_app.get(apply_url(open_round), user=student)
    form = page.forms["application-form"]
    form["agreement"] = str(turiba.pk)
    form["program"].force_value(str(program.pk))
    form["year_of_study"] = "2"
    form["language_of_instruction"] = "English"

    response = form.submit().follow()

    application = Application.objects.get(participant=student)
    assert response.request.path == application.get_absolute_url()
    assert application.partner == turiba.partner
    assert application.round == open_round
    assert application.language == "en"
    assert "Your application was created." in response.text


def test_applying_in_kazakh_remembers_kazakh_for_the_e_mails(
    django_app, student, open_round, turiba, program
):
    django_app.set_cookie("django_language", "kk")
    page = django_app.get(apply_url(open_round), user=student)
    form = page.forms["application-form"]
    form["agreement"] = str(turiba.pk)
    form["program"].force_value(str(program.pk))
    form["year_of_study"] = "2"

    form.submit()

    assert Application.objects.get(participant=student).language == "kk"


@pytest.mark.parametrize("partners", [2, 12])
def test_the_apply_form_runs_the_same_queries_for_2_partners_as_for_12(
    partners, student, client, period, django_assert_max_num_queries
):
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Call", period=period, opens_on=today, closes_on=today + timedelta(days=5)
    )
    for _ in range(partners):
        agreement = CooperationConditionFactory().agreement
        RoundPlace.objects.create(round=round_, agreement=agreement)
        ApplicationFactory(
            agreement=agreement, partner=agreement.partner, period=period, state="approved"
        )
    client.force_login(student)

    with django_assert_max_num_queries(14):
        response = client.get(apply_url(round_))

    assert len(response.context["form"].offer_rows()) == partners


def test_a_student_cannot_apply_in_a_closed_round(django_app, student, open_round):
    open_round.opens_on = timezone.localdate() - timedelta(days=20)
    open_round.closes_on = timezone.localdate() - timedelta(days=1)
    open_round.save()

    response = django_app.get(apply_url(open_round), user=student).follow()

    assert "This round is closed" in response.text
    assert "application-form" not in response.forms


def test_an_anonymous_visitor_is_sent_to_log_in_before_applying(django_app, open_round):
    response = django_app.get(apply_url(open_round))

    assert response.status_code == 302
    assert response.location.startswith(reverse("login"))


# The first steps of a new student


def test_a_new_students_dashboard_points_to_the_open_round(django_app, student, open_round):
    page = django_app.get(reverse("dashboard"), user=student)

    section = page.html.select_one("#open-rounds")
    assert section is not None
    assert "Apply for a mobility" in section.get_text()
    assert "Fill the questionnaire and the individual curriculum." in section.get_text()
    link = section.select_one(f"a[href='{apply_url(open_round)}']")
    assert "Spring semester abroad" in link.get_text()

    apply_page = page.click(href=apply_url(open_round).replace("?", r"\?"))
    assert "application-form" in apply_page.forms


def test_my_applications_of_a_new_student_points_to_the_open_round(django_app, student, open_round):
    page = django_app.get(reverse("applications:mine"), user=student)

    section = page.html.select_one("#open-rounds")
    assert section.select_one(f"a[href='{apply_url(open_round)}']") is not None
    assert "Submit the application" in section.get_text()


def test_a_student_with_an_application_sees_the_round_without_the_first_steps(
    django_app, student, open_round, turiba
):
    make_application(participant=student, by=student, agreement=turiba, period=open_round.period)

    page = django_app.get(reverse("dashboard"), user=student)

    section = page.html.select_one("#open-rounds")
    assert "Open application rounds" in section.get_text()
    assert section.select_one("ol") is None
    assert page.html.select_one("table") is not None


def test_with_no_open_round_a_new_student_is_told_so(django_app, student):
    dashboard = django_app.get(reverse("dashboard"), user=student)
    mine = django_app.get(reverse("applications:mine"), user=student)

    assert dashboard.html.select_one("#open-rounds") is None
    assert "No application round is open now" in dashboard.html.select_one("#no-open-round").text
    assert "No application round is open now" in mine.html.select_one("#no-open-round").text


# Submitting a draft that is not ready


@pytest.fixture
def draft(student, open_round, turiba):
    return make_application(
        participant=student, by=student, agreement=turiba, period=open_round.period
    )


def checklist(page) -> list[tuple[str, str]]:
    """What the checklist names (a document by its kind), each with the address of its link."""
    return [
        (item.attrs.get("data-document", item.attrs["data-missing"]), item.select_one("a")["href"])
        for item in page.html.select("#checklist li")
    ]


def test_submitting_a_draft_that_is_not_ready_shows_the_checklist_not_a_wall_of_errors(
    django_app, student, draft
):
    page = django_app.get(draft.get_absolute_url(), user=student)

    response = page.forms["step-submit"].submit().follow()

    errors = response.html.select(".alert-danger")
    assert len(errors) == 1
    assert "cannot be submitted yet" in errors[0].get_text()
    assert checklist(response) == [
        ("questionnaire", reverse("applications:questionnaire", args=[draft.pk])),
        ("curriculum", reverse("applications:curriculum", args=[draft.pk])),
        ("application", "#documents"),
        ("transcript", "#documents"),
        ("curriculum", "#documents"),
        ("questionnaire", "#documents"),
    ]
    text = response.html.select_one("#checklist").get_text(" ", strip=True)
    assert "The questionnaire is not filled in yet." in text
    assert "The transcript is not uploaded yet." in text
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT


def test_the_checklist_names_only_what_is_still_missing(django_app, student, draft):
    QuestionnaireFactory(application=draft)

    page = django_app.get(draft.get_absolute_url(), user=student)

    assert checklist(page) == [
        ("curriculum", reverse("applications:curriculum", args=[draft.pk])),
        ("application", "#documents"),
        ("transcript", "#documents"),
        ("curriculum", "#documents"),
        ("questionnaire", "#documents"),
    ]


def test_a_returned_document_is_on_the_checklist_with_the_reason(django_app, student, staff, draft):
    fill_participant_side(draft, by=student)
    submitted = services.application_submit(application=draft, by=student)
    reviewed = services.application_start_review(application=submitted, by=staff)
    transcript = reviewed.documents.get(kind="transcript")
    services.document_return(document=transcript, reason="The scan is unreadable", by=staff)
    services.application_return(application=reviewed, comment="See the transcript.", by=staff)

    page = django_app.get(draft.get_absolute_url(), user=student)

    text = page.html.select_one("#checklist").get_text(" ", strip=True)
    assert "The transcript was returned: The scan is unreadable. Upload it again." in text


def test_a_ready_draft_has_no_checklist_and_is_submitted(django_app, student, draft):
    fill_participant_side(draft, by=student)

    page = django_app.get(draft.get_absolute_url(), user=student)
    assert page.html.select_one("#checklist") is None
    response = page.forms["step-submit"].submit().follow()

    draft.refresh_from_db()
    assert draft.state == ApplicationState.SUBMITTED
    assert "The application is now submitted." in response.text


def test_the_office_does_not_see_the_students_checklist(django_app, staff, draft):
    page = django_app.get(draft.get_absolute_url(), user=staff)

    assert page.html.select_one("#checklist") is None
