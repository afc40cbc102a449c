import re

from crispy_forms.layout import Column, Field, Row
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agreements.models import HOME_COUNTRY, Agreement, Direction
from core.forms import ChangeReasonMixin, DateInput, form_helper
from core.three_names import label_three_names, localized, names_fieldset
from core.widgets import AutocompleteSelect, use_autocomplete
from documents.doclang import DocumentLanguage

from . import selectors
from .iin import iin_birth_date, validate_iin
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
from .names import validate_latin_name
from .selectors import mobility_type_for
from .services import partner_locked, passport_problems

# A participant's name: as in the national ID (Cyrillic, with the patronymic) and as in the
# passport (Latin letters).
NAME_FIELDS = ["last_name_cyrillic", "first_name_cyrillic", "patronymic", "last_name", "first_name"]


def name_rows() -> list:
    return [
        Row(
            Column("last_name_cyrillic", css_class="col-md-4"),
            Column("first_name_cyrillic", css_class="col-md-4"),
            Column("patronymic", css_class="col-md-4"),
        ),
        Row(Column("last_name", css_class="col-md-6"), Column("first_name", css_class="col-md-6")),
    ]


def check_latin_names(form: forms.ModelForm) -> None:
    """The passport's name is in Latin letters; the model also takes older names as written."""
    for name in ("last_name", "first_name"):
        if name in form.fields:
            form.fields[name].validators.append(validate_latin_name)


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
        fields = [
            *NAME_FIELDS,
            "agreement",
            "program",
            "year_of_study",
            "language_of_instruction",
            "phone",
        ]

    def __init__(self, *args, round_: ApplicationRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        period = round_.period
        # Per partner: the places left this year and the language the agreement asks for.
        self.offers = selectors.round_offers(round_, participant_kind=ParticipantKind.STUDENT)
        self.fields["agreement"].label_from_instance = self._offer_label
        self.fields["agreement"].help_text = _(
            "Places left are the agreement's places for the academic year not yet taken by "
            "approved applications. The language is the one the partner teaches in, with the "
            "level it asks for."
        )
        self.fields["agreement"].queryset = (
            Agreement.objects.covering(
                direction=round_.direction,
                mobility_type=mobility_type_for(ParticipantKind.STUDENT),
                starts_on=period.starts_on,
                ends_on=period.ends_on,
            )
            .filter(round_places__round=round_)
            .select_related("partner")
            .order_by(localized("partner__name"))
        )
        self.fields["program"].required = True
        use_autocomplete(self.fields["program"], "agreements:program_choices")
        self.fields["year_of_study"].required = True
        check_latin_names(self)
        self.helper = form_helper(
            *name_rows(),
            "agreement",
            Row(
                Column("program", css_class="col-md-6"),
                Column("year_of_study", css_class="col-md-2"),
                Column("language_of_instruction", css_class="col-md-4"),
            ),
            "phone",
            disable_csrf=True,
        )

    def _offer_label(self, agreement: Agreement) -> str:
        partner = agreement.partner
        label = f"{partner.name} ({partner.city}, {partner.country.name})"
        offer = self.offers.get(agreement.pk)
        if offer is None:
            return label
        return f"{label} — {offer_summary(offer)}"

    def offer_rows(self) -> list:
        """The partners the form offers, in its order, for the table beside the choice."""
        return [
            self.offers[agreement.pk]
            for agreement in self.fields["agreement"].queryset
            if agreement.pk in self.offers
        ]


def places_left_text(offer: "selectors.PartnerOffer") -> str:
    if offer.left is None:
        return str(_("no limit on places"))
    return str(
        ngettext(
            "%(left)d of %(limit)d place left",
            "%(left)d of %(limit)d places left",
            offer.left,
        )
        % {"left": offer.left, "limit": offer.limit}
    )


def language_text(offer: "selectors.PartnerOffer") -> str:
    if offer.language and offer.language_level:
        values = {"language": offer.language, "level": offer.language_level}
        return str(_("%(language)s, level %(level)s") % values)
    if offer.language_level:
        return str(_("language level %(level)s") % {"level": offer.language_level})
    return offer.language


def offer_summary(offer: "selectors.PartnerOffer") -> str:
    parts = [places_left_text(offer)]
    language = language_text(offer)
    if language:
        parts.append(language)
    return " · ".join(parts)


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
            *NAME_FIELDS,
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

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Partners in the reader's language, sorted in it.
        agreements = self.fields["agreement"].queryset
        self.fields["agreement"].queryset = agreements.order_by(localized("partner__name"))
        self.fields["direction"].initial = Direction.OUTGOING
        check_latin_names(self)
        kind_row = [
            Column("participant_kind", css_class="col-md-4"),
            Column("direction", css_class="col-md-4"),
            Column("period", css_class="col-md-4"),
        ]
        if editing:
            # The kind of participant and the direction decide the documents it was registered
            # with; they do not change afterwards.
            del self.fields["participant_kind"]
            del self.fields["direction"]
            kind_row = [Column("period", css_class="col-md-4")]
            # The agreement it holds stays a choice even when it is no longer in force.
            self.fields["agreement"].queryset = (
                Agreement.objects.filter(
                    Q(pk=self.instance.agreement_id) | Q(pk__in=Agreement.objects.active())
                )
                .select_related("partner")
                .order_by(localized("partner__name"))
            )
            if self.instance.participant_id:
                # The participant sees and signs their own application; it never moves to
                # another person's account.
                self.fields["participant"].disabled = True
                self.fields["participant"].help_text = _(
                    "The application belongs to this account and does not move to another one."
                )
            if partner_locked(self.instance):
                for name in ("agreement", "period"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "It no longer changes: the application is approved and holds a place of "
                        "this agreement for this period."
                    )
        # The register and the accounts grow without bound: each is found as the reader types.
        # The agreements offered are those the application's period, direction and kind of
        # participant allow, as the form states them.
        terms = {}
        if editing:
            terms = {
                "direction": self.instance.direction,
                "participant_kind": self.instance.participant_kind,
            }
        use_autocomplete(
            self.fields["agreement"],
            "applications:agreement_choices",
            params=terms,
            forward=["period", "direction", "participant_kind"],
            placeholder=_("Type a partner's name or the agreement's number"),
        )
        use_autocomplete(self.fields["participant"], "applications:participant_choices")
        use_autocomplete(self.fields["program"], "agreements:program_choices")
        self.helper = form_helper(
            "participant",
            *name_rows(),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            Row(*kind_row),
            "agreement",
            Row(
                Column("program", css_class="col-md-6"),
                Column("year_of_study", css_class="col-md-2"),
                Column("language_of_instruction", css_class="col-md-4"),
            ),
            disable_csrf=True,
        )


class QuestionnaireForm(forms.ModelForm):
    """What the application does not already hold: its phone, e-mail and program are not
    asked again (the questionnaire's PDF takes them from the application)."""

    class Meta:
        model = Questionnaire
        fields = [
            "date_of_birth",
            "citizenship",
            "iin",
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
        # Typed with spaces between the groups of digits, it is 12 digits once they are removed;
        # the model then checks the number itself.
        iin = self.fields["iin"]
        iin.max_length, iin.validators = 20, []
        iin.widget.attrs.update({"maxlength": "20", "inputmode": "numeric"})
        self.helper = form_helper(
            Row(
                Column("date_of_birth", css_class="col-md-4"),
                Column("citizenship", css_class="col-md-4"),
                Column("iin", css_class="col-md-4"),
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
            disable_csrf=True,
        )

    def clean_iin(self) -> str:
        # Spaces people type between the groups of digits are not part of the number.
        return "".join(self.cleaned_data.get("iin", "").split())

    def clean(self):
        cleaned = super().clean()
        self._check_iin(cleaned)
        # The service checks it again on saving; here each problem stands at its field.
        problems = passport_problems(
            number=cleaned.get("id_document_number", ""),
            valid_until=cleaned.get("id_document_valid_until"),
            foreign=self.foreign,
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned

    def _check_iin(self, cleaned: dict) -> None:
        iin, born = cleaned.get("iin"), cleaned.get("date_of_birth")
        if not iin:
            if cleaned.get("citizenship") == HOME_COUNTRY:
                self.add_error(
                    "iin",
                    _("A citizen of Kazakhstan writes the IIN: 12 digits, in the identity card."),
                )
            return
        try:
            validate_iin(iin)
        except ValidationError:
            return  # the field's own check says what is wrong with it
        in_iin = iin_birth_date(iin)
        if born and in_iin != born:
            self.add_error(
                "iin",
                _(
                    "The IIN gives the date of birth %(iin_date)s, the form says %(born)s: "
                    "correct the one that is wrong."
                )
                % {
                    "iin_date": formats.date_format(in_iin, "SHORT_DATE_FORMAT"),
                    "born": formats.date_format(born, "SHORT_DATE_FORMAT"),
                },
            )


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
        self.helper = form_helper(
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
            disable_csrf=True,
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
        self.helper = form_helper(disable_csrf=True)


# What every upload of a scan accepts; the services check the same kinds by the file's content.
SCAN_ACCEPT = "application/pdf,image/jpeg,image/png"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG; the scan of the signed document."),
        widget=forms.FileInput(attrs={"accept": SCAN_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(disable_csrf=True)


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
    override_date = forms.BooleanField(label=_("The date is right: take the step"), required=False)
    override_reason = forms.CharField(
        label=_("Why the date is right"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("override_date") and not cleaned.get("override_reason", "").strip():
            self.add_error(
                "override_reason",
                _("Say why the date is right; the history keeps the reason with the step."),
            )
        return cleaned

    @property
    def date_override_reason(self) -> str:
        """The reason of an override, or "" when the override is not ticked."""
        if not self.cleaned_data.get("override_date"):
            return ""
        return self.cleaned_data.get("override_reason", "").strip()


class OrderForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.CharField(label=_("Order number"), max_length=40)
    issued_on = forms.DateField(label=_("Order date"), widget=DateInput())
    file = forms.FileField(
        label=_("Scan of the signed order (PDF, JPEG or PNG)"),
        required=False,
        help_text=_(
            "If the order is already signed, attach its scan. Otherwise leave it empty: the order "
            "filled in with this number and date can then be downloaded from the documents, and "
            "its signed scan uploaded there."
        ),
        widget=forms.FileInput(attrs={"accept": SCAN_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "version",
            Row(Column("number", css_class="col-md-6"), Column("issued_on", css_class="col-md-6")),
            "file",
            disable_csrf=True,
        )


class GroupOrderForm(forms.Form):
    """The rector's order for the approved applications ticked in the list above the form."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick at least one approved application to list in the order."),
            "invalid_choice": _(
                "An application ticked is no longer approved or is in an order already; "
                "look at the list again."
            ),
        },
    )
    number = forms.CharField(label=_("Order number"), max_length=40)
    issued_on = forms.DateField(label=_("Order date"), widget=DateInput())
    language = forms.ChoiceField(
        label=_("Language of the order"),
        choices=DocumentLanguage.choices,
        help_text=_("The order prints in it; another language can be chosen when printing."),
    )
    file = forms.FileField(
        label=_("Scan of the signed order (PDF, JPEG or PNG)"),
        required=False,
        help_text=_(
            "If the order is already signed, attach its scan: each participant's order document "
            "receives it. Otherwise leave it empty, print the order from its page, have it "
            "signed and upload its scan there."
        ),
        widget=forms.FileInput(attrs={"accept": SCAN_ACCEPT}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what may be listed: a page out of date cannot slip in another application.
        self.fields["applications"].queryset = candidates
        self.helper = form_helper(
            Row(
                Column("number", css_class="col-md-4"),
                Column("issued_on", css_class="col-md-4"),
                Column("language", css_class="col-md-4"),
            ),
            "file",
            disable_csrf=True,
        )


class OrderScanForm(forms.Form):
    file = forms.FileField(
        label=_("Scan of the signed order (PDF, JPEG or PNG)"),
        help_text=_("Each participant's order document receives it, accepted."),
        widget=forms.FileInput(attrs={"accept": SCAN_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(disable_csrf=True)


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
        self.helper = form_helper(disable_csrf=True)


class RoundForm(ChangeReasonMixin, forms.ModelForm):
    participant_kinds = forms.MultipleChoiceField(
        label=_("Who may apply"),
        choices=ParticipantKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ApplicationRound
        fields = [
            "title_kk",
            "title_ru",
            "title_en",
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
        label_three_names(self, "title")
        self.helper = form_helper(
            names_fieldset("title", _("Title")),
            Row(
                Column("period", css_class="col-md-4"),
                Column("direction", css_class="col-md-4"),
                Column("participant_kinds", css_class="col-md-4"),
            ),
            Row(
                Column("opens_on", css_class="col-md-6"), Column("closes_on", css_class="col-md-6")
            ),
            "notes",
            disable_csrf=True,
        )

    def clean_participant_kinds(self) -> str:
        return ",".join(self.cleaned_data["participant_kinds"])

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The round must close on or after the day it opens."))
        return cleaned


class SharedAgreementChoiceField(AgreementChoiceField):
    """An agreement choice whose agreements the formset loads once and shares with every row.

    The formset loads only the agreements its rows hold or were sent (one query whatever the
    register's size); the others are found as the reader types (core/widgets.py), and each row
    renders only its own agreement.
    """

    def share(self, agreements: list[Agreement]) -> None:
        self._agreements = {str(agreement.pk): agreement for agreement in agreements}
        self.choices = [("", self.empty_label)] + [
            (agreement.pk, self.label_from_instance(agreement)) for agreement in agreements
        ]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Agreement):
            value = value.pk
        try:
            return self._agreements[str(value)]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None

    def validate(self, value) -> None:
        forms.Field.validate(self, value)


class RoundPlaceForm(forms.ModelForm):
    # What qualifies an agreement is said once above the rows (round_form.html), not per row.
    agreement = SharedAgreementChoiceField(label=_("Agreement"), queryset=Agreement.objects.none())
    override = forms.BooleanField(
        label=_("Let this partner take part although its agreement does not qualify"),
        required=False,
    )

    class Meta:
        model = RoundPlace
        fields = ["agreement", "places", "override", "override_reason"]
        widgets = {"override_reason": forms.TextInput()}

    def __init__(self, *args, agreements: list[Agreement] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        agreement = self.fields["agreement"]
        # Offered as the reader types: the agreements that qualify for the round's terms as the
        # page above states them (its period, direction and participants).
        agreement.widget = AutocompleteSelect(
            "applications:agreement_choices",
            params={"round": self.instance.round_id},
            forward=["period", "direction", "participant_kinds"],
            placeholder=_("Type a partner's name or the agreement's number"),
        )
        agreement.share(agreements or [])
        self.fields["override_reason"].label = _("Why it takes part anyway")
        self.initial.setdefault("override", bool(self.instance.override_reason))
        self.problems: list[str] = []
        self._layout()

    def _layout(self) -> None:
        rows = [
            Row(
                Column("agreement", css_class="col-md-8"),
                Column("places", css_class="col-md-2"),
                Column(Field("DELETE"), css_class="col-md-2 pt-md-4"),
            )
        ]
        # The override is offered where the agreement does not qualify, or was accepted so.
        ticked = self.is_bound and self.data.get(self.add_prefix("override"))
        if self.problems or self.instance.override_reason or ticked:
            rows.append(
                Row(
                    Column("override", css_class="col-md-5 pt-md-4"),
                    Column("override_reason", css_class="col-md-7"),
                )
            )
        self.helper = form_helper(*rows, disable_csrf=True)

    def ask_for_override(self, problems: list[str]) -> None:
        """Shows why the agreement does not qualify, with the override to accept it anyway."""
        self.problems = problems
        advice = _(
            "Choose another agreement, or tick the box below and say why it takes part anyway."
        )
        message = " ".join([*problems, str(advice)])
        self.add_error("agreement", message)
        self._layout()

    def _get_validation_exclusions(self):
        # The agreement was checked against the formset's shared list; the formset finds a
        # partner listed twice, and the service checks the rest when it saves.
        exclude = super()._get_validation_exclusions()
        exclude.add("agreement")
        return exclude

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("override_reason") or "").strip()
        if cleaned.get("override"):
            if not reason:
                self.add_error(
                    "override_reason",
                    _("Say why this partner takes part although its agreement does not qualify."),
                )
        else:
            reason = ""
        cleaned["override_reason"] = reason
        self.instance.override_reason = reason
        return cleaned


class BaseRoundPlaceFormSet(forms.BaseInlineFormSet):
    """Round places; the agreements the rows hold or were sent are loaded once for all the rows:
    any the round already lists (so a saved row always shows, whatever its agreement), and those
    posted that are not archived. One query, whatever the number of agreements in the register.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = Q(pk__in=[])
        if self.instance.pk:
            wanted = Q(pk__in=RoundPlace.objects.filter(round=self.instance).values("agreement"))
        posted = self._posted_agreement_ids()
        if posted:
            wanted |= Q(pk__in=posted, archived_at__isnull=True)
        self.agreements = list(
            Agreement.objects.filter(wanted)
            .select_related("partner")
            .prefetch_related("conditions")
            .order_by(localized("partner__name"), "number")
        )

    def _posted_agreement_ids(self) -> list[int]:
        if not self.is_bound:
            return []
        # BaseFormSet.__init__ always sets a prefix (the given one or the default).
        assert self.prefix is not None
        row = re.compile(rf"^{re.escape(self.prefix)}-\d+-agreement$")
        return [
            int(value)
            for key, value in self.data.items()
            if row.match(key) and str(value).isdigit()
        ]

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["agreements"] = self.agreements
        return kwargs

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Each row's hidden id is found among the rows already loaded, not by a query per row.
        field = form.fields["id"]
        form.fields["id"] = LoadedRowField(
            field.queryset,
            rows={str(place.pk): place for place in self.get_queryset()},
            initial=field.initial,
            required=False,
            widget=field.widget,
        )

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if form in self.deleted_forms or not hasattr(form, "cleaned_data"):
                continue
            agreement = form.cleaned_data.get("agreement")
            if agreement is None:
                continue
            if agreement.pk in seen:
                form.add_error(
                    "agreement",
                    _("This partner is already listed above; change the places in its row."),
                )
            seen.add(agreement.pk)


class LoadedRowField(forms.ModelChoiceField):
    """A formset row's hidden id, looked up among the rows the formset loaded."""

    def __init__(self, *args, rows: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, RoundPlace):
            return value
        try:
            return self.rows[str(value)]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


RoundPlaceFormSet = inlineformset_factory(
    ApplicationRound,
    RoundPlace,
    form=RoundPlaceForm,
    formset=BaseRoundPlaceFormSet,
    extra=2,
    can_delete=True,
)
