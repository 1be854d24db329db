"""A URLconf for the error-page tests: Tandem's own URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as tandem_urlpatterns
from tandem.accounts.policies import public


@public
def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


@public
def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a deliberate failure")


urlpatterns = [
    path("test-errors/refuse", refuse),
    path("test-errors/fail", fail),
    *tandem_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
