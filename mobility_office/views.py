from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from agreements import selectors as agreement_selectors
from applications import selectors as application_selectors
from applications.models import Application
from core.types import AuthenticatedHttpRequest
from core.views import staff_view
from mail.models import OutgoingEmail
from reports import selectors as report_selectors
from reports.periods import ReportPeriod

from . import selectors
from .forms import SearchForm


def home(request: HttpRequest) -> HttpResponse:
    totals = agreement_selectors.register_totals(on=timezone.localdate())
    return render(request, "mobility_office/home.html", {"totals": totals})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    context: dict = {}
    if user.has_perm("agreements.view_agreement"):
        expiring = agreement_selectors.expiring_agreements(on=today)
        context.update(
            {
                "expiring": expiring[:20],
                "expiring_count": expiring.count(),
                "by_country": agreement_selectors.agreement_counts_by_country(),
                "totals": agreement_selectors.register_totals(on=today),
            }
        )
    if user.has_perm("applications.view_mobility_report"):
        period = ReportPeriod.current(on=today)
        context["term_period"] = period
        context["term_table"] = report_selectors.overview(period)
    if user.has_perm("applications.change_application"):
        waiting = Application.objects.waiting_for_staff()
        context["waiting_counts"] = application_selectors.state_counts(waiting)
        context["recent_changes"] = selectors.recent_changes(limit=10)
    if user.has_perm("mail.view_outgoingemail"):
        context["emails_not_sent"] = OutgoingEmail.objects.not_sent(now=timezone.now()).count()
    context["my_applications"] = Application.objects.for_list().owned_by(user)[:10]
    if not user.has_perm("applications.change_application"):
        context["open_rounds"] = application_selectors.open_rounds(on=today)
    return render(request, "mobility_office/dashboard.html", context)


@staff_view("applications.view_application")
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One search box for staff and the registrar across partners, agreements, applications and
    transcripts; each group links to its list filtered by the same words."""
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    groups = selectors.search_everything(user=request.user, text=text) if text else []
    return render(
        request, "mobility_office/search.html", {"form": form, "text": text, "groups": groups}
    )
