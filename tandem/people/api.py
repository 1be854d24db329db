"""`GET /api/v1/people/{id}`, `POST /api/v1/people/search` and `POST /api/v1/person-matches`: the same access model
and audit as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tandem.accounts.policies import PRACTITIONER, SIGNED_IN
from tandem.people import access, identifiers, identity
from tandem.people.forms import SEARCH_PURPOSES
from tandem.people.matching import PersonDescription
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


# ---------------------------------------------------------------------------------------------------------------------
# POST /api/v1/person-matches


class IdentifierInSerializer(serializers.Serializer):
    scheme = serializers.CharField(max_length=40, help_text="upn, police, la-person, or a configured scheme")
    value = serializers.CharField(max_length=60)
    issuer = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class PersonMatchRequest(serializers.Serializer):
    given_names = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        max_length=10,
        help_text="First name first, then middle names, aliases and known-as names",
    )
    family_names = serializers.ListField(
        child=serializers.CharField(max_length=100),
        min_length=1,
        max_length=5,
        help_text="Current last name first, then previous ones",
    )
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    dob_precision = serializers.ChoiceField(
        choices=["day", "month", "year", "unknown"],
        default="day",
        help_text="year: an estimate such as “about 14” (give 1 July of the year)",
    )
    sex = serializers.ChoiceField(choices=["M", "F", ""], required=False, default="")
    postcodes = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, default=list, max_length=5
    )
    address_lines = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, default=list, max_length=5
    )
    nhs_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=14)
    identifiers = IdentifierInSerializer(many=True, required=False, default=list)
    purpose = serializers.ChoiceField(choices=SEARCH_PURPOSES)
    limit = serializers.IntegerField(min_value=1, max_value=25, default=10)

    def validate_nhs_number(self, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return identifiers.check_nhs_number(value).value
        except identifiers.InvalidValue as error:
            raise serializers.ValidationError(str(error)) from None


class EvidenceSerializer(serializers.Serializer):
    field = serializers.CharField()
    level = serializers.CharField()
    weight = serializers.FloatField(help_text="log2 Bayes factor this comparison contributed")
    text = serializers.CharField()


class CandidateSerializer(serializers.Serializer):
    person = IndexEntrySerializer(source="entry")
    probability = serializers.FloatField(help_text="Posterior probability that this is the person described")
    decision = serializers.ChoiceField(
        choices=["match", "review"], help_text="match: likely the same person; review: possibly (a person decides)"
    )
    decision_label = serializers.CharField(source="label", help_text="The decision in words")
    explanation = serializers.CharField()
    guards = serializers.ListField(
        child=serializers.CharField(), help_text="Why a safety rule held the decision back (twins, siblings …)"
    )
    evidence = EvidenceSerializer(many=True)


class PersonMatchResponse(serializers.Serializer):
    search_id = serializers.UUIDField(help_text="Quote this when adding a new person after the search")
    index_tier = serializers.BooleanField(
        help_text="True when you searched the whole person index (front-door roles); false: only people you work with"
    )
    candidates = CandidateSerializer(many=True)
    hidden_exact_matches = serializers.IntegerField(
        help_text="Records matching the exact name and date of birth that you cannot see (roles without the index)"
    )


class PersonMatchView(APIView):
    policy = PRACTITIONER

    @extend_schema(
        operation_id="person_matches",
        request=PersonMatchRequest,
        responses={200: PersonMatchResponse},
        summary="Ranked candidates for a person description, with probabilities and explanations",
        description=(
            "Front-door roles search the whole person index (minimal demographics); everyone else only the people "
            "they work with. Candidates the matching engine ranks below its lower threshold are not returned; "
            "nothing is linked or merged. Every candidate returned is recorded in one access event with the purpose."
        ),
    )
    def post(self, request: Request) -> Response:
        incoming = PersonMatchRequest(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        description = PersonDescription(
            given_names=tuple(n.strip() for n in data["given_names"] if n.strip()),
            family_names=tuple(n.strip() for n in data["family_names"] if n.strip()),
            date_of_birth=data["date_of_birth"],
            dob_precision=data["dob_precision"] if data["date_of_birth"] else "unknown",
            sex=data["sex"] or None,
            postcodes=tuple(data["postcodes"]),
            address_lines=tuple(data["address_lines"]),
            nhs_number=data["nhs_number"] or None,
            other_identifiers=tuple(
                (identifiers.matching_scheme(i["scheme"], i.get("issuer", "")), i["value"]) for i in data["identifiers"]
            ),
        )
        found = identity.find_candidates(
            description, by=request._request, purpose=dict(SEARCH_PURPOSES)[data["purpose"]], limit=data["limit"]
        )
        return Response(
            PersonMatchResponse(
                {
                    "search_id": found.search_id,
                    "index_tier": found.index_tier,
                    "candidates": found.candidates,
                    "hidden_exact_matches": len(found.hidden),
                }
            ).data
        )
