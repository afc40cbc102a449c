"""Logging in is paused after repeated failures: per username from any address, per address for
any usernames; staff see the lockouts and lift them."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "demo-pass-123"  # the factories' password
NEW_PASSWORD = "Steppe-wind-2024"
ATTACKER = "203.0.113.7"
HOME = "198.51.100.20"


@pytest.fixture(autouse=True)
def _limits(settings):
    # The tests say what they count on, whatever the environment configures.
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def log_in(django_app, username: str, password: str, *, address: str = ATTACKER):
    """Sends the login page's form from the address, as a browser there would."""
    page = django_app.get("/accounts/login/", extra_environ={"REMOTE_ADDR": address})
    form = page.forms["login-form"]
    form["username"] = username
    form["password"] = password
    return form.submit(extra_environ={"REMOTE_ADDR": address}, expect_errors=True)


def logged_in_user_id(django_app):
    return django_app.session.get(SESSION_KEY)


def fail(django_app, username: str, times: int, *, address: str = ATTACKER) -> list[int]:
    return [
        log_in(django_app, username, "wrong", address=address).status_code for _ in range(times)
    ]


# Per username


def test_five_wrong_passwords_lock_the_username_and_then_the_right_one_is_refused(
    django_app, staff
):
    assert fail(django_app, "staff-member", 5) == [200, 200, 200, 200, 429]

    response = log_in(django_app, "staff-member", PASSWORD)

    assert response.status_code == 429
    assert response.html.select_one("#lockout")["data-lockout"] == "username"
    assert logged_in_user_id(django_app) is None


def test_a_username_is_locked_whatever_address_the_tries_come_from(django_app, staff):
    addresses = [f"10.0.0.{number}" for number in range(1, 6)]
    statuses = [
        log_in(django_app, "staff-member", "wrong", address=address).status_code
        for address in addresses
    ]
    assert statuses == [200, 200, 200, 200, 429]

    response = log_in(django_app, "staff-member", PASSWORD, address=HOME)

    assert response.status_code == 429
    assert logged_in_user_id(django_app) is None


def test_four_wrong_passwords_still_let_the_right_one_in(django_app, staff):
    fail(django_app, "staff-member", 4)

    response = log_in(django_app, "staff-member", PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(django_app) == str(staff.pk)


# Per address


def test_an_address_is_locked_whatever_usernames_it_tries(django_app, staff):
    statuses = [log_in(django_app, f"guess-{number}", "wrong").status_code for number in range(8)]
    assert statuses == [200] * 7 + [429]

    refused = log_in(django_app, "staff-member", PASSWORD)
    assert refused.status_code == 429
    assert refused.html.select_one("#lockout")["data-lockout"] == "address"
    assert logged_in_user_id(django_app) is None

    # Anyone elsewhere still logs in; the username itself failed nowhere.
    assert log_in(django_app, "staff-member", PASSWORD, address=HOME).status_code == 302


def test_the_login_page_warns_an_address_that_is_locked_out(django_app):
    for number in range(8):
        log_in(django_app, f"guess-{number}", "wrong")

    locked = django_app.get("/accounts/login/", extra_environ={"REMOTE_ADDR": ATTACKER})
    elsewhere = django_app.get("/accounts/login/", extra_environ={"REMOTE_ADDR": HOME})

    assert locked.html.select_one("#lockout") is not None
    assert "login-form" in locked.forms
    assert elsewhere.html.select_one("#lockout") is None


# The lockout page


def test_the_lockout_page_says_until_when_and_how_to_get_help(django_app, staff):
    fail(django_app, "staff-member", 4)
    response = log_in(django_app, "staff-member", "wrong")
    last_failure = AccessAttempt.objects.get(username="staff-member").attempt_time

    assert response.status_code == 429
    notice = response.html.select_one("#lockout").text
    until = timezone.localtime(last_failure + timedelta(minutes=15))
    assert f"You can try again after {until:%H:%M}" in notice
    assert "too many failed attempts to log in as “staff-member”" in notice
    assert "ask the mobility office to unlock your account" in notice
    assert response.html.select_one("#lockout a")["href"] == "/accounts/password_reset/"
    # The login form is there for the next try, the username kept.
    assert response.forms["login-form"]["username"].value == "staff-member"


def test_a_try_during_the_lockout_does_not_make_it_longer(django_app, staff):
    fail(django_app, "staff-member", 5)
    locked_at = AccessAttempt.objects.get(username="staff-member").attempt_time

    assert fail(django_app, "staff-member", 3) == [429, 429, 429]

    attempt = AccessAttempt.objects.get(username="staff-member")
    assert attempt.attempt_time == locked_at
    assert attempt.failures_since_start == 5


def test_the_lockout_ends_after_the_cool_off(django_app, staff):
    fail(django_app, "staff-member", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = log_in(django_app, "staff-member", PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(django_app) == str(staff.pk)


# What a successful login forgets


def test_logging_in_forgets_the_users_own_failures_from_that_address(django_app, staff):
    fail(django_app, "staff-member", 4)
    assert log_in(django_app, "staff-member", PASSWORD).status_code == 302

    assert fail(django_app, "staff-member", 4) == [200] * 4


def test_logging_in_to_ones_own_account_does_not_forget_the_guesses_at_another(
    django_app, staff, student
):
    fail(django_app, "staff-member", 4)
    assert log_in(django_app, student.username, PASSWORD).status_code == 302

    assert log_in(django_app, "staff-member", "wrong").status_code == 429


def test_a_new_password_set_through_the_reset_link_lifts_the_lockout(
    django_app, staff, mailoutbox, django_capture_on_commit_callbacks
):
    fail(django_app, "staff-member", 5)
    form = django_app.get("/accounts/password_reset/").forms["password-reset-form"]
    form["email"] = staff.email
    with django_capture_on_commit_callbacks(execute=True):
        form.submit().follow()
    link = re.search(r"http://\S+/accounts/reset/\S+/", mailoutbox[-1].body).group(0)
    page = django_app.get(link.split("testserver", 1)[-1]).follow()
    form = page.forms["password-reset-confirm-form"]
    form["new_password1"] = NEW_PASSWORD
    form["new_password2"] = NEW_PASSWORD
    form.submit()

    assert log_in(django_app, "staff-member", NEW_PASSWORD).status_code == 302
    # The failures stay on record.
    assert AccessFailureLog.objects.filter(username="staff-member").count() == 5


# Staff lift a lockout


def lockouts_page(django_app, user):
    return django_app.get("/accounts/lockouts/", user=user)


def test_staff_see_the_locked_usernames_and_addresses(django_app, staff):
    fail(django_app, "ruslan", 5, address="10.0.0.1")
    for number in range(8):
        log_in(django_app, f"guess-{number}", "wrong")

    page = lockouts_page(django_app, staff)

    rows = {
        (row["data-lockout"], row["data-value"])
        for row in page.html.select("#lockouts tr[data-lockout]")
    }
    assert rows == {("username", "ruslan"), ("address", ATTACKER)}


def test_staff_unlock_a_username_and_its_owner_logs_in(django_app, staff):
    owner = UserFactory(username="ruslan")
    fail(django_app, "ruslan", 5)
    page = lockouts_page(django_app, staff)
    form = next(
        form
        for form in page.forms.values()
        if form.fields.get("value") and form["value"].value == "ruslan"
    )

    response = form.submit().follow()

    assert "“ruslan” can log in again." in response.text
    assert response.html.select("#lockouts tr[data-lockout]") == []
    django_app.reset()
    assert log_in(django_app, "ruslan", PASSWORD).status_code == 302
    assert logged_in_user_id(django_app) == str(owner.pk)


def test_staff_unlock_an_address(django_app, staff, student):
    for number in range(8):
        log_in(django_app, f"guess-{number}", "wrong")
    page = lockouts_page(django_app, staff)

    page.forms["unlock-address-1"].submit().follow()

    django_app.reset()
    assert log_in(django_app, student.username, PASSWORD).status_code == 302


def test_the_lockouts_page_says_when_nobody_is_locked_out(django_app, staff):
    fail(django_app, "ruslan", 2)

    page = lockouts_page(django_app, staff)

    assert "Nobody is locked out." in page.text


@pytest.mark.parametrize("persona", ["student", "registrar"])
def test_only_staff_see_the_lockouts(persona, request, django_app):
    user = request.getfixturevalue(persona)

    assert django_app.get("/accounts/lockouts/", user=user, expect_errors=True).status_code == 403


def test_a_student_cannot_unlock_anyone(student_client):
    fail_attempt = AccessAttempt.objects.create(
        username="ruslan", ip_address=ATTACKER, user_agent="x", failures_since_start=5
    )

    response = student_client.post(
        "/accounts/lockouts/unlock/", {"kind": "username", "value": "ruslan"}
    )

    assert response.status_code == 403
    assert AccessAttempt.objects.filter(pk=fail_attempt.pk).exists()


def test_the_lockouts_page_needs_a_login(anonymous_client):
    response = anonymous_client.get("/accounts/lockouts/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_find_the_lockouts_page_in_the_menu(django_app, staff, student):
    assert 'href="/accounts/lockouts/"' in django_app.get("/dashboard/", user=staff).text
    assert 'href="/accounts/lockouts/"' not in django_app.get("/dashboard/", user=student).text


def test_failures_from_a_client_without_an_ip_address_are_counted_too(django_app, staff):
    # Behind a Unix socket the server sees no address; the failures still count, together.
    assert fail(django_app, "staff-member", 5, address="") == [200, 200, 200, 200, 429]
    assert AccessAttempt.objects.get().ip_address is None
