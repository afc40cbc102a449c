from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.forms import DateInput
from agreements.models import Agreement, Direction

from .models import (
    Application,
    ApplicationRound,
    CurriculumLine,
    CurriculumVersion,
    ParticipantKind,
    Questionnaire,
    RoundPlace,
    Signature,
)
from .services import mobility_type_for


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agreement: Agreement) -> str:
        partner = agreement.partner
        return f"{partner.name} ({partner.city}, {partner.country.name}) — {agreement.number}"


class StudentApplicationForm(forms.ModelForm):
    """A student applies for a place in an open round."""

    agreement = AgreementChoiceField(
        label=_("Partner university"), queryset=Agreement.objects.none()
    )

    class Meta:
        model = Application
        fields = ["agreement", "program", "year_of_study", "language_of_instruction", "phone"]

    def __init__(self, *args, round_: ApplicationRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        period = round_.period
        self.fields["agreement"].queryset = (
            Agreement.objects.covering(
                direction=round_.direction,
                mobility_type=mobility_type_for(ParticipantKind.STUDENT),
                starts_on=period.starts_on,
                ends_on=period.ends_on,
            )
            .filter(round_places__round=round_)
            .select_related("partner")
            .order_by("partner__name")
        )
        self.fields["program"].required = True
        self.fields["year_of_study"].required = True
        self.helper = _helper(
            "agreement",
            Row(
                Column("program", css_class="col-md-6"),
                Column("year_of_study", css_class="col-md-2"),
                Column("language_of_instruction", css_class="col-md-4"),
            ),
            "phone",
        )


class StaffApplicationForm(forms.ModelForm):
    """Staff register an application on a participant's behalf, e.g. from a paper form."""

    agreement = AgreementChoiceField(
        label=_("Agreement"),
        queryset=Agreement.objects.active().select_related("partner").order_by("partner__name"),
        help_text=_("It must be in force for the whole period and cover this kind of mobility."),
    )
    participant = forms.ModelChoiceField(
        label=_("Participant's account"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("last_name"),
        required=False,
        help_text=_("Leave empty for a participant without an account here."),
    )

    class Meta:
        model = Application
        fields = [
            "participant",
            "last_name",
            "first_name",
            "email",
            "phone",
            "participant_kind",
            "direction",
            "agreement",
            "period",
            "program",
            "year_of_study",
            "language_of_instruction",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].initial = Direction.OUTGOING
        self.helper = _helper(
            "participant",
            Row(
                Column("last_name", css_class="col-md-6"),
                Column("first_name", css_class="col-md-6"),
            ),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            Row(
                Column("participant_kind", css_class="col-md-4"),
                Column("direction", css_class="col-md-4"),
                Column("period", css_class="col-md-4"),
            ),
            "agreement",
            Row(
                Column("program", css_class="col-md-6"),
                Column("year_of_study", css_class="col-md-2"),
                Column("language_of_instruction", css_class="col-md-4"),
            ),
        )


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = [
            "date_of_birth",
            "citizenship",
            "phone",
            "address",
            "id_document_number",
            "id_document_valid_until",
            "languages",
            "emergency_contact_name",
            "emergency_contact_phone",
            "motivation",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "id_document_valid_until": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "languages": forms.Textarea(attrs={"rows": 2}),
            "motivation": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, foreign: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.foreign = foreign
        self.helper = _helper(
            Row(
                Column("date_of_birth", css_class="col-md-4"),
                Column("citizenship", css_class="col-md-4"),
                Column("phone", css_class="col-md-4"),
            ),
            "address",
            Row(
                Column("id_document_number", css_class="col-md-6"),
                Column("id_document_valid_until", css_class="col-md-6"),
            ),
            "languages",
            Row(
                Column("emergency_contact_name", css_class="col-md-6"),
                Column("emergency_contact_phone", css_class="col-md-6"),
            ),
            "motivation",
        )

    def clean(self):
        cleaned = super().clean()
        if self.foreign:
            if not cleaned.get("id_document_number"):
                self.add_error(
                    "id_document_number",
                    _("A mobility abroad needs a passport: write its number."),
                )
            valid_until = cleaned.get("id_document_valid_until")
            if not valid_until:
                self.add_error(
                    "id_document_valid_until",
                    _("Write the date until which the passport is valid."),
                )
            elif valid_until < timezone.localdate():
                self.add_error(
                    "id_document_valid_until",
                    _("This passport has expired; renew it before applying for a mobility abroad."),
                )
        return cleaned


class CurriculumLineForm(forms.ModelForm):
    class Meta:
        model = CurriculumLine
        fields = [
            "host_code",
            "host_title",
            "host_credits",
            "term",
            "home_code",
            "home_title",
            "home_credits",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(
                Column("host_code", css_class="col-md-2"),
                Column("host_title", css_class="col-md-4"),
                Column("host_credits", css_class="col-md-2"),
                Column("term", css_class="col-md-2"),
                Column(Field("DELETE"), css_class="col-md-2 pt-md-4"),
            ),
            Row(
                Column("home_code", css_class="col-md-2 offset-md-0"),
                Column("home_title", css_class="col-md-4"),
                Column("home_credits", css_class="col-md-2"),
            ),
        )


CurriculumLineFormSet = inlineformset_factory(
    CurriculumVersion,
    CurriculumLine,
    form=CurriculumLineForm,
    extra=1,
    can_delete=True,
)


class CurriculumChangeForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why does the curriculum change?"),
        choices=[c for c in CurriculumVersion.Reason.choices if c[0] != "initial"],
    )
    note = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which discipline, and what replaces it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG; the scan of the signed document."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The participant sees this and uploads the document again."),
    )


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_places = forms.BooleanField(
        label=_("Approve beyond the agreement's places"), required=False
    )


class OrderForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.CharField(label=_("Order number"), max_length=40)
    issued_on = forms.DateField(label=_("Order date"), widget=DateInput())
    file = forms.FileField(
        label=_("Signed order (PDF)"),
        required=False,
        help_text=_("Leave empty to attach the order generated by the system."),
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "version",
            Row(Column("number", css_class="col-md-6"), Column("issued_on", css_class="col-md-6")),
            "file",
        )


class SignatureForm(forms.ModelForm):
    class Meta:
        model = Signature
        fields = ["status", "method", "signed_on", "reason"]
        widgets = {"signed_on": DateInput(), "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            c for c in Signature.Status.choices if c[0] != Signature.Status.PENDING
        ]
        self.helper = _helper()


class RoundForm(forms.ModelForm):
    participant_kinds = forms.MultipleChoiceField(
        label=_("Who may apply"),
        choices=ParticipantKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ApplicationRound
        fields = [
            "title",
            "period",
            "direction",
            "participant_kinds",
            "opens_on",
            "closes_on",
            "notes",
        ]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["participant_kinds"] = self.instance.participant_kind_list
        self.helper = _helper(
            "title",
            Row(
                Column("period", css_class="col-md-4"),
                Column("direction", css_class="col-md-4"),
                Column("participant_kinds", css_class="col-md-4"),
            ),
            Row(
                Column("opens_on", css_class="col-md-6"), Column("closes_on", css_class="col-md-6")
            ),
            "notes",
        )

    def clean_participant_kinds(self) -> str:
        return ",".join(self.cleaned_data["participant_kinds"])

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The round must close on or after the day it opens."))
        return cleaned


class RoundPlaceForm(forms.ModelForm):
    agreement = AgreementChoiceField(
        label=_("Agreement"),
        queryset=Agreement.objects.active().select_related("partner").order_by("partner__name"),
    )

    class Meta:
        model = RoundPlace
        fields = ["agreement", "places"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(
                Column("agreement", css_class="col-md-8"),
                Column("places", css_class="col-md-2"),
                Column(Field("DELETE"), css_class="col-md-2 pt-md-4"),
            )
        )


RoundPlaceFormSet = inlineformset_factory(
    ApplicationRound, RoundPlace, form=RoundPlaceForm, extra=2, can_delete=True
)
