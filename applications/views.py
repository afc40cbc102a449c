import re
from collections.abc import Callable
from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
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
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agreements import selectors as agreement_selectors
from agreements.models import AcademicPeriod, Direction, MobilityType
from core import files, imports, spreadsheets
from core.forms import ImportForm
from core.search import search_filter
from core.three_names import localized
from core.types import AuthenticatedHttpRequest
from core.views import (
    PAGE_SIZES,
    download,
    error_messages,
    form_error_messages,
    page_of,
    query_without_page,
    staff_view,
    stored_file,
)
from core.widgets import choices_response
from documents import doclang

from . import incoming, pdfs, selectors, services
from .filters import ApplicationFilter, OrderCandidateFilter
from .forms import (
    CurriculumChangeForm,
    CurriculumLineFormSet,
    GroupOrderForm,
    OrderForm,
    OrderScanForm,
    QuestionnaireForm,
    ReturnForm,
    RoundForm,
    RoundPlaceFormSet,
    SignatureForm,
    StaffApplicationForm,
    StepForm,
    StudentApplicationForm,
    UploadForm,
)
from .models import (
    MOBILITY_TYPE_OF_KIND,
    Application,
    ApplicationRound,
    CurriculumLine,
    CurriculumVersion,
    DocumentFile,
    Order,
    ParticipantKind,
    Questionnaire,
    Signature,
)
from .names import names_from_account
from .pdfs import order as order_pdf

PAGE_SIZE = 25
# The steps taken with a button of the application's page; who may take each is in
# services.STEPS.
STEP_CALLS = {
    "submit": services.application_submit,
    "resubmit": services.application_submit,
    "start_review": services.application_start_review,
    "return": services.application_return,
    "approve": services.application_approve,
    "reject": services.application_reject,
    "withdraw": services.application_withdraw,
    "start_mobility": services.application_start_mobility,
    "complete": services.application_complete,
}


def is_office(user) -> bool:
    return user.has_perm("applications.view_application")


def is_office_staff(user) -> bool:
    return user.has_perm("applications.change_application")


def get_application_for_user(request: HttpRequest, pk: int) -> Application:
    """The application if the user may see it; a 404 otherwise, so others' ones stay unknown."""
    queryset = Application.objects.select_related(
        "partner", "agreement", "period", "program", "round", "participant", "order"
    )
    if not is_office(request.user):
        queryset = queryset.owned_by(request.user)
    return get_object_or_404(queryset, pk=pk)


def _edit_refusal(request: HttpRequest, application: Application) -> str:
    """Why the user may not save the application's edit page now, or ""."""
    refusal = services.edit_refusal(application, by=request.user)
    if not refusal and not is_office_staff(request.user) and application.round is None:
        return _("The office registered this application; ask the office to change it.")
    return refusal


def _may_edit(request: HttpRequest, application: Application) -> bool:
    return not _edit_refusal(request, application)


# Lists


@staff_view("applications.view_application")
def application_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = ApplicationFilter(request.GET, queryset=Application.objects.all())
    counts = selectors.list_state_counts(filterset)
    # The total is the sum of the counts shown (or where a search stopped counting): no second
    # COUNT over the same rows.
    page = page_of(request, selectors.list_rows(filterset.qs), count=counts.total)
    return render(
        request,
        "applications/application_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": selectors.list_page_rows(page),
            "page_sizes": PAGE_SIZES,
            "query": query_without_page(request),
            "counts": counts.by_state,
            "search_counted_up_to": (
                formats.number_format(counts.total, force_grouping=True) if counts.more else ""
            ),
        },
    )


QUEUE_SIZE = 200
QUEUE_LATE_DAYS = 14


@staff_view("applications.change_application")
def staff_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    waiting = list(selectors.staff_queue()[:QUEUE_SIZE])
    for application in waiting:
        application.late = (now - application.waiting_since).days >= QUEUE_LATE_DAYS
    return render(
        request,
        "applications/queue.html",
        {
            "applications": waiting,
            "counts": selectors.state_counts(Application.objects.waiting_for_staff()),
            "now": now,
            "queue_size": QUEUE_SIZE,
            "late_days": QUEUE_LATE_DAYS,
        },
    )


@login_required
def my_applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    applications = list(
        Application.objects.for_list().owned_by(request.user).order_by("-created_at")
    )
    return render(
        request,
        "applications/mine.html",
        {
            "applications": applications,
            "rounds": selectors.open_rounds(on=timezone.localdate()),
        },
    )


# Creating and editing


@login_required
def application_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if is_office_staff(request.user) and "round" not in request.GET:
        return _staff_create(request)
    if not request.GET.get("round", "").isdigit():
        messages.info(request, _("Choose an open round to apply in."))
        return redirect("applications:mine")
    round_ = get_object_or_404(ApplicationRound, pk=request.GET["round"])
    if not round_.is_open(on=timezone.localdate()):
        messages.error(request, _("This round is closed; applications are no longer accepted."))
        return redirect("applications:mine")
    user = request.user
    application = Application(
        participant=user,
        **names_from_account(user),
        email=user.email,
        direction=round_.direction,
        period=round_.period,
        round=round_,
    )
    form = StudentApplicationForm(request.POST or None, instance=application, round_=round_)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.application_create(application=form.instance, by=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your application was created. Fill the questionnaire and the curriculum, "
                    "then upload the documents."
                ),
            )
            return redirect(created)
    return render(request, "applications/apply.html", {"form": form, "round": round_})


def _staff_create(request: HttpRequest, *, incoming_only: bool = False) -> HttpResponse:
    initial = {"direction": "incoming"} if incoming_only else {}
    form = StaffApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.application_create(
                application=form.instance, by=request.user, on_behalf=True
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Application %(ref)s registered.") % {"ref": created.reference}
            )
            return redirect(created)
    return render(
        request, "applications/staff_create.html", {"form": form, "incoming_only": incoming_only}
    )


@staff_view("applications.add_application")
def incoming_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _staff_create(request, incoming_only=True)


@login_required
def application_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    office = is_office_staff(request.user)
    refusal = _edit_refusal(request, application)
    if refusal:
        if request.method == "POST":
            if not (office or application.participant_id == request.user.pk):
                raise PermissionDenied
            messages.error(request, refusal)
            return redirect("applications:edit", pk=application.pk)
        # The record read-only, with the reason it cannot change now.
        return render(
            request,
            "applications/apply.html",
            {"application": application, "round": application.round, "refusal": refusal},
        )
    if office:
        form = StaffApplicationForm(request.POST or None, instance=application, editing=True)
    else:
        form = StudentApplicationForm(
            request.POST or None, instance=application, round_=application.round
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(application=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The application is saved."))
            return redirect(application)
    return render(
        request,
        "applications/apply.html",
        {
            "form": form,
            "round": application.round,
            "application": application,
            "partner_locked": services.partner_locked(application),
        },
    )


# The application page


STEP_HINTS = {
    # What the office does next where no button of the card does it, and where on the page.
    "approved": {
        "text": gettext_lazy(
            "Issue the order below: its number and date, and its scan if it is signed."
        ),
        "anchor": "order-form",
    },
    "order_issued": {
        "text": gettext_lazy(
            "Record the signature of each party below; when all three have signed, the "
            "application moves on by itself."
        ),
        "anchor": "signatures",
    },
}


@login_required
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    documents = application.documents.prefetch_related(
        Prefetch("versions", queryset=DocumentFile.objects.select_related("uploaded_by"))
    ).select_related("decided_by")
    order = {kind: index for index, kind in enumerate(application.required_document_kinds())}
    documents = sorted(documents, key=lambda document: order.get(document.kind, 99))
    for document in documents:
        document.application = application
    curriculum = selectors.current_curriculum(application)
    office = is_office_staff(request.user)
    own = application.participant_id == request.user.pk
    actions = services.allowed_actions(application, request.user)
    # Only the steps the user can take now; a step that waits for something says what.
    steps = []
    for action in actions:
        if action not in STEP_CALLS:
            continue  # the order and the signatures have their own forms
        blockers = []
        if action == "approve":
            blockers = selectors.approval_blockers(application)
        elif action == "start_mobility":
            blockers = selectors.start_blockers(application)
        steps.append(
            {
                "action": action,
                "blocked": " ".join(blockers),
                "date_problem": selectors.date_problem(application, action),
            }
        )
    uploadable = {
        document.pk
        for document in documents
        if (office or own) and not services.document_upload_refusal(document, by=request.user)
    }
    # While the application is theirs to change, the submission checklist says what is missing;
    # afterwards this says what they can still upload (a returned document, the signed agreement).
    to_upload = [
        document
        for document in documents
        if own
        and not application.is_editable_by_participant
        and document.pk in uploadable
        and not document.is_present
    ]
    taken, limit = selectors.places_taken(application)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "documents": documents,
            "participant_kinds": application.participant_document_kinds(),
            "missing": selectors.missing_documents(application),
            "to_upload": to_upload,
            "uploadable": uploadable,
            "curriculum": curriculum,
            "curriculum_lines": curriculum.lines.all() if curriculum else [],
            "questionnaire": Questionnaire.objects.filter(application=application).first(),
            "signatures": application.signatures.select_related("recorded_by"),
            "events": application.events.select_related("by")[:100],
            "actions": actions,
            "steps": steps,
            "hint": STEP_HINTS.get(application.state) if office else None,
            "office": office,
            "own": own,
            "can_edit": _may_edit(request, application),
            "can_fill_questionnaire": not services.questionnaire_refusal(
                application, by=request.user
            ),
            "pdfs": pdfs.available(application),
            "places_taken": taken,
            "places_limit": limit,
            "return_form": ReturnForm(),
            "upload_form": UploadForm(),
            "order_form": OrderForm(
                initial={"version": application.version, "issued_on": timezone.localdate()}
            ),
        },
    )


@require_POST
@login_required
def application_step(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    application = get_application_for_user(request, pk)
    # Who may take it; whether the application's state allows it now, the service says.
    if action not in STEP_CALLS or not services.STEPS[action].may_take(application, request.user):
        raise PermissionDenied
    form = StepForm(request.POST)
    if not form.is_valid():
        if "version" in form.errors:
            messages.error(request, _("The page was out of date; look at the application again."))
        for field, errors in form.errors.items():
            if field != "version":
                for error in errors:
                    messages.error(request, error)
        return redirect(application)
    kwargs = {
        "application": application,
        "by": request.user,
        "version": form.cleaned_data["version"],
    }
    if action in {"return", "reject", "withdraw", "approve"}:
        kwargs["comment"] = form.cleaned_data["comment"]
    if action == "approve":
        kwargs["override_places"] = form.cleaned_data["override_places"]
    if action in {"start_mobility", "complete"}:
        kwargs["override_reason"] = form.date_override_reason
    try:
        moved = STEP_CALLS[action](**kwargs)
    except services.NotReady:
        messages.error(
            request,
            _(
                "The application cannot be submitted yet. The checklist under the submit button "
                "says what is still missing, with a link to where you add each part."
            ),
        )
        return redirect(application.get_absolute_url() + "#checklist")
    except ValidationError as error:
        error_messages(request, error)
        return redirect(application)
    messages.success(
        request, _("The application is now %(state)s.") % {"state": moved.get_state_display()}
    )
    return redirect(application)


def _archive_step(request: HttpRequest, pk: int, *, restore: bool) -> HttpResponse:
    application = get_application_for_user(request, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; look at the application again."))
        return redirect(application)
    service = services.application_restore if restore else services.application_archive
    try:
        service(application=application, by=request.user, version=form.cleaned_data["version"])
    except ValidationError as error:
        error_messages(request, error)
        return redirect(application)
    if restore:
        messages.success(request, _("The application is back in the list of applications."))
    else:
        messages.success(
            request,
            _(
                "The application is archived: it leaves the list of applications and stays whole, "
                "found with the list's archive filter."
            ),
        )
    return redirect(application)


@require_POST
@staff_view("applications.change_application")
def application_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _archive_step(request, pk, restore=False)


@require_POST
@staff_view("applications.change_application")
def application_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _archive_step(request, pk, restore=True)


# Questionnaire and curriculum


@login_required
def questionnaire_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    existing = Questionnaire.objects.filter(application=application).first()
    refusal = services.questionnaire_refusal(application, by=request.user)
    if refusal:
        if request.method == "POST":
            if not (is_office_staff(request.user) or application.participant_id == request.user.pk):
                raise PermissionDenied
            messages.error(request, refusal)
            return redirect("applications:questionnaire", pk=application.pk)
        answers = []
        if existing is not None:
            for name in QuestionnaireForm.Meta.fields:
                field = Questionnaire._meta.get_field(name)
                value = getattr(existing, name)
                if name == "citizenship":
                    value = value.name
                elif isinstance(value, date):
                    value = formats.date_format(value, "SHORT_DATE_FORMAT")
                answers.append((field.verbose_name, value))
        return render(
            request,
            "applications/questionnaire.html",
            {"application": application, "refusal": refusal, "answers": answers},
        )
    instance = existing or Questionnaire(application=application)
    form = QuestionnaireForm(
        request.POST or None, instance=instance, foreign=not application.is_domestic
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_save(questionnaire=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The questionnaire is saved. Download it as a PDF, sign it and upload the scan."),
            )
            return redirect(application)
    return render(
        request, "applications/questionnaire.html", {"form": form, "application": application}
    )


@login_required
def curriculum_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    current = selectors.current_curriculum(application)
    if current is None:
        raise Http404
    version = current
    if request.GET.get("version", "").isdigit():
        version = get_object_or_404(application.curriculum_versions, number=request.GET["version"])
    version.application = application
    office = is_office_staff(request.user)
    own = application.participant_id == request.user.pk
    # Who may change it at all, then whether this version may change now.
    role_refusal = (
        ""
        if own or office
        else _("You can read this curriculum; the participant and the mobility office change it.")
    )
    state_refusal = services.curriculum_lock_reason(version)
    editable = not role_refusal and not state_refusal
    bound = editable and request.method == "POST"
    formset = CurriculumLineFormSet(
        request.POST if bound else None, instance=version, prefix="lines"
    )
    if request.method == "POST":
        if role_refusal:
            raise PermissionDenied
        if "reopen" in request.POST:
            try:
                services.curriculum_reopen(
                    version=version, by=request.user, comment=request.POST.get("comment", "")
                )
            except ValidationError as error:
                error_messages(request, error)
            else:
                messages.success(
                    request,
                    _("Version %(number)d is a draft again; change it and propose it again.")
                    % {"number": version.number},
                )
            return redirect("applications:curriculum", pk=application.pk)
        if state_refusal:
            messages.error(request, state_refusal)
            return redirect(_curriculum_url(application, version))
        if formset.is_valid():
            lines = [
                form.instance
                for form in formset.forms
                if form.has_changed() or form.instance.pk
                if form not in formset.deleted_forms
            ]
            removed = [form.instance for form in formset.deleted_forms]
            propose = "propose" in request.POST
            try:
                services.curriculum_save_lines(
                    version=version, lines=lines, removed=removed, by=request.user, propose=propose
                )
            except ValidationError as error:
                error_messages(request, error)
            else:
                if propose:
                    messages.success(
                        request,
                        _("Version %(number)d is saved and proposed; the office approves it.")
                        % {"number": version.number},
                    )
                else:
                    messages.success(request, _("The curriculum is saved."))
                for warning in selectors.unusual_totals(version):
                    messages.warning(request, warning)
                return redirect("applications:curriculum", pk=application.pk)
    may_approve = request.user.has_perm("applications.change_curriculumversion")
    approvable = (
        may_approve
        and not services.curriculum_approval_refusal(version)
        # The first version is approved together with the application, not before.
        and not (
            version.reason == CurriculumVersion.Reason.INITIAL
            and application.is_editable_by_participant
        )
    )
    new_version_refusal = services.curriculum_new_version_refusal(application)
    matches = selectors.earlier_matches(application, with_names=is_office(request.user))
    by_host = selectors.matches_by_host_course(matches)
    lines = list(version.lines.all())
    for line in lines:
        line.earlier = by_host.get(selectors.equivalence_key(line.host_code, line.host_title))
    previous, removed_lines = _compare_with_previous(version, lines)
    # The lines are read once: the totals and their warnings count the same list.
    totals = version.totals(lines)
    read_only_reasons = [reason for reason in (role_refusal, state_refusal) if reason]
    return render(
        request,
        "applications/curriculum.html",
        {
            "application": application,
            "version": version,
            "is_current": version.pk == current.pk,
            "versions": application.curriculum_versions.select_related("approved_by"),
            "lines": lines,
            "totals": totals,
            "warnings": selectors.unusual_totals(version, totals=totals),
            "formset": formset,
            "editable": editable,
            "can_propose": editable and version.reason != CurriculumVersion.Reason.INITIAL,
            "can_approve": approvable and version.pk == current.pk,
            "can_start_version": (own or office) and not new_version_refusal,
            "can_reopen": (own or office)
            and version.pk == current.pk
            and version.state == CurriculumVersion.State.PROPOSED,
            "previous": previous,
            "removed_lines": removed_lines,
            "read_only_reasons": read_only_reasons,
            "matches": matches,
            "change_form": CurriculumChangeForm(),
            "office": office,
            "show_names": is_office(request.user),
            "history": selectors.curriculum_history(version),
        },
    )


def _line_key(line: CurriculumLine) -> tuple:
    return (
        line.host_code,
        line.host_title,
        line.host_credits,
        line.term,
        line.home_code,
        line.home_title,
        line.home_credits,
    )


def _compare_with_previous(
    version: CurriculumVersion, lines: list[CurriculumLine]
) -> tuple[CurriculumVersion | None, list[CurriculumLine]]:
    """Marks each line new or changed since the version before, and lists the removed ones."""
    previous = (
        version.application.curriculum_versions.filter(number__lt=version.number)
        .order_by("-number")
        .first()
    )
    if previous is None:
        return None, []
    before = list(previous.lines.all())
    kept = {_line_key(line) for line in before}
    now = {_line_key(line) for line in lines}
    for line in lines:
        line.changed = _line_key(line) not in kept
    return previous, [line for line in before if _line_key(line) not in now]


def _curriculum_url(application: Application, version: CurriculumVersion) -> str:
    url = reverse("applications:curriculum", args=[application.pk])
    return f"{url}?version={version.number}"


@require_POST
@login_required
def curriculum_new_version(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    if not (is_office_staff(request.user) or application.participant_id == request.user.pk):
        raise PermissionDenied
    form = CurriculumChangeForm(request.POST)
    if form.is_valid():
        try:
            services.curriculum_new_version(
                application=application,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                _(
                    "A new version was started from the approved one. Change its disciplines, "
                    "then save and propose it; the office approves it."
                ),
            )
    else:
        messages.error(
            request,
            _("Choose why the curriculum changes and explain the change, then start the version."),
        )
    return redirect("applications:curriculum", pk=application.pk)


@require_POST
@staff_view("applications.change_curriculumversion")
def curriculum_approve(request: AuthenticatedHttpRequest, pk: int, version_pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    version = get_object_or_404(application.curriculum_versions, pk=version_pk)
    try:
        services.curriculum_approve(version=version, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("Version %(number)d of the curriculum is approved.") % {"number": version.number},
        )
    return redirect("applications:curriculum", pk=application.pk)


# Documents


@require_POST
@login_required
def document_upload(request: AuthenticatedHttpRequest, pk: int, document_pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    document = get_object_or_404(application.documents, pk=document_pk)
    document.application = application
    if not (is_office_staff(request.user) or application.participant_id == request.user.pk):
        raise PermissionDenied
    refusal = services.document_upload_refusal(document, by=request.user)
    if refusal:
        messages.error(request, refusal)
        return redirect(application)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect(application)
    try:
        services.document_upload(
            document=document, upload=form.cleaned_data["file"], by=request.user
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("%(document)s was uploaded.")
            % {"document": document.get_kind_display().capitalize()},
        )
    return redirect(application)


@require_POST
@staff_view("applications.change_document")
def document_decide(request: AuthenticatedHttpRequest, pk: int, document_pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    document = get_object_or_404(application.documents, pk=document_pk)
    decision = request.POST.get("decision")
    if decision not in {"accept", "return"}:
        messages.error(request, _("Choose to accept or to return the document."))
        return redirect(application)
    name = document.get_kind_display().capitalize()
    try:
        if decision == "accept":
            services.document_accept(document=document, by=request.user)
        else:
            form = ReturnForm(request.POST)
            reason = form.data.get("reason", "")
            services.document_return(document=document, reason=reason, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        if decision == "accept":
            messages.success(request, _("%(document)s is accepted.") % {"document": name})
        else:
            messages.success(
                request,
                _("%(document)s is returned; the participant sees why and can upload it again.")
                % {"document": name},
            )
    return redirect(application)


@login_required
def document_file(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> FileResponse:
    application = get_application_for_user(request, pk)
    stored = get_object_or_404(DocumentFile, pk=file_pk, document__application=application)
    extension = files.extension(stored.content_kind)
    name = f"{application.reference}-{stored.document.kind}-{stored.pk}.{extension}"
    return stored_file(
        stored.file, filename=name, content_type=files.content_type(stored.content_kind)
    )


@login_required
def generated_pdf(request: AuthenticatedHttpRequest, pk: int, document: str) -> HttpResponse:
    application = get_application_for_user(request, pk)
    if document not in pdfs.available(application):
        raise Http404
    try:
        language = doclang.chosen_language(request, document)
    except doclang.BadDocumentLanguage as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    with doclang.printing(language):
        content = pdfs.GENERATED[document](application)
    return download(content, content_type=files.PDF, filename=pdfs.filename(application, document))


# Order and signatures


@require_POST
@staff_view("applications.change_application")
def issue_order(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    form = OrderForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request,
                    f"{form.fields[field].label}: {error}" if field in form.fields else error,
                )
        return redirect(application)
    upload = form.cleaned_data["file"]
    try:
        services.application_issue_order(
            application=application,
            number=form.cleaned_data["number"],
            issued_on=form.cleaned_data["issued_on"],
            upload=upload,
            by=request.user,
            version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        if upload is None:
            messages.success(
                request,
                _(
                    "The order is issued. Download it from the documents below, have it signed "
                    "and upload its scan there."
                ),
            )
        else:
            messages.success(request, _("The order is issued and its signed scan is accepted."))
    return redirect(application)


# The rector's orders

ORDER_PERM = "applications.change_application"


def get_order_for_user(request: HttpRequest, pk: int) -> Order:
    return get_object_or_404(Order.objects.select_related("issued_by"), pk=pk)


@staff_view(ORDER_PERM)
def order_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    orders = Order.objects.annotate(participants=Count("applications")).order_by("-date", "-pk")
    page = page_of(request, orders, size=PAGE_SIZE)
    return render(
        request,
        "applications/order_list.html",
        {"page": page, "awaiting": Application.objects.awaiting_order().count()},
    )


@staff_view(ORDER_PERM)
def order_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The approved applications without an order, narrowed as the office groups them; the ones
    ticked are listed in the order issued with the form under the list."""
    candidates = Application.objects.awaiting_order()
    filterset = OrderCandidateFilter(request.GET, queryset=candidates.for_list())
    form = GroupOrderForm(
        request.POST or None,
        request.FILES or None,
        candidates=candidates,
        initial={
            "issued_on": timezone.localdate(),
            "language": doclang.default_for(doclang.DocumentKind.ORDER),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_issue(
                applications=data["applications"],
                number=data["number"],
                issued_on=data["issued_on"],
                language=data["language"],
                upload=data["file"],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Order No. %(number)s is issued; participants listed: %(count)d.")
                % {"number": order.number, "count": len(data["applications"])},
            )
            return redirect(order)
    applications = list(
        filterset.qs.select_related("round").order_by("period__starts_on", "last_name", "pk")
    )
    ticked = {str(pk) for pk in (form["applications"].value() or [])}
    return render(
        request,
        "applications/order_form.html",
        {"filter": filterset, "form": form, "applications": applications, "ticked": ticked},
    )


@staff_view(ORDER_PERM)
def order_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = get_order_for_user(request, pk)
    return render(
        request,
        "applications/order_detail.html",
        {
            "order": order,
            "applications": order_pdf.order_applications(order),
            "language_form": doclang.PrintLanguageForm(
                kind=doclang.DocumentKind.ORDER,
                initial={"lang": order.language or doclang.default_for(doclang.DocumentKind.ORDER)},
            ),
            "scan_form": OrderScanForm(),
        },
    )


@staff_view(ORDER_PERM)
def order_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = get_order_for_user(request, pk)
    try:
        content = services.order_render_pdf(order=order, language=request.GET.get("lang", ""))
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    number = re.sub(r"[^A-Za-z0-9]+", "-", order.number).strip("-") or str(order.pk)
    return download(content, content_type=files.PDF, filename=f"order-{number}.pdf")


@require_POST
@staff_view(ORDER_PERM)
def order_scan_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = get_order_for_user(request, pk)
    form = OrderScanForm(request.POST, request.FILES)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(order)
    try:
        received = services.order_attach_scan(
            order=order, upload=form.cleaned_data["file"], by=request.user
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("The signed order is attached; order documents accepted with it: %(count)d.")
            % {"count": received},
        )
    return redirect(order)


@staff_view(ORDER_PERM)
def order_scan(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    order = get_order_for_user(request, pk)
    extension = files.extension(order.scan_content_kind)
    number = re.sub(r"[^A-Za-z0-9]+", "-", order.number).strip("-") or str(order.pk)
    return stored_file(
        order.scan,
        filename=f"order-{number}-signed.{extension}",
        content_type=files.content_type(order.scan_content_kind),
    )


@staff_view("applications.change_signature")
def signature_edit(request: AuthenticatedHttpRequest, pk: int, signature_pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    signature = get_object_or_404(Signature, pk=signature_pk, application=application)
    if application.state not in services.STEPS["agreement_signed"].sources:
        refusal = _(
            "The application is %(state)s; signatures are recorded after the order is issued "
            "and until all three parties have signed."
        ) % {"state": application.get_state_display()}
        if request.method == "POST":
            messages.error(request, refusal)
            return redirect(application)
        return render(
            request,
            "applications/signature.html",
            {"application": application, "signature": signature, "refusal": refusal},
        )
    form = SignatureForm(request.POST or None, instance=signature)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.signature_record(
                signature=signature,
                status=data["status"],
                method=data.get("method") or "",
                signed_on=data.get("signed_on"),
                reason=data.get("reason") or "",
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The signature is recorded."))
            return redirect(application)
    return render(
        request,
        "applications/signature.html",
        {"form": form, "application": application, "signature": signature},
    )


# Rounds


@staff_view("applications.view_applicationround")
def round_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rounds = ApplicationRound.objects.select_related("period").order_by("-opens_on")
    return render(
        request,
        "applications/round_list.html",
        {"rounds": rounds, "today": timezone.localdate()},
    )


@staff_view("applications.view_applicationround")
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(ApplicationRound.objects.select_related("period"), pk=pk)
    places = round_.places.select_related("agreement__partner", "override_by").order_by(
        localized("agreement__partner__name")
    )
    return render(
        request,
        "applications/round_detail.html",
        {
            "round": round_,
            "places": places,
            "today": timezone.localdate(),
            "history": selectors.round_history(round_),
        },
    )


def _save_round(request: HttpRequest, round_: ApplicationRound | None) -> HttpResponse:
    form = RoundForm(request.POST or None, instance=round_)
    formset = RoundPlaceFormSet(request.POST or None, instance=form.instance, prefix="places")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # A partner is checked when added or changed, and all of them when the round's period,
        # direction or participants change; one that does not qualify asks for the override.
        terms_changed = round_ is None or bool(set(form.changed_data) & set(services.ROUND_TERMS))
        kept = [
            f
            for f in formset.forms
            if f not in formset.deleted_forms and f.cleaned_data.get("agreement")
        ]
        for f in kept:
            if not (terms_changed or f.has_changed()) or f.cleaned_data.get("override_reason"):
                continue
            problems = services.round_place_problems(
                agreement=f.cleaned_data["agreement"], round_=form.instance
            )
            if problems:
                f.ask_for_override(problems)
        if not any(f.errors for f in kept):
            places = [f.instance for f in kept if f.has_changed()]
            removed = [f.instance for f in formset.deleted_forms if f.instance.pk]
            try:
                saved = services.round_save(
                    round_=form.instance,
                    places=places,
                    removed=removed,
                    by=request.user,
                    reason=form.change_reason_given,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The round is saved."))
                return redirect(saved)
    if request.method == "POST" and any(f.errors for f in formset.forms):
        form.add_error(
            None,
            _(
                "The round was not saved: a partner below needs attention; the message under it "
                "says why."
            ),
        )
    return render(
        request, "applications/round_form.html", {"form": form, "formset": formset, "round": round_}
    )


@staff_view("applications.add_applicationround")
def round_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _save_round(request, None)


@staff_view("applications.change_applicationround")
def round_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _save_round(request, get_object_or_404(ApplicationRound, pk=pk))


# Incoming participants from a spreadsheet

INCOMING_SESSION_KEY = "incoming_import"


@staff_view("applications.add_application")
def incoming_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "columns": incoming.INCOMING_COLUMNS}
    if request.method == "POST" and form.is_valid():
        try:
            sheet = spreadsheets.read_table(
                form.cleaned_data["file"],
                columns=incoming.INCOMING_COLUMNS,
                required=incoming.INCOMING_REQUIRED,
                encoding=form.cleaned_data["encoding"],
            )
        except spreadsheets.SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            rows = sheet.rows
            checked = incoming.check_incoming_rows(rows)
            token = imports.keep_preview(
                request,
                key=INCOMING_SESSION_KEY,
                data={"rows": rows} if checked.is_valid else None,
            )
            bad = {number for number, _message in checked.errors}
            context.update(
                {
                    "checked": checked,
                    "sheet": sheet,
                    "token": token,
                    "preview": [
                        {
                            "number": spreadsheets.row_number(row, index),
                            "values": [row[column] for column in incoming.INCOMING_COLUMNS],
                            "errors": spreadsheets.row_number(row, index) in bad,
                        }
                        for index, row in enumerate(rows, start=2)
                    ],
                }
            )
    return render(request, "applications/incoming_import.html", context)


@require_POST
@staff_view("applications.add_application")
def incoming_import_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    pending = imports.previewed(request, key=INCOMING_SESSION_KEY)
    if pending is None:
        return redirect("applications:incoming_import")
    try:
        created = services.incoming_import(rows=pending["rows"], by=request.user)
    except ValidationError:
        messages.error(
            request,
            _("Some rows are no longer valid; nothing was imported. Upload the file again."),
        )
        return redirect("applications:incoming_import")
    imports.forget_preview(request, key=INCOMING_SESSION_KEY)
    messages.success(
        request, _("%(count)d incoming participants were registered.") % {"count": len(created)}
    )
    return redirect(reverse("applications:list") + "?direction=incoming")


# Choices found as the reader types (core/widgets.py AutocompleteSelect)


def any_permission_view(*perms: str) -> Callable:
    """Login first (anonymous users go to the login page), then any one of the permissions: the
    choices serve every form that holds one of them. Else 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not any(request.user.has_perm(perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorate


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@any_permission_view(
    "applications.add_applicationround",
    "applications.change_applicationround",
    "applications.add_application",
    "applications.change_application",
)
def agreement_choices(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Agreements matching the typed text, narrowed to those that qualify: in force for the
    whole period and covering the direction for each kind of participant. The terms come from
    `round` and from the page's own fields as they stand (`period`, `direction`,
    `participant_kinds` or `participant_kind`, or `mobility` types), the latter winning."""
    params = request.GET
    period, direction, kinds = None, "", []
    if params.get("round", "").isdigit():
        round_ = (
            ApplicationRound.objects.select_related("period").filter(pk=params["round"]).first()
        )
        if round_ is not None:
            period, direction = round_.period, round_.direction
            kinds = round_.participant_kind_list
    if params.get("period", "").isdigit():
        period = AcademicPeriod.objects.filter(pk=params["period"]).first()
    if params.get("direction") in Direction.values:
        direction = params["direction"]
    given = _listed(params.get("participant_kinds", "")) or _listed(
        params.get("participant_kind", "")
    )
    if given:
        kinds = given
    mobility_types: list[str] = [
        MOBILITY_TYPE_OF_KIND[ParticipantKind(kind)]
        for kind in kinds
        if kind in MOBILITY_TYPE_OF_KIND
    ]
    mobility_types += [m for m in _listed(params.get("mobility", "")) if m in MobilityType.values]
    agreements = agreement_selectors.agreement_choices(
        params.get("q", ""),
        period=period,
        direction=direction,
        mobility_types=list(dict.fromkeys(mobility_types)),
    )
    return choices_response(request, agreements, agreement_selectors.agreement_label)


def person_label(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} <{user.email}>" if user.email else name


@any_permission_view("applications.add_application", "applications.change_application")
def participant_choices(request: AuthenticatedHttpRequest) -> JsonResponse:
    people = search_filter(
        get_user_model().objects.filter(is_active=True),
        request.GET.get("q", ""),
        ["last_name", "first_name", "email", "username"],
    ).order_by("last_name", "first_name", "pk")
    return choices_response(request, people, person_label)
