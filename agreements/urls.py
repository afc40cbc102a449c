from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/export.<str:fmt>", views.institution_export, name="institution_export"),
    path("institutions/choices/", views.partner_choices, name="partner_choices"),
    path("institutions/new/", views.institution_create, name="institution_create"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/edit/", views.institution_edit, name="institution_edit"),
    path("institutions/<int:pk>/delete/", views.institution_delete, name="institution_delete"),
    path(
        "institutions/<int:pk>/versions/<int:history_id>/",
        views.institution_version,
        name="institution_version",
    ),
    path("", views.agreement_list, name="agreement_list"),
    path("export.<str:fmt>", views.agreement_export, name="agreement_export"),
    path("new/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/archive/", views.agreement_archive, name="agreement_archive"),
    path("<int:pk>/restore/", views.agreement_restore, name="agreement_restore"),
    path("<int:pk>/signed-copy/", views.agreement_signed_copy, name="agreement_signed_copy"),
    path(
        "<int:pk>/versions/<int:history_id>/signed-copy/",
        views.agreement_signed_copy,
        name="agreement_version_signed_copy",
    ),
    path("<int:pk>/versions/<int:history_id>/", views.agreement_version, name="agreement_version"),
    path("<int:pk>/iia.xml", views.agreement_iia, name="agreement_iia"),
    path(
        "institutions/<int:pk>/iia-index.xml",
        views.partner_iia_index,
        name="partner_iia_index",
    ),
    path("iia/", views.iia_upload, name="iia_upload"),
    path("iia/<int:pk>/", views.iia_received, name="iia_received"),
    path("iia/<int:pk>/<int:index>/compare/", views.iia_compare_view, name="iia_compare"),
    path("iia/<int:pk>/<int:index>/create/", views.iia_create, name="iia_create"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/template-<str:what>.<str:fmt>", views.import_template, name="import_template"),
    path("periods/", views.PeriodList.as_view(), name="period_list"),
    path("periods/new/", views.PeriodCreate.as_view(), name="period_create"),
    path("periods/<int:pk>/edit/", views.PeriodEdit.as_view(), name="period_edit"),
    path("programs/", views.ProgramList.as_view(), name="program_list"),
    path("programs/choices/", views.program_choices, name="program_choices"),
    path("programs/new/", views.ProgramCreate.as_view(), name="program_create"),
    path("programs/<int:pk>/edit/", views.ProgramEdit.as_view(), name="program_edit"),
]
