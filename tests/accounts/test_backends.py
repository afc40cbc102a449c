"""The permission backend reads a user's own and their groups' permissions in one query, with
the same result as Django's."""

import pytest
from django.contrib.auth import backends as django_backends
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.backends import ModelBackend
from tests.factories import UserFactory


def django_permissions(user) -> set[str]:
    return django_backends.ModelBackend().get_all_permissions(type(user).objects.get(pk=user.pk))


@pytest.mark.django_db
def test_a_staff_member_has_the_groups_and_their_own_permissions_read_in_one_query(
    staff, django_assert_num_queries
):
    own = Permission.objects.get(codename="view_logentry")
    staff.user_permissions.add(own)
    staff = type(staff).objects.get(pk=staff.pk)

    with django_assert_num_queries(1):
        permissions = ModelBackend().get_all_permissions(staff)
        assert staff.has_perm("applications.view_application")  # cached: no query

    assert "admin.view_logentry" in permissions
    assert permissions == django_permissions(staff)


@pytest.mark.django_db
def test_students_registrar_and_superuser_have_what_django_would_give_them(
    student, registrar, superuser
):
    for user in (student, registrar, superuser):
        assert ModelBackend().get_all_permissions(user) == django_permissions(user)
    assert len(ModelBackend().get_all_permissions(superuser)) == Permission.objects.count()


@pytest.mark.django_db
def test_an_inactive_user_and_a_permission_on_an_object_give_nothing(staff):
    assert ModelBackend().get_all_permissions(staff, obj=staff) == set()
    staff.is_active = False
    assert ModelBackend().get_all_permissions(staff) == set()


@pytest.mark.django_db
def test_a_student_is_still_refused_the_staff_list(student_client):
    assert student_client.get(reverse("applications:list")).status_code == 403


def test_the_site_checks_permissions_with_this_backend_first(settings):
    backends = settings.AUTHENTICATION_BACKENDS
    assert backends.index("accounts.backends.ModelBackend") < backends.index(
        "django.contrib.auth.backends.ModelBackend"
    )


@pytest.mark.django_db
def test_a_session_begun_with_djangos_backend_goes_on_and_reads_permissions_once(client, staff):
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("applications:list")).status_code == 200
    assert len([query for query in queries if "auth_permission" in query["sql"]]) == 1


def test_a_user_without_groups_has_no_permissions(db):
    assert ModelBackend().get_all_permissions(UserFactory()) == set()
