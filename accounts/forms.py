from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User
from django.template import loader
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper
from mail.services import queue_email


class SignupForm(UserCreationForm):
    """Self-registration for students; staff roles are given by an administrator."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), help_text=_("The office writes to you here."))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail already exists. Log in, or reset its password.")
            )
        return email

    def account_fields(self) -> dict[str, str]:
        """What `account_signup` takes, from the cleaned form."""
        data = self.cleaned_data
        return {
            "username": data["username"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "password": data["password1"],
        }


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, its e-mail sent through the queue like every other, so that a
    mail server that is down delays the link instead of losing it."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        queue_email(subject=subject, body=body, to=[to_email], from_email=from_email or "")


class UnlockForm(forms.Form):
    """One row of the lockouts page: the username or the address to let log in again."""

    kind = forms.ChoiceField(choices=[("username", _("username")), ("address", _("address"))])
    value = forms.CharField(max_length=255)
