"""Tandem's URLs. Every pattern's view declares its policy (tandem.accounts.policies); a test walks them all."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from tandem.accounts import views as account_views
from tandem.core import views as core_views

handler400 = "tandem.core.views.bad_request"
handler403 = "tandem.core.views.permission_denied"
handler404 = "tandem.core.views.page_not_found"
handler500 = "tandem.core.views.server_error"

urlpatterns = [
    path("", include("tandem.home.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibility", core_views.accessibility_statement, name="accessibility_statement"),
    path("privacy", core_views.privacy_notice, name="privacy_notice"),
    path("session/keep-alive", account_views.session_keep_alive, name="session_keep_alive"),
    path("session/restore", account_views.session_restore, name="session_restore"),
    path("account/", include("tandem.accounts.urls")),
    path("people/", include("tandem.people.urls")),
    path("front-door/", include("tandem.frontdoor.urls")),
    path("", include("tandem.meetings.urls")),
    path("ig/", include("tandem.governance.urls")),
    path("language/", include("tandem.language.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("tandem.api.urls")),
    path(settings.ADMIN_URL_PATH, admin.site.urls),
]
