"""The individual curriculum: edited as a draft, approved with the application, then changed
only as a new version with a reason that the office approves; earlier matches at the partner.

Pages are used as they render (django-webtest): each test opens the page as a person, fills the
form it shows and submits it.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import pdfs, selectors, services
from applications.models import Application, CurriculumLine, CurriculumVersion
from tests.applications.test_pdfs import pdf_text
from tests.applications.test_workflow import accept_participant_documents, fill_participant_side
from tests.factories import InstitutionFactory, UserFactory, covering_agreement, make_application

pytestmark = pytest.mark.django_db

FORM = "curriculum-form"
NEW_VERSION_FORM = "curriculum-new-version-form"
APPROVE_FORM = "curriculum-approve-form"
# The curriculum page of a draft, seen by the office, however many lines it has.
QUERIES_OF_THE_CURRICULUM_PAGE = 17


def line(title: str, credits: str, home: str, home_credits: str, **fields) -> CurriculumLine:
    return CurriculumLine(
        host_title=title,
        host_credits=Decimal(credits),
        home_title=home,
        home_credits=Decimal(home_credits),
        **fields,
    )


def url_of(application: Application) -> str:
    return reverse("applications:curriculum", args=[application.pk])


def lines_of(version: CurriculumVersion) -> list[tuple[str, Decimal, str, Decimal]]:
    return [
        (item.host_title, item.host_credits, item.home_title, item.home_credits)
        for item in version.lines.order_by("position")
    ]


def row_of(form, title: str) -> int:
    """The index of the formset row whose host discipline is `title`."""
    total = int(form["lines-TOTAL_FORMS"].value)
    for index in range(total):
        if form[f"lines-{index}-host_title"].value == title:
            return index
    raise AssertionError(f"No row {title!r} in the form.")


def text_of(page) -> str:
    return " ".join(page.html.get_text(" ").split())


@pytest.fixture
def student(db):
    return UserFactory(username="dana", first_name="Dana", last_name="Seitova")


@pytest.fixture
def agreement(db):
    return covering_agreement(partner=InstitutionFactory(name="Turiba University", country="LV"))


@pytest.fixture
def draft(student, agreement):
    return make_application(participant=student, by=student, agreement=agreement)


@pytest.fixture
def two_lines(draft, student):
    services.curriculum_save_lines(
        version=selectors.current_curriculum(draft),
        lines=[
            line("Hotel management", "15", "Hotel business", "15", host_code="HM101"),
            line("Tourism marketing", "15", "Marketing in tourism", "15", host_code="TM202"),
        ],
        by=student,
    )
    return draft


@pytest.fixture
def under_review(draft, student, staff):
    fill_participant_side(draft, by=student)
    services.application_submit(application=draft, by=student)
    reviewed = services.application_start_review(application=draft, by=staff)
    accept_participant_documents(reviewed)
    reviewed.refresh_from_db()
    return reviewed


@pytest.fixture
def approved(under_review, staff):
    return services.application_approve(application=under_review, by=staff)


# The draft curriculum, saved through the page


def test_student_saves_the_curriculum_unchanged_without_duplicating_a_line(
    django_app, two_lines, student
):
    version = selectors.current_curriculum(two_lines)
    before = list(version.lines.values_list("pk", flat=True))

    page = django_app.get(url_of(two_lines), user=student)
    response = page.forms[FORM].submit()

    assert response.status_code == 302, response.text
    assert list(version.lines.values_list("pk", flat=True)) == before
    # Nothing changed, so neither the application's history nor the curriculum's says it did.
    assert two_lines.events.filter(action="curriculum", by=student).count() == 1
    assert CurriculumLine.history.filter(version=version).count() == 2
    assert "The curriculum is saved." in text_of(response.follow())


def test_student_changes_adds_and_removes_curriculum_lines(django_app, two_lines, student):
    version = selectors.current_curriculum(two_lines)

    form = django_app.get(url_of(two_lines), user=student).forms[FORM]
    form[f"lines-{row_of(form, 'Hotel management')}-home_credits"] = "12"
    form[f"lines-{row_of(form, 'Tourism marketing')}-DELETE"] = True
    form["lines-2-host_code"] = "EV303"
    form["lines-2-host_title"] = "Event management"
    form["lines-2-host_credits"] = "6"
    form["lines-2-home_title"] = "Event organisation"
    form["lines-2-home_credits"] = "6"
    response = form.submit()

    assert response.status_code == 302, response.text
    assert lines_of(version) == [
        ("Hotel management", Decimal("15.0"), "Hotel business", Decimal("12.0")),
        ("Event management", Decimal("6.0"), "Event organisation", Decimal("6.0")),
    ]
    assert CurriculumLine.objects.filter(version__application=two_lines).count() == 2
    assert two_lines.events.filter(action="curriculum", by=student).count() == 2


def test_curriculum_lines_are_saved_with_totals_and_a_warning_for_unusual_ones(
    django_app, draft, student
):
    form = django_app.get(url_of(draft), user=student).forms[FORM]
    form["lines-0-host_code"] = "HM101"
    form["lines-0-host_title"] = "Hotel management"
    form["lines-0-host_credits"] = "6"
    form["lines-0-home_title"] = "Hotel business"
    form["lines-0-home_credits"] = "6"
    first = form.submit().follow()
    form = first.forms[FORM]
    form["lines-1-host_title"] = "Tourism marketing"
    form["lines-1-host_credits"] = "5"
    form["lines-1-home_title"] = "Marketing in tourism"
    form["lines-1-home_credits"] = "4"
    page = form.submit().follow()

    lines = CurriculumLine.objects.filter(version__application=draft).order_by("position")
    assert [item.host_title for item in lines] == ["Hotel management", "Tourism marketing"]
    assert page.html.select_one("#total-host").get_text() == "11.0"
    assert page.html.select_one("#total-home").get_text() == "10.0"
    assert "10.0 home credits is unusual" in text_of(page)


def test_usual_curriculum_totals_give_no_warning(django_app, two_lines, student):
    page = django_app.get(url_of(two_lines), user=student)

    assert page.html.select_one("#total-home").get_text() == "30.0"
    assert "is unusual" not in text_of(page)


def test_staff_save_a_draft_curriculum_through_the_same_form(django_app, two_lines, staff):
    form = django_app.get(url_of(two_lines), user=staff).forms[FORM]
    form[f"lines-{row_of(form, 'Hotel management')}-host_credits"] = "14"
    response = form.submit()

    assert response.status_code == 302, response.text
    version = selectors.current_curriculum(two_lines)
    assert version.lines.get(host_title="Hotel management").host_credits == 14
    assert two_lines.events.filter(action="curriculum", by=staff).exists()


def test_the_first_version_is_not_approved_on_its_own_while_the_student_still_edits(
    django_app, two_lines, staff
):
    page = django_app.get(url_of(two_lines), user=staff)

    assert APPROVE_FORM not in page.forms
    assert NEW_VERSION_FORM not in page.forms


# Approval of the application approves the curriculum


def test_approving_the_application_approves_its_curriculum_in_the_same_step(approved, staff):
    version = selectors.current_curriculum(approved)

    assert approved.state == "approved"
    assert version.state == "approved"
    assert version.approved_by == staff
    assert version.approved_at is not None
    event = approved.events.get(action="curriculum_approved")
    assert event.by == staff
    assert "approved with the application" in event.comment


def test_approving_an_application_whose_curriculum_has_no_disciplines_is_refused(
    under_review, staff
):
    version = selectors.current_curriculum(under_review)
    CurriculumLine.objects.filter(version=version).delete()

    with pytest.raises(ValidationError, match="curriculum has no disciplines"):
        services.application_approve(application=under_review, by=staff)

    under_review.refresh_from_db()
    version.refresh_from_db()
    assert under_review.state == "under_review"
    assert version.state == "draft"


def test_a_refused_approval_leaves_the_curriculum_a_draft(under_review, staff, agreement):
    condition = agreement.conditions.get()
    condition.places_per_year = 0
    condition.save()

    with pytest.raises(services.PlacesExhausted):
        services.application_approve(application=under_review, by=staff)

    assert selectors.current_curriculum(under_review).state == "draft"
    assert not under_review.events.filter(action="curriculum_approved").exists()


def test_a_curriculum_approved_during_the_review_stays_as_it_was_approved(under_review, staff):
    version = selectors.current_curriculum(under_review)
    services.curriculum_approve(version=version, by=staff)

    services.application_approve(application=under_review, by=staff)

    assert under_review.events.filter(action="curriculum_approved").count() == 1


def test_the_curriculum_cannot_change_while_the_office_decides(django_app, under_review, student):
    with pytest.raises(ValidationError, match="cannot change while the office decides"):
        services.curriculum_save_lines(
            version=selectors.current_curriculum(under_review),
            lines=[line("X", "1", "Y", "1")],
            by=student,
        )
    page = django_app.get(url_of(under_review), user=student)
    assert FORM not in page.forms
    assert "cannot change while the office decides" in text_of(page)


# After approval: locked, changed only as a new version


def test_student_cannot_change_lines_after_approval(django_app, draft, student, request):
    # The student opened the curriculum while it was a draft, and it is approved meanwhile.
    stale = django_app.get(url_of(draft), user=student).forms[FORM]
    approved = request.getfixturevalue("approved")
    version = selectors.current_curriculum(approved)
    before = lines_of(version)

    page = django_app.get(url_of(approved), user=student)

    assert FORM not in page.forms
    assert "is approved and no longer changes" in page.html.select_one("#curriculum-read-only").text
    with pytest.raises(ValidationError, match="is approved and no longer changes"):
        services.curriculum_save_lines(
            version=version, lines=[line("Intrusion", "5", "X", "5")], by=student
        )
    # The form of the older page is refused with the reason, and nothing changes.
    stale["lines-0-host_title"] = "Intrusion"
    stale["lines-0-host_credits"] = "5"
    stale["lines-0-home_title"] = "X"
    stale["lines-0-home_credits"] = "5"
    response = stale.submit().follow()
    told = [str(message) for message in response.context["messages"]]
    assert any("is approved and no longer changes" in message for message in told), told
    assert lines_of(version) == before
    for state in ("order_issued", "agreement_signed", "in_mobility"):
        Application.objects.filter(pk=approved.pk).update(state=state)
        assert FORM not in django_app.get(url_of(approved), user=student).forms


def test_a_change_is_a_new_version_with_a_reason_edited_proposed_and_approved_by_staff(
    django_app, approved, student, staff
):
    Application.objects.filter(pk=approved.pk).update(state="in_mobility")
    first = selectors.current_curriculum(approved)
    first_lines = lines_of(first)

    form = django_app.get(url_of(approved), user=student).forms[NEW_VERSION_FORM]
    form["reason"] = "timetable"
    form["note"] = "Hotel management clashes with a home exam; Event management instead."
    page = form.submit().follow()

    second = selectors.current_curriculum(approved)
    assert second.number == 2
    assert second.state == "draft"
    assert lines_of(second) == first_lines
    assert "A new version was started" in text_of(page)
    form = page.forms[FORM]
    index = row_of(form, "Hotel management")
    form[f"lines-{index}-host_title"] = "Event management"
    form[f"lines-{index}-home_title"] = "Event organisation"
    page = form.submit().follow()
    assert selectors.current_curriculum(approved).state == "draft"
    page = page.forms[FORM].submit("propose").follow()

    second.refresh_from_db()
    assert second.state == "proposed"
    assert "proposed; the office approves it" in text_of(page)
    assert FORM not in page.forms
    assert APPROVE_FORM not in page.forms
    assert "waits for the office's approval" in text_of(page)

    page = django_app.get(url_of(approved), user=staff).forms[APPROVE_FORM].submit().follow()

    second.refresh_from_db()
    first.refresh_from_db()
    assert second.state == "approved"
    assert second.approved_by == staff
    assert first.state == "approved"
    assert lines_of(first) == first_lines
    assert lines_of(second) == [
        ("Event management", Decimal("6.0"), "Event organisation", Decimal("6.0"))
    ]
    actions = list(approved.events.values_list("action", flat=True))
    assert {"curriculum_version", "curriculum_proposed", "curriculum_approved"} <= set(actions)
    assert approved.events.get(action="curriculum_version").comment.startswith("Hotel management")
    earlier = django_app.get(url_of(approved) + "?version=1", user=student)
    assert FORM not in earlier.forms
    assert "kept as it was" in text_of(earlier)


def test_a_new_version_needs_a_reason(django_app, approved, student):
    form = django_app.get(url_of(approved), user=student).forms[NEW_VERSION_FORM]
    form["reason"] = "timetable"
    form["note"] = ""
    page = form.submit().follow()

    assert approved.curriculum_versions.count() == 1
    assert "explain the change" in text_of(page)


def test_a_new_version_is_refused_once_the_application_is_closed(approved, student):
    Application.objects.filter(pk=approved.pk).update(state="completed")
    approved.refresh_from_db()

    with pytest.raises(ValidationError, match="no longer changes"):
        services.curriculum_new_version(
            application=approved, reason="timetable", note="Late", by=student
        )


def test_a_proposal_cannot_be_made_of_the_first_version(two_lines, student):
    with pytest.raises(ValidationError, match="approved together with the application"):
        services.curriculum_propose(version=selectors.current_curriculum(two_lines), by=student)


# Who sees which form


def test_the_registrar_sees_the_curriculum_read_only_and_is_refused_on_post(
    django_app, two_lines, registrar, client
):
    page = django_app.get(url_of(two_lines), user=registrar)

    assert FORM not in page.forms
    assert APPROVE_FORM not in page.forms
    assert "Hotel management" in text_of(page)
    assert "the participant and the mobility office change it" in text_of(page)
    client.force_login(registrar)
    response = client.post(url_of(two_lines), {"lines-TOTAL_FORMS": "0"})
    assert response.status_code == 403


def test_the_registrar_sees_no_new_version_form_after_approval(django_app, approved, registrar):
    page = django_app.get(url_of(approved), user=registrar)

    assert NEW_VERSION_FORM not in page.forms
    assert FORM not in page.forms


def test_staff_see_the_new_version_form_after_approval(django_app, approved, staff):
    page = django_app.get(url_of(approved), user=staff)

    assert NEW_VERSION_FORM in page.forms
    assert FORM not in page.forms


# Earlier matches at the same partner


@pytest.fixture
def earlier_matches(agreement, staff):
    """Two earlier students at the partner, both approved with the same marketing match."""
    for first_name, last_name in (("Svetlana", "Kabanova"), ("Nazerke", "Karibaeva")):
        earlier = make_application(
            agreement=agreement, by=staff, first_name=first_name, last_name=last_name
        )
        version = selectors.current_curriculum(earlier)
        services.curriculum_save_lines(
            version=version,
            lines=[line("Tourism marketing", "5", "Marketing in tourism", "5", host_code="TM202")],
            by=staff,
        )
        Application.objects.filter(pk=earlier.pk).update(state="under_review")
        services.curriculum_approve(version=version, by=staff)


def test_student_sees_earlier_matches_with_how_often_used_and_no_names(
    django_app, two_lines, student, earlier_matches
):
    page = django_app.get(url_of(two_lines), user=student)

    table = page.html.select_one("#earlier-matches")
    cells = [cell.get_text(" ", strip=True) for cell in table.select("tbody td")]
    assert cells == ["TM202 Tourism marketing", "5.0", "Marketing in tourism", "5.0", "2", cells[5]]
    assert "Kabanova" not in page.text
    assert "Karibaeva" not in page.text
    assert (
        "Approved earlier at this partner as Marketing in tourism (5.0 home credits), 2 times"
        in (text_of(page))
    )


def test_staff_see_who_the_earlier_matches_were_approved_for(
    django_app, two_lines, staff, earlier_matches
):
    page = django_app.get(url_of(two_lines), user=staff)

    table = page.html.select_one("#earlier-matches").get_text(" ")
    assert "Kabanova Svetlana" in table
    assert "Karibaeva Nazerke" in table


def test_earlier_matches_are_counted_in_one_query_however_many(two_lines, earlier_matches, staff):
    agreement = two_lines.agreement
    for number in range(5):
        other = make_application(agreement=agreement, by=staff, last_name=f"Other{number}")
        version = selectors.current_curriculum(other)
        services.curriculum_save_lines(
            version=version,
            lines=[line(f"Course {number}", "5", f"Home {number}", "5")],
            by=staff,
        )
        Application.objects.filter(pk=other.pk).update(state="under_review")
        services.curriculum_approve(version=version, by=staff)

    with CaptureQueriesContext(connection) as queries:
        matches = selectors.earlier_matches(two_lines, with_names=True)

    assert len(queries) == 1
    assert len(matches) == 6
    assert matches[0].host_title == "Tourism marketing"
    assert matches[0].uses == 2


def test_a_match_of_another_partner_or_not_approved_is_not_offered(two_lines, staff):
    elsewhere = make_application(by=staff, last_name="Elsewhere")
    services.curriculum_save_lines(
        version=selectors.current_curriculum(elsewhere),
        lines=[line("Tourism marketing", "5", "Marketing", "5")],
        by=staff,
    )
    Application.objects.filter(pk=elsewhere.pk).update(state="under_review")
    services.curriculum_approve(version=selectors.current_curriculum(elsewhere), by=staff)
    same_partner_draft = make_application(agreement=two_lines.agreement, by=staff)
    services.curriculum_save_lines(
        version=selectors.current_curriculum(same_partner_draft),
        lines=[line("Tourism marketing", "5", "Marketing", "5")],
        by=staff,
    )

    assert selectors.earlier_matches(two_lines, with_names=True) == []


# The PDF prints the version's real state


def test_the_curriculum_pdf_prints_draft_only_for_a_draft(two_lines):
    text = pdf_text(pdfs.GENERATED["curriculum"](two_lines))

    assert "Draft, not approved yet" in text


def test_the_curriculum_pdf_of_an_approved_version_prints_when_and_by_whom(approved, staff):
    version = selectors.current_curriculum(approved)
    text = pdf_text(pdfs.GENERATED["curriculum"](approved))

    approved_on = timezone.localtime(version.approved_at)
    assert f"Approved on {approved_on:%d.%m.%Y} by {staff.get_full_name()}" in text
    assert "Draft" not in text


def test_the_curriculum_pdf_does_not_print_draft_after_completion(approved, student):
    services.curriculum_new_version(
        application=approved, reason="timetable", note="Never finished", by=student
    )
    Application.objects.filter(pk=approved.pk).update(state="completed")
    approved.refresh_from_db()

    text = pdf_text(pdfs.GENERATED["curriculum"](approved))

    assert "Version 1" in text
    assert "Approved on" in text
    assert "Draft" not in text


def test_the_curriculum_pdf_of_a_proposed_version_says_it_waits(approved, student):
    second = services.curriculum_new_version(
        application=approved, reason="timetable", note="Clash", by=student
    )
    services.curriculum_propose(version=second, by=student)

    text = pdf_text(pdfs.GENERATED["curriculum"](approved))

    assert "Version 2" in text
    assert "Proposed, waiting for the office's approval" in text


# A proposal sent back, and what changed since the version before


@pytest.fixture
def proposed(approved, student):
    second = services.curriculum_new_version(
        application=approved,
        reason="not_offered",
        note="Hotel management is not offered",
        by=student,
    )
    services.curriculum_save_lines(
        version=second,
        lines=[line("Event management", "6", "Event organisation", "6")],
        removed=list(second.lines.all()),
        by=student,
        propose=True,
    )
    second.refresh_from_db()
    return second


def test_staff_see_what_changed_since_the_approved_version(django_app, proposed, staff):
    page = django_app.get(url_of(proposed.application), user=staff)

    row = page.html.select_one("#curriculum-lines tbody tr").get_text(" ")
    assert "Event management" in row
    assert "new or changed since version 1" in row
    assert "Hotel management" in page.html.select_one("#curriculum-removed").get_text(" ")


def test_staff_send_a_proposal_back_to_draft_saying_what_should_change(
    django_app, proposed, student, staff
):
    form = django_app.get(url_of(proposed.application), user=staff).forms["curriculum-reopen-form"]
    form["comment"] = "Add the credits of the second term too."
    form.submit().follow()

    proposed.refresh_from_db()
    assert proposed.state == "draft"
    event = proposed.application.events.filter(action="curriculum").first()
    assert event.by == staff
    assert "Add the credits of the second term too." in event.comment
    form = django_app.get(url_of(proposed.application), user=student).forms[FORM]
    form["lines-1-host_title"] = "Destination management"
    form["lines-1-host_credits"] = "5"
    form["lines-1-home_title"] = "Tourism destinations"
    form["lines-1-home_credits"] = "5"
    form.submit("propose")
    proposed.refresh_from_db()
    assert proposed.state == "proposed"
    assert proposed.lines.count() == 2


def test_the_student_takes_a_proposal_back_and_the_registrar_cannot(
    django_app, proposed, student, registrar, client
):
    assert (
        "curriculum-reopen-form"
        not in django_app.get(url_of(proposed.application), user=registrar).forms
    )
    client.force_login(registrar)
    assert client.post(url_of(proposed.application), {"reopen": "1"}).status_code == 403

    page = django_app.get(url_of(proposed.application), user=student)
    page.forms["curriculum-reopen-form"].submit()

    proposed.refresh_from_db()
    assert proposed.state == "draft"


@pytest.mark.parametrize("count", [3, 20])
def test_the_curriculum_page_reads_its_lines_in_a_constant_number_of_queries(
    count, django_app, staff, django_assert_max_num_queries
):
    application = make_application(by=staff)
    services.curriculum_save_lines(
        version=selectors.current_curriculum(application),
        lines=[line(f"Course {n}", "1.5", f"Home {n}", "1.5") for n in range(count)],
        by=staff,
    )
    django_app.get(url_of(application), user=staff)  # the session and the language, once

    with django_assert_max_num_queries(QUERIES_OF_THE_CURRICULUM_PAGE) as queries:
        page = django_app.get(url_of(application), user=staff)

    # The list, the totals and their warnings share one read of the lines; the form reads its own.
    lines_read = [
        query
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "applications_curriculumline"."id"')
    ]
    assert len(lines_read) == 2
    assert f"Course {count - 1}" in page.text
