"""The step between an import's preview and its confirmation: only the token the preview issued
gives back what it kept, once."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from core import imports

KEY = "some_import"
ROWS = [{"name_en": "Turiba University", "_row": 2}]


@pytest.fixture
def session():
    return SessionStore()


def confirm(session, token: str):
    request = RequestFactory().post("/confirm/", {"token": token})
    request.session = session
    request._messages = default_storage(request)
    return request


def preview(session, data):
    request = RequestFactory().post("/preview/")
    request.session = session
    return imports.keep_preview(request, key=KEY, data=data)


def test_the_token_of_a_preview_gives_back_the_rows_it_kept(session):
    token = preview(session, {"rows": ROWS})

    assert imports.previewed(confirm(session, token), key=KEY)["rows"] == ROWS


def test_another_token_gives_back_nothing_and_says_to_upload_again(session):
    preview(session, {"rows": ROWS})
    request = confirm(session, "not-the-token")

    assert imports.previewed(request, key=KEY) is None
    assert [str(message) for message in get_messages(request)] == [
        "This import has expired or was already done. Upload the file again."
    ]


def test_a_later_preview_replaces_an_earlier_one(session):
    earlier = preview(session, {"rows": ROWS})
    later = preview(session, {"rows": []})

    assert imports.previewed(confirm(session, earlier), key=KEY) is None
    assert imports.previewed(confirm(session, later), key=KEY)["rows"] == []


def test_a_preview_that_cannot_be_confirmed_keeps_nothing_under_its_token(session):
    earlier = preview(session, {"rows": ROWS})
    refused = preview(session, None)

    assert imports.previewed(confirm(session, refused), key=KEY) is None
    assert imports.previewed(confirm(session, earlier), key=KEY)["rows"] == ROWS


def test_a_preview_is_confirmed_once(session):
    token = preview(session, {"rows": ROWS})
    request = confirm(session, token)
    imports.forget_preview(request, key=KEY)

    assert imports.previewed(confirm(session, token), key=KEY) is None


def test_tokens_are_not_guessable_from_one_another(session):
    tokens = {preview(session, {"rows": ROWS}) for _ in range(20)}

    assert len(tokens) == 20
    assert all(len(token) >= 20 for token in tokens)
