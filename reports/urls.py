from django.urls import path, re_path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_page, name="report"),
    path("mobilities/", views.mobility_list, name="mobilities"),
    path("report.pdf", views.report_download, name="pdf"),
    path("pdf/", views.pdf_request, name="pdf_request"),
    path("pdf/<int:pk>/", views.pdf_status, name="pdf_status"),
    path("pdf/<int:pk>/progress.json", views.pdf_progress, name="pdf_progress"),
    path("pdf/<int:pk>/file.pdf", views.pdf_file, name="pdf_file"),
    path("report.xlsx", views.workbook, name="workbook"),
    path("text/", views.report_text, name="text_page"),
    re_path(r"^text\.(?P<extension>pdf|docx|txt)$", views.narrative_download, name="text"),
    re_path(
        r"^tables/(?P<key>[a-z_]+)\.(?P<extension>csv|xlsx)$", views.table_export, name="table"
    ),
]
