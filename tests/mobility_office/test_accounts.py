import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "demo-pass-123"  # the factories' password
NEW_PASSWORD = "Steppe-wind-2024"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


# Login and logout


def test_login_page_is_djangos_login_form(anonymous_client):
    response = anonymous_client.get("/accounts/login/")

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert 'href="/accounts/signup/"' in content


def test_login_with_the_right_password_opens_the_dashboard(anonymous_client, staff):
    response = anonymous_client.post(
        "/accounts/login/", {"username": "staff-member", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert logged_in_user_id(anonymous_client) == str(staff.pk)


def test_login_returns_to_the_page_asked_for(anonymous_client, staff):
    response = anonymous_client.post(
        "/accounts/login/",
        {"username": "staff-member", "password": PASSWORD, "next": "/agreements/"},
    )

    assert response["Location"] == "/agreements/"


def test_login_never_sends_the_user_to_another_site(anonymous_client, staff):
    response = anonymous_client.post(
        "/accounts/login/",
        {"username": "staff-member", "password": PASSWORD, "next": "https://evil.example.com/"},
    )

    assert response["Location"] == "/dashboard/"


def test_login_with_a_wrong_password_is_refused(anonymous_client, staff):
    response = anonymous_client.post(
        "/accounts/login/", {"username": "staff-member", "password": "wrong"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert logged_in_user_id(anonymous_client) is None


def test_logout_ends_the_session(staff_client):
    response = staff_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(staff_client) is None
    assert staff_client.get("/agreements/").status_code == 302


def test_logout_needs_a_post(staff_client, staff):
    response = staff_client.get("/accounts/logout/")

    assert response.status_code == 405
    assert logged_in_user_id(staff_client) == str(staff.pk)


def test_navigation_offers_a_logout_form_to_a_logged_in_user(student_client):
    content = student_client.get("/").content.decode()

    assert 'action="/accounts/logout/"' in content
    assert 'href="/accounts/login/"' not in content


# Signup


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


def test_a_student_signs_up_and_is_logged_in(anonymous_client):
    response = anonymous_client.post("/accounts/signup/", signup_data(), follow=True)

    user = User.objects.get(username="aruzhan")
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert "Welcome, Aruzhan Nurlanovna. Your account is ready." in messages_of(response)
    assert (user.first_name, user.last_name, user.email) == (
        "Aruzhan",
        "Nurlanovna",
        "aruzhan@student.example.edu",
    )
    assert user.check_password(NEW_PASSWORD)
    assert logged_in_user_id(anonymous_client) == str(user.pk)


def test_a_new_student_has_no_office_role(anonymous_client):
    anonymous_client.post("/accounts/signup/", signup_data())

    user = User.objects.get(username="aruzhan")
    assert not user.groups.exists()
    assert not user.is_staff
    assert not user.is_superuser
    assert anonymous_client.get("/agreements/").status_code == 403
    assert anonymous_client.get("/agreements/institutions/").status_code == 403


def test_signup_cannot_grant_a_role_or_admin_rights(anonymous_client):
    anonymous_client.post(
        "/accounts/signup/", signup_data(is_staff="on", is_superuser="on", groups="1")
    )

    user = User.objects.get(username="aruzhan")
    assert not user.is_staff
    assert not user.is_superuser
    assert not user.groups.exists()


def test_signup_refuses_an_email_already_in_use(anonymous_client):
    UserFactory(username="someone", email="aruzhan@student.example.edu")

    response = anonymous_client.post(
        "/accounts/signup/", signup_data(email="ARUZHAN@student.example.edu")
    )

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.filter(username="aruzhan").exists()


def test_signup_refuses_mismatched_passwords(anonymous_client):
    response = anonymous_client.post("/accounts/signup/", signup_data(password2="Other-pass-99"))

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(username="aruzhan").exists()


def test_signup_requires_a_name_and_an_email(anonymous_client):
    response = anonymous_client.post(
        "/accounts/signup/", signup_data(first_name="", last_name="", email="")
    )

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


def test_a_user_changes_their_password(student_client, student):
    response = student_client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/done/"
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)
    assert logged_in_user_id(student_client) == str(student.pk), "the session stays valid"
    assert student_client.get("/accounts/password_change/done/").status_code == 200


def test_password_change_with_a_wrong_old_password_is_refused(student_client, student):
    response = student_client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    student.refresh_from_db()
    assert student.check_password(PASSWORD)


# Language


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_language_switch_remembers_the_choice(language, anonymous_client):
    response = anonymous_client.post("/i18n/setlang/", {"language": language, "next": "/partners/"})

    assert response.status_code == 302
    assert response["Location"] == "/partners/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    page = anonymous_client.get("/partners/")
    assert f'<html lang="{language}">' in page.content.decode()
    assert f'value="{language}" lang="{language}"' in page.content.decode()


def test_language_switch_back_to_english(anonymous_client):
    anonymous_client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    anonymous_client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert '<html lang="en">' in anonymous_client.get("/").content.decode()


def test_language_switch_ignores_an_unknown_language(anonymous_client):
    response = anonymous_client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="en">' in anonymous_client.get("/").content.decode()


def test_language_switch_does_not_redirect_to_another_site(anonymous_client):
    response = anonymous_client.post(
        "/i18n/setlang/", {"language": "ru", "next": "https://evil.example.com/"}
    )

    assert response["Location"] == "/"


def test_login_page_is_translated_into_russian(anonymous_client):
    anonymous_client.post("/i18n/setlang/", {"language": "ru", "next": "/"})

    content = anonymous_client.get("/accounts/login/").content.decode()

    assert "Имя пользователя" in content
