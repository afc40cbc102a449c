import pytest
from django.test import RequestFactory, override_settings

from core.throttle import client_address, client_ip, hit

pytestmark = pytest.mark.django_db


def test_hits_over_the_limit_within_the_window_are_throttled():
    answers = [hit(scope="signup", key="10.0.0.1", limit=3, window=60) for _ in range(5)]
    assert answers == [False, False, False, True, True]


def test_each_address_and_scope_is_counted_on_its_own():
    for _ in range(3):
        hit(scope="signup", key="10.0.0.1", limit=3, window=60)
    assert hit(scope="signup", key="10.0.0.2", limit=3, window=60) is False
    assert hit(scope="verify", key="10.0.0.1", limit=3, window=60) is False
    assert hit(scope="signup", key="10.0.0.1", limit=3, window=60) is True


def test_forwarded_for_is_ignored_without_trusted_proxies():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.9"


@override_settings(TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    assert client_address(request) == "203.0.113.5"


@pytest.mark.parametrize("remote_addr", ["", "unix:/run/gunicorn.sock", "203.0.113.5:41234"])
def test_an_address_that_is_not_an_ip_is_none_for_the_login_lockout(remote_addr):
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr)

    assert client_ip(request) is None


def test_an_ip_address_is_kept_for_the_login_lockout():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8::1")

    assert client_ip(request) == "2001:db8::1"
