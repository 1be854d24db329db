from django.urls import path

from tandem.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
