"""The registrar's pages for a partner's ELMO file: upload, preview, confirm; and its download.

Uploading reads and checks the file and shows what it holds against the mobility, saving
nothing. The file's bytes wait for the confirmation in the session (compressed, under the
preview's token, core/imports.py), so no file is left on disk by a preview never confirmed;
confirming fills the draft from exactly the bytes previewed and keeps the file with it.
(The ELMO-out download of our own transcripts is elmo_export_views.py.)
"""

import base64
import zlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application
from core import imports, xmldocs
from core.types import AuthenticatedHttpRequest
from core.views import error_messages, form_error_messages, staff_view, stored_file

from . import elmo_read, elmo_selectors, elmo_services, selectors, services
from .forms import (
    ElmoConfirmForm,
    ElmoUploadForm,
    TranscriptHeaderForm,
    TranscriptLineFormSet,
    grade_choices,
)
from .models import Transcript
from .views import edit_page

XML_CONTENT_TYPE = "application/xml"


def _session_key(application: Application) -> str:
    # One preview per mobility: previews of two mobilities open in two tabs do not collide.
    return f"transcripts-elmo-{application.pk}"


def _may_start(request: HttpRequest) -> bool:
    return request.user.has_perm("transcripts.add_transcript")


def _back(application: Application) -> HttpResponse:
    return redirect("transcripts:for_application", pk=application.pk)


def _preview_page(
    request: HttpRequest,
    application: Application,
    preview: elmo_selectors.ElmoPreview,
    *,
    token: str,
    original_name: str,
    size: int,
    form: ElmoConfirmForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "transcripts/elmo_preview.html",
        {
            "application": application,
            "preview": preview,
            "document": preview.document,
            "transcript": selectors.latest_transcript(application),
            "token": token,
            "original_name": original_name,
            "size": size,
            "form": form or ElmoConfirmForm(),
        },
    )


def _keep(content: bytes, original_name: str) -> dict:
    return {
        "content": base64.b64encode(zlib.compress(content)).decode("ascii"),
        "name": original_name,
    }


def _kept_content(pending: dict) -> bytes:
    return zlib.decompress(base64.b64decode(pending["content"]))


@require_POST
@staff_view("transcripts.change_transcript")
def elmo_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Reads the partner's file and shows what it holds; nothing is saved."""
    application = get_object_or_404(Application.objects.select_related("partner"), pk=pk)
    reason = elmo_services.refusal(application, may_start=_may_start(request))
    if reason:
        messages.error(request, reason)
        return _back(application)
    form = ElmoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        form_error_messages(request, form)
        return _back(application)
    upload = form.cleaned_data["file"]
    if upload.size > xmldocs.MAX_BYTES:
        messages.error(
            request,
            _("The file is %(size)s; an XML document of up to %(limit)s is accepted.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(xmldocs.MAX_BYTES)},
        )
        return _back(application)
    content = upload.read()
    try:
        document = elmo_read.read(content)
    except ValidationError as error:
        error_messages(request, error)
        return _back(application)
    original_name = (upload.name or "")[-255:]
    token = imports.keep_preview(
        request, key=_session_key(application), data=_keep(content, original_name)
    )
    preview = elmo_selectors.preview(document, application)
    return _preview_page(
        request,
        application,
        preview,
        token=token,
        original_name=original_name,
        size=len(content),
    )


def _filled_formset(transcript: Transcript, error: services.TranscriptLinesInvalid, lines):
    """The edit form's rows as the file filled them, bound, with the service's errors at their
    lines; a grade the scale does not have is shown as the file gives it."""
    data = {
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
    }
    for index, line in enumerate(lines):
        values = {
            "host_code": line.host_code,
            "host_title": line.host_title,
            "host_credits": "" if line.host_credits is None else str(line.host_credits),
            "grade": str(line.grade or ""),
            "home_code": line.home_code,
            "home_title": line.home_title,
            "credit_basis": "",
        }
        data.update({f"lines-{index}-{name}": value for name, value in values.items()})
    choices = grade_choices(transcript.scale)
    formset = TranscriptLineFormSet(data, prefix="lines", form_kwargs={"grade_choices": choices})
    formset.is_valid()
    labels = {label for label, _text in choices}
    for index, form in enumerate(formset.forms):
        given = str(lines[index].grade or "")
        if given and given not in labels:
            form.fields["grade"].widget.choices = [
                *form.fields["grade"].widget.choices,
                (given, _("%(grade)s — not in the scale") % {"grade": given}),
            ]
        for field, problems in error.line_errors.get(index, {}).items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    return formset


@require_POST
@staff_view("transcripts.change_transcript")
def elmo_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Fills the draft from the file previewed, as typing its lines would, and keeps the file."""
    application = get_object_or_404(Application.objects.select_related("partner"), pk=pk)
    key = _session_key(application)
    pending = imports.previewed(request, key=key)
    if pending is None:
        return _back(application)
    content, original_name = _kept_content(pending), pending.get("name", "")
    reason = elmo_services.refusal(application, may_start=_may_start(request))
    if reason:
        imports.forget_preview(request, key=key)
        messages.error(request, reason)
        return _back(application)
    form = ElmoConfirmForm(request.POST)
    form.is_valid()
    try:
        result = elmo_services.transcript_fill_from_elmo(
            application=application,
            content=content,
            original_name=original_name,
            issuer_confirmed=form.cleaned_data.get("issuer_confirmed", False),
            learner_confirmed=form.cleaned_data.get("learner_confirmed", False),
            by=request.user,
        )
    except ValidationError as error:
        # Still waiting for the confirmation: the same preview, with what must be confirmed.
        for message in error.messages:
            form.add_error(None, message)
        token = imports.keep_preview(request, key=key, data=pending)
        preview = elmo_selectors.preview(elmo_read.read(content), application)
        return _preview_page(
            request,
            application,
            preview,
            token=token,
            original_name=original_name,
            size=len(content),
            form=form,
        )
    imports.forget_preview(request, key=key)
    transcript = result.transcript
    if result.errors is None:
        messages.success(
            request,
            _("The transcript's lines are filled from %(file)s and recognised; the file is kept.")
            % {"file": original_name or _("the ELMO file")},
        )
        return redirect(transcript)
    messages.error(
        request,
        _(
            "The file is kept, but its lines were not saved: correct the lines marked below "
            "and save them."
        ),
    )
    lines = result.preview.lines()
    issued = result.preview.document.issue_date
    header = TranscriptHeaderForm(
        {
            "header-host_number": transcript.host_number,
            "header-host_issued_on": issued.isoformat() if issued else "",
        },
        instance=transcript,
        prefix="header",
    )
    header.is_valid()
    return edit_page(
        request,
        transcript,
        formset=_filled_formset(transcript, result.errors, lines),
        header=header,
        errors=result.errors.general,
        extra={"elmo_file": result.elmo_file},
    )


@staff_view("transcripts.view_transcript")
def elmo_file(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A partner's ELMO file kept with the transcript, as it was uploaded."""
    transcript = get_object_or_404(Transcript.objects.select_related("application"), pk=pk)
    kept = get_object_or_404(transcript.elmo_files.all(), pk=file_pk)
    kept.transcript = transcript
    return stored_file(kept.file, filename=kept.download_name(), content_type=XML_CONTENT_TYPE)
