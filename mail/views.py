from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import staff_view

from . import services
from .models import OutgoingEmail

EMAILS_PAGE_SIZE = 50


@staff_view("mail.view_outgoingemail")
def emails_not_sent(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    emails = OutgoingEmail.objects.not_sent(now=now).order_by("-created_at", "-pk")
    page = Paginator(emails, EMAILS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mail/emails_not_sent.html",
        {
            "page": page,
            "now": now,
            "may_send_again": request.user.has_perm("mail.change_outgoingemail"),
        },
    )


@staff_view("mail.change_outgoingemail")
@require_POST
def email_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(OutgoingEmail, pk=pk)
    try:
        services.email_send_again(email=email, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The e-mail “%(subject)s” to %(recipients)s is queued to be sent again.")
            % {"subject": email.subject, "recipients": email.recipient_list},
        )
    return redirect("mail:emails_not_sent")
