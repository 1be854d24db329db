"""Deny by default: an API view without a declared policy refuses every request."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from tandem.accounts.policies import Policy


class DeclaredPolicy(permissions.BasePermission):
    message = "You do not have permission to use this endpoint"

    def has_permission(self, request: Request, view: Any) -> bool:
        policy = getattr(view, "policy", None)
        if not isinstance(policy, Policy):
            return False
        if policy.public:
            return True
        if request.user is None or not request.user.is_authenticated:
            return False
        acting = getattr(request._request, "acting", None)
        allowed = policy.allows(acting.role if acting is not None else None)
        if not allowed:
            from tandem.audit import record

            record.security_event(request._request, "role.denied", detail={"policy": policy.name, "path": request.path})
        return allowed
