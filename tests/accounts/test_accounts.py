import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from accounts import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "demo-pass-123"  # the factories' password
NEW_PASSWORD = "Steppe-wind-2024"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def login_form(django_app, url="/accounts/login/", *, password=PASSWORD):
    """The login page's form, filled in as staff-member would."""
    form = django_app.get(url).forms["login-form"]
    form["username"] = "staff-member"
    form["password"] = password
    return form


def logout_form(page):
    return page.forms["logout-form"]


# Login and logout


def test_login_page_is_djangos_login_form(anonymous_client):
    response = anonymous_client.get("/accounts/login/")

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert 'href="/accounts/signup/"' in content


def test_login_with_the_right_password_opens_the_dashboard(django_app, staff):
    response = login_form(django_app).submit()

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert logged_in_user_id(django_app) == str(staff.pk)


def test_login_returns_to_the_page_asked_for(django_app, staff):
    response = login_form(django_app, "/accounts/login/?next=/agreements/").submit()

    assert response["Location"] == "/agreements/"


def test_login_never_sends_the_user_to_another_site(django_app, anonymous_client, staff):
    form = login_form(django_app, "/accounts/login/?next=https://evil.example.com/")
    assert form["next"].value == ""  # the page drops a `next` that leaves the site
    assert form.submit()["Location"] == "/dashboard/"

    # So only a forged POST, which the page cannot send, carries another site as `next`.
    response = anonymous_client.post(
        "/accounts/login/",
        {"username": "staff-member", "password": PASSWORD, "next": "https://evil.example.com/"},
    )

    assert response["Location"] == "/dashboard/"


def test_login_with_a_wrong_password_is_refused(django_app, staff):
    response = login_form(django_app, password="wrong").submit()

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "login-form" in response.forms
    assert logged_in_user_id(django_app) is None


def test_logout_ends_the_session(django_app, staff):
    page = login_form(django_app).submit().follow()
    assert logged_in_user_id(django_app) == str(staff.pk)

    response = logout_form(page).submit()

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(django_app) is None
    assert django_app.get("/agreements/").status_code == 302


def test_logout_needs_a_post(staff_client, staff):
    response = staff_client.get("/accounts/logout/")

    assert response.status_code == 405
    assert logged_in_user_id(staff_client) == str(staff.pk)


def test_navigation_offers_a_logout_form_to_a_logged_in_user(student_client):
    content = student_client.get("/").content.decode()

    assert 'action="/accounts/logout/"' in content
    assert 'href="/accounts/login/"' not in content


# Signup


def signup_form(django_app, **changes):
    """The sign-up page's form, filled in with `signup_data` and the changes."""
    form = django_app.get("/accounts/signup/").forms["signup-form"]
    for name, value in signup_data(**changes).items():
        form[name] = value
    return form


def signup_data(**changes) -> dict:
    data = {
        "username": "aruzhan",
        "first_name": "Aruzhan",
        "last_name": "Nurlanovna",
        "email": "aruzhan@student.example.edu",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(changes)
    return data


def test_a_student_signs_up_and_is_logged_in(django_app):
    redirect = signup_form(django_app).submit()
    assert redirect["Location"] == "/dashboard/"
    response = redirect.follow()

    user = User.objects.get(username="aruzhan")
    assert "Welcome, Aruzhan Nurlanovna. Your account is ready." in messages_of(response)
    assert (user.first_name, user.last_name, user.email) == (
        "Aruzhan",
        "Nurlanovna",
        "aruzhan@student.example.edu",
    )
    assert user.check_password(NEW_PASSWORD)
    assert logged_in_user_id(django_app) == str(user.pk)


def test_a_new_student_has_no_office_role(django_app):
    signup_form(django_app).submit()

    user = User.objects.get(username="aruzhan")
    assert not user.groups.exists()
    assert not user.is_staff
    assert not user.is_superuser
    assert django_app.get("/agreements/", expect_errors=True).status_code == 403
    assert django_app.get("/agreements/institutions/", expect_errors=True).status_code == 403


def test_signup_cannot_grant_a_role_or_admin_rights(anonymous_client):
    # The page has no such fields; a tampered POST adds them, and they are ignored.
    anonymous_client.post(
        "/accounts/signup/", signup_data(is_staff="on", is_superuser="on", groups="1")
    )

    user = User.objects.get(username="aruzhan")
    assert not user.is_staff
    assert not user.is_superuser
    assert not user.groups.exists()


def test_signup_refuses_an_email_already_in_use(django_app):
    UserFactory(username="someone", email="aruzhan@student.example.edu")

    response = signup_form(django_app, email="ARUZHAN@student.example.edu").submit()

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.filter(username="aruzhan").exists()


def test_signup_refuses_mismatched_passwords(django_app):
    response = signup_form(django_app, password2="Other-pass-99").submit()

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(username="aruzhan").exists()


def test_signup_requires_a_name_and_an_email(django_app):
    response = signup_form(django_app, first_name="", last_name="", email="").submit()

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"first_name", "last_name", "email"}
    assert not User.objects.filter(username="aruzhan").exists()


def test_a_logged_in_user_is_sent_from_signup_to_the_dashboard(student_client):
    response = student_client.get("/accounts/signup/")

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


# Password change


def test_password_change_needs_a_login(anonymous_client):
    response = anonymous_client.get("/accounts/password_change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def password_change_form(django_app, user, *, old_password=PASSWORD):
    form = django_app.get("/accounts/password_change/", user=user).forms["password-change-form"]
    form["old_password"] = old_password
    form["new_password1"] = NEW_PASSWORD
    form["new_password2"] = NEW_PASSWORD
    return form


def test_a_user_changes_their_password(django_app, student):
    response = password_change_form(django_app, student).submit()

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/done/"
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)
    assert logged_in_user_id(django_app) == str(student.pk), "the session stays valid"
    assert response.follow().status_code == 200


def test_password_change_with_a_wrong_old_password_is_refused(django_app, student):
    response = password_change_form(django_app, student, old_password="wrong").submit()

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    student.refresh_from_db()
    assert student.check_password(PASSWORD)


# Language


def switch_language(page, language: str):
    """Clicks the language's button in the navigation bar of the page."""
    return page.forms["language-form"].submit("language", value=language)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_language_switch_remembers_the_choice(language, django_app):
    response = switch_language(django_app.get("/partners/"), language)

    assert response.status_code == 302
    assert response["Location"] == "/partners/"
    assert django_app.cookies[settings.LANGUAGE_COOKIE_NAME] == language
    page = django_app.get("/partners/")
    assert f'<html lang="{language}">' in page.text
    assert f'value="{language}" lang="{language}"' in page.text


def test_language_switch_back_to_english(django_app):
    page = switch_language(django_app.get("/"), "ru").follow()
    assert '<html lang="ru">' in page.text
    switch_language(page, "en")

    assert '<html lang="en">' in django_app.get("/").text


def test_language_switch_ignores_an_unknown_language(anonymous_client):
    # The page offers only the languages it has; a tampered POST names another.
    response = anonymous_client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="en">' in anonymous_client.get("/").content.decode()


def test_language_switch_does_not_redirect_to_another_site(anonymous_client):
    # The page sends its own path as `next`; a forged POST from elsewhere sends another site.
    response = anonymous_client.post(
        "/i18n/setlang/", {"language": "ru", "next": "https://evil.example.com/"}
    )

    assert response["Location"] == "/"


def test_login_page_is_translated_into_russian(django_app):
    switch_language(django_app.get("/"), "ru")

    content = django_app.get("/accounts/login/").text

    assert "Имя пользователя" in content


# Throttles


def test_too_many_signups_from_one_address_are_refused_with_the_form_kept(django_app, settings):
    settings.SIGNUP_RATE_LIMIT = 2
    for _ in range(2):
        signup_form(django_app, password2="Other-pass-99").submit()

    response = signup_form(django_app).submit(expect_errors=True)

    assert response.status_code == 429
    assert "Too many registrations were sent from your network" in response.text
    form = response.forms["signup-form"]
    assert (form["username"].value, form["email"].value) == (
        "aruzhan",
        "aruzhan@student.example.edu",
    )
    assert not User.objects.filter(username="aruzhan").exists()


def test_signups_from_another_address_are_counted_on_their_own(django_app, settings):
    settings.SIGNUP_RATE_LIMIT = 1
    signup_form(django_app, password2="Other-pass-99").submit()

    response = signup_form(django_app).submit(extra_environ={"REMOTE_ADDR": "10.1.1.1"})

    assert response.status_code == 302
    assert User.objects.filter(username="aruzhan").exists()


def password_reset_form(django_app, email: str):
    form = django_app.get("/accounts/password_reset/").forms["password-reset-form"]
    form["email"] = email
    return form


def test_too_many_password_resets_from_one_address_are_refused(
    django_app, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_RATE_LIMIT = 2
    UserFactory(username="a", email="a@example.edu")
    for address in ("a@example.edu", "b@example.edu"):
        with django_capture_on_commit_callbacks(execute=True):
            assert password_reset_form(django_app, address).submit().status_code == 302

    response = password_reset_form(django_app, "a@example.edu").submit(expect_errors=True)

    assert response.status_code == 429
    assert "Too many password resets were asked for from your network" in response.text
    assert response.forms["password-reset-form"]["email"].value == "a@example.edu"
    assert len(mailoutbox) == 1


def test_one_address_gets_a_limited_number_of_reset_links_without_the_page_telling(
    django_app, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_EMAIL_LIMIT = 1
    UserFactory(username="a", email="a@example.edu")

    with django_capture_on_commit_callbacks(execute=True):
        first = password_reset_form(django_app, "a@example.edu").submit()
        second = password_reset_form(django_app, "A@example.edu").submit(
            extra_environ={"REMOTE_ADDR": "10.1.1.1"}
        )

    assert first["Location"] == second["Location"] == "/accounts/password_reset/done/"
    assert len(mailoutbox) == 1


# One account per e-mail address


def test_the_database_refuses_a_second_account_with_the_same_email_in_another_case(db):
    UserFactory(username="first", email="Aruzhan@Student.example.edu")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="second", email="aruzhan@student.example.EDU")


def test_accounts_without_an_email_are_many(db):
    User.objects.create_user(username="first", email="")
    User.objects.create_user(username="second", email="")

    assert User.objects.filter(email="").count() == 2


@pytest.mark.parametrize(
    ("quicker", "field", "message"),
    [
        (
            {"username": "quicker", "email": "ARUZHAN@student.example.edu"},
            "email",
            "An account with this e-mail already exists. Log in, or reset its password.",
        ),
        (
            {"username": "aruzhan", "email": "quicker@student.example.edu"},
            "username",
            "A user with that username already exists.",
        ),
    ],
)
def test_coming_second_in_a_race_for_an_email_or_username_is_a_form_error(
    quicker, field, message, django_app, monkeypatch
):
    """Another registration is saved between the checks of this one and its insert, as when
    both are sent at the same moment (tests/accounts/test_signup_race.py races them for
    real on PostgreSQL)."""
    form = signup_form(django_app)
    check_new_account = services.check_new_account

    def another_registration_is_saved_right_after_the_check(user):
        check_new_account(user)
        User.objects.create_user(**quicker)

    monkeypatch.setattr(
        services, "check_new_account", another_registration_is_saved_right_after_the_check
    )

    response = form.submit()

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    # Nothing of this registration is saved (the other one, saved here in the same transaction,
    # went with it; in a real race it is another's and stays).
    assert not User.objects.filter(first_name="Aruzhan").exists()
    assert response.forms["signup-form"]["first_name"].value == "Aruzhan"
