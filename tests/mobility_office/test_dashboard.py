"""The dashboard: this term's mobilities, what waits for the office, and what changed lately."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from agreements import services as agreement_services
from applications.models import ApplicationEvent
from mobility_office.selectors import recent_changes
from reports.periods import ReportPeriod
from reports.selectors import drill_down_url
from tests.factories import (
    AcademicPeriodFactory,
    InstitutionFactory,
    covering_agreement,
    make_application,
)

pytestmark = pytest.mark.django_db

OUTGOING_FOREIGN = 1  # rows: outgoing · domestic, outgoing · foreign, incoming · domestic, …
INCOMING_DOMESTIC = 2
PLANNED, IN_MOBILITY, COMPLETED, TOTAL = 1, 2, 3, 4  # columns after the row's name


@pytest.fixture
def period() -> ReportPeriod:
    return ReportPeriod.current(on=timezone.localdate())


@pytest.fixture
def this_term(period):
    return AcademicPeriodFactory(academic_year=period.year, term=period.term)


def agreement_for(period: ReportPeriod, *, direction: str = "outgoing", country: str = "LV"):
    """An agreement covering the term whatever today is."""
    starts, ends = period.dates
    return covering_agreement(
        direction=direction,
        partner=InstitutionFactory(country=country, city="Almaty" if country == "KZ" else "Riga"),
        valid_from=starts - timedelta(days=365),
        valid_until=ends + timedelta(days=365),
    )


def link(url: str, value: int) -> str:
    return f'<a href="{escape(url)}">{value}</a>'


def test_staff_sees_this_terms_mobilities_linked_to_the_mobilities_behind_them(
    staff_client, staff, period, this_term
):
    make_application(
        agreement=agreement_for(period), period=this_term, state="in_mobility", by=staff
    )
    make_application(
        direction="incoming",
        agreement=agreement_for(period, direction="incoming", country="KZ"),
        period=this_term,
        state="approved",
        by=staff,
    )

    response = staff_client.get("/dashboard/")

    table = response.context["term_table"]
    assert table.rows[OUTGOING_FOREIGN][IN_MOBILITY].value == 1
    assert table.rows[INCOMING_DOMESTIC][PLANNED].value == 1
    assert table.total[TOTAL].value == 2
    content = response.content.decode()
    assert period.label in content
    in_mobility_abroad = drill_down_url(
        period, direction="outgoing", where="foreign", stage="in_mobility"
    )
    assert link(in_mobility_abroad, 1) in content
    assert link(drill_down_url(period), 2) in content
    assert f'href="/reports/?{escape(period.querystring())}">Open the report</a>' in content


def test_zero_figures_of_the_term_are_not_links(staff_client, period):
    response = staff_client.get("/dashboard/")

    assert response.context["term_table"].total[TOTAL].value == 0
    assert escape(drill_down_url(period)) not in response.content.decode()


def test_withdrawn_rejected_and_other_terms_applications_are_not_counted(
    staff_client, staff, period, this_term
):
    agreement = agreement_for(period)
    make_application(agreement=agreement, period=this_term, state="in_mobility", by=staff)
    for state in ("withdrawn", "rejected", "submitted", "draft"):
        make_application(agreement=agreement, period=this_term, state=state, by=staff)
    last_year = AcademicPeriodFactory(
        academic_year=f"{int(period.year[:4]) - 1}-{period.year[:4]}", term=period.term
    )
    make_application(agreement=agreement, period=last_year, state="in_mobility", by=staff)

    response = staff_client.get("/dashboard/")

    table = response.context["term_table"]
    assert table.rows[OUTGOING_FOREIGN][IN_MOBILITY].value == 1
    assert table.total[TOTAL].value == 1


def test_staff_sees_recent_changes_to_applications_and_agreements_newest_first(
    staff_client, staff, period, this_term
):
    application = make_application(
        agreement=agreement_for(period), period=this_term, first_name="Dana", by=staff
    )
    agreement = application.agreement
    agreement.notes = "Renewed for five years"
    agreement_services.agreement_save(agreement=agreement, by=staff)

    response = staff_client.get("/dashboard/")

    changes = response.context["recent_changes"]
    assert [change["text"] for change in changes[:2]] == [
        "changed the agreement",
        "registered the application",
    ]
    content = response.content.decode()
    assert "Aigerim Sadykova: changed the agreement" in content
    assert f'<a href="{agreement.get_absolute_url()}">{agreement.number} · ' in content
    assert "Aigerim Sadykova: registered the application" in content
    assert (
        f'<a href="{application.get_absolute_url()}">'
        f"{application.reference} {application.last_name} Dana</a>"
    ) in content


def test_recent_changes_show_the_ten_latest_newest_first(staff, period, this_term):
    application = make_application(agreement=agreement_for(period), period=this_term, by=staff)
    for number in range(12):
        ApplicationEvent.objects.create(
            application=application, action="upload", by=staff, comment=str(number)
        )

    changes = recent_changes(limit=10)

    assert len(changes) == 10
    assert [change["at"] for change in changes] == sorted(
        (change["at"] for change in changes), reverse=True
    )
    assert changes[0]["at"] == ApplicationEvent.objects.latest("at", "pk").at
    assert changes[0]["text"] == "uploaded a document"


def test_a_deleted_institution_is_named_without_a_link(staff, staff_client):
    partner = InstitutionFactory(name="Closed Academy")
    agreement_services.institution_delete(institution=partner, by=staff)

    response = staff_client.get("/dashboard/")

    deleted = response.context["recent_changes"][0]
    assert (deleted["text"], deleted["subject"], deleted["url"]) == (
        "deleted the institution",
        "Closed Academy",
        "",
    )


def test_registrar_sees_the_terms_figures_but_not_the_recent_changes(
    registrar_client, staff, period, this_term
):
    make_application(
        agreement=agreement_for(period), period=this_term, state="in_mobility", by=staff
    )

    response = registrar_client.get("/dashboard/")

    assert response.context["term_table"].total[TOTAL].value == 1
    assert "recent_changes" not in response.context
    content = response.content.decode()
    assert "Open the report" in content
    assert "Recent changes" not in content


def test_student_sees_only_their_own_applications(student_client, student, period, this_term):
    mine = make_application(
        participant=student, agreement=agreement_for(period), period=this_term, by=student
    )
    make_application(agreement=agreement_for(period), period=this_term, state="in_mobility")

    response = student_client.get("/dashboard/")

    assert "term_table" not in response.context
    assert "recent_changes" not in response.context
    assert list(response.context["my_applications"]) == [mine]
    content = response.content.decode()
    assert period.label not in content
    assert "Recent changes" not in content


def test_anonymous_visitor_is_sent_to_log_in(anonymous_client):
    response = anonymous_client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


@pytest.mark.parametrize("rows", [2, 30])
def test_dashboard_queries_do_not_grow_with_mobilities_and_changes(
    rows, staff, staff_client, period, this_term, django_assert_max_num_queries
):
    for _ in range(rows):
        application = make_application(
            agreement=agreement_for(period), period=this_term, state="in_mobility", by=staff
        )
        ApplicationEvent.objects.create(application=application, action="upload", by=staff)
        application.agreement.notes = "Renewed"
        agreement_services.agreement_save(agreement=application.agreement, by=staff)

    # One of them counts the e-mails not sent.
    with django_assert_max_num_queries(15):
        response = staff_client.get("/dashboard/")

    assert response.context["term_table"].total[TOTAL].value == rows
    assert len(response.context["recent_changes"]) == 10
