"""Accounts, beside Django's own pages. Not namespaced: Django's login and password views find
each other by these plain names ("login", "password_reset_done", ...)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # Django's own pages, with the login lockout and the throttles (before the include).
    path("login/", views.LoginView.as_view(), name="login"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("confirm-email/", views.email_confirmation_send, name="email_confirmation_send"),
    path("confirm-email/<str:token>/", views.email_confirm, name="email_confirm"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/unlock/", views.lockout_unlock, name="lockout_unlock"),
    path("", include("django.contrib.auth.urls")),
]
