"""The office's roles as Django groups, and the model permissions each holds.

Students are plain users without a group: what they may see is decided by ownership, not by
permissions. Data migrations call `grant` so that every database, production included, has the
groups without any manual step.
"""

STAFF = "Mobility staff"
REGISTRAR = "Registrar"

AGREEMENTS_PERMISSIONS = {
    STAFF: [
        "add_institution",
        "change_institution",
        "delete_institution",
        "view_institution",
        "add_contact",
        "change_contact",
        "delete_contact",
        "view_contact",
        "add_agreement",
        "change_agreement",
        "view_agreement",
        "add_cooperationcondition",
        "change_cooperationcondition",
        "delete_cooperationcondition",
        "view_cooperationcondition",
        "add_academicperiod",
        "change_academicperiod",
        "view_academicperiod",
        "add_educationalprogram",
        "change_educationalprogram",
        "view_educationalprogram",
    ],
    REGISTRAR: [
        "view_institution",
        "view_contact",
        "view_agreement",
        "view_cooperationcondition",
        "view_academicperiod",
        "view_educationalprogram",
    ],
}


def grant(apps, schema_editor, *, app_label: str, permissions: dict[str, list[str]]) -> None:
    """Creates the groups if needed and gives each the named permissions of one app."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; a fresh database needs them now.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in permissions.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        found = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        missing = set(codenames) - set(found.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for {group_name}: {sorted(missing)}")
        group.permissions.add(*found)


APPLICATIONS_PERMISSIONS = {
    STAFF: [
        f"{action}_{model}"
        for model in [
            "applicationround",
            "roundplace",
            "application",
            "document",
            "documentfile",
            "applicationevent",
            "questionnaire",
            "curriculumversion",
            "curriculumline",
            "signature",
        ]
        for action in ("add", "change", "view")
    ],
    REGISTRAR: [
        "view_applicationround",
        "view_application",
        "view_document",
        "view_documentfile",
        "view_applicationevent",
        "view_questionnaire",
        "view_curriculumversion",
        "view_curriculumline",
        "view_signature",
    ],
}

# Granted by a later migration than the ones above: the permission came with the reports.
REPORTS_PERMISSIONS = {
    STAFF: ["view_mobility_report"],
    REGISTRAR: ["view_mobility_report"],
}

SCALE_MODELS = [
    "gradingscale",
    "grade",
    "conversiontable",
    "conversionrow",
    "creditsystem",
    "partnergrading",
]
TRANSCRIPTS_PERMISSIONS = {
    # Staff and the registrar both keep the scales; only the registrar records and approves.
    STAFF: [f"{action}_{model}" for model in SCALE_MODELS for action in ("add", "change", "view")]
    + ["view_transcript", "view_transcriptline"],
    REGISTRAR: [
        f"{action}_{model}"
        for model in [*SCALE_MODELS, "transcript", "transcriptline"]
        for action in ("add", "change", "view")
    ],
}

# Staff see the e-mails the product could not send and send them again.
MAIL_PERMISSIONS = {
    STAFF: ["view_outgoingemail", "change_outgoingemail"],
}

# Staff see who is locked out of logging in (django-axes' records) and unlock them.
AXES_PERMISSIONS = {
    STAFF: ["view_accessattempt", "delete_accessattempt"],
}

# Staff set the language each document prints in by default; the registrar, who prints the
# transcripts, sets theirs through the transcript permission (see mobility_office.views).
DOCUMENT_LANGUAGE_PERMISSIONS = {
    STAFF: ["view_documentdefault", "add_documentdefault", "change_documentdefault"],
}
