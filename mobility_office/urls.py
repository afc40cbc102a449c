from django.contrib import admin
from django.urls import include, path

from agreements import views as agreement_views
from transcripts import verification_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("emails/", include("mail.urls")),
    path("documents/", include("documents.urls")),
    path("partners/", agreement_views.public_partners, name="public_partners"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("agreements/", include("agreements.urls")),
    path("applications/", include("applications.urls")),
    path("transcripts/", include("transcripts.urls")),
    path("reports/", include("reports.urls")),
    # Public: anyone holding a printed transcript checks it here (the QR code leads here).
    path("verify/", verification_views.verify_start, name="verify_start"),
    path("verify/<str:code>/", verification_views.verify, name="verify"),
    path("verify/<str:code>/pdf/", verification_views.verify_pdf, name="verify_pdf"),
    path("admin/", admin.site.urls),
]
