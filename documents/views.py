from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.types import AuthenticatedHttpRequest

from . import doclang, services
from .forms import DocumentDefaultsForm


@login_required
def document_languages(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The language each generated document prints in when the person printing chooses none."""
    kinds = services.document_kinds_settable_by(request.user)
    if not kinds:
        raise PermissionDenied
    current = doclang.defaults()
    form = DocumentDefaultsForm(request.POST or None, kinds=kinds, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_defaults_set(languages=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document languages are saved."))
            return redirect("documents:document_languages")
    return render(request, "documents/document_languages.html", {"form": form})
