"""Model permissions for the Django admin, from the acting role rather than superuser or staff flags."""

from __future__ import annotations

from typing import Any

from tandem.accounts.roles import Role

#: The only apps whose models a system administrator may manage in the admin. Person and case apps are never
#: here, so the system administrator cannot read case data (security.md).
CONFIGURATION_APPS = frozenset({"accounts", "axes"})


class ConfigurationPermissionBackend:
    """Users with a current system-administrator membership hold every permission on the configuration apps.

    It authenticates nobody. The admin site itself also requires the user to be *acting* as system administrator
    in this session (tandem.accounts.admin.has_admin_permission).
    """

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: Any) -> None:
        return None

    def _is_administrator(self, user_obj: Any) -> bool:
        if not getattr(user_obj, "is_active", False) or not getattr(user_obj, "pk", None):
            return False
        cached = getattr(user_obj, "_tandem_is_administrator", None)
        if cached is None:
            from tandem.accounts.models import Membership

            cached = Membership.objects.current().filter(user=user_obj, role=Role.SYSTEM_ADMINISTRATOR).exists()
            user_obj._tandem_is_administrator = cached
        return bool(cached)

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm.split(".", 1)[0] in CONFIGURATION_APPS and self._is_administrator(user_obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return app_label in CONFIGURATION_APPS and self._is_administrator(user_obj)
