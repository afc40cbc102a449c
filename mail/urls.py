from django.urls import path

from . import views

app_name = "mail"
urlpatterns = [
    path("not-sent/", views.emails_not_sent, name="emails_not_sent"),
    path("<int:pk>/send-again/", views.email_send_again, name="email_send_again"),
]
