from django import forms

from core.forms import form_helper

from .doclang import DocumentKind, DocumentLanguage


class DocumentDefaultsForm(forms.Form):
    """One dropdown per document the user may set: the language it prints in by default."""

    def __init__(self, *args, kinds: list[str], current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(DocumentKind.choices)
        for kind in kinds:
            self.fields[kind] = forms.ChoiceField(
                label=labels[kind], choices=DocumentLanguage.choices, initial=current[kind]
            )
        self.helper = form_helper()
