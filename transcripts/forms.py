from crispy_forms.layout import Column, Field, Row
from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.formats import localize
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from agreements.models import AcademicPeriod, Direction, Institution
from core.forms import ChangeReasonMixin, form_helper
from core.three_names import (
    label_three_names,
    localized,
    name_columns,
    names_fieldset,
)
from core.widgets import use_autocomplete

from . import selectors, services
from .models import (
    ConversionRow,
    ConversionTable,
    CreditSystem,
    Grade,
    GradingScale,
    PartnerGrading,
    Transcript,
    TranscriptLine,
)

# --- Grading scales, conversion tables and credit systems ---------------------------------


class GradingScaleForm(ChangeReasonMixin, forms.ModelForm):
    class Meta:
        model = GradingScale
        fields = ["name_kk", "name_ru", "name_en", "country", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_three_names(self, "name")
        self.fields["country"].help_text = _("Empty for a scale of no one country, such as ECTS.")
        self.helper = form_helper(
            names_fieldset("name", _("Name")),
            Row(Column("country", css_class="col-md-4")),
            "description",
        )


class GradeForm(forms.ModelForm):
    class Meta:
        model = Grade
        fields = [
            "position",
            "label",
            "description_kk",
            "description_ru",
            "description_en",
            "numeric_value",
            "percent_min",
            "percent_max",
            "gpa_points",
            "passing",
            "pass_fail_only",
        ]

    def __init__(self, *args, is_home: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        label_three_names(self, "description", label_prefix=_("Meaning"))
        if not is_home:
            # GPA points belong to our own scale only; a host's grade gets them by conversion.
            del self.fields["gpa_points"]
        position = self.fields["position"]
        position.required = False
        position.label = pgettext_lazy("sequence", "Order")
        if self.instance.pk is None:
            self.initial["position"] = None
        # Explained once above the rows rather than under every row.
        for name in ("position", "gpa_points", "pass_fail_only"):
            if name in self.fields:
                self.fields[name].help_text = ""
        # The grade and its numbers on one line, its meaning in the three languages on the next.
        self.helper = form_helper(
            Row(
                Column("position", css_class="col-6 col-md-2"),
                Column("label", css_class="col-6 col-md-2"),
                Column("numeric_value", css_class="col-6 col-md-2"),
                Column("percent_min", css_class="col-3 col-md-2"),
                Column("percent_max", css_class="col-3 col-md-2"),
                *([Column("gpa_points", css_class="col-6 col-md-2")] if is_home else []),
            ),
            Row(*name_columns("description", css_class="col-md-4")),
            Row(
                Column("passing", css_class="col-md-3"),
                Column("pass_fail_only", css_class="col-md-6"),
                Column(Field("DELETE"), css_class="col-md-3"),
            ),
            disable_csrf=True,
        )


GradeFormSet = inlineformset_factory(GradingScale, Grade, form=GradeForm, extra=1, can_delete=True)


class HomeGradeField(forms.ModelChoiceField):
    """A home grade, chosen from grades read once for the whole table.

    A table has a row per host grade; a queryset per row would query the home scale once per
    row to list it and once more per row to check what was posted.
    """

    def __init__(self, *, grades: list[Grade], empty_label: str = "—", **kwargs):
        super().__init__(queryset=Grade.objects.none(), empty_label=empty_label, **kwargs)
        self.grades_by_pk = {str(grade.pk): grade for grade in grades}
        self.choices = [("", empty_label)] + [
            (grade.pk, self.label_from_instance(grade)) for grade in grades
        ]

    def label_from_instance(self, obj: Grade) -> str:
        points = "" if obj.gpa_points is None else f" ({localize(obj.gpa_points)})"
        return f"{obj.label}{points}"

    def to_python(self, value: object) -> Grade | None:
        if value in self.empty_values:
            return None
        key = str(value.pk if isinstance(value, Grade) else value)
        if key not in self.grades_by_pk:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return self.grades_by_pk[key]


class ConversionTableForm(ChangeReasonMixin, forms.ModelForm):
    """The table's name, partner and source, and one select of a home grade per host grade."""

    class Meta:
        model = ConversionTable
        fields = ["name_kk", "name_ru", "name_en", "partner", "source"]
        widgets = {"source": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, scale: GradingScale, initial_rows: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        label_three_names(self, "name")
        self.scale = scale
        self.fields["partner"].queryset = Institution.objects.partners().order_by(localized("name"))
        self.fields["partner"].empty_label = _("— every partner using this scale —")
        use_autocomplete(
            self.fields["partner"],
            "agreements:partner_choices",
            placeholder=_("Every partner using this scale"),
        )
        current = initial_rows or {}
        if self.instance.pk:
            current = {row.grade_id: row.home_grade_id for row in self.instance.rows.all()}
        home_grades = list(Grade.objects.filter(scale__is_home=True).order_by("position", "pk"))
        # Pass/fail results take no row: they count credits without a grade.
        self.grades = list(scale.grades.filter(pass_fail_only=False).order_by("position", "pk"))
        for grade in self.grades:
            self.fields[self.field_name(grade)] = HomeGradeField(
                grades=home_grades,
                required=False,
                label=grade.label,
                initial=current.get(grade.pk),
                empty_label="—",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
        self.helper = form_helper(
            names_fieldset("name", _("Name")),
            Row(Column("partner", css_class="col-md-6")),
            "source",
        )

    @staticmethod
    def field_name(grade: Grade) -> str:
        return f"grade_{grade.pk}"

    def grade_fields(self) -> list[tuple[Grade, forms.BoundField]]:
        return [(grade, self[self.field_name(grade)]) for grade in self.grades]

    def rows(self) -> list[ConversionRow]:
        rows = []
        for grade in self.grades:
            home_grade = self.cleaned_data.get(self.field_name(grade))
            if home_grade is not None:
                rows.append(ConversionRow(grade=grade, home_grade=home_grade))
        return rows


class CreditSystemForm(ChangeReasonMixin, forms.ModelForm):
    class Meta:
        model = CreditSystem
        fields = ["name_kk", "name_ru", "name_en", "factor", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_three_names(self, "name")
        self.helper = form_helper(
            names_fieldset("name", _("Name")),
            Row(Column("factor", css_class="col-md-4")),
            "description",
        )


class PartnerGradingForm(forms.ModelForm):
    class Meta:
        model = PartnerGrading
        fields = ["scale", "credit_system"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale"].queryset = GradingScale.objects.order_by("-is_home", localized("name"))
        self.fields["credit_system"].queryset = CreditSystem.objects.order_by(localized("name"))
        self.helper = form_helper(
            Row(
                Column("scale", css_class="col-md-6"),
                Column("credit_system", css_class="col-md-6"),
            )
        )


# --- Transcripts and recognition ----------------------------------------------------------
class TranscriptLineForm(forms.Form):
    """One line as the host wrote it; the recognition service checks it and says what is wrong.

    The grade is a select of the transcript's scale, but posted as the label itself: a label
    the scale does not have (typed, or from a stale page) reaches the service, which refuses it
    at this line, never guessing.
    """

    host_code = forms.CharField(label=_("Code"), max_length=40, required=False)
    host_title = forms.CharField(label=_("Host discipline"), max_length=255, required=False)
    host_credits = forms.DecimalField(
        label=_("Credits"), max_digits=5, decimal_places=1, required=False
    )
    grade = forms.CharField(label=_("Grade"), max_length=30, required=False, widget=forms.Select)
    home_code = forms.CharField(label=_("Home code"), max_length=40, required=False)
    home_title = forms.CharField(label=_("Counts as"), max_length=255, required=False)
    credit_basis = forms.ChoiceField(
        label=_("Credits that count"),
        required=False,
        choices=[
            ("", _("— choose —")),
            (TranscriptLine.CreditBasis.AGREED.value, _("the agreed home credits")),
            (TranscriptLine.CreditBasis.FACTOR.value, _("the host's credits × the factor")),
        ],
    )

    def __init__(self, *args, grade_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].widget.choices = [("", "—"), *grade_choices]
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm" if name == "grade" else "form-control form-control-sm"
            )
            if name == "credit_basis":
                css = "form-select form-select-sm"
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("aria-label", field.label)
        self.fields["host_credits"].widget.attrs.update({"step": "0.5", "inputmode": "decimal"})

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) not in (None, "") for name in self.fields if name != "DELETE")


TranscriptLineFormSet = forms.formset_factory(
    TranscriptLineForm, extra=0, can_delete=True, max_num=200, absolute_max=200
)


def show_agreed_credits(formset, curriculum, *, factor) -> None:
    """Gives each row what the approved curriculum agreed for its discipline, and whether the
    host's credits differ from it: the registrar then chooses which credits count, each choice
    saying how many credits it gives."""
    agreed_lines = list(curriculum.lines.all()) if curriculum is not None else []
    for form in formset.forms:
        agreed = selectors.agreed_discipline(
            agreed_lines,
            host_code=form["host_code"].value() or "",
            host_title=form["host_title"].value() or "",
        )
        credits = services.parse_credits(form["host_credits"].value())
        form.agreed = agreed
        form.blank = not (form["host_code"].value() or form["host_title"].value())
        form.credits_differ = (
            agreed is not None and credits is not None and credits != agreed.host_credits
        )
        form.show_basis = form.credits_differ or bool(form["credit_basis"].errors)
        if form.credits_differ:
            number = services.plain_number
            form.fields["credit_basis"].choices = [
                ("", gettext("— choose —")),
                (
                    TranscriptLine.CreditBasis.AGREED.value,
                    gettext("%(credits)s — agreed") % {"credits": number(agreed.home_credits)},
                ),
                (
                    TranscriptLine.CreditBasis.FACTOR.value,
                    gettext("%(credits)s — host %(host)s × %(factor)s")
                    % {
                        "credits": number(
                            (credits * factor).quantize(services.HOME_CREDITS_PLACES)
                        ),
                        "host": number(credits),
                        "factor": number(factor),
                    },
                ),
            ]


def grade_choices(scale: GradingScale) -> list[tuple[str, str]]:
    """The grades of a scale as select options: the label, with its meaning where it has one."""
    return [
        (grade.label, f"{grade.label} — {grade.description}" if grade.description else grade.label)
        for grade in scale.grades.all()
    ]


class TranscriptHeaderForm(forms.ModelForm):
    class Meta:
        model = Transcript
        fields = ["host_number", "host_issued_on"]
        widgets = {"host_issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(
                Column("host_number", css_class="col-md-4"),
                Column("host_issued_on", css_class="col-md-4"),
            ),
            disable_csrf=True,
        )


class TranscriptScanForm(forms.Form):
    file = forms.FileField(
        label=_("Scanned original"),
        help_text=_("PDF, JPEG or PNG: the transcript as the host issued it."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class TranscriptCorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed on the corrected version; the approved one stays readable."),
    )


class TranscriptFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, reference or transcript number"), max_length=200, required=False
    )
    period = forms.ModelChoiceField(
        label=_("Academic period"), queryset=AcademicPeriod.objects.all(), required=False
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("", "—"), *Direction.choices], required=False
    )


class TranscriptBatchForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Academic period"), queryset=AcademicPeriod.objects.all()
    )


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The code printed beside the QR code of the transcript."),
    )

    def clean_code(self) -> str:
        # Printed in capitals; people type it in any case, with spaces or dashes.
        return "".join(ch for ch in self.cleaned_data["code"] if ch.isalnum()).upper()


class ElmoUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Partner's ELMO file"),
        help_text=_(
            "The transcript of records as the partner's system exports it (ELMO / EMREX XML). "
            "You see what it holds before anything is saved."
        ),
        widget=forms.FileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )


class ElmoConfirmForm(forms.Form):
    """The registrar's confirmations of what the file does not match; asked only when needed."""

    issuer_confirmed = forms.BooleanField(required=False)
    learner_confirmed = forms.BooleanField(required=False)
