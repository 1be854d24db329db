"""The public OpenAPI schema (no personal data in it)."""

from drf_spectacular.views import SpectacularAPIView

from tandem.accounts.policies import PUBLIC


class SchemaView(SpectacularAPIView):
    policy = PUBLIC
    authentication_classes: list[type] = []
