from django.contrib import admin
from django.urls import include, path

from agreements import views as agreement_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("partners/", agreement_views.public_partners, name="public_partners"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("agreements/", include("agreements.urls")),
    path("applications/", include("applications.urls")),
    path("transcripts/", include("transcripts.urls")),
    path("admin/", admin.site.urls),
]
