"""The office's roles as Django groups, and the permissions each holds.

Students are plain users without a group: what they may see is decided by ownership, not by
permissions. Data migrations create the groups (each with the list it granted, frozen in the
migration) so that every database, production included, has them without any manual step;
ROLE_PERMISSIONS is what the groups hold after the last of them, and a test keeps the two equal.
"""

STAFF = "Mobility staff"
REGISTRAR = "Registrar"

# Staff keep the register and the applications, see the e-mails not sent, unlock logins and set
# each document's language; the registrar records and approves transcripts and sets the
# transcripts' language through the transcript permission (see documents.services).
ROLE_PERMISSIONS = {
    STAFF: [
        "agreements.add_institution",
        "agreements.change_institution",
        "agreements.delete_institution",
        "agreements.view_institution",
        "agreements.add_contact",
        "agreements.change_contact",
        "agreements.delete_contact",
        "agreements.view_contact",
        "agreements.add_agreement",
        "agreements.change_agreement",
        "agreements.view_agreement",
        "agreements.add_cooperationcondition",
        "agreements.change_cooperationcondition",
        "agreements.delete_cooperationcondition",
        "agreements.view_cooperationcondition",
        "agreements.add_academicperiod",
        "agreements.change_academicperiod",
        "agreements.view_academicperiod",
        "agreements.add_educationalprogram",
        "agreements.change_educationalprogram",
        "agreements.view_educationalprogram",
        "applications.add_applicationround",
        "applications.change_applicationround",
        "applications.view_applicationround",
        "applications.add_roundplace",
        "applications.change_roundplace",
        "applications.view_roundplace",
        "applications.add_application",
        "applications.change_application",
        "applications.view_application",
        "applications.add_document",
        "applications.change_document",
        "applications.view_document",
        "applications.add_documentfile",
        "applications.change_documentfile",
        "applications.view_documentfile",
        "applications.add_applicationevent",
        "applications.change_applicationevent",
        "applications.view_applicationevent",
        "applications.add_questionnaire",
        "applications.change_questionnaire",
        "applications.view_questionnaire",
        "applications.add_curriculumversion",
        "applications.change_curriculumversion",
        "applications.view_curriculumversion",
        "applications.add_curriculumline",
        "applications.change_curriculumline",
        "applications.view_curriculumline",
        "applications.add_signature",
        "applications.change_signature",
        "applications.view_signature",
        "applications.view_mobility_report",
        "transcripts.add_gradingscale",
        "transcripts.change_gradingscale",
        "transcripts.view_gradingscale",
        "transcripts.add_grade",
        "transcripts.change_grade",
        "transcripts.view_grade",
        "transcripts.add_conversiontable",
        "transcripts.change_conversiontable",
        "transcripts.view_conversiontable",
        "transcripts.add_conversionrow",
        "transcripts.change_conversionrow",
        "transcripts.view_conversionrow",
        "transcripts.add_creditsystem",
        "transcripts.change_creditsystem",
        "transcripts.view_creditsystem",
        "transcripts.add_partnergrading",
        "transcripts.change_partnergrading",
        "transcripts.view_partnergrading",
        "transcripts.view_transcript",
        "transcripts.view_transcriptline",
        "mail.view_outgoingemail",
        "mail.change_outgoingemail",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "documents.view_documentdefault",
        "documents.add_documentdefault",
        "documents.change_documentdefault",
    ],
    REGISTRAR: [
        "agreements.view_institution",
        "agreements.view_contact",
        "agreements.view_agreement",
        "agreements.view_cooperationcondition",
        "agreements.view_academicperiod",
        "agreements.view_educationalprogram",
        "applications.view_applicationround",
        "applications.view_application",
        "applications.view_document",
        "applications.view_documentfile",
        "applications.view_applicationevent",
        "applications.view_questionnaire",
        "applications.view_curriculumversion",
        "applications.view_curriculumline",
        "applications.view_signature",
        "applications.view_mobility_report",
        "transcripts.add_gradingscale",
        "transcripts.change_gradingscale",
        "transcripts.view_gradingscale",
        "transcripts.add_grade",
        "transcripts.change_grade",
        "transcripts.view_grade",
        "transcripts.add_conversiontable",
        "transcripts.change_conversiontable",
        "transcripts.view_conversiontable",
        "transcripts.add_conversionrow",
        "transcripts.change_conversionrow",
        "transcripts.view_conversionrow",
        "transcripts.add_creditsystem",
        "transcripts.change_creditsystem",
        "transcripts.view_creditsystem",
        "transcripts.add_partnergrading",
        "transcripts.change_partnergrading",
        "transcripts.view_partnergrading",
        "transcripts.add_transcript",
        "transcripts.change_transcript",
        "transcripts.view_transcript",
        "transcripts.add_transcriptline",
        "transcripts.change_transcriptline",
        "transcripts.view_transcriptline",
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
