from django.urls import path

from tandem.language import views

app_name = "language"

urlpatterns = [
    path("advice", views.advice, name="advice"),
]
