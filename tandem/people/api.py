"""`GET /api/v1/people/{id}` and `POST /api/v1/people/search`: the same access model and audit as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tandem.accounts.policies import PRACTITIONER, SIGNED_IN
from tandem.people import access
from tandem.people.forms import SEARCH_PURPOSES
from tandem.people.search import SearchCriteria, search_people


class AddressSerializer(serializers.Serializer):
    line_1 = serializers.CharField()
    line_2 = serializers.CharField()
    town = serializers.CharField()
    postcode = serializers.CharField()
    from_on = serializers.DateField(allow_null=True)
    to_on = serializers.DateField(allow_null=True)


class IdentitySerializer(serializers.Serializer):
    kind = serializers.CharField()
    given_name = serializers.CharField()
    middle_names = serializers.CharField()
    family_name = serializers.CharField()
    known_as = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    dob_precision = serializers.CharField()
    sex = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)
    addresses = AddressSerializer(many=True)
    owning_agency = serializers.CharField()


class EqualitySerializer(serializers.Serializer):
    ethnicity = serializers.CharField()
    religion = serializers.CharField()
    disabilities = serializers.ListField(child=serializers.CharField())
    sexual_orientation = serializers.CharField()
    gender_identity = serializers.CharField()
    first_language = serializers.CharField()
    needs_interpreter = serializers.BooleanField()


class InvolvementSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.name")
    team = serializers.CharField(source="team.name", allow_null=True, default=None)
    kind = serializers.CharField()
    opened_on = serializers.DateField()


class NoteSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    occurred_at = serializers.DateTimeField()
    owning_agency = serializers.CharField(source="owning_agency.name")
    marking = serializers.CharField()
    text = serializers.CharField()


class LinkSerializer(serializers.Serializer):
    kind = serializers.CharField()
    other_id = serializers.UUIDField()
    other_name = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    relationship = serializers.CharField(help_text="The relationship that gives you access to this record")
    identity = IdentitySerializer()
    equality = EqualitySerializer(allow_null=True, help_text="Null when restricted from you")
    involvements = InvolvementSerializer(many=True)
    links = LinkSerializer(many=True)
    notes = NoteSerializer(many=True)


def person_payload(record: access.PersonRecord) -> dict[str, Any]:
    identity = record.identity
    equality = record.equality
    return {
        "id": record.id,
        "relationship": record.relationship,
        "identity": {
            **{k: getattr(identity, str(k)) for k in IdentitySerializer().fields if k != "addresses"},
            "addresses": [
                {f: getattr(a, f) for f in ("line_1", "line_2", "town", "postcode", "from_on", "to_on")}
                for a in identity.addresses
            ],
        },
        "equality": None
        if equality is None
        else {
            "ethnicity": equality.ethnicity,
            "religion": equality.religion,
            "disabilities": list(equality.disabilities),
            "sexual_orientation": equality.sexual_orientation,
            "gender_identity": equality.gender_identity,
            "first_language": equality.first_language,
            "needs_interpreter": equality.needs_interpreter,
        },
        "involvements": record.involvements,
        "links": [
            {"kind": link.kind, "other_id": link.other_id, "other_name": link.other_name} for link in record.links
        ],
        "notes": record.notes,
    }


class PersonDetailView(APIView):
    policy = SIGNED_IN

    @extend_schema(
        operation_id="people_retrieve",
        responses={200: PersonSerializer},
        summary="A person's record, as you may see it",
    )
    def get(self, request: Request, person_id: str) -> Response:
        record = access.get_person_for(request._request, person_id)
        return Response(PersonSerializer(person_payload(record)).data)


class PersonSearchRequest(serializers.Serializer):
    family_name = serializers.CharField(max_length=100)
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    purpose = serializers.ChoiceField(choices=SEARCH_PURPOSES)


class IndexEntrySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    dob_precision = serializers.CharField()
    sex = serializers.CharField(source="sex_label")
    partial_postcode = serializers.CharField()
    agencies_involved = serializers.ListField(child=serializers.CharField())
    is_related = serializers.BooleanField(help_text="Whether you may open the full record")
    may_request_emergency_access = serializers.BooleanField()


class PersonSearchResponse(serializers.Serializer):
    results = IndexEntrySerializer(many=True)
    hidden_exact_matches = serializers.IntegerField(
        help_text="Records matching the exact name and date of birth that you cannot see (roles without the index)"
    )


class PersonSearchView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="people_search",
        request=PersonSearchRequest,
        responses={200: PersonSearchResponse},
        summary="Search the register (front-door roles) or the people you work with (everyone else)",
    )
    def post(self, request: Request) -> Response:
        incoming = PersonSearchRequest(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        criteria = SearchCriteria(
            family_name=data["family_name"],
            given_name=data.get("given_name") or "",
            date_of_birth=data.get("date_of_birth"),
            postcode=data.get("postcode") or "",
            purpose=dict(SEARCH_PURPOSES)[data["purpose"]],
        )
        result = search_people(request._request, criteria)
        return Response(
            PersonSearchResponse({"results": result.entries, "hidden_exact_matches": len(result.hidden)}).data
        )
