"""Personas shared by every test: one for each role the product knows."""

import pytest
from django.test import Client

from tests import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploads land in a folder of their own per test, so a test can check what was left behind.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(db):
    return factories.staff_user(username="staff-member", first_name="Aigerim", last_name="Sadykova")


@pytest.fixture
def registrar(db):
    return factories.registrar_user(username="registrar-member")


@pytest.fixture
def student(db):
    return factories.UserFactory(username="student-member")


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff) -> Client:
    return _client_for(staff)


@pytest.fixture
def registrar_client(registrar) -> Client:
    return _client_for(registrar)


@pytest.fixture
def student_client(student) -> Client:
    return _client_for(student)


@pytest.fixture
def anonymous_client() -> Client:
    return Client()
