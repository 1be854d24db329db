"""What the home pages of managers show from the meetings app: a link to the view of today, with how much is overdue.

`tandem.home` calls `context_for(request, kind)` and keeps its own dispatch by role. Only counts are shown, so nothing
about any child is disclosed here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tandem.meetings import today
from tandem.meetings.policies import MANAGER


def context_for(request: HttpRequest, kind: str) -> dict[str, Any]:
    membership = getattr(request, "acting", None)
    if membership is None or not MANAGER.allows(membership.role):
        return {}
    return {"today_summary": {"overdue": today.overdue_count(membership)}}
