from axes.helpers import get_client_username
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import throttle
from core.types import AuthenticatedHttpRequest
from core.views import staff_view

from . import selectors, services
from .forms import QueuedPasswordResetForm, SignupForm, UnlockForm

# The throttles of sign-up, password reset and confirmation links count per hour.
HOUR = 60 * 60


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if throttle.throttled(
            request, scope="signup", limit=settings.SIGNUP_RATE_LIMIT, window=HOUR
        ):
            form.add_error(
                None,
                _(
                    "Too many registrations were sent from your network in the last hour. What "
                    "you entered is kept: send the form again in an hour, or ask the mobility "
                    "office for help."
                ),
            )
            return render(request, "registration/signup.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                user = services.account_signup(**form.account_fields())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, user, backend="accounts.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welcome, %(name)s. Your account is ready.")
                    % {"name": user.get_full_name() or user.username},
                )
                messages.info(
                    request,
                    _(
                        "We sent a link to %(email)s: follow it to confirm your e-mail address. "
                        "You need to before you submit an application."
                    )
                    % {"email": user.email},
                )
                return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Django's login page, which also says when logging in from this address is paused."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET":
            context["lockout"] = selectors.lockout_for(
                username=None,
                ip_address=throttle.client_ip(self.request),
                now=timezone.now(),
            )
        return context


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """What django-axes answers a login refused for a lockout: the login page, saying why and
    until when, with the username kept for the next try."""
    username = get_client_username(request, credentials) or ""
    now = timezone.now()
    lockout = selectors.lockout_for(
        username=username, ip_address=getattr(request, "axes_ip_address", None), now=now
    ) or selectors.Lockout(
        kind="username",
        value=username,
        failures=settings.AXES_FAILURE_LIMIT,
        until=now + selectors.cool_off(),
    )
    form = AuthenticationForm(request, initial={"username": username})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    return render(
        request,
        "registration/login.html",
        {"form": form, "lockout": lockout, "next": next_url},
        status=429,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, throttled per address (a clear refusal, the form kept) and per
    e-mail address (silently: the page never tells whether an account has that address)."""

    form_class = QueuedPasswordResetForm

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if throttle.throttled(
            request, scope="password-reset", limit=settings.PASSWORD_RESET_RATE_LIMIT, window=HOUR
        ):
            form = self.get_form()
            form.add_error(
                None,
                _(
                    "Too many password resets were asked for from your network in the last "
                    "hour. Try again in an hour, or ask the mobility office for help."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        if throttle.hit(
            scope="password-reset-email",
            key=email,
            limit=settings.PASSWORD_RESET_EMAIL_LIMIT,
            window=HOUR,
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new-password page; a new password also lifts the username's login lockout,
    since only the holder of the mailbox could set it."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        services.login_unlock(kind="username", value=form.user.get_username(), by=form.user)
        return response


@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The page the confirmation link opens; the button records the confirmation (a GET never
    does, as mail scanners open links)."""
    try:
        account = selectors.email_confirmation_account(token)
    except selectors.BadConfirmationLink as error:
        return render(
            request,
            "registration/email_confirm.html",
            {"problem": error.messages[0]},
            status=400,
        )
    if request.method == "POST":
        services.email_confirm(user=account)
        messages.success(
            request,
            _("Thank you: your e-mail address %(email)s is confirmed.") % {"email": account.email},
        )
        return redirect("dashboard" if request.user.is_authenticated else "login")
    return render(
        request,
        "registration/email_confirm.html",
        {"account": account, "confirmed": selectors.email_is_confirmed(account)},
    )


@login_required
@require_POST
def email_confirmation_send(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Sends the confirmation link again ("Send the link again" in the submission checklist)."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("dashboard")
    user = request.user
    if selectors.email_is_confirmed(user):
        messages.info(request, _("Your e-mail address is already confirmed."))
    elif not user.email:
        messages.error(
            request, _("Your account has no e-mail address. Ask the mobility office to add it.")
        )
    elif throttle.hit(
        scope="email-confirmation",
        key=str(user.pk),
        limit=settings.EMAIL_CONFIRMATION_RESEND_LIMIT,
        window=HOUR,
    ):
        messages.error(
            request,
            _(
                "A link was sent to %(email)s several times in the last hour. Look for it in "
                "your inbox and your spam folder, or ask for a new one in an hour."
            )
            % {"email": user.email},
        )
    else:
        services.email_confirmation_send(user=user)
        messages.success(
            request,
            _(
                "A new link is on its way to %(email)s. Follow it to confirm your address; it "
                "works for %(days)d days."
            )
            % {"email": user.email, "days": settings.EMAIL_CONFIRMATION_DAYS},
        )
    return redirect(next_url)


@staff_view("axes.view_accessattempt")
def lockouts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Usernames and addresses that may not log in now, for staff to unlock."""
    return render(
        request,
        "accounts/lockouts.html",
        {
            "lockouts": selectors.current_lockouts(now=timezone.now()),
            "may_unlock": request.user.has_perm("axes.delete_accessattempt"),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "address_failure_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
            "cool_off_minutes": int(selectors.cool_off().total_seconds() // 60),
        },
    )


@staff_view("axes.delete_accessattempt")
@require_POST
def lockout_unlock(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a username or an address on the list to unlock."))
        return redirect("lockouts")
    kind, value = form.cleaned_data["kind"], form.cleaned_data["value"]
    services.login_unlock(kind=kind, value=value, by=request.user)
    if kind == "username":
        message = _("“%(value)s” can log in again.")
    else:
        message = _("Logging in from the address %(value)s works again.")
    messages.success(request, message % {"value": value})
    return redirect("lockouts")
