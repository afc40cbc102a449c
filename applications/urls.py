from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("mine/", views.my_applications, name="mine"),
    path("queue/", views.staff_queue, name="queue"),
    path("new/", views.application_create, name="create"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/questionnaire/", views.questionnaire_edit, name="questionnaire"),
    path("<int:pk>/curriculum/", views.curriculum_edit, name="curriculum"),
    path("<int:pk>/curriculum/new-version/", views.curriculum_new_version, name="curriculum_new"),
    path(
        "<int:pk>/curriculum/<int:version_pk>/approve/",
        views.curriculum_approve,
        name="curriculum_approve",
    ),
    path("<int:pk>/documents/<int:document_pk>/upload/", views.document_upload, name="upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/decide/",
        views.document_decide,
        name="document_decide",
    ),
    path("<int:pk>/files/<int:file_pk>/", views.document_file, name="file"),
    path("<int:pk>/pdf/<str:document>/", views.generated_pdf, name="pdf"),
    path("<int:pk>/step/<str:action>/", views.application_step, name="step"),
    path("<int:pk>/archive/", views.application_archive, name="archive"),
    path("<int:pk>/restore/", views.application_restore, name="restore"),
    path("<int:pk>/order/", views.issue_order, name="order"),
    path("<int:pk>/signatures/<int:signature_pk>/", views.signature_edit, name="signature"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/new/", views.order_create, name="order_create"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/pdf/", views.order_print, name="order_pdf"),
    path("orders/<int:pk>/scan/", views.order_scan, name="order_scan"),
    path("orders/<int:pk>/scan/upload/", views.order_scan_upload, name="order_scan_upload"),
    path("rounds/", views.round_list, name="round_list"),
    path("choices/agreements/", views.agreement_choices, name="agreement_choices"),
    path("choices/participants/", views.participant_choices, name="participant_choices"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("incoming/new/", views.incoming_create, name="incoming_create"),
    path("incoming/import/", views.incoming_import, name="incoming_import"),
    path("incoming/import/confirm/", views.incoming_import_confirm, name="incoming_import_confirm"),
]
