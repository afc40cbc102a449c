"""What the apps' views share: access decorators and small helpers for their pages."""

from collections.abc import Callable, Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse


def staff_view(perm: str) -> Callable:
    """Login first (anonymous users go to the login page), then the permission, or 403."""

    def decorate(view: Callable) -> Callable:
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate


# The rows a list page may show at once (`?per_page=`); the first is the default.
PAGE_SIZES = (25, 50, 100)


def page_size(request: HttpRequest) -> int:
    """The page size asked for by `?per_page=`, if it is one of PAGE_SIZES; else the default."""
    asked = request.GET.get("per_page", "")
    return int(asked) if asked in {str(size) for size in PAGE_SIZES} else PAGE_SIZES[0]


def page_of(
    request: HttpRequest,
    items: QuerySet | Sequence,
    *,
    size: int | None = None,
    count: int | None = None,
) -> Page:
    """The page asked for by `?page=`; the first or last one for a number out of range.

    Without `size`, the one asked for by `?per_page=` (page_size). `count` is the number of
    items when the caller knows it already (the sum of counts it shows), which spares the
    paginator its own COUNT query."""
    paginator = Paginator(items, size or page_size(request))
    if count is not None:
        paginator.count = count  # a cached property: the given number is used as if counted
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The query string without `page`, for page links that keep the list's filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A file made for this request (a PDF, a spreadsheet), saved by the browser as `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stored_file(
    file: FieldFile | str, *, filename: str, content_type: str | None = None, missing: str = ""
) -> FileResponse:
    """An uploaded file, shown in the browser as `filename`; check access before calling.

    `file` is a file field's value or, for an earlier version from the history, its stored name.
    A file gone from storage is a 404 (with `missing` as its message), not a server error.
    """
    name = file.name if isinstance(file, FieldFile) else file
    storage = file.storage if isinstance(file, FieldFile) else default_storage
    not_found = Http404(missing) if missing else Http404()
    if not name:
        raise not_found
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise not_found from None
    return FileResponse(handle, content_type=content_type, filename=filename)


def error_messages(request: HttpRequest, error: ValidationError) -> None:
    """Each message of a service's refusal as an error message on the next page."""
    for message in error.messages:
        messages.error(request, message)


def form_error_messages(request: HttpRequest, form: BaseForm) -> None:
    """A form's errors as error messages, for a form posted from a page that is not its own."""
    for errors in form.errors.values():
        # An ErrorList hands out each error as its text, whatever the stubs say.
        for message in errors:
            messages.error(request, message)  # type: ignore[arg-type]
