"""Makes every response accountable: one access event per disclosing response, written before the body is sent."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from tandem.audit import record

logger = logging.getLogger(__name__)

#: Responses after which the request's writes are rolled back (denials and failures); security events survive.
ROLLBACK_STATUSES = frozenset({401, 403, 404, 405})


def _channel(request: HttpRequest) -> str:
    if request.path.startswith("/api/"):
        return "api"
    if getattr(request, "htmx", False):
        return "fragment"
    return "page"


def failure_response(request: HttpRequest) -> HttpResponse:
    """A 500 page that discloses nothing (rendered without any view context)."""
    try:
        if request.path.startswith("/api/"):
            response = HttpResponse(
                b'{"type":"about:blank","title":"Server error","status":500,'
                b'"detail":"Something went wrong. Nothing was shown or changed. Try again later."}',
                status=500,
                content_type="application/problem+json",
            )
        else:
            response = HttpResponse(render_to_string("500.html", {}), status=500)
    except Exception:
        response = HttpResponse("Sorry, there is a problem with Tandem. Try again later.", status=500)
    response["Cache-Control"] = "no-store"
    return response


class AccountableResponseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        ctx = record.RequestAudit(channel=_channel(request))
        request.tandem_audit = ctx  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                response = self.get_response(request)
                if response.status_code >= 500 or response.status_code in ROLLBACK_STATUSES:
                    transaction.set_rollback(True)
                elif ctx.disclosures:
                    if response.streaming:
                        raise RuntimeError("A streaming response cannot disclose personal data")
                    record.access_event(
                        request,
                        ctx.disclosures,
                        channel=ctx.channel,
                        method=request.method or "",
                        path=request.path,
                        status=response.status_code,
                        purpose=ctx.purpose,
                    )
                    response["Cache-Control"] = "no-store"
        except Exception:
            logger.exception("Request failed or its access event could not be written; nothing was disclosed")
            ctx.disclosures.clear()
            response = failure_response(request)
        finally:
            record.write_security_events(ctx)
        return response
