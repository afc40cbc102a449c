"""The office's pages for grading scales, conversion tables, credit systems and transcripts.

What they read comes from selectors.py, what they change goes through services.py; the batch
job's storage is batch.py, and the public verification pages are verification_views.py.
"""

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Prefetch, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Direction, Institution
from applications.models import Application, ApplicationState, ParticipantKind
from applications.selectors import current_curriculum
from core import files
from core.three_names import LANGUAGES, column, in_language, localized
from core.types import AuthenticatedHttpRequest
from core.views import (
    download,
    error_messages,
    form_error_messages,
    page_of,
    query_without_page,
    staff_view,
    stored_file,
)
from documents import doclang

from . import batch, selectors, services
from . import pdfs as transcript_pdfs
from .forms import (
    ConversionTableForm,
    CreditSystemForm,
    GradeFormSet,
    GradingScaleForm,
    PartnerGradingForm,
    TranscriptBatchForm,
    TranscriptCorrectionForm,
    TranscriptFilterForm,
    TranscriptHeaderForm,
    TranscriptLineFormSet,
    TranscriptScanForm,
    grade_choices,
    show_agreed_credits,
)
from .models import (
    ConversionTable,
    CreditSystem,
    GradingScale,
    PartnerGrading,
    Transcript,
)

# --- Grading scales, conversion tables and credit systems ---------------------------------


def _credit_systems() -> list[CreditSystem]:
    """Every credit system, its factor written without trailing zeros (1.5, not 1.500)."""
    systems = list(CreditSystem.objects.order_by(localized("name")))
    for system in systems:
        system.factor_display = _plain_factor(system.factor)
    return systems


def _plain_factor(factor) -> str:
    return services.plain_number(factor)


@staff_view("transcripts.view_gradingscale")
def scale_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    scales = (
        GradingScale.objects.annotate(grade_count=Count("grades"))
        .order_by("-is_home", localized("name"))
        .prefetch_related(Prefetch("conversion_tables", queryset=selectors.conversion_tables()))
    )
    return render(
        request,
        "transcripts/scale_list.html",
        {
            "scales": scales,
            "credit_systems": _credit_systems(),
            "own_grading_count": PartnerGrading.objects.count(),
        },
    )


@staff_view("transcripts.view_gradingscale")
def scale_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scale = get_object_or_404(GradingScale, pk=pk)
    tables = list(
        selectors.conversion_tables().filter(scale=scale).annotate(row_count=Count("rows"))
    )
    unmapped = selectors.unmapped_grades(scale, tables)
    for table in tables:
        table.unmapped = unmapped[table.pk]
    return render(
        request,
        "transcripts/scale_detail.html",
        {
            "scale": scale,
            "grades": scale.grades.all(),
            "tables": tables,
            "has_general_table": any(table.partner_id is None for table in tables),
            "partners": PartnerGrading.objects.filter(scale=scale)
            .select_related("partner", "credit_system")
            .order_by(localized("partner__name")),
            "history": selectors.scale_history(scale),
        },
    )


def _save_scale(request: HttpRequest, scale: GradingScale | None) -> HttpResponse:
    form = GradingScaleForm(request.POST or None, instance=scale)
    formset = GradeFormSet(
        request.POST or None,
        instance=form.instance,
        prefix="grades",
        form_kwargs={"is_home": scale is not None and scale.is_home},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        deleted = formset.deleted_forms
        kept = [
            (index, subform)
            for index, subform in enumerate(formset.forms)
            if subform not in deleted and (subform.instance.pk or subform.has_changed())
        ]
        # The order typed in the "Order" column, then the order of the rows on the page. A row
        # given a place another row holds (a new grade typed as 4, or a grade moved to 4) takes
        # that place, and the grade that held it moves down.
        kept.sort(
            key=lambda item: (
                item[1].cleaned_data.get("position") is None,
                item[1].cleaned_data.get("position") or 0,
                not (item[1].instance.pk is None or "position" in item[1].changed_data),
                item[0],
            )
        )
        try:
            saved = services.scale_save(
                scale=form.instance,
                grades=[subform.instance for _index, subform in kept],
                removed=[subform.instance for subform in deleted if subform.instance.pk],
                by=request.user,
                reason=form.change_reason_given,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except IntegrityError:
            form.add_error(
                None, _("Someone else changed this scale at the same time. Reload it and retry.")
            )
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
            return redirect(saved)
    return render(
        request,
        "transcripts/scale_form.html",
        {"form": form, "formset": formset, "scale": scale},
    )


@staff_view("transcripts.add_gradingscale")
def scale_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _save_scale(request, None)


@staff_view("transcripts.change_gradingscale")
def scale_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _save_scale(request, get_object_or_404(GradingScale, pk=pk))


@staff_view("transcripts.view_gradingscale")
def table_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    table = get_object_or_404(ConversionTable.objects.select_related("scale", "partner"), pk=pk)
    home_by_grade = {
        row.grade_id: row.home_grade for row in table.rows.select_related("home_grade")
    }
    lines = [
        {"grade": grade, "home": home_by_grade.get(grade.pk)} for grade in table.scale.grades.all()
    ]
    return render(
        request,
        "transcripts/table_detail.html",
        {
            "table": table,
            "scale": table.scale,
            "lines": lines,
            "unmapped": selectors.unmapped_grades(table.scale, [table])[table.pk],
            "history": selectors.table_history(table),
        },
    )


def _save_table(
    request: HttpRequest, scale: GradingScale, table: ConversionTable | None
) -> HttpResponse:
    initial: dict = {}
    initial_rows: dict | None = None
    if table is None:
        home = selectors.home_scale()
        partner_id = request.GET.get("partner", "")
        partner = None
        if partner_id.isdigit():
            partner = Institution.objects.partners().filter(pk=partner_id).first()
            if partner is not None:
                initial["partner"] = partner.pk
        # The suggested name in each language, from the scales' names in that language.
        for language in LANGUAGES:
            name = f"{in_language(scale, 'name', language)} → {in_language(home, 'name', language)}"
            if partner is not None:
                with translation.override(language):
                    name = f"{name} ({partner.name})"
            initial[column("name", language)] = name
        # A partner's table starts from the general one, which it overrides.
        general = scale.conversion_tables.filter(partner=None).first()
        if general is not None:
            initial_rows = dict(general.rows.values_list("grade_id", "home_grade_id"))
    form = ConversionTableForm(
        request.POST or None,
        instance=table or ConversionTable(scale=scale),
        initial=initial,
        initial_rows=initial_rows,
        scale=scale,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.conversion_table_save(
                table=form.instance,
                rows=form.rows(),
                by=request.user,
                reason=form.change_reason_given,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except IntegrityError:
            form.add_error(
                None, _("Someone else changed this table at the same time. Reload it and retry.")
            )
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
            return redirect(saved)
    return render(
        request,
        "transcripts/table_form.html",
        {"form": form, "scale": scale, "table": table},
    )


@staff_view("transcripts.add_conversiontable")
def table_create(request: AuthenticatedHttpRequest, scale_pk: int) -> HttpResponse:
    scale = get_object_or_404(GradingScale, pk=scale_pk)
    if scale.is_home:
        messages.error(request, _("Our own scale needs no conversion table."))
        return redirect(scale)
    return _save_table(request, scale, None)


@staff_view("transcripts.change_conversiontable")
def table_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    table = get_object_or_404(ConversionTable.objects.select_related("scale", "partner"), pk=pk)
    return _save_table(request, table.scale, table)


@staff_view("transcripts.view_creditsystem")
def credit_system_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "transcripts/credit_systems.html",
        {"credit_systems": _credit_systems()},
    )


@staff_view("transcripts.view_creditsystem")
def credit_system_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    credit_system = get_object_or_404(CreditSystem, pk=pk)
    return render(
        request,
        "transcripts/credit_system_detail.html",
        {
            "credit_system": credit_system,
            "factor": _plain_factor(credit_system.factor),
            "history": selectors.credit_system_history(credit_system),
        },
    )


def _save_credit_system(request: HttpRequest, credit_system: CreditSystem | None) -> HttpResponse:
    form = CreditSystemForm(request.POST or None, instance=credit_system)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.credit_system_save(
                credit_system=form.instance, by=request.user, reason=form.change_reason_given
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
            return redirect("transcripts:credit_system_detail", pk=saved.pk)
    return render(
        request,
        "transcripts/credit_system_form.html",
        {"form": form, "credit_system": credit_system},
    )


@staff_view("transcripts.add_creditsystem")
def credit_system_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _save_credit_system(request, None)


@staff_view("transcripts.change_creditsystem")
def credit_system_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _save_credit_system(request, get_object_or_404(CreditSystem, pk=pk))


@staff_view("transcripts.view_partnergrading")
def partner_grading_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    partners = (
        Institution.objects.partners()
        .select_related("grading__scale", "grading__credit_system")
        .order_by("country", "name")
    )
    page = page_of(request, partners, size=50)
    rows = selectors.partner_gradings(page)
    return render(request, "transcripts/partner_grading_list.html", {"page": page, "rows": rows})


@staff_view("transcripts.change_partnergrading")
def partner_grading_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Institution.objects.partners(), pk=pk)
    own = PartnerGrading.objects.filter(partner=partner).first()
    initial = selectors.default_grading(partner) if own is None else {}
    form = PartnerGradingForm(
        request.POST or None, instance=own or PartnerGrading(partner=partner), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_grading_save(grading=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(partner)s now uses its own scale and credit system.")
                % {"partner": partner.name},
            )
            return redirect("transcripts:partner_grading_list")
    return render(
        request,
        "transcripts/partner_grading_form.html",
        {
            "form": form,
            "partner": partner,
            "own": own,
            "history": selectors.partner_grading_history(partner),
        },
    )


@require_POST
@staff_view("transcripts.change_partnergrading")
def partner_grading_clear(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Institution.objects.partners(), pk=pk)
    services.partner_grading_clear(partner=partner, by=request.user)
    messages.success(
        request,
        _("%(partner)s uses its country's scale and credit system again.")
        % {"partner": partner.name},
    )
    return redirect("transcripts:partner_grading_list")


# --- Transcripts and recognition ----------------------------------------------------------
def _transcripts() -> QuerySet[Transcript]:
    return Transcript.objects.select_related(
        "application",
        "application__partner",
        "application__period",
        "application__program",
        "scale",
        "created_by",
        "approved_by",
    )


@staff_view("transcripts.view_transcript")
def transcript_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Students' mobilities under way or completed, with the state of their transcript."""
    form = TranscriptFilterForm(request.GET or None)
    applications = selectors.transcript_mobilities()
    if form.is_valid():
        applications = selectors.transcript_mobilities(form.cleaned_data["q"])
        if form.cleaned_data["period"]:
            applications = applications.filter(period=form.cleaned_data["period"])
        if form.cleaned_data["direction"]:
            applications = applications.filter(direction=form.cleaned_data["direction"])
    page = page_of(request, applications, size=50)
    for application in page:
        versions = application.transcript_versions
        application.latest_transcript = versions[0] if versions else None
        application.transcript_in_force = next(
            (t for t in versions if t.state == Transcript.State.APPROVED), None
        )
    return render(
        request,
        "transcripts/transcript_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


@staff_view("transcripts.view_transcript")
def application_transcript(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The latest version of a mobility's transcript, or the page that starts one."""
    application = get_object_or_404(Application.objects.for_list(), pk=pk)
    latest = selectors.latest_transcript(application)
    if latest is not None:
        return redirect(latest)
    return render(
        request,
        "transcripts/transcript_start.html",
        {
            "application": application,
            "eligible": application.participant_kind == ParticipantKind.STUDENT
            and application.state in ApplicationState.TRANSCRIPT_STATES,
        },
    )


@require_POST
@staff_view("transcripts.add_transcript")
def transcript_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    try:
        transcript = services.transcript_start(application=application, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
        return redirect("transcripts:for_application", pk=application.pk)
    messages.success(
        request, _("The transcript is started; enter the grades as the host wrote them.")
    )
    return redirect("transcripts:edit", pk=transcript.pk)


@staff_view("transcripts.view_transcript")
def transcript_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transcript = get_object_or_404(_transcripts(), pk=pk)
    application = transcript.application
    lines = selectors.annotated_lines(transcript)
    versions = list(application.transcripts.select_related("approved_by").order_by("-version"))
    can_act = request.user.has_perm("transcripts.change_transcript")
    is_latest = versions[0].pk == transcript.pk
    return render(
        request,
        "transcripts/transcript_detail.html",
        {
            "transcript": transcript,
            "application": application,
            "lines": lines,
            "outgoing": application.direction == Direction.OUTGOING,
            "agreed_versions": sorted(
                {line.curriculum_version for line in lines if line.has_agreement}
            ),
            "decisions": [line for line in lines if line.credits_differ],
            "read_only_reason": _read_only_reason(transcript, can_act=can_act, is_latest=is_latest),
            "totals": selectors.transcript_totals(transcript, lines=lines),
            "versions": versions,
            "is_latest": is_latest,
            "can_act": can_act,
            "correction_form": TranscriptCorrectionForm(),
            "scan_form": TranscriptScanForm(),
            "scans": list(transcript.scans.select_related("uploaded_by")),
            "elmo_files": list(transcript.elmo_files.select_related("uploaded_by")),
            "pdf_kind": transcript_pdfs.kind(transcript),
        },
    )


def _read_only_reason(transcript: Transcript, *, can_act: bool, is_latest: bool) -> str:
    """Why the page shows the transcript without a form to change it, or "" when it has one."""
    if not can_act:
        return _(
            "Only the registrar records, approves and corrects transcripts; you can read them "
            "and download the approved ones."
        )
    if transcript.state == Transcript.State.APPROVED and is_latest:
        return _(
            "Version %(version)d is approved and locked: its lines cannot change. To change "
            "them, start a correction below; it becomes a new version."
        ) % {"version": transcript.version}
    if transcript.state == Transcript.State.APPROVED:
        return _(
            "Version %(version)d is approved and locked; a correction is already started as "
            "a later version."
        ) % {"version": transcript.version}
    if transcript.state == Transcript.State.SUPERSEDED:
        return _(
            "Version %(version)d was replaced by a corrected version and stays readable only."
        ) % {"version": transcript.version}
    if transcript.state == Transcript.State.REVOKED:
        return _("Version %(version)d was revoked and stays readable only.") % {
            "version": transcript.version
        }
    return ""


@staff_view("transcripts.change_transcript")
def transcript_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The lines of a draft as a formset: each error is shown at its line, nothing half-saved."""
    transcript = get_object_or_404(_transcripts(), pk=pk)
    if transcript.is_locked:
        messages.error(
            request,
            _("This version is %(state)s and cannot change; correct it with a new version.")
            % {"state": transcript.get_state_display()},
        )
        return redirect(transcript)
    form_kwargs = {"grade_choices": grade_choices(transcript.scale)}
    header = TranscriptHeaderForm(request.POST or None, instance=transcript, prefix="header")
    general_errors: list[str] = []
    if request.method == "POST":
        formset = TranscriptLineFormSet(request.POST, prefix="lines", form_kwargs=form_kwargs)
        if formset.is_valid() and header.is_valid():
            kept = [
                form
                for form in formset.forms
                if form not in formset.deleted_forms and not form.is_blank()
            ]
            try:
                services.transcript_save_lines(
                    transcript=transcript,
                    lines=[form.cleaned_data for form in kept],
                    by=request.user,
                    host_number=header.cleaned_data["host_number"],
                    host_issued_on=header.cleaned_data["host_issued_on"],
                )
            except services.TranscriptLinesInvalid as error:
                general_errors = error.general
                for index, errors in error.line_errors.items():
                    form = kept[index]
                    for field, problems in errors.items():
                        for problem in problems:
                            form.add_error(field if field in form.fields else None, problem)
                messages.error(request, _("Nothing was saved: correct the lines marked below."))
            except ValidationError as error:
                error_messages(request, error)
            else:
                messages.success(request, _("The transcript's lines are saved and recognised."))
                return redirect(transcript)
    else:
        # One blank row after the lines, to add a line without the page's script.
        initial = selectors.transcript_prefill(transcript) or [{} for _ in range(4)]
        initial.append({})
        formset = TranscriptLineFormSet(initial=initial, prefix="lines", form_kwargs=form_kwargs)
    return edit_page(request, transcript, formset=formset, header=header, errors=general_errors)


def edit_page(
    request: HttpRequest,
    transcript: Transcript,
    *,
    formset,
    header: TranscriptHeaderForm,
    errors: list[str],
    extra: dict | None = None,
) -> HttpResponse:
    """The edit page of a draft's lines, as transcript_edit renders it (also for the lines a
    partner's ELMO file filled, with their errors)."""
    general_errors = errors
    application = transcript.application
    incoming = application.direction == Direction.INCOMING
    approved = None if incoming else selectors.approved_curriculum(application)
    show_agreed_credits(formset, approved, factor=transcript.credit_factor)
    return render(
        request,
        "transcripts/transcript_edit.html",
        {
            "transcript": transcript,
            "application": application,
            "formset": formset,
            "header": header,
            "general_errors": general_errors,
            "curriculum": approved or current_curriculum(application),
            "approved_curriculum": approved,
            "agreement_column": not incoming,
            **(extra or {}),
        },
    )


@require_POST
@staff_view("transcripts.change_transcript")
def transcript_scan_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transcript = get_object_or_404(Transcript, pk=pk)
    form = TranscriptScanForm(request.POST, request.FILES)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(transcript)
    try:
        services.transcript_attach_scan(
            transcript=transcript, upload=form.cleaned_data["file"], by=request.user
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The scanned original is kept with the transcript."))
    return redirect(transcript)


@staff_view("transcripts.view_transcript")
def transcript_scan(
    request: AuthenticatedHttpRequest, pk: int, scan_pk: int | None = None
) -> FileResponse:
    """The scanned original in use or, with `scan_pk`, any earlier one of the same version."""
    transcript = get_object_or_404(Transcript.objects.select_related("application"), pk=pk)
    scans = transcript.scans.all()
    scan = get_object_or_404(scans, pk=scan_pk) if scan_pk is not None else scans.first()
    if scan is None:
        raise Http404
    scan.transcript = transcript
    return stored_file(scan.file, filename=scan.download_name(), content_type=scan.content_type)


@require_POST
@staff_view("transcripts.change_transcript")
def transcript_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transcript = get_object_or_404(Transcript, pk=pk)
    try:
        approved = services.transcript_approve(transcript=transcript, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("Approved as No. %(number)s; the transcript is locked.")
            % {"number": approved.number},
        )
    return redirect(transcript)


@require_POST
@staff_view("transcripts.change_transcript")
def transcript_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transcript = get_object_or_404(Transcript, pk=pk)
    form = TranscriptCorrectionForm(request.POST)
    try:
        correction = services.transcript_correct(
            transcript=transcript, reason=form.data.get("reason", ""), by=request.user
        )
    except ValidationError as error:
        error_messages(request, error)
        return redirect(transcript)
    messages.success(
        request,
        _("Version %(version)d is started; No. %(number)s stays in force until it is approved.")
        % {"version": correction.version, "number": transcript.number},
    )
    return redirect("transcripts:edit", pk=correction.pk)


@require_POST
@staff_view("transcripts.change_transcript")
def transcript_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transcript = get_object_or_404(Transcript, pk=pk)
    try:
        services.transcript_revoke(
            transcript=transcript, reason=request.POST.get("reason", ""), by=request.user
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("No. %(number)s is revoked; its verification page now says so.")
            % {"number": transcript.number},
        )
    return redirect(transcript)


def _transcript_for_download(request: HttpRequest, pk: int) -> Transcript:
    """The office downloads every numbered version; a student only their own approved one."""
    queryset = _transcripts().exclude(number="")
    if not request.user.has_perm("transcripts.view_transcript"):
        queryset = queryset.filter(
            application__participant=request.user, state=Transcript.State.APPROVED
        )
    return get_object_or_404(queryset, pk=pk)


@login_required
def transcript_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transcript = _transcript_for_download(request, pk)
    try:
        language = doclang.chosen_language(request, transcript_pdfs.kind(transcript))
    except doclang.BadDocumentLanguage as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    return download(
        transcript_pdfs.document(transcript, language),
        content_type=files.PDF,
        filename=transcript_pdfs.filename(transcript),
    )


@staff_view("transcripts.view_transcript")
def transcript_batch(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All transcripts in force of a period as one ZIP of PDFs.

    With JavaScript the page runs the stepped job of transcripts/batch.py and shows "12 / 43" as
    it goes; without it, posting the form renders every PDF in this one request and returns the
    ZIP.
    """
    form = TranscriptBatchForm(request.POST or request.GET or None)
    transcripts = []
    if form.is_valid():
        transcripts = list(selectors.batch_transcripts(form.cleaned_data["period"]))
        if request.method == "POST":
            if not transcripts:
                messages.error(request, _("No approved transcript in this period."))
            else:
                items = (
                    (transcript_pdfs.filename(t), transcript_pdfs.document(t)) for t in transcripts
                )
                return _zip_response(items, batch.zip_name(form.cleaned_data["period"]))
    return render(request, "transcripts/batch.html", {"form": form, "transcripts": transcripts})


def _zip_response(items: Iterable[tuple[str, bytes]], name: str) -> FileResponse:
    return FileResponse(
        batch.zip_file(items), as_attachment=True, filename=name, content_type="application/zip"
    )


def _batch_job(request: HttpRequest, token: str) -> dict:
    try:
        return batch.manifest(token, user=request.user)
    except batch.JobNotFound:
        raise Http404 from None


@require_POST
@staff_view("transcripts.view_transcript")
def transcript_batch_start(request: AuthenticatedHttpRequest) -> JsonResponse:
    form = TranscriptBatchForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _("Choose an academic period.")}, status=400)
    period = form.cleaned_data["period"]
    ids = list(selectors.batch_transcripts(period).values_list("pk", flat=True))
    if not ids:
        return JsonResponse({"error": _("No approved transcript in this period.")}, status=400)
    token = batch.start(period=period, transcript_ids=ids, by=request.user)
    return JsonResponse(
        {
            "total": len(ids),
            "per_step": batch.documents_per_step(ids),
            "step_url": reverse("transcripts:batch_step", args=[token]),
            "zip_url": reverse("transcripts:batch_zip", args=[token]),
        }
    )


@require_POST
@staff_view("transcripts.view_transcript")
def transcript_batch_step(request: AuthenticatedHttpRequest, token: str) -> JsonResponse:
    """Renders the job's PDFs from number `index`, `count` of them (one unless given), and keeps
    them; sent again, it renders them again."""
    job = _batch_job(request, token)
    ids = job["transcripts"]
    index, count = request.POST.get("index", ""), request.POST.get("count", "1")
    if not index.isdigit() or int(index) >= len(ids):
        return JsonResponse({"error": _("The batch has no such document.")}, status=400)
    if not count.isdigit() or not 1 <= int(count) <= batch.KEPT_PER_STEP:
        return JsonResponse(
            {
                "error": _("A step prints from 1 to %(most)d documents.")
                % {"most": batch.KEPT_PER_STEP}
            },
            status=400,
        )
    indexes = range(int(index), min(int(index) + int(count), len(ids)))
    found = _transcripts().exclude(number="").in_bulk([ids[i] for i in indexes])
    for i in indexes:
        if ids[i] in found:
            batch.render_step(token, i, found[ids[i]])
    # Steps run two at a time and may finish out of order: the count is of the PDFs kept.
    return JsonResponse({"done": batch.rendered_count(token, len(ids)), "total": len(ids)})


@staff_view("transcripts.view_transcript")
def transcript_batch_zip(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    job = _batch_job(request, token)
    try:
        items = batch.rendered_items(token, job, _transcripts().in_bulk(job["transcripts"]))
    except batch.DocumentMissing as missing:
        return HttpResponse(
            _("The batch is not finished: document %(number)d is missing. Start it again.")
            % {"number": missing.index + 1},
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    return _zip_response(items, job["zip_name"])
