from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from core import files, imports
from core.search import search_fields, search_filter
from core.spreadsheets import (
    NEW,
    UNCHANGED,
    UPDATE,
    XLSX_CONTENT_TYPE,
    SpreadsheetError,
    row_number,
    to_csv,
    to_xlsx,
)
from core.three_names import localized
from core.types import AuthenticatedHttpRequest
from core.views import (
    PAGE_SIZES,
    download,
    error_messages,
    page_of,
    query_without_page,
    staff_view,
    stored_file,
)
from core.widgets import choices_response

from . import iia_compare, iia_write, selectors, services, spreadsheets
from .filters import AgreementFilter, InstitutionFilter
from .forms import (
    AcademicPeriodForm,
    AgreementForm,
    ConditionFormSet,
    ContactFormSet,
    EducationalProgramForm,
    IiaCreateForm,
    IiaUploadForm,
    InstitutionForm,
    RegisterImportForm,
    TakePartnerValuesForm,
)
from .models import (
    HOME_COUNTRY,
    AcademicPeriod,
    Agreement,
    EducationalProgram,
    Institution,
    ReceivedIia,
)

PAGE_SIZE = 25


def get_institution_for_user(request: HttpRequest, pk: int) -> Institution:
    return get_object_or_404(Institution, pk=pk)


def get_agreement_for_user(request: HttpRequest, pk: int) -> Agreement:
    return get_object_or_404(Agreement.objects.select_related("partner"), pk=pk)


# Public


def public_partners(request: HttpRequest) -> HttpResponse:
    groups = selectors.partners_by_country(on=timezone.localdate())
    domestic = next((group for group in groups if group["country"].code == HOME_COUNTRY), None)
    foreign = [group for group in groups if group["country"].code != HOME_COUNTRY]
    return render(
        request,
        "agreements/public_partners.html",
        {
            "domestic": domestic,
            "foreign": foreign,
            "foreign_count": sum(group["count"] for group in foreign),
        },
    )


# Institutions


@staff_view("agreements.view_institution")
def institution_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    queryset = Institution.objects.partners().order_by(localized("name"), "pk")
    filterset = InstitutionFilter(request.GET, queryset=queryset)
    # Counted after paging: a subquery for the page's rows, not a join grouping every partner.
    rows = filterset.qs.annotate(agreement_count=selectors.active_agreement_count())
    return render(
        request,
        "agreements/institution_list.html",
        {
            "filter": filterset,
            "page": page_of(request, rows),
            "page_sizes": PAGE_SIZES,
            "query": query_without_page(request),
        },
    )


@staff_view("agreements.view_institution")
def institution_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    filterset = InstitutionFilter(request.GET, queryset=Institution.objects.partners())
    rows = spreadsheets.institution_rows(
        filterset.qs.order_by("country", localized("city"), localized("name"))
    )
    return _export(spreadsheets.INSTITUTION_COLUMNS, rows, fmt=fmt, name="institutions")


@staff_view("agreements.view_institution")
def institution_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(request, pk)
    agreements = institution.agreements.prefetch_related("conditions").order_by("-valid_from")
    return render(
        request,
        "agreements/institution_detail.html",
        {
            "institution": institution,
            "agreements": agreements,
            "contacts": institution.contacts.all(),
            "history": selectors.institution_history(institution),
        },
    )


def _save_institution(request: HttpRequest, institution: Institution | None) -> HttpResponse:
    form = InstitutionForm(request.POST or None, instance=institution)
    formset = ContactFormSet(request.POST or None, instance=form.instance, prefix="contacts")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        contacts = [
            f.instance for f in formset.forms if f.has_changed() and f not in formset.deleted_forms
        ]
        removed = [f.instance for f in formset.deleted_forms if f.instance.pk]
        try:
            saved = services.institution_save(
                institution=form.instance,
                contacts=contacts,
                removed_contacts=removed,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
            return redirect(saved)
    return render(
        request,
        "agreements/institution_form.html",
        {"form": form, "formset": formset, "institution": institution},
    )


@staff_view("agreements.add_institution")
def institution_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _save_institution(request, None)


@staff_view("agreements.change_institution")
def institution_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _save_institution(request, get_institution_for_user(request, pk))


@require_POST
@staff_view("agreements.delete_institution")
def institution_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(request, pk)
    try:
        services.institution_delete(institution=institution, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
        return redirect(institution)
    messages.success(request, _("%(name)s was deleted.") % {"name": institution.name})
    return redirect("agreements:institution_list")


@staff_view("agreements.view_institution")
def institution_version(
    request: AuthenticatedHttpRequest, pk: int, history_id: int
) -> HttpResponse:
    institution = get_institution_for_user(request, pk)
    record = get_object_or_404(institution.history.all(), history_id=history_id)
    return render(
        request,
        "agreements/version.html",
        {
            "object": institution,
            "record": record,
            "author": selectors.author_name(record.history_user),
            "fields": selectors.version_fields(record),
        },
    )


# Agreements


@staff_view("agreements.view_agreement")
def agreement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    queryset = Agreement.objects.order_by(localized("partner__name"), "-valid_from")
    filterset = AgreementFilter(request.GET, queryset=queryset)
    agreements = filterset.qs
    # Counted without the partner's names the rows read: a count of agreements, no join.
    page = page_of(request, selectors.agreement_list_values(agreements), count=agreements.count())
    today = timezone.localdate()
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": selectors.agreement_list_rows(page, on=today),
            "page_sizes": PAGE_SIZES,
            "query": query_without_page(request),
            "today": today,
        },
    )


@staff_view("agreements.view_agreement")
def agreement_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    queryset = Agreement.objects.select_related("partner").order_by(
        localized("partner__name"), "valid_from"
    )
    filterset = AgreementFilter(request.GET, queryset=queryset)
    rows = spreadsheets.agreement_rows(filterset.qs)
    return _export(spreadsheets.AGREEMENT_COLUMNS, rows, fmt=fmt, name="agreements")


def _export(columns, rows, *, fmt: str, name: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        content = to_xlsx(columns, rows, title=name)
        content_type = XLSX_CONTENT_TYPE
    else:
        content = to_csv(columns, rows)
        content_type = "text/csv; charset=utf-8"
    return download(content, content_type=content_type, filename=f"{name}-{stamp}.{fmt}")


@staff_view("agreements.view_agreement")
def agreement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk)
    conditions = list(agreement.conditions.all())
    gaps = iia_write.iia_gaps(agreement, conditions=conditions)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "conditions": conditions,
            "iia_missing": [gap for gap in gaps if gap.blocks],
            "iia_notes": [gap for gap in gaps if not gap.blocks],
            "history": selectors.agreement_history(agreement),
            "signed_copies": selectors.signed_copies(agreement),
            "received_iias": agreement.received_iias.select_related("uploaded_by"),
        },
    )


def _save_agreement(request: HttpRequest, agreement: Agreement | None) -> HttpResponse:
    initial = {}
    if agreement is None and request.GET.get("partner", "").isdigit():
        initial["partner"] = request.GET["partner"]
    form = AgreementForm(
        request.POST or None, request.FILES or None, instance=agreement, initial=initial
    )
    formset = ConditionFormSet(request.POST or None, instance=form.instance, prefix="conditions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # Unchanged rows are left alone so that their history records only real changes.
        conditions = [f.instance for f in formset.forms if f.has_changed()]
        removed = [f.instance for f in formset.deleted_forms]
        try:
            saved = services.agreement_save(
                agreement=form.instance,
                conditions=conditions,
                removed_conditions=removed,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except IntegrityError:
            form.add_error(
                None,
                _("Someone else changed this agreement at the same time. Reload it and try again."),
            )
        else:
            messages.success(
                request, _("Agreement %(number)s was saved.") % {"number": saved.number}
            )
            return redirect(saved)
    return render(
        request,
        "agreements/agreement_form.html",
        {"form": form, "formset": formset, "agreement": agreement},
    )


@staff_view("agreements.add_agreement")
def agreement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _save_agreement(request, None)


@staff_view("agreements.change_agreement")
def agreement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk)
    if agreement.is_archived:
        messages.error(request, _("An archived agreement cannot be edited; restore it first."))
        return redirect(agreement)
    return _save_agreement(request, agreement)


@require_POST
@staff_view("agreements.change_agreement")
def agreement_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = services.agreement_archive(
        agreement=get_agreement_for_user(request, pk), by=request.user
    )
    messages.success(
        request,
        _("Agreement %(number)s was archived. It stays in the register and can be restored.")
        % {"number": agreement.number},
    )
    return redirect(agreement)


@require_POST
@staff_view("agreements.change_agreement")
def agreement_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = services.agreement_restore(
        agreement=get_agreement_for_user(request, pk), by=request.user
    )
    messages.success(
        request, _("Agreement %(number)s was restored.") % {"number": agreement.number}
    )
    return redirect(agreement)


@staff_view("agreements.view_agreement")
def agreement_signed_copy(
    request: AuthenticatedHttpRequest, pk: int, history_id: int | None = None
) -> FileResponse:
    agreement = get_agreement_for_user(request, pk)
    name = agreement.signed_copy.name
    if history_id is not None:
        # Earlier versions keep the stored name of the scan they had; the file itself stays.
        name = get_object_or_404(agreement.history.all(), history_id=history_id).signed_copy
    if not name:
        raise Http404(_("This agreement has no signed copy."))
    filename = f"agreement-{agreement.number}.pdf".replace("/", "-").replace('"', "")
    return stored_file(
        name,
        filename=filename,
        content_type=files.PDF,
        missing=_("The signed copy is missing from storage."),
    )


@staff_view("agreements.view_agreement")
def agreement_version(request: AuthenticatedHttpRequest, pk: int, history_id: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk)
    record = get_object_or_404(agreement.history.all(), history_id=history_id)
    return render(
        request,
        "agreements/version.html",
        {
            "object": agreement,
            "record": record,
            "author": selectors.author_name(record.history_user),
            "fields": selectors.version_fields(record),
        },
    )


# Erasmus Without Paper IIAs


@staff_view("agreements.view_agreement")
def agreement_iia(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The agreement as an EWP IIA document; refused, with what is missing, until the register
    holds what the format requires (the agreement page lists it with where to add it)."""
    agreement = get_agreement_for_user(request, pk)
    try:
        content = iia_write.agreement_iia(agreement)
    except ValidationError as error:
        messages.error(
            request,
            _("Agreement %(number)s cannot be downloaded as an EWP IIA yet. Missing: %(missing)s")
            % {"number": agreement.number, "missing": " ".join(error.messages)},
        )
        return redirect(agreement)
    return download(
        content,
        content_type="application/xml",
        filename=f"IIA-{iia_write.file_name(agreement.number)}.xml",
    )


@staff_view("agreements.view_agreement")
def partner_iia_index(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The EWP IIA index of our agreements with the partner."""
    partner = get_institution_for_user(request, pk)
    if partner.is_home:
        raise Http404(_("Our own university has no agreements with itself to list."))
    stem = iia_write.file_name(partner.code or str(partner.pk))
    return download(
        iia_write.partner_iia_index(partner),
        content_type="application/xml",
        filename=f"IIA-index-{stem}.xml",
    )


# Spreadsheet import

IMPORT_SESSION_KEY = "agreements_import"
IMPORT_KINDS = {
    "institutions": (
        spreadsheets.INSTITUTION_COLUMNS,
        spreadsheets.INSTITUTION_REQUIRED,
        services.institutions_import,
    ),
    "agreements": (
        spreadsheets.AGREEMENT_COLUMNS,
        spreadsheets.AGREEMENT_REQUIRED,
        services.agreements_import,
    ),
}


def _may_import(user) -> bool:
    return user.has_perm("agreements.add_institution") or user.has_perm("agreements.add_agreement")


def _import_permissions(what: str) -> tuple[str, ...]:
    model = "institution" if what == "institutions" else "agreement"
    return (f"agreements.add_{model}",)


@login_required
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _may_import(request.user):
        raise PermissionDenied
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        what = form.cleaned_data["what"]
        if not request.user.has_perms(_import_permissions(what)):
            raise PermissionDenied
        columns, required, _write = IMPORT_KINDS[what]
        try:
            sheet = spreadsheets.read_table(
                form.cleaned_data["file"],
                columns=columns,
                required=required,
                encoding=form.cleaned_data["encoding"],
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            given, rows = sheet.columns, sheet.rows
            checked = spreadsheets.check_rows(what, rows, given=given)
            # Confirming imports these rows, and only while the register still plans them so.
            confirmable = {"what": what, "rows": rows, "given": given, "plan": checked.plan_key()}
            token = imports.keep_preview(
                request, key=IMPORT_SESSION_KEY, data=confirmable if checked.is_valid else None
            )
            context.update(
                {
                    "checked": checked,
                    "sheet": sheet,
                    "columns": columns,
                    "given": given,
                    "preview": _import_preview(rows, checked, columns),
                    "token": token,
                    "what": what,
                    "new_count": checked.count(NEW),
                    "update_count": checked.count(UPDATE),
                    "unchanged_count": checked.count(UNCHANGED),
                }
            )
    return render(request, "agreements/import.html", context)


def _import_preview(rows: list[dict], checked, columns: list[str]) -> list[dict]:
    """Each row of the file as the preview shows it: what it does and its cells."""
    bad_rows = {number for number, _message in checked.errors}
    planned = {row.number: row for row in checked.plan}
    preview = []
    for index, row in enumerate(rows, start=2):
        number = row_number(row, index)
        plan = planned.get(number)
        if plan is None or number in bad_rows:
            cells = [{"column": c, "value": row[c], "old": "", "changed": False} for c in columns]
        else:
            cells = plan.cells
        preview.append(
            {
                "number": number,
                "values": [row[column] for column in columns],
                "cells": cells,
                "errors": number in bad_rows,
                "action": "error" if number in bad_rows or plan is None else plan.action,
            }
        )
    return preview


@require_POST
@login_required
def import_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _may_import(request.user):
        raise PermissionDenied
    pending = imports.previewed(request, key=IMPORT_SESSION_KEY)
    if pending is None:
        return redirect("agreements:import")
    what = pending["what"]
    if not request.user.has_perms(_import_permissions(what)):
        raise PermissionDenied
    _columns, _required, write = IMPORT_KINDS[what]
    try:
        counts = write(
            rows=pending["rows"],
            given=pending.get("given"),
            expected_plan=pending.get("plan"),
            by=request.user,
        )
    except ValidationError:
        messages.error(
            request,
            _(
                "The register changed since the preview, so the file would no longer do what "
                "the preview showed. Nothing was imported; upload the file again to see why."
            ),
        )
        return redirect("agreements:import")
    imports.forget_preview(request, key=IMPORT_SESSION_KEY)
    messages.success(
        request,
        _(
            "The import is done: %(new)d added, %(update)d updated, "
            "%(unchanged)d already up to date."
        )
        % counts,
    )
    target = (
        "agreements:institution_list" if what == "institutions" else "agreements:agreement_list"
    )
    return redirect(target)


@login_required
def import_template(request: AuthenticatedHttpRequest, what: str, fmt: str) -> HttpResponse:
    if not _may_import(request.user):
        raise PermissionDenied
    if what not in IMPORT_KINDS:
        raise Http404
    columns = IMPORT_KINDS[what][0]
    return _export(columns, [], fmt=fmt, name=f"{what}-template")


# A partner's IIA document (EWP IIAs v7): compare copies, or create the agreement from it

RECENT_IIAS = 20


@staff_view("agreements.change_agreement")
def iia_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = IiaUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            received, created = services.received_iia_upload(
                data=upload.read(), original_name=upload.name or "", by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            if not created:
                uploaded = timezone.localtime(received.uploaded_at)
                messages.info(
                    request,
                    _("This document was uploaded before, on %(date)s; here it is.")
                    % {"date": date_format(uploaded, "SHORT_DATETIME_FORMAT")},
                )
            return redirect(received)
    recent = (
        ReceivedIia.objects.defer("content")
        .select_related("uploaded_by", "agreement__partner")
        .order_by("-uploaded_at", "-pk")[:RECENT_IIAS]
    )
    return render(request, "agreements/iia_upload.html", {"form": form, "recent": recent})


def _received_copies(request: HttpRequest, pk: int) -> tuple[ReceivedIia, list]:
    received = get_object_or_404(ReceivedIia.objects.select_related("uploaded_by"), pk=pk)
    try:
        return received, iia_compare.copies_of(received)
    except ValidationError as error:
        # The document was read when it was uploaded; our own code may have changed since.
        error_messages(request, error)
        return received, []


def _received_copy(request: HttpRequest, pk: int, index: int):
    received, copies = _received_copies(request, pk)
    if not 0 <= index < len(copies) or not copies[index].is_ours:
        raise Http404(_("The document has no such agreement with us."))
    return received, copies[index]


@staff_view("agreements.change_agreement")
def iia_received(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    received, copies = _received_copies(request, pk)
    entries = []
    for copy in copies:
        partner = iia_compare.partner_of(copy) if copy.is_ours else None
        entries.append(
            {
                "copy": copy,
                "partner": partner,
                "agreement": iia_compare.matching_agreement(copy, partner) if partner else None,
            }
        )
    return render(
        request, "agreements/iia_received.html", {"received": received, "entries": entries}
    )


@staff_view("agreements.change_agreement")
def iia_compare_view(request: AuthenticatedHttpRequest, pk: int, index: int) -> HttpResponse:
    received, copy = _received_copy(request, pk, index)
    agreement = iia_compare.matching_agreement(copy)
    if agreement is None:
        messages.info(request, _("No agreement in the register matches this copy."))
        return redirect(received)
    comparison = iia_compare.compare(agreement, copy)
    form = TakePartnerValuesForm(request.POST or None, keys=sorted(comparison.keys))
    if request.method == "POST" and not agreement.is_archived and form.is_valid():
        try:
            services.agreement_take_partner_values(
                agreement=agreement,
                received=received,
                choices=form.cleaned_data["take"],
                by=request.user,
                index=index,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The partner's values were taken into agreement %(number)s.")
                % {"number": agreement.number},
            )
            return redirect(agreement)
    return render(
        request,
        "agreements/iia_compare.html",
        {
            "received": received,
            "copy": copy,
            "agreement": agreement,
            "comparison": comparison,
            "form": form,
            "ticked": set(request.POST.getlist("take")),
        },
    )


@staff_view("agreements.add_agreement")
def iia_create(request: AuthenticatedHttpRequest, pk: int, index: int) -> HttpResponse:
    received, copy = _received_copy(request, pk, index)
    existing = iia_compare.matching_agreement(copy)
    if existing is not None:
        messages.info(
            request,
            _("This copy is of agreement %(number)s, already in the register.")
            % {"number": existing.number},
        )
        return redirect("agreements:iia_compare", pk=received.pk, index=index)
    partner = iia_compare.partner_of(copy)
    form = IiaCreateForm(
        request.POST or None,
        needs_partner=partner is None,
        initial={"partner_country": iia_compare.country_of(copy.theirs.hei_id)},
    )
    # A copy from a partner not in the register also adds the partner.
    may_create = partner is not None or request.user.has_perm("agreements.add_institution")
    if request.method == "POST" and not may_create:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create_from_iia(
                received=received,
                index=index,
                by=request.user,
                partner_name=form.cleaned_data.get("partner_name", ""),
                partner_city=form.cleaned_data.get("partner_city", ""),
                partner_country=form.cleaned_data.get("partner_country", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Agreement %(number)s was created from the partner's copy.")
                % {"number": agreement.number},
            )
            return redirect(agreement)
    return render(
        request,
        "agreements/iia_create.html",
        {
            "received": received,
            "copy": copy,
            "partner": partner,
            "form": form if may_create else None,
            "contacts": iia_compare.contacts_of(copy.theirs) if partner is None else [],
        },
    )


# Reference data


class ReferenceListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    paginate_by = 50
    template_name = "agreements/reference_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.model._meta.model_name
        context["can_add"] = self.request.user.has_perm(f"agreements.add_{model}")
        context["can_change"] = self.request.user.has_perm(f"agreements.change_{model}")
        return context


class ReferenceEditMixin(LoginRequiredMixin, PermissionRequiredMixin):
    template_name = "agreements/reference_form.html"

    def form_valid(self, form):
        services.reference_save(instance=form.instance, by=self.request.user)
        messages.success(self.request, _("%(object)s was saved.") % {"object": form.instance})
        return redirect(self.success_url)


class PeriodList(ReferenceListView):
    model = AcademicPeriod
    permission_required = "agreements.view_academicperiod"
    extra_context = {
        "title": gettext_lazy("Academic periods"),
        "add_url": reverse_lazy("agreements:period_create"),
        "edit_url_name": "agreements:period_edit",
    }


class PeriodCreate(ReferenceEditMixin, CreateView):
    model = AcademicPeriod
    form_class = AcademicPeriodForm
    permission_required = "agreements.add_academicperiod"
    success_url = reverse_lazy("agreements:period_list")
    extra_context = {"title": gettext_lazy("New academic period")}


class PeriodEdit(ReferenceEditMixin, UpdateView):
    model = AcademicPeriod
    form_class = AcademicPeriodForm
    permission_required = "agreements.change_academicperiod"
    success_url = reverse_lazy("agreements:period_list")
    extra_context = {"title": gettext_lazy("Edit academic period")}


class ProgramList(ReferenceListView):
    model = EducationalProgram
    permission_required = "agreements.view_educationalprogram"
    extra_context = {
        "title": gettext_lazy("Educational programs"),
        "add_url": reverse_lazy("agreements:program_create"),
        "edit_url_name": "agreements:program_edit",
    }

    def get_queryset(self):
        return EducationalProgram.objects.order_by(localized("name"), "code")


class ProgramCreate(ReferenceEditMixin, CreateView):
    model = EducationalProgram
    form_class = EducationalProgramForm
    permission_required = "agreements.add_educationalprogram"
    success_url = reverse_lazy("agreements:program_list")
    extra_context = {"title": gettext_lazy("New educational program")}


class ProgramEdit(ReferenceEditMixin, UpdateView):
    model = EducationalProgram
    form_class = EducationalProgramForm
    permission_required = "agreements.change_educationalprogram"
    success_url = reverse_lazy("agreements:program_list")
    extra_context = {"title": gettext_lazy("Edit educational program")}


# Choices found as the reader types (core/widgets.py AutocompleteSelect)


@staff_view("agreements.view_institution")
def partner_choices(request: AuthenticatedHttpRequest) -> JsonResponse:
    partners = selectors.partner_choices(request.GET.get("q", ""))
    return choices_response(request, partners, selectors.partner_label)


# A student chooses their own program when applying: any signed-in reader may look them up.
@login_required
def program_choices(request: AuthenticatedHttpRequest) -> JsonResponse:
    programs = search_filter(
        EducationalProgram.objects.all(),
        request.GET.get("q", ""),
        search_fields(EducationalProgram, "name", "code"),
    ).order_by("code", "pk")
    return choices_response(request, programs, str)
