from crispy_forms.layout import Column, Field, Row
from django import forms
from django.forms import inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core import xmldocs
from core.forms import DateInput, ImportForm, form_helper
from core.three_names import LANGUAGES, column, label_three_names
from core.uploads import validate_upload
from core.widgets import use_autocomplete

from .models import (
    AcademicPeriod,
    Agreement,
    Contact,
    CooperationCondition,
    EducationalProgram,
    Institution,
    StudyLevel,
)


def dash_blank_choices(form: forms.BaseForm) -> None:
    """Shows a select's empty choice as a dash: Django's own label is long (it is cut off in the
    narrow columns of a condition row) and not yet translated into Kazakh or Russian."""
    for field in form.fields.values():
        if isinstance(field, forms.TypedChoiceField) or type(field) is forms.ChoiceField:
            choices = list(field.choices)
            if choices and choices[0][0] == "":
                field.choices = [("", "—"), *choices[1:]]


class PlainNewlinesMixin:
    """Browsers send a text area's line breaks as CR LF; the register stores LF, so that saving a
    page unchanged changes nothing."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and "\r" in value:
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned


def translated_fields(field: str) -> list[str]:
    """A translated field's columns, Kazakh, Russian and English, as the form shows them."""
    return [column(field, language) for language in LANGUAGES]


class InstitutionForm(PlainNewlinesMixin, forms.ModelForm):
    """Name and city side by side in Kazakh, Russian and English; at least one of each."""

    class Meta:
        model = Institution
        fields = [
            *translated_fields("name"),
            "name_local",
            "country",
            *translated_fields("city"),
            "website",
            "code",
            "erasmus_code",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_three_names(self, "name", label_prefix=_("Name"))
        label_three_names(self, "city", label_prefix=_("City"))
        self.helper = form_helper(
            Row(
                *(Column(name, css_class="col-md-3") for name in translated_fields("name")),
                Column("name_local", css_class="col-md-3"),
            ),
            Row(
                Column("country", css_class="col-md-3"),
                *(Column(name, css_class="col-md-3") for name in translated_fields("city")),
            ),
            Row(
                Column("code", css_class="col-md-3"),
                Column("erasmus_code", css_class="col-md-3"),
                Column("website", css_class="col-md-6"),
            ),
            "notes",
        )


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(
                Column("name", css_class="col-md-3"),
                Column("position", css_class="col-md-3"),
                Column("email", css_class="col-md-3"),
                Column("phone", css_class="col-md-3"),
            ),
            Field("DELETE"),
            disable_csrf=True,
        )


ContactFormSet = inlineformset_factory(
    Institution, Contact, form=ContactForm, extra=1, can_delete=True
)


class AgreementForm(PlainNewlinesMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "partner",
            "kind",
            "number",
            "date_signed",
            "signatories",
            "valid_from",
            "valid_until",
            "signed_copy",
            "partner_iia_id",
            "notes",
        ]
        widgets = {
            "date_signed": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "signatories": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "signed_copy": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Institution.objects.partners()
        use_autocomplete(self.fields["partner"], "agreements:partner_choices")
        # Clearing would drop the link to the stored scan; a new upload replaces it and the
        # history keeps the earlier one.
        self.fields["signed_copy"].widget = forms.FileInput(attrs={"accept": "application/pdf"})
        self.helper = form_helper(
            Row(
                Column("partner", css_class="col-md-6"),
                Column("kind", css_class="col-md-3"),
                Column("number", css_class="col-md-3"),
            ),
            Row(
                Column("date_signed", css_class="col-md-4"),
                Column("valid_from", css_class="col-md-4"),
                Column("valid_until", css_class="col-md-4"),
            ),
            "signatories",
            Row(
                Column("signed_copy", css_class="col-md-6"),
                Column("partner_iia_id", css_class="col-md-6"),
            ),
            "notes",
        )

    def clean_signed_copy(self):
        upload = self.cleaned_data.get("signed_copy")
        if upload and hasattr(upload, "content_type"):
            validate_upload(upload, kinds=("pdf",))
        return upload

    def clean(self):
        cleaned = super().clean()
        valid_from = cleaned.get("valid_from")
        valid_until = cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error(
                "valid_until",
                _("Valid until (%(until)s) is before valid from (%(from)s). Check both dates.")
                % {
                    "until": date_format(valid_until, "SHORT_DATE_FORMAT"),
                    "from": date_format(valid_from, "SHORT_DATE_FORMAT"),
                },
            )
        return cleaned


class CooperationConditionForm(forms.ModelForm):
    study_levels = forms.MultipleChoiceField(
        label=_("Study levels"),
        choices=StudyLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked means any level."),
    )

    class Meta:
        model = CooperationCondition
        fields = [
            "direction",
            "mobility_type",
            "places_per_year",
            "months_per_year",
            "days_per_year",
            "subject_areas",
            "study_levels",
            "language",
            "language_level",
            "other_language_skills",
            "first_academic_year",
            "last_academic_year",
            "blended",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["study_levels"] = self.instance.study_level_list
        dash_blank_choices(self)
        self.helper = form_helper(
            Row(
                # The mobility type's labels are long in Kazakh and Russian.
                Column("direction", css_class="col-md-2"),
                Column("mobility_type", css_class="col-md-4"),
                Column("places_per_year", css_class="col-md-2"),
                Column("months_per_year", css_class="col-md-2"),
                Column("days_per_year", css_class="col-md-2"),
            ),
            Row(
                Column("subject_areas", css_class="col-md-3"),
                Column("study_levels", css_class="col-md-3"),
                Column("language", css_class="col-md-3"),
                Column("language_level", css_class="col-md-3"),
            ),
            Row(
                Column("other_language_skills", css_class="col-md-3"),
                Column("first_academic_year", css_class="col-md-3"),
                Column("last_academic_year", css_class="col-md-3"),
                Column("blended", css_class="col-md-3 pt-md-4"),
            ),
            Field("DELETE"),
            disable_csrf=True,
        )

    def clean_study_levels(self) -> str:
        return ",".join(self.cleaned_data.get("study_levels") or [])


ConditionFormSet = inlineformset_factory(
    Agreement, CooperationCondition, form=CooperationConditionForm, extra=1, can_delete=True
)


class AcademicPeriodForm(forms.ModelForm):
    class Meta:
        model = AcademicPeriod
        fields = ["academic_year", "term", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].widget.attrs["placeholder"] = "2022-2023"
        dash_blank_choices(self)
        self.helper = form_helper()


class EducationalProgramForm(forms.ModelForm):
    """The program's name side by side in Kazakh, Russian and English; at least one."""

    class Meta:
        model = EducationalProgram
        fields = [*translated_fields("name"), "code", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_three_names(self, "name", label_prefix=_("Name"))
        self.helper = form_helper(
            Row(*(Column(name, css_class="col-md-4") for name in translated_fields("name"))),
            Row(Column("code", css_class="col-md-4"), Column("level", css_class="col-md-4")),
        )


class RegisterImportForm(ImportForm):
    """A spreadsheet of partners or of agreements for the register."""

    field_order = ["what", "file", "encoding"]

    what = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("institutions", _("partner institutions")), ("agreements", _("agreements"))],
    )


class IiaUploadForm(forms.Form):
    """A partner's inter-institutional agreement as an EWP IIAs v7 document."""

    file = forms.FileField(
        label=_("The partner's IIA document (XML)"),
        widget=forms.FileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An EWP IIAs v7 get-response, as the partner's Erasmus system exports it; up to "
            "%(size)s."
        ) % {"size": filesizeformat(xmldocs.MAX_BYTES)}
        self.helper = form_helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > xmldocs.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; an XML document of up to %(limit)s is accepted.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(xmldocs.MAX_BYTES),
                }
            )
        return upload


class TakePartnerValuesForm(forms.Form):
    """The differences whose partner's value staff take, ticked on the compare page."""

    take = forms.MultipleChoiceField(
        label=_("Take the partner's value"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one difference to take the partner's value.")},
    )

    def __init__(self, *args, keys: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        take = self.fields["take"]
        assert isinstance(take, forms.MultipleChoiceField)
        take.choices = [(key, key) for key in keys]


class IiaCreateForm(forms.Form):
    """What creating an agreement from a partner's copy needs that the copy does not carry: the
    partner's name and city, when the register does not know the partner yet."""

    partner_name = forms.CharField(label=_("Partner's name"), max_length=255)
    partner_city = forms.CharField(label=_("Partner's city"), max_length=120)
    partner_country = forms.ChoiceField(
        label=_("Partner's country"), choices=lambda: [("", "—"), *countries]
    )

    def __init__(self, *args, needs_partner: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_partner:
            for name in ("partner_name", "partner_city", "partner_country"):
                del self.fields[name]
        else:
            self.fields["partner_name"].help_text = _(
                "IIA documents name institutions by code only; write the name as the register "
                "should show it."
            )
        self.helper = form_helper()
