"""The Django admin: agencies, teams, accounts and memberships only. No person or case data is registered here."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from tandem.accounts.models import Agency, Membership, Team, User
from tandem.accounts.roles import Role


def _has_permission(request: HttpRequest) -> bool:
    """Only active staff acting as system administrator (MFA is enforced by RequireMFAMiddleware)."""
    acting = getattr(request, "acting", None)
    return bool(
        request.user.is_active
        and request.user.is_staff
        and acting is not None
        and acting.role == Role.SYSTEM_ADMINISTRATOR
    )


def _login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Send people to Tandem's own sign-in (with MFA) instead of the admin's."""
    target = request.GET.get("next") or reverse("admin:index")
    return HttpResponseRedirect(reverse("account_login") + "?" + urlencode({"next": target}))


admin.site.has_permission = _has_permission  # type: ignore[method-assign]
admin.site.login = _login  # type: ignore[method-assign,assignment]
admin.site.site_header = "Tandem administration"
admin.site.site_title = "Tandem administration"


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    inlines = [TeamInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "is_active", "is_demo_account")
    list_filter = ("is_active", "is_staff", "is_demo_account")
    inlines = [MembershipInline]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Tandem", {"fields": ("job_title", "phone", "is_demo_account")}),
    )
