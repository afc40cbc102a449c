from django.contrib import admin
from django.urls import include, path

from agreements import views as agreement_views
from transcripts import views as transcript_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("emails/not-sent/", views.emails_not_sent, name="emails_not_sent"),
    path("documents/languages/", views.document_languages, name="document_languages"),
    path("emails/<int:pk>/send-again/", views.email_send_again, name="email_send_again"),
    path("partners/", agreement_views.public_partners, name="public_partners"),
    path("accounts/signup/", views.signup, name="signup"),
    # Django's own pages, with the login lockout and the throttles (before the include).
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/confirm-email/", views.email_confirmation_send, name="email_confirmation_send"),
    path("accounts/confirm-email/<str:token>/", views.email_confirm, name="email_confirm"),
    path("accounts/lockouts/", views.lockouts, name="lockouts"),
    path("accounts/lockouts/unlock/", views.lockout_unlock, name="lockout_unlock"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("agreements/", include("agreements.urls")),
    path("applications/", include("applications.urls")),
    path("transcripts/", include("transcripts.urls")),
    path("reports/", include("reports.urls")),
    # Public: anyone holding a printed transcript checks it here (the QR code leads here).
    path("verify/", transcript_views.verify_start, name="verify_start"),
    path("verify/<str:code>/", transcript_views.verify, name="verify"),
    path("verify/<str:code>/pdf/", transcript_views.verify_pdf, name="verify_pdf"),
    path("admin/", admin.site.urls),
]
