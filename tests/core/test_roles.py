import pytest
from django.contrib.auth.models import Group

from core import roles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [roles.STAFF, roles.REGISTRAR])
def test_the_groups_the_migrations_make_hold_exactly_the_roles_permissions(role):
    group = Group.objects.get(name=role)
    granted = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert granted == set(roles.ROLE_PERMISSIONS[role])
