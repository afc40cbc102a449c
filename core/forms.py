from django import forms
from django.utils.translation import gettext_lazy as _


class ChangeReasonMixin(forms.Form):
    """An optional "why" on the edit page of a record whose history matters (a scale, a table):
    the history shows it with the change. Not asked when the record is created."""

    change_reason = forms.CharField(
        label=_("Why the change (kept in the history)"),
        max_length=100,
        required=False,
        help_text=_("Optional, for example: the partner sent its new grading rules."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            del self.fields["change_reason"]

    @property
    def change_reason_given(self) -> str:
        return self.cleaned_data.get("change_reason", "")
