"""The application lists run the same number of SQL queries for 3 applications as for 40.

Each bound is the count measured today: a page that starts to query once per row goes over it
with 40 rows, and a page that grows a query for everyone has to raise it here, on purpose.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications.models import Application, ApplicationRound, ApplicationState, RoundPlace
from tests.factories import (
    AcademicPeriodFactory,
    ApplicationFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    UserFactory,
    covering_agreement,
)

ROW_COUNTS = [3, 40]
PLACES = [("LV", "Riga"), ("TR", "Antalya"), ("KZ", "Almaty"), ("KZ", "Uralsk"), ("PL", "Lodz")]
# Every state, the office's ones first, so that the queue grows with the rows too.
STATES = sorted(
    ApplicationState.values,
    key=lambda state: state not in ApplicationState.WAITING_FOR_STAFF_STATES,
)

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("register", ROW_COUNTS, indirect=True)]


@pytest.fixture
def register(request, student):
    """`rows` applications of the student, to several partners, periods, programs and states;
    as many of other participants (some without an account); and an open round."""
    rows = request.param
    agreements = [
        covering_agreement(partner=InstitutionFactory(country=country, city=city))
        for country, city in PLACES
    ]
    periods = [
        AcademicPeriodFactory(academic_year="2022-2023", term="spring"),
        AcademicPeriodFactory(academic_year="2023-2024", term="autumn"),
    ]
    programs = [EducationalProgramFactory(name=f"Program {n}") for n in range(3)]
    others = [UserFactory() for _ in range(3)]

    def build(index: int, participant) -> Application:
        agreement = agreements[index % len(agreements)]
        return ApplicationFactory.build(
            participant=participant,
            first_name=f"Name{index}",
            last_name=f"Surname{index}",
            email=f"p{index}@example.edu",
            agreement=agreement,
            partner=agreement.partner,
            period=periods[index % len(periods)],
            program=programs[index % len(programs)],
            state=STATES[index % len(STATES)],
            created_by=student,
        )

    Application.objects.bulk_create(
        [build(index, student) for index in range(rows)]
        + [build(index, others[index % 3] if index % 2 else None) for index in range(rows)]
    )
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Open call",
        period=periods[0],
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=9),
    )
    RoundPlace.objects.bulk_create(RoundPlace(round=round_, agreement=a) for a in agreements)
    return rows


def test_applications_list_queries_do_not_grow_with_rows(
    register, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        response = staff_client.get("/applications/")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2 * register


def test_filtered_applications_list_queries_do_not_grow_with_rows(
    register, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        response = staff_client.get(
            "/applications/",
            {"scope": "foreign", "direction": "outgoing", "q": "Surname", "page": "1"},
        )

    assert response.status_code == 200
    assert response.context["page"].paginator.count > 0


def test_staff_queue_queries_do_not_grow_with_rows(
    register, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        response = staff_client.get("/applications/queue/")

    assert response.status_code == 200
    waiting = Application.objects.waiting_for_staff().count()
    assert len(response.context["applications"]) == waiting > register // 2


def test_my_applications_queries_do_not_grow_with_rows(
    register, student_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = student_client.get("/applications/mine/")

    assert response.status_code == 200
    assert len(response.context["applications"]) == register
    assert len(response.context["rounds"]) == 1
