"""The Django admin: agencies, teams, accounts and memberships only. No person or case data is registered here.

Who gets in: someone acting as system administrator whose session was confirmed with their authenticator app
(RequireMFAMiddleware), demo accounts included. Which models they may change comes from
`tandem.accounts.backends.ConfigurationPermissionBackend`, not from superuser or staff flags. Every change made
here is written to the audit trail.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from tandem.accounts import actions
from tandem.accounts.models import Agency, Membership, Team, User
from tandem.accounts.roles import Role
from tandem.audit import record


def has_admin_permission(request: HttpRequest) -> bool:
    """Only active users acting as system administrator (MFA is enforced by RequireMFAMiddleware)."""
    acting = getattr(request, "acting", None)
    return bool(request.user.is_active and acting is not None and acting.role == Role.SYSTEM_ADMINISTRATOR)


@login_not_required
def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Tandem's own sign-in (with MFA) instead of the admin's; signed-in users without the role are refused."""
    if request.user.is_authenticated:
        if has_admin_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        record.security_event(request, "role.denied", detail={"policy": "administrator", "path": request.path})
        raise PermissionDenied
    target = request.GET.get("next") or reverse("admin:index")
    if not target.startswith("/") or target.startswith("//"):
        target = reverse("admin:index")
    return HttpResponseRedirect(reverse("account_login") + "?" + urlencode({"next": target}))


admin.site.has_permission = has_admin_permission  # type: ignore[method-assign]
admin.site.login = admin_login  # type: ignore[method-assign]
admin.site.site_header = "Tandem administration"
admin.site.site_title = "Tandem administration"
admin.site.index_title = "Agencies, teams and accounts"
admin.site.site_url = "/"


class AuditedAdmin(admin.ModelAdmin):
    """Every addition, change and deletion made in the admin is also an audit event, in the same transaction."""

    def _audit(self, request: HttpRequest, obj: Any, verb: str, message: Any = "") -> None:
        record.change(request, f"admin.{obj._meta.model_name}.{verb}", obj=obj, detail={"message": str(message)[:500]})

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "added", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            self._audit(request, obj, "deleted")
        return super().log_deletions(request, queryset)


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [TeamInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("agency", "team", "role", "starts_on", "ends_on")


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "is_active", "is_demo_account")
    list_filter = ("is_active", "is_demo_account")
    inlines = [MembershipInline]
    actions = ["disable_accounts", "reset_authenticator"]
    # No superuser, staff, group or permission fields: what a user may do comes from their memberships.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal details", {"fields": ("first_name", "last_name", "email", "job_title", "phone")}),
        ("Status", {"fields": ("is_active", "is_demo_account", "last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        disabling = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if disabling:
            actions.disable_user(obj, by=request)

    @admin.action(description="Disable the selected accounts (ends their sessions at once)")
    def disable_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        with transaction.atomic():
            for user in queryset.filter(is_active=True):
                actions.disable_user(user, by=request)
        self.message_user(request, "The selected accounts are disabled and signed out", messages.SUCCESS)

    @admin.action(description="Remove the authenticator app of the selected accounts (they set it up again)")
    def reset_authenticator(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        with transaction.atomic():
            for user in queryset:
                actions.reset_authenticator(user, by=request)
        self.message_user(request, "The selected accounts must set up their authenticator app again", messages.SUCCESS)
