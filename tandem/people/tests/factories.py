from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import AgencyFactory
from tandem.people.codes import Marking
from tandem.people.models import Address, Allocation, Involvement, Note, Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Alex{n}")
    family_name = factory.Sequence(lambda n: f"Testperson{n}")
    date_of_birth = dt.date(2010, 3, 14)
    owning_agency = factory.SubFactory(AgencyFactory)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    person = factory.SubFactory(PersonFactory)
    line_1 = "1 Mill Lane"
    town = "Wyvern Vale"
    postcode = "WY3 4AB"
    owning_agency = factory.SelfAttribute("person.owning_agency")


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    person = factory.SubFactory(PersonFactory)
    owning_agency = factory.SelfAttribute("person.owning_agency")
    text = factory.Sequence(lambda n: f"Note number {n}")
    marking = Marking.PARTNERSHIP


def allocated_child(membership: Membership, **person_kwargs: object) -> Person:
    """A child allocated to the membership's user, owned by the membership's agency."""
    person: Person = PersonFactory(owning_agency=membership.agency, **person_kwargs)
    Allocation.objects.create(
        person=person, worker=membership.user, team=membership.team, starts_on=timezone.localdate()
    )
    return person


def involve(person: Person, membership: Membership, kind: str = "child-in-need") -> Involvement:
    return Involvement.objects.create(
        person=person, agency=membership.agency, team=membership.team, kind=kind, opened_on=timezone.localdate()
    )
