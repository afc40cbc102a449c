"""The helpers the apps' views share: pages of a list, downloads, stored files, messages."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import RequestFactory

from core import files
from core.views import (
    download,
    error_messages,
    form_error_messages,
    page_of,
    query_without_page,
    stored_file,
)


def request_for(query: str = ""):
    request = RequestFactory().get(f"/list/?{query}")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def shown(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_a_page_of_a_list_is_the_one_asked_for():
    page = page_of(request_for("page=2"), list(range(60)), size=25)
    assert (page.number, list(page)[:2], page.paginator.num_pages) == (2, [25, 26], 3)


@pytest.mark.parametrize("asked", ["page=9", "page=x", ""])
def test_a_page_number_out_of_range_or_missing_gives_a_page_not_an_error(asked):
    page = page_of(request_for(asked), list(range(60)), size=25)
    assert page.number == (3 if asked == "page=9" else 1)


def test_page_links_keep_the_filters_without_the_page():
    assert query_without_page(request_for("q=Almaty&page=3&state=new")) == "q=Almaty&state=new"


def test_a_download_is_saved_under_its_name():
    response = download(b"%PDF-1.7", content_type=files.PDF, filename="order-7.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="order-7.pdf"'
    assert response.content == b"%PDF-1.7"


def test_the_kinds_of_stored_file_have_one_type_and_one_extension_each():
    assert [(files.content_type(k), files.extension(k)) for k in ("pdf", "jpeg", "png")] == [
        ("application/pdf", "pdf"),
        ("image/jpeg", "jpg"),
        ("image/png", "png"),
    ]
    assert (files.content_type("gif"), files.extension("gif")) == (None, "bin")


def test_a_stored_file_is_served_under_its_download_name():
    name = default_storage.save("scans/a.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    field_file = FieldFile(None, models.FileField(), name)
    response = stored_file(field_file, filename="ref-1.png", content_type="image/png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="ref-1.png"'
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\n"
    # Not response.close(): it would signal the end of a request, which touches the database.
    response.file_to_stream.close()


def test_a_stored_name_from_the_history_is_served_too():
    name = default_storage.save("scans/old.pdf", ContentFile(b"%PDF-1.4"))
    response = stored_file(name, filename="old.pdf", content_type=files.PDF)
    assert response["Content-Disposition"] == 'inline; filename="old.pdf"'
    response.file_to_stream.close()


@pytest.mark.parametrize("name", ["", "scans/gone.pdf"])
def test_a_file_missing_or_gone_from_storage_is_not_found(name):
    with pytest.raises(Http404, match="The scan is gone"):
        stored_file(name, filename="x.pdf", missing="The scan is gone")


def test_each_message_of_a_refusal_is_shown():
    request = request_for()
    error_messages(request, ValidationError(["Too late.", "Ask the office."]))
    assert shown(request) == ["Too late.", "Ask the office."]


def test_a_forms_errors_are_shown_as_messages():
    class Upload(forms.Form):
        file = forms.FileField()
        note = forms.CharField()

    request = request_for()
    form_error_messages(request, Upload(data={}))
    assert shown(request) == ["This field is required."] * 2
