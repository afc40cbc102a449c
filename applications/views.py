from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import spreadsheets
from agreements.forms import ImportForm
from agreements.views import staff_view

from . import incoming, pdfs, selectors, services
from .filters import ApplicationFilter
from .forms import (
    CurriculumChangeForm,
    CurriculumLineFormSet,
    OrderForm,
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
    Application,
    ApplicationRound,
    CurriculumVersion,
    DocumentFile,
    Questionnaire,
    Signature,
)

PAGE_SIZE = 25
PARTICIPANT_ACTIONS = {"submit", "resubmit", "withdraw"}
STAFF_ACTIONS = {
    "submit",
    "resubmit",
    "start_review",
    "return",
    "approve",
    "reject",
    "start_mobility",
    "complete",
}
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
        "partner", "agreement", "period", "program", "round", "participant"
    )
    if not is_office(request.user):
        queryset = queryset.owned_by(request.user)
    return get_object_or_404(queryset, pk=pk)


def _may_edit(request: HttpRequest, application: Application) -> bool:
    if is_office_staff(request.user):
        return not application.is_closed
    return application.participant_id == request.user.pk and application.is_editable_by_participant


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Lists


@staff_view("applications.view_application")
def application_list(request: HttpRequest) -> HttpResponse:
    filterset = ApplicationFilter(request.GET, queryset=Application.objects.for_list())
    page = Paginator(filterset.qs.order_by("-created_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applications/application_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "counts": selectors.state_counts(filterset.qs),
        },
    )


@staff_view("applications.change_application")
def staff_queue(request: HttpRequest) -> HttpResponse:
    waiting = Application.objects.for_list().waiting_for_staff().order_by("updated_at")
    return render(
        request,
        "applications/queue.html",
        {"applications": waiting[:200], "counts": selectors.state_counts(waiting)},
    )


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    applications = Application.objects.for_list().owned_by(request.user).order_by("-created_at")
    rounds = (
        ApplicationRound.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .select_related("period")
        .order_by("closes_on")
    )
    return render(
        request,
        "applications/mine.html",
        {"applications": applications, "rounds": rounds},
    )


# Creating and editing


@login_required
def application_create(request: HttpRequest) -> HttpResponse:
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
        first_name=user.first_name,
        last_name=user.last_name,
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
def incoming_create(request: HttpRequest) -> HttpResponse:
    return _staff_create(request, incoming_only=True)


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    if not _may_edit(request, application) or application.round is None:
        messages.error(request, _("This application cannot be changed now."))
        return redirect(application)
    form = StudentApplicationForm(
        request.POST or None, instance=application, round_=application.round
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(application=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(application)
    return render(
        request,
        "applications/apply.html",
        {"form": form, "round": application.round, "application": application},
    )


# The application page


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    documents = application.documents.prefetch_related(
        Prefetch("versions", queryset=DocumentFile.objects.select_related("uploaded_by"))
    ).select_related("decided_by")
    order = {kind: index for index, kind in enumerate(application.required_document_kinds())}
    documents = sorted(documents, key=lambda document: order.get(document.kind, 99))
    curriculum = services.current_curriculum(application)
    office = is_office_staff(request.user)
    own = application.participant_id == request.user.pk
    actions = [
        action
        for action in services.allowed_actions(application)
        if (office and action in STAFF_ACTIONS) or (own and action in PARTICIPANT_ACTIONS)
    ]
    taken, limit = services.places_taken(application)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "documents": documents,
            "participant_kinds": application.participant_document_kinds(),
            "missing": services.missing_documents(application),
            "curriculum": curriculum,
            "curriculum_lines": curriculum.lines.all() if curriculum else [],
            "questionnaire": Questionnaire.objects.filter(application=application).first(),
            "signatures": application.signatures.select_related("recorded_by"),
            "events": application.events.select_related("by")[:100],
            "actions": actions,
            "office": office,
            "own": own,
            "can_edit": _may_edit(request, application),
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
def application_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = get_application_for_user(request, pk)
    office = is_office_staff(request.user)
    own = application.participant_id == request.user.pk
    allowed = (office and action in STAFF_ACTIONS) or (own and action in PARTICIPANT_ACTIONS)
    if action not in STEP_CALLS or not allowed:
        raise PermissionDenied
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page was out of date; look at the application again."))
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
    try:
        moved = STEP_CALLS[action](**kwargs)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect(application)
    messages.success(
        request, _("The application is now %(state)s.") % {"state": moved.get_state_display()}
    )
    return redirect(application)


# Questionnaire and curriculum


@login_required
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    if not _may_edit(request, application):
        messages.error(request, _("The questionnaire cannot be changed now."))
        return redirect(application)
    instance = Questionnaire.objects.filter(application=application).first() or Questionnaire(
        application=application
    )
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
def curriculum_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    current = services.current_curriculum(application)
    if current is None:
        raise Http404
    version = current
    if request.GET.get("version", "").isdigit():
        version = get_object_or_404(application.curriculum_versions, number=request.GET["version"])
    editable = (
        version == current
        and version.state == CurriculumVersion.State.DRAFT
        and application.state not in services.UNDER_DECISION
        and (
            is_office_staff(request.user)
            or (application.participant_id == request.user.pk and not application.is_closed)
        )
    )
    formset = CurriculumLineFormSet(request.POST or None, instance=version, prefix="lines")
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if formset.is_valid():
            lines = [
                form.instance
                for form in formset.forms
                if form.has_changed() or form.instance.pk
                if form not in formset.deleted_forms
            ]
            removed = [form.instance for form in formset.deleted_forms]
            try:
                services.curriculum_save_lines(
                    version=version, lines=lines, removed=removed, by=request.user
                )
            except ValidationError as error:
                _error_messages(request, error)
            else:
                messages.success(request, _("The curriculum is saved."))
                for warning in services.unusual_totals(version):
                    messages.warning(request, warning)
                return redirect("applications:curriculum", pk=application.pk)
    equivalents = selectors.earlier_equivalents(application)
    lines = list(version.lines.all())
    for line in lines:
        line.earlier = equivalents.get(selectors.equivalence_key(line.host_code, line.host_title))
    return render(
        request,
        "applications/curriculum.html",
        {
            "application": application,
            "version": version,
            "versions": application.curriculum_versions.select_related("approved_by"),
            "lines": lines,
            "totals": version.totals(),
            "warnings": services.unusual_totals(version),
            "formset": formset,
            "editable": editable,
            "equivalents": list(equivalents.values()),
            "change_form": CurriculumChangeForm(),
            "office": is_office_staff(request.user),
        },
    )


@require_POST
@login_required
def curriculum_new_version(request: HttpRequest, pk: int) -> HttpResponse:
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
            _error_messages(request, error)
        else:
            messages.success(
                request, _("A new version was started; change it and ask for approval.")
            )
    else:
        messages.error(request, _("Choose a reason and explain the change."))
    return redirect("applications:curriculum", pk=application.pk)


@require_POST
@staff_view("applications.change_curriculumversion")
def curriculum_approve(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    version = get_object_or_404(application.curriculum_versions, pk=version_pk)
    try:
        services.curriculum_approve(version=version, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Version %(number)d is approved.") % {"number": version.number})
    return redirect("applications:curriculum", pk=application.pk)


# Documents


@require_POST
@login_required
def document_upload(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    document = get_object_or_404(application.documents, pk=document_pk)
    own_document = document.kind in application.participant_document_kinds()
    office = is_office_staff(request.user)
    if not (office or application.participant_id == request.user.pk):
        raise PermissionDenied
    if not (office or (own_document and _may_edit(request, application))):
        messages.error(request, _("This document cannot be uploaded now."))
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
        _error_messages(request, error)
    else:
        messages.success(
            request, _("%(document)s was uploaded.") % {"document": document.get_kind_display()}
        )
    return redirect(application)


@require_POST
@staff_view("applications.change_document")
def document_decide(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    document = get_object_or_404(application.documents, pk=document_pk)
    decision = request.POST.get("decision")
    if decision not in {"accept", "return"}:
        messages.error(request, _("Choose to accept or to return the document."))
        return redirect(application)
    try:
        if decision == "accept":
            services.document_accept(document=document, by=request.user)
        else:
            form = ReturnForm(request.POST)
            reason = form.data.get("reason", "")
            services.document_return(document=document, reason=reason, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    return redirect(application)


@login_required
def document_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    application = get_application_for_user(request, pk)
    stored = get_object_or_404(DocumentFile, pk=file_pk, document__application=application)
    try:
        handle = default_storage.open(stored.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}.get(stored.content_kind, "bin")
    content_type = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
    name = f"{application.reference}-{stored.document.kind}-{stored.pk}.{extension}"
    return FileResponse(handle, content_type=content_type.get(stored.content_kind), filename=name)


@login_required
def generated_pdf(request: HttpRequest, pk: int, document: str) -> HttpResponse:
    application = get_application_for_user(request, pk)
    if document not in pdfs.available(application):
        raise Http404
    content = pdfs.GENERATED[document](application)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{pdfs.filename(application, document)}"'
    )
    return response


# Order and signatures


@require_POST
@staff_view("applications.change_application")
def issue_order(request: HttpRequest, pk: int) -> HttpResponse:
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
    if upload is None:
        # The order the system fills in, with the number and date just given.
        application.order_number = form.cleaned_data["number"]
        application.order_date = form.cleaned_data["issued_on"]
        upload = SimpleUploadedFile(
            pdfs.filename(application, "order"),
            pdfs.GENERATED["order"](application),
            content_type="application/pdf",
        )
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
        _error_messages(request, error)
    else:
        messages.success(request, _("The order is issued."))
    return redirect(application)


@staff_view("applications.change_signature")
def signature_edit(request: HttpRequest, pk: int, signature_pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    signature = get_object_or_404(Signature, pk=signature_pk, application=application)
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
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = ApplicationRound.objects.select_related("period").order_by("-opens_on")
    return render(
        request,
        "applications/round_list.html",
        {"rounds": rounds, "today": timezone.localdate()},
    )


@staff_view("applications.view_applicationround")
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(ApplicationRound.objects.select_related("period"), pk=pk)
    places = round_.places.select_related("agreement__partner")
    return render(
        request,
        "applications/round_detail.html",
        {"round": round_, "places": places, "today": timezone.localdate()},
    )


def _save_round(request: HttpRequest, round_: ApplicationRound | None) -> HttpResponse:
    form = RoundForm(request.POST or None, instance=round_)
    formset = RoundPlaceFormSet(request.POST or None, instance=form.instance, prefix="places")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        places = [
            f.instance for f in formset.forms if f.has_changed() and f not in formset.deleted_forms
        ]
        removed = [f.instance for f in formset.deleted_forms]
        try:
            saved = services.round_save(round_=form.instance, places=places, removed=removed)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round is saved."))
            return redirect(saved)
    return render(
        request, "applications/round_form.html", {"form": form, "formset": formset, "round": round_}
    )


@staff_view("applications.add_applicationround")
def round_create(request: HttpRequest) -> HttpResponse:
    return _save_round(request, None)


@staff_view("applications.change_applicationround")
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_round(request, get_object_or_404(ApplicationRound, pk=pk))


# Incoming participants from a spreadsheet

INCOMING_SESSION_KEY = "incoming_import"


@staff_view("applications.add_application")
def incoming_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    form.fields.pop("what")
    context: dict = {"form": form, "columns": incoming.INCOMING_COLUMNS}
    if request.method == "POST" and form.is_valid():
        try:
            rows = spreadsheets.read_rows(
                form.cleaned_data["file"],
                columns=incoming.INCOMING_COLUMNS,
                required=incoming.INCOMING_REQUIRED,
            )
        except spreadsheets.SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            checked = incoming.check_incoming_rows(rows)
            token = timezone.now().strftime("%Y%m%d%H%M%S%f")
            if checked.is_valid:
                request.session[INCOMING_SESSION_KEY] = {"token": token, "rows": rows}
            bad = {number for number, _message in checked.errors}
            context.update(
                {
                    "checked": checked,
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
def incoming_import_confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(INCOMING_SESSION_KEY)
    if not pending or pending["token"] != request.POST.get("token"):
        messages.error(
            request, _("This import has expired or was already done. Upload the file again.")
        )
        return redirect("applications:incoming_import")
    try:
        created = services.incoming_import(rows=pending["rows"], by=request.user)
    except ValidationError:
        messages.error(
            request,
            _("Some rows are no longer valid; nothing was imported. Upload the file again."),
        )
        return redirect("applications:incoming_import")
    del request.session[INCOMING_SESSION_KEY]
    messages.success(
        request, _("%(count)d incoming participants were registered.") % {"count": len(created)}
    )
    return redirect(reverse("applications:list") + "?direction=incoming")
