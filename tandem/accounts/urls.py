from django.urls import path

from tandem.accounts import views

app_name = "accounts"

urlpatterns = [
    path("acting-role", views.acting_role, name="acting_role"),
]
