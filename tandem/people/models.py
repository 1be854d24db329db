"""People on the register and the records that relate practitioners to them.

Every person and every piece of information about them has an owning agency and a marking (shared with the
partnership, restricted to the owning agency, or sealed to named people). Who may see what is decided only in
`tandem.people.access`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.accounts.models import Agency, Membership, Team
from tandem.core.models import TandemModel, VersionedModel
from tandem.people.codes import Disability, Ethnicity, Marking, Sex


class Section(models.TextChoices):
    """Parts of a person's record; access events list the sections each response showed."""

    INDEX = "index", "Person index (name, date of birth, sex, partial postcode, agencies involved)"
    IDENTITY = "identity", "Identity (names, date of birth, sex, address, identifiers)"
    EQUALITY = "equality", "Equality and diversity (ethnicity, religion, disability, sexuality, gender identity)"
    INVOLVEMENTS = "involvements", "Agencies and teams involved"
    RELATIONSHIPS = "relationships", "Family, household and associates"
    NOTES = "notes", "Notes"
    EXISTENCE = "existence", "That a record exists"


class PersonKind(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"
    UNBORN = "unborn", "Unborn child"


class DobPrecision(models.TextChoices):
    DAY = "day", "Exact"
    MONTH = "month", "Month and year only"
    YEAR = "year", "Estimated (year only)"
    UNKNOWN = "unknown", "Not known"


class PersonQuerySet(models.QuerySet["Person"]):
    def current(self) -> PersonQuerySet:
        """People not superseded by a merge."""
        return self.filter(superseded_by__isnull=True)


class Person(VersionedModel):
    kind = models.CharField(max_length=10, choices=PersonKind.choices, default=PersonKind.CHILD)
    given_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    dob_precision = models.CharField(max_length=10, choices=DobPrecision.choices, default=DobPrecision.DAY)
    expected_delivery_on = models.DateField(null=True, blank=True, help_text="For an unborn child")
    born_as = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unborn_record",
        help_text="The baby's own record, once an unborn child is born",
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.NOT_RECORDED)
    # Special-category data: restricted to the owning agency by default (equality_marking).
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    religion = models.CharField(max_length=100, blank=True)
    disabilities = models.JSONField(default=list, blank=True)  # Disability codes
    sexual_orientation = models.CharField(max_length=100, blank=True)
    gender_identity = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=60, blank=True)
    needs_interpreter = models.BooleanField(default=False)
    equality_marking = models.CharField(max_length=12, choices=Marking.choices, default=Marking.RESTRICTED)

    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="owned_people")
    marking = models.CharField(max_length=12, choices=Marking.choices, default=Marking.PARTNERSHIP)
    sealed_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="sealed_people")
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text="Set when this record was merged into another; both are kept",
    )
    source = models.CharField(max_length=120, blank=True, help_text="Where the record came from, e.g. import:<source>")

    objects = PersonQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["date_of_birth"]),
            # Covers what an identity lookup reads of each person in its blocks (the index-tier marking filter and
            # the typed-name tie-break), so the lookup never reads the person's row: at 1,000,000 people this
            # halved the candidate fetch on SQLite (bench/lookup_latency.py, ADR 0005).
            models.Index(
                fields=["id", "marking", "owning_agency", "given_name", "family_name"], name="person_lookup_cover"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    def age_on(self, on: dt.date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        on = on or timezone.localdate()
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def disability_labels(self) -> list[str]:
        labels = dict(Disability.choices)
        return [labels.get(code, code) for code in self.disabilities]


class Address(TandemModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(
        max_length=10, blank=True, db_index=True, help_text="A valid UK postcode, normalised (e.g. WY3 4AB)"
    )
    postcode_as_supplied = models.CharField(
        max_length=20, blank=True, help_text="As typed or imported; kept for matching when it is not a valid postcode"
    )
    from_on = models.DateField(null=True, blank=True)
    to_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=120, blank=True)
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    marking = models.CharField(max_length=12, choices=Marking.choices, default=Marking.PARTNERSHIP)

    class Meta:
        ordering = ["-from_on"]

    def __str__(self) -> str:
        return ", ".join(
            p for p in (self.line_1, self.line_2, self.town, self.postcode or self.postcode_as_supplied) if p
        )

    @property
    def partial_postcode(self) -> str:
        """Outward code and the first character of the inward code, e.g. "WV3 4" — enough to tell people apart."""
        outward, _, inward = self.postcode.partition(" ")
        return f"{outward} {inward[:1]}".strip()


class InvolvementKind(models.TextChoices):
    FRONT_DOOR = "front-door", "Front door (open contact)"
    ASSESSMENT = "assessment", "Child and family assessment"
    CHILD_IN_NEED = "child-in-need", "Child in need"
    CHILD_PROTECTION = "child-protection", "Child protection"
    EXPLOITATION = "exploitation", "Exploitation pathway"
    EARLY_HELP = "early-help", "Early help"
    POLICE = "police", "Police investigation or safeguarding"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    YOUTH_JUSTICE = "youth-justice", "Youth justice"
    PROBATION = "probation", "Probation"
    VOLUNTARY = "voluntary", "Voluntary sector support"


class InvolvementQuerySet(models.QuerySet["Involvement"]):
    def open(self, on: dt.date | None = None) -> InvolvementQuerySet:
        on = on or timezone.localdate()
        return self.filter(opened_on__lte=on).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=on))


class Involvement(TandemModel):
    """An agency's (and usually a team's) open work with a person. Team members have a relationship while it is open."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="involvements")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="involvements")
    kind = models.CharField(max_length=20, choices=InvolvementKind.choices)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=80, blank=True, help_text="What opened it, e.g. contact:<id>")

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["person", "team"]), models.Index(fields=["team", "closed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.team or self.agency}"


class AllocationQuerySet(models.QuerySet["Allocation"]):
    def current(self, on: dt.date | None = None) -> AllocationQuerySet:
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Allocation(TandemModel):
    """A named worker allocated to a person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="allocations")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = AllocationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.worker} for {self.person_id}"


class RelationshipKind(models.TextChoices):
    HOUSEHOLD = "household", "Lives in the same household"
    PARENT = "parent", "Parent"
    SIBLING = "sibling", "Sibling"
    CARER = "carer", "Carer"
    PEER = "peer", "Peer or associate"
    PERSON_OF_CONCERN = "person-of-concern", "Person of concern"


class PersonLink(TandemModel):
    """A relationship between two people: `other` is `person`'s `kind` (for example, other is person's parent)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="linked_from")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    from_on = models.DateField(null=True, blank=True)
    to_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=120, blank=True)
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    marking = models.CharField(max_length=12, choices=Marking.choices, default=Marking.PARTNERSHIP)

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.other_id}"


class Note(TandemModel):
    """An entry on a person's record, with its own marking (restricted and sealed entries are common)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    marking = models.CharField(max_length=12, choices=Marking.choices, default=Marking.PARTNERSHIP)
    sealed_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="sealed_notes")

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"Note {self.pk}"


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", "Consent"
    SAFEGUARDING = (
        "dpa-sch1-para18",
        "Safeguarding of children and individuals at risk (DPA 2018 Schedule 1, paragraph 18)",
    )
    LAW_ENFORCEMENT = "dpa-sch8-para4", "Safeguarding, law enforcement processing (DPA 2018 Schedule 8, paragraph 4)"
    LEGITIMATE_INTEREST = (
        "recognised-legitimate-interest",
        "Recognised legitimate interest: safeguarding a vulnerable person",
    )
    STATUTORY_DUTY = "statutory-duty", "Statutory duty (Children Act 1989 and 2004)"


class FamilyInformed(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_YET = "not-yet", "Not yet"


class ShareQuerySet(models.QuerySet["Share"]):
    def active(self, at: dt.datetime | None = None) -> ShareQuerySet:
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, ends_at__gt=at, revoked_at__isnull=True)


class Share(TandemModel):
    """A recorded decision to share named information about a person with a person or agency, for a period.

    Golden rule 7: what, with whom, why, and the lawful basis — always — and, separately, whether the family was told
    and, if not, why.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shares")
    sections = models.JSONField(default=list)  # Section values
    notes = models.ManyToManyField(Note, blank=True, related_name="shares")
    to_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices)
    family_informed = models.CharField(max_length=10, choices=FamilyInformed.choices)
    family_not_informed_reason = models.TextField(blank=True)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=80, blank=True, help_text="What the share answers, e.g. check:<id>")

    objects = ShareQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(to_agency__isnull=False) | Q(to_user__isnull=False), name="share_has_a_recipient"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="share_ends_after_it_starts"),
            models.CheckConstraint(
                condition=~Q(family_informed="yes") | Q(family_not_informed_reason=""),
                name="share_reason_only_when_family_not_told",
            ),
        ]

    def __str__(self) -> str:
        return f"Share of {self.person_id}"


class Judgement(models.TextChoices):
    JUSTIFIED = "justified", "Justified"
    NOT_JUSTIFIED = "not-justified", "Not justified"
    REFERRED = "referred", "Referred for investigation"


class EmergencyAccessQuerySet(models.QuerySet["EmergencyAccess"]):
    def active(self, at: dt.datetime | None = None) -> EmergencyAccessQuerySet:
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, ends_at__gt=at)

    def awaiting_review(self) -> EmergencyAccessQuerySet:
        return self.filter(judgement="")


class EmergencyAccess(TandemModel):
    """Break-glass: time-limited access to a person's record without a relationship, with a typed reason.

    Every access under it is flagged; it appears in the owning agency's information governance review queue at once.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="emergency_accesses")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="emergency_accesses")
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    judgement = models.CharField(max_length=20, choices=Judgement.choices, blank=True)
    judgement_note = models.TextField(blank=True)
    judged_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField(null=True, blank=True)

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name_plural = "emergency accesses"

    def __str__(self) -> str:
        return f"Emergency access {self.pk}"


class NameKind(models.TextChoices):
    CURRENT = "current", "Current name"
    PREVIOUS = "previous", "Previous name"
    BIRTH = "birth", "Name at birth"
    ALIAS = "alias", "Alias"
    KNOWN_AS = "known-as", "Known as"


class PersonName(TandemModel):
    """Another name a person has or had: a previous or birth name, an alias, a known-as name, or the current name as
    another agency records it. The person's current name is on `Person` itself."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=10, choices=NameKind.choices)
    given_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    from_on = models.DateField(null=True, blank=True)
    to_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=120, blank=True, help_text="Where it came from, e.g. import:<source>")
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    marking = models.CharField(max_length=12, choices=Marking.choices, default=Marking.PARTNERSHIP)
    recorded_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "-from_on", "created_at"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_names, self.family_name) if p)


class PhoneKind(models.TextChoices):
    MOBILE = "mobile", "Mobile"
    HOME = "home", "Home"
    WORK = "work", "Work"
    OTHER = "other", "Other"


class PhoneNumber(TandemModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=20, help_text="Digits, with a leading + for international numbers")
    number_as_supplied = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=10, choices=PhoneKind.choices, default=PhoneKind.MOBILE)
    from_on = models.DateField(null=True, blank=True)
    to_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=120, blank=True)
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    marking = models.CharField(max_length=12, choices=Marking.choices, default=Marking.PARTNERSHIP)
    recorded_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.number


class PersonIdentifier(TandemModel):
    """An identifier an agency issued for a person, for a period: NHS number, unique pupil number, police and local
    authority ids, a record id in an imported file (`source`), or a scheme configured in
    `TANDEM_EXTRA_IDENTIFIER_SCHEMES`. `value` is the normalised form; `value_as_supplied` is kept for matching
    and provenance. `verified` is false for a value that passed its checksum but failed other rules (an NHS number
    outside the ranges the NHS issues)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=40)
    issuer = models.CharField(max_length=120, blank=True, help_text="Who issued it: a police force, a file source")
    value = models.CharField(max_length=60)
    value_as_supplied = models.CharField(max_length=120, blank=True)
    verified = models.BooleanField(default=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=120, blank=True)
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    marking = models.CharField(max_length=12, choices=Marking.choices, default=Marking.PARTNERSHIP)
    recorded_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["scheme", "issuer", "value"])]
        constraints = [
            # A file's record id names one person, for ever (re-running an import finds them by it).
            models.UniqueConstraint(
                fields=["scheme", "issuer", "value"], condition=Q(scheme="source"), name="source_id_names_one_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


class MatchEntry(models.Model):
    """A current person's normalised forms for identity matching (rebuilt whenever their identity data changes).

    `data` is the engine's normalised dict as compact JSON; `keys` the 64-bit hashes of the person's blocking keys
    (space-separated), so re-indexing deletes exactly the `MatchKey` rows it made."""

    id = models.BigAutoField(primary_key=True)
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="match_entry")
    data = models.TextField()
    keys = models.TextField()
    version = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"Match entry for {self.person_id}"


class MatchKey(models.Model):
    """A blocking key of a current person, as a 64-bit hash (`identity.key_hash`), with their `MatchEntry` id.
    `find_candidates` reads blocks through the primary key (key, entry), so every process on every machine sees a
    person as soon as the transaction that indexed them commits. No foreign key: the index is derived data, kept in
    step by `identity.reindex`."""

    pk = models.CompositePrimaryKey("key", "entry")
    key = models.BigIntegerField()
    entry = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.key}:{self.entry}"


class IdentitySearch(TandemModel):
    """A record that `find_candidates` ran for a description, so a new person can be created only after a search."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    description = models.JSONField()
    candidate_ids = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"Identity search {self.pk}"


class MatchModelVersion(models.Model):
    """A matching model estimated from the register (`manage.py estimate_match_model`); the newest active one is used
    by `identity.model()`, otherwise the engine's shipped default."""

    version = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    model_json = models.TextField()
    register_size = models.PositiveIntegerField(default=0)
    confirmed_pairs = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Match model {self.version}"


class ReviewOrigin(models.TextChoices):
    IMPORT = "import", "File import"
    DEDUPE = "dedupe", "Duplicate check of the register"
    FRONT_DOOR = "front-door", "Front door"
    PRACTITIONER = "practitioner", "Raised by a practitioner"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Waiting for a decision"
    UNSURE = "unsure", "Not sure yet"
    SAME = "same", "Same person"
    DIFFERENT = "different", "Different people"


class MatchReview(TandemModel):
    """Two records the matching engine could not tell apart: a person decides. `person_a` sorts before `person_b`.

    Decided pairs are labelled examples for `estimate_match_model --train` (their normalised forms at the time of the
    decision are kept in `labelled_pair`)."""

    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(max_length=20, choices=ReviewOrigin.choices)
    source = models.CharField(max_length=200, blank=True, help_text="e.g. import:<source> row 12, contact:<id>")
    probability = models.FloatField()
    match_weight = models.FloatField(default=0.0)
    decision = models.CharField(max_length=10, help_text="The engine's decision: match or review")
    explanation = models.TextField(blank=True)
    guards = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    decided_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    labelled_pair = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-probability", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_a", "person_b"],
                condition=Q(status__in=["open", "unsure"]),
                name="one_waiting_review_per_pair",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Review {self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status in (ReviewStatus.OPEN, ReviewStatus.UNSURE)


class Merge(TandemModel):
    """A decision that two records are the same person. Non-destructive: `merged` is marked superseded by
    `survivor`, both are kept, and nothing is moved. `snapshot` holds both records' own data at merge time so an
    unmerge restores them exactly; items attached to the survivor after the merge are listed for a practitioner to
    assign (`assignments`: model label → id → person id)."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_received")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_given")
    review = models.ForeignKey(MatchReview, null=True, blank=True, on_delete=models.PROTECT, related_name="merges")
    reason = models.TextField(blank=True)
    snapshot = models.JSONField()
    merged_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField()
    unmerged_by = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unmerged_at = models.DateTimeField(null=True, blank=True)
    unmerge_reason = models.TextField(blank=True)
    to_assign = models.JSONField(default=list, help_text="Items added to the survivor after the merge: [label, id]")
    assignments = models.JSONField(default=dict)

    class Meta:
        ordering = ["-merged_at"]
        constraints = [
            models.UniqueConstraint(fields=["merged"], condition=Q(unmerged_at__isnull=True), name="merged_once")
        ]

    def __str__(self) -> str:
        return f"Merge of {self.merged_id} into {self.survivor_id}"

    @property
    def is_current(self) -> bool:
        return self.unmerged_at is None
