from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.types import AuthenticatedHttpRequest
from core.views import error_messages, page_of, staff_view

from . import services
from .models import OutgoingEmail

EMAILS_PAGE_SIZE = 50


@staff_view("mail.view_outgoingemail")
def emails_not_sent(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    emails = OutgoingEmail.objects.not_sent(now=now).order_by("-created_at", "-pk")
    page = page_of(request, emails, size=EMAILS_PAGE_SIZE)
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
def email_send_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(OutgoingEmail, pk=pk)
    try:
        services.email_send_again(email=email, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("The e-mail “%(subject)s” to %(recipients)s is queued to be sent again.")
            % {"subject": email.subject, "recipients": email.recipient_list},
        )
    return redirect("mail:emails_not_sent")
