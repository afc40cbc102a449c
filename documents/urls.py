from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("languages/", views.document_languages, name="document_languages"),
]
