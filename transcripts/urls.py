from django.urls import path

from . import elmo_export_views, elmo_views, views

app_name = "transcripts"

# Grading scales, conversion tables and credit systems.
scale_patterns: list = [
    path("scales/", views.scale_list, name="scale_list"),
    path("scales/new/", views.scale_create, name="scale_create"),
    path("scales/<int:pk>/", views.scale_detail, name="scale_detail"),
    path("scales/<int:pk>/edit/", views.scale_edit, name="scale_edit"),
    path("scales/<int:scale_pk>/tables/new/", views.table_create, name="table_create"),
    path("scales/tables/<int:pk>/", views.table_detail, name="table_detail"),
    path("scales/tables/<int:pk>/edit/", views.table_edit, name="table_edit"),
    path("scales/credit-systems/", views.credit_system_list, name="credit_system_list"),
    path("scales/credit-systems/new/", views.credit_system_create, name="credit_system_create"),
    path(
        "scales/credit-systems/<int:pk>/", views.credit_system_detail, name="credit_system_detail"
    ),
    path(
        "scales/credit-systems/<int:pk>/edit/",
        views.credit_system_edit,
        name="credit_system_edit",
    ),
    path("scales/partners/", views.partner_grading_list, name="partner_grading_list"),
    path("scales/partners/<int:pk>/", views.partner_grading_edit, name="partner_grading_edit"),
    path(
        "scales/partners/<int:pk>/clear/",
        views.partner_grading_clear,
        name="partner_grading_clear",
    ),
]

# Transcripts, recognition, the PDFs and their verification.
transcript_patterns: list = [
    path("", views.transcript_list, name="list"),
    path("application/<int:pk>/", views.application_transcript, name="for_application"),
    path("application/<int:pk>/start/", views.transcript_start, name="start"),
    path("application/<int:pk>/elmo/", elmo_views.elmo_upload, name="elmo_upload"),
    path("application/<int:pk>/elmo/confirm/", elmo_views.elmo_confirm, name="elmo_confirm"),
    path("<int:pk>/elmo-files/<int:file_pk>/", elmo_views.elmo_file, name="elmo_file"),
    path("<int:pk>/", views.transcript_detail, name="detail"),
    path("<int:pk>/edit/", views.transcript_edit, name="edit"),
    path("<int:pk>/scan/", views.transcript_scan, name="scan"),
    path("<int:pk>/scan/<int:scan_pk>/", views.transcript_scan, name="scan_file"),
    path("<int:pk>/scan/upload/", views.transcript_scan_upload, name="scan_upload"),
    path("<int:pk>/approve/", views.transcript_approve, name="approve"),
    path("<int:pk>/correct/", views.transcript_correct, name="correct"),
    path("<int:pk>/revoke/", views.transcript_revoke, name="revoke"),
    path("<int:pk>/pdf/", views.transcript_pdf, name="pdf"),
    path("<int:pk>/elmo.xml", elmo_export_views.transcript_elmo, name="elmo"),
    path("batch/", views.transcript_batch, name="batch"),
    path("batch/start/", views.transcript_batch_start, name="batch_start"),
    path("batch/<str:token>/step/", views.transcript_batch_step, name="batch_step"),
    path("batch/<str:token>/zip/", views.transcript_batch_zip, name="batch_zip"),
]

urlpatterns = scale_patterns + transcript_patterns
