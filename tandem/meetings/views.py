"""Pages for strategy discussions, section 47 enquiries and the manager's view of today.

Each view: access (tandem.meetings.access), then the form, then the action, then a redirect (or the page again with
the errors, or both versions side by side when someone else saved first).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tandem.accounts import roles
from tandem.accounts.models import Membership
from tandem.accounts.policies import PRACTITIONER, requires
from tandem.accounts.requests import ActingRequest
from tandem.audit import record as audit
from tandem.core import versioning
from tandem.govuk.formatting import govuk_date, govuk_datetime
from tandem.language import advice_for, advise
from tandem.meetings import access, actions, forms, today
from tandem.meetings.models import Participant, StrategyDiscussion
from tandem.meetings.policies import MANAGER
from tandem.people import access as people_access
from tandem.people import identity
from tandem.people.matching import PersonDescription
from tandem.people.models import IdentitySearch

SAVED_KEY = "tandem_meetings_saved"
PERPETRATOR_PURPOSE = "Naming an alleged perpetrator at a strategy discussion"
LEAD_ROLES = frozenset({"social-worker", "team-manager", "exploitation-lead", "front-door-practitioner"})


def _version(request: ActingRequest) -> int:
    return versioning.parse_version(request.POST.get("version")) or 0


def _display(name: str, value: Any) -> str:
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return govuk_datetime(value)
    if isinstance(value, dt.date):
        return govuk_date(value)
    if isinstance(value, Membership):
        return str(value.user.display_name)
    return str(value)


def _yes(value: str) -> bool:
    return value == "yes"


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _detail(discussion_id: Any) -> str:
    return reverse("meetings:discussion_detail", args=[discussion_id])


def _saved_with_advice(
    request: ActingRequest,
    *,
    form: Any,
    texts: tuple[str, ...],
    child_age: int | None,
    continue_url: str,
    about: tuple[Any, str, str],
) -> HttpResponse | None:
    """After saving: if any free text has language advice, a redirect to the page that shows it (advice only: what was
    typed is saved as it is), so that refreshing it never sends the form again; else None. `about` is the child the
    text is about (person id, relationship, section), disclosed when the page shows the text."""
    advice = advice_for(form, texts, child_age=child_age)
    entries = [
        [str(form.fields[name].label), str(form.cleaned_data.get(name, ""))] for name, found in advice.items() if found
    ]
    if not entries:
        return None
    person_id, relationship, section = about
    request.session[SAVED_KEY] = {
        "entries": entries,
        "child_age": child_age,
        "continue": continue_url,
        "person": str(person_id),
        "relationship": relationship,
        "section": section,
    }
    return HttpResponseRedirect(reverse("meetings:saved"))


def _local(url: object) -> str:
    text = str(url or "")
    return text if text.startswith("/") and not text.startswith("//") else reverse("home")


@requires(PRACTITIONER)
@require_GET
def saved(request: ActingRequest) -> HttpResponse:
    """ "Saved: check your wording": the advice on what this user has just saved, with Continue."""
    kept = request.session.get(SAVED_KEY)
    if not kept:
        return HttpResponseRedirect(reverse("home"))
    age = kept.get("child_age")
    entries = [(label, text, advise(text, child_age=age)) for label, text in kept["entries"]]
    audit.disclose(request, kept["person"], sections=[kept["section"]], relationship=kept["relationship"])
    response = render(
        request,
        "meetings/saved_advice.html",
        {
            "entries": entries,
            "continue_url": _local(kept.get("continue")),
            "child_age": age,
            "official_sensitive": True,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------------------------------
# The manager's view of today


@requires(MANAGER)
@require_GET
def today_view(request: ActingRequest) -> HttpResponse:
    work = today.today_for(request)
    return render(request, "meetings/today.html", {"work": work, "official_sensitive": True})


# ---------------------------------------------------------------------------------------------------------------------
# Convening and the record


@requires(MANAGER)
@require_http_methods(["GET", "POST"])
def discussion_new(request: ActingRequest) -> HttpResponse:
    """Convene a strategy discussion: from a threshold decision (`?decision=`) or for a child (`?person=`)."""
    decision_id, person_id = request.GET.get("decision"), request.GET.get("person")
    if not decision_id and not person_id:
        raise Http404("Convene a strategy discussion from a decision or a child’s record")
    target = access.convene_target(request, decision_id=decision_id, person_id=person_id)
    form = forms.ConveneForm(request.POST or None, needs_referral_date=target.decision is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            discussion = actions.convene_discussion(
                person=target.person,
                decision=target.decision,
                meeting_at=form.meeting_at(),
                mode=data["mode"],
                reason=data["reason"],
                referral_on=data.get("referral_on"),
                by=request.acting,
            )
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, "The strategy discussion has been convened. Invite police and health.")
            following = _detail(discussion.pk)
            shown = _saved_with_advice(
                request,
                form=form,
                texts=("reason",),
                child_age=target.person.age_on(),
                continue_url=following,
                about=(target.person.pk, target.relationship, access.Section.DISCUSSION),
            )
            return shown or HttpResponseRedirect(following)
    previous = list(
        StrategyDiscussion.objects.filter(person_id=target.person.pk).order_by("meeting_at").only("pk", "meeting_at")
    )
    query = f"?decision={target.decision.pk}" if target.decision is not None else f"?person={target.person.pk}"
    return render(
        request,
        "meetings/discussion_new.html",
        {
            "form": form,
            "person": target.person,
            "decision": target.decision,
            "previous": previous,
            "action_url": reverse("meetings:discussion_new") + query,
            "child_age": target.person.age_on(),
            "official_sensitive": True,
        },
    )


@requires(PRACTITIONER)
@require_GET
def discussion_detail(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    found = access.get_discussion_for(request, discussion_id)
    context = {"record": found, "d": found.discussion, "now": timezone.now(), "official_sensitive": True}
    if request.htmx:
        return render(request, "meetings/_information.html", context)
    return render(request, "meetings/discussion_detail.html", context)


@requires(PRACTITIONER)
@require_GET
def discussion_record(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    """The record as a text file, as this viewer may see it (what the distribution sends)."""
    found = access.get_discussion_for(request, discussion_id)
    audit.set_channel(request, "export")
    audit.set_purpose(request, "Strategy discussion record downloaded")
    text = render_to_string("meetings/record.txt", {"record": found, "d": found.discussion}, request=request)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="strategy-discussion-{found.id}.txt"'
    return response


DETAIL_LABELS = {
    "meeting_at": "Date and time",
    "mode": "How it is held",
    "reason": "Why significant harm is suspected",
    "risks_to_child": "Risks to the child",
    "risks_to_others": "Risks to other children",
}


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def discussion_edit(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    found = access.get_discussion_for(request, discussion_id, to=access.MANAGE)
    d = found.discussion
    if d.is_distributed:
        raise Http404("The record has been distributed")
    local = timezone.localtime(d.meeting_at)
    initial = {
        "meeting_on": local.date(),
        "meeting_time": f"{local:%H:%M}",
        "mode": d.mode,
        "reason": d.reason,
        "risks_to_child": d.risks_to_child,
        "risks_to_others": d.risks_to_others,
    }
    form = forms.DetailsForm(request.POST or None, initial=initial)
    conflict = None
    version = d.version
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            "meeting_at": form.meeting_at(),
            **{k: data[k] for k in ("mode", "reason", "risks_to_child", "risks_to_others")},
        }
        try:
            actions.update_discussion(d, expected_version=_version(request), changes=changes, by=request.acting)
        except versioning.StaleVersion as stale:
            conflict = versioning.differences(stale.current, changes, DETAIL_LABELS, display=_display)
            version = stale.current.version if stale.current is not None else version
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, "The discussion has been updated")
            following = _detail(d.pk)
            shown = _saved_with_advice(
                request,
                form=form,
                texts=("reason", "risks_to_child", "risks_to_others"),
                child_age=found.child.age,
                continue_url=following,
                about=(d.person_id, found.relationship, access.Section.DISCUSSION),
            )
            return shown or HttpResponseRedirect(following)
    return render(
        request,
        "meetings/discussion_edit.html",
        {
            "record": found,
            "d": d,
            "form": form,
            "conflict": conflict,
            "version": version,
            "child_age": found.child.age,
            "official_sensitive": True,
        },
    )


# ---------------------------------------------------------------------------------------------------------------------
# Who takes part


def invitable(discussion: StrategyDiscussion) -> list[tuple[str, str]]:
    invited = Participant.objects.filter(discussion=discussion, membership__isnull=False).values("membership_id")
    people = (
        Membership.objects.current()
        .filter(role__in=roles.PRACTITIONERS, user__is_active=True, agency__is_active=True)
        .exclude(pk__in=invited)
        .select_related("user", "agency", "team")
        .order_by("agency__name", "user__last_name", "user__first_name")
    )
    return [(str(m.pk), f"{m.user.display_name} – {m.get_role_display()}, {m.agency.name}") for m in people]


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def participant_add(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    found = access.get_discussion_for(request, discussion_id, to=access.MANAGE)
    d = found.discussion
    if d.is_distributed:
        raise Http404("The record has been distributed")
    form = forms.InviteForm(request.POST or None, people=invitable(d))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["membership"]:
                membership = Membership.objects.select_related("user", "agency").get(pk=int(data["membership"]))
                participant = actions.invite(d, membership=membership, by=request.acting)
            else:
                participant = actions.invite(
                    d,
                    name=data["name"],
                    job_title=data["job_title"],
                    organisation=data["organisation"],
                    agency_kind=data["agency_kind"],
                    email=data["email"],
                    by=request.acting,
                )
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, f"{participant.name} ({participant.organisation}) has been invited")
            return HttpResponseRedirect(_detail(d.pk))
    return render(
        request,
        "meetings/participant_add.html",
        {"record": found, "d": d, "form": form, "official_sensitive": True},
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def attendance(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    found = access.get_discussion_for(request, discussion_id, to=access.MANAGE)
    d = found.discussion
    if d.is_distributed:
        raise Http404("The record has been distributed")
    choices = [(str(p.pk), f"{p.name} – {p.organisation}") for p in found.participants]
    initial = {"attended": [str(p.pk) for p in found.participants if p.attended or (p.is_chair and p.attended is None)]}
    form = forms.AttendanceForm(request.POST or None, participants=choices, initial=initial)
    conflict = None
    version = d.version
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["attended"])
        try:
            actions.record_attendance(d, expected_version=_version(request), attended=chosen, by=request.acting)
        except versioning.StaleVersion as stale:
            saved = ", ".join(p.name for p in Participant.objects.filter(discussion=d, attended=True))
            yours = ", ".join(p.name for p in found.participants if str(p.pk) in chosen)
            conflict = [versioning.Difference("attended", "Who took part", saved or "Not recorded", yours)]
            version = stale.current.version if stale.current is not None else version
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, "Attendance has been recorded")
            return HttpResponseRedirect(_detail(d.pk))
    return render(
        request,
        "meetings/attendance.html",
        {"record": found, "d": d, "form": form, "conflict": conflict, "version": version, "official_sensitive": True},
    )


# ---------------------------------------------------------------------------------------------------------------------
# Information, alleged perpetrators and actions


INFORMATION_TEXTS = ("information", "sanitised_summary", "handling_conditions", "family_not_informed_reason")


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def information_add(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    found = access.get_discussion_for(request, discussion_id, to=access.CONTRIBUTE)
    d = found.discussion
    membership = request.acting
    police = membership.agency.kind == "police"
    without_account = (
        [(str(p.pk), f"{p.name}, {p.organisation}") for p in found.participants if not p.has_account]
        if found.may_manage
        else []
    )
    form = forms.InformationForm(request.POST or None, police=police, without_account=without_account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        on_behalf = None
        if data.get("on_behalf_of"):
            on_behalf = next((p for p in found.participants if str(p.pk) == data["on_behalf_of"]), None)
        try:
            actions.add_information(
                d,
                information=data["information"],
                source=data["source"],
                marking=data["marking"],
                sanitised_summary=data["sanitised_summary"],
                is_intelligence=bool(data.get("is_intelligence")),
                source_evaluation=data.get("source_evaluation") or "",
                intelligence_assessment=data.get("intelligence_assessment") or "",
                handling_code=data.get("handling_code") or "",
                handling_conditions=data.get("handling_conditions") or "",
                lawful_basis=data["lawful_basis"],
                family_informed=data["family_informed"],
                family_not_informed_reason=data["family_not_informed_reason"],
                on_behalf_of=on_behalf,
                by=membership,
            )
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, "The information has been recorded and shared")
            following = _detail(d.pk)
            shown = _saved_with_advice(
                request,
                form=form,
                texts=tuple(t for t in INFORMATION_TEXTS if t in form.fields),
                child_age=found.child.age,
                continue_url=following,
                about=(d.person_id, found.relationship, access.Section.DISCUSSION),
            )
            return shown or HttpResponseRedirect(following)
    return render(
        request,
        "meetings/information_add.html",
        {
            "record": found,
            "d": d,
            "form": form,
            "police": police,
            "texts": INFORMATION_TEXTS,
            "child_age": found.child.age,
            "official_sensitive": True,
        },
    )


def _description(form: forms.PerpetratorSearchForm) -> PersonDescription:
    data = form.cleaned_data
    born = data.get("date_of_birth")
    return PersonDescription(
        given_names=(data["given_name"],) if data.get("given_name") else (),
        family_names=(data["family_name"],),
        date_of_birth=born,
        dob_precision="day" if born else "unknown",
        postcodes=(data["postcode"],) if data.get("postcode") else (),
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def perpetrator_add(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    """Search the register for the alleged perpetrator, then link the record found, or add a new one."""
    found = access.get_discussion_for(request, discussion_id, to=access.CONTRIBUTE)
    d = found.discussion
    membership = request.acting
    search_form = forms.PerpetratorSearchForm(request.POST or None)
    detail_form = forms.PerpetratorForm(request.POST if request.POST.get("step") == "choose" else None)
    candidates = None
    search_id = ""
    error = ""
    if request.method == "POST" and search_form.is_valid():
        if request.POST.get("step") == "choose" and detail_form.is_valid():
            search = IdentitySearch.objects.filter(
                pk=_uuid(request.POST.get("search_id")) or uuid.UUID(int=0),
                membership=membership,
                created_at__gte=timezone.now() - actions.people_actions.SEARCH_VALID_FOR,
            ).first()
            choice = request.POST.get("choice", "")
            try:
                if search is None:
                    raise ValidationError("Search the register again: the search has expired")
                if choice == "new":
                    data = search_form.cleaned_data
                    named = actions.add_alleged_perpetrator(
                        d,
                        concern=detail_form.cleaned_data["concern"],
                        marking=detail_form.cleaned_data["marking"],
                        new_person={
                            "given_name": data.get("given_name") or "",
                            "family_name": data["family_name"],
                            "date_of_birth": data.get("date_of_birth"),
                            "postcode": data.get("postcode") or "",
                        },
                        after_search=search.pk,
                        by=membership,
                    )
                elif choice and choice in search.candidate_ids:
                    allowed = (
                        people_access.index_searchable(membership)
                        if people_access.may_search_index(membership)
                        else people_access.visible_to(membership)
                    )
                    person = allowed.filter(pk=choice).first()
                    if person is None:
                        raise ValidationError("That record is no longer available: search again")
                    named = actions.add_alleged_perpetrator(
                        d,
                        concern=detail_form.cleaned_data["concern"],
                        marking=detail_form.cleaned_data["marking"],
                        person=person,
                        by=membership,
                    )
                else:
                    raise ValidationError("Select the person’s record, or add them as a new person")
            except ValidationError as failure:
                error = failure.messages[0]
            else:
                messages.success(request, f"{named.person.full_name} has been named as an alleged perpetrator")
                return HttpResponseRedirect(_detail(d.pk))
        result = identity.find_candidates(_description(search_form), by=request, purpose=PERPETRATOR_PURPOSE)
        candidates = result.candidates
        search_id = str(result.search_id)
    return render(
        request,
        "meetings/perpetrator_add.html",
        {
            "record": found,
            "d": d,
            "form": search_form,
            "detail_form": detail_form,
            "extra_forms": [detail_form] if detail_form.is_bound else [],
            "candidates": candidates,
            "search_id": search_id,
            "error": error,
            "page_error": bool(error),
            "official_sensitive": True,
        },
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def action_add(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    found = access.get_discussion_for(request, discussion_id, to=access.MANAGE)
    d = found.discussion
    if d.is_distributed:
        raise Http404("The record has been distributed")
    owners = [(str(p.membership_id), f"{p.name} – {p.organisation}") for p in found.participants if p.membership_id]
    form = forms.ActionForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = None
        if data["owner"]:
            owner = next((p.membership for p in found.participants if str(p.membership_id) == data["owner"]), None)
        try:
            actions.add_action(
                d,
                description=data["description"],
                due_on=data["due_on"],
                owner=owner,
                owner_name=data["owner_name"],
                owner_organisation=data["owner_organisation"],
                by=request.acting,
            )
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, "The action has been added")
            return HttpResponseRedirect(_detail(d.pk))
    return render(
        request, "meetings/action_add.html", {"record": found, "d": d, "form": form, "official_sensitive": True}
    )


# ---------------------------------------------------------------------------------------------------------------------
# The decision, the enquiry it starts, and the distribution


DECISION_LABELS = {
    "section_47": "Section 47 enquiry",
    "investigation": "Single-agency or joint",
    "decision_rationale": "Reasons for the decision",
    "immediate_protection": "Immediate action to protect the child",
    "medical_needed": "Medical assessment needed",
    "nrm": "National Referral Mechanism",
    "disruption": "Disruption",
    "decided_by": "Decided by",
}
DECISION_TEXTS = (
    "decision_rationale",
    "immediate_protection",
    "medical_plan",
    "nrm_note",
    "disruption",
    "enquiry_plan",
)


def lead_choices(discussion: StrategyDiscussion) -> list[tuple[str, str]]:
    people = (
        Membership.objects.current()
        .filter(agency_id=discussion.agency_id, role__in=LEAD_ROLES, user__is_active=True)
        .select_related("user", "team")
        .order_by("user__last_name", "user__first_name")
    )
    return [
        (str(m.pk), f"{m.user.display_name} – {m.get_role_display()}{', ' + m.team.name if m.team else ''}")
        for m in people
    ]


def _lead(value: str, discussion: StrategyDiscussion) -> Membership | None:
    if not value:
        return None
    return (
        Membership.objects.current()
        .select_related("user", "agency", "team")
        .filter(pk=int(value), agency_id=discussion.agency_id, role__in=LEAD_ROLES)
        .first()
    )


def _decision_initial(d: StrategyDiscussion) -> dict[str, Any]:
    if not d.is_held:
        return {}
    return {
        "section_47": "yes" if d.section_47 else "no",
        "investigation": d.investigation,
        "enquiry_plan": d.enquiry_plan,
        "decision_rationale": d.decision_rationale,
        "immediate_protection": d.immediate_protection,
        "medical_needed": "yes" if d.medical_needed else "no",
        "medical_plan": d.medical_plan,
        "nrm": d.nrm,
        "nrm_note": d.nrm_note,
        "disruption": d.disruption,
    }


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def decision(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    found = access.get_discussion_for(request, discussion_id, to=access.MANAGE)
    d = found.discussion
    if d.is_distributed:
        raise Http404("The record has been distributed")
    leads = lead_choices(d)
    form = forms.DecisionForm(request.POST or None, leads=leads, initial=_decision_initial(d))
    conflict = None
    version = d.version
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            "section_47": _yes(data["section_47"]),
            "investigation": data["investigation"],
            "decision_rationale": data["decision_rationale"],
            "immediate_protection": data["immediate_protection"],
            "medical_needed": _yes(data["medical_needed"]),
            "medical_plan": data["medical_plan"],
            "nrm": data["nrm"],
            "nrm_note": data["nrm_note"],
            "disruption": data["disruption"],
            "enquiry_plan": data["enquiry_plan"],
        }
        try:
            actions.record_decision(
                d,
                expected_version=_version(request),
                lead=_lead(data["lead"], d) if values["section_47"] else None,
                police_lead_name=data["police_lead_name"],
                by=request.acting,
                **values,
            )
        except versioning.StaleVersion as stale:
            conflict = versioning.differences(
                stale.current, {**values, "decided_by": request.acting}, DECISION_LABELS, display=_display
            )
            version = stale.current.version if stale.current is not None else version
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, "The decision has been recorded")
            following = _detail(d.pk)
            shown = _saved_with_advice(
                request,
                form=form,
                texts=DECISION_TEXTS,
                child_age=found.child.age,
                continue_url=following,
                about=(d.person_id, found.relationship, access.Section.DISCUSSION),
            )
            return shown or HttpResponseRedirect(following)
    return render(
        request,
        "meetings/decision.html",
        {
            "record": found,
            "d": d,
            "form": form,
            "conflict": conflict,
            "version": version,
            "texts": DECISION_TEXTS,
            "child_age": found.child.age,
            "official_sensitive": True,
        },
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def enquiry_new(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    """Start the section 47 enquiry the discussion decided on, when the lead was not named with the decision."""
    found = access.get_discussion_for(request, discussion_id, to=access.MANAGE)
    d = found.discussion
    if found.enquiry is not None:
        return HttpResponseRedirect(reverse("meetings:enquiry_detail", args=[found.enquiry.pk]))
    if d.section_47 is not True:
        raise Http404("The discussion did not decide on a section 47 enquiry")
    form = forms.StartEnquiryForm(request.POST or None, leads=lead_choices(d))
    if request.method == "POST" and form.is_valid():
        lead = _lead(form.cleaned_data["lead"], d)
        try:
            if lead is None:
                raise ValidationError("Select the lead social worker")
            enquiry = actions.start_section_47(
                d, lead=lead, police_lead_name=form.cleaned_data["police_lead_name"], by=request.acting
            )
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, "The section 47 enquiry has started")
            return HttpResponseRedirect(reverse("meetings:enquiry_detail", args=[enquiry.pk]))
    return render(
        request, "meetings/enquiry_new.html", {"record": found, "d": d, "form": form, "official_sensitive": True}
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def distribute(request: ActingRequest, discussion_id: uuid.UUID) -> HttpResponse:
    found = access.get_discussion_for(request, discussion_id, to=access.MANAGE)
    d = found.discussion
    error = ""
    if request.method == "POST":
        try:
            actions.distribute_record(d, expected_version=_version(request), by=request.acting)
        except versioning.StaleVersion:
            error = "Someone changed the record since you opened this page. Check it again before distributing it."
            found = access.get_discussion_for(request, discussion_id, to=access.MANAGE)
            d = found.discussion
        except ValidationError as failure:
            error = failure.messages[0]
        else:
            messages.success(request, "The record has been distributed to everyone who attended")
            return HttpResponseRedirect(_detail(d.pk))
    return render(
        request,
        "meetings/distribute.html",
        {
            "record": found,
            "d": d,
            "now": timezone.now(),
            "error": error,
            "page_error": bool(error),
            "official_sensitive": True,
        },
    )


# ---------------------------------------------------------------------------------------------------------------------
# Section 47 enquiries


@requires(PRACTITIONER)
@require_GET
def enquiry_detail(request: ActingRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    found = access.get_enquiry_for(request, enquiry_id)
    return render(
        request,
        "meetings/enquiry_detail.html",
        {"record": found, "e": found.enquiry, "today": timezone.localdate(), "official_sensitive": True},
    )


CHILD_SEEN_LABELS = {
    "child_seen_on": "Date seen",
    "seen_alone": "Seen alone",
    "child_words": "The child’s words",
}


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def child_seen(request: ActingRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    found = access.get_enquiry_for(request, enquiry_id, to=access.EDIT)
    e = found.enquiry
    if not e.is_open:
        raise Http404("This enquiry has concluded")
    initial = (
        {"seen_on": e.child_seen_on, "seen_alone": "yes" if e.seen_alone else "no", "child_words": e.child_words}
        if e.child_seen
        else {}
    )
    form = forms.ChildSeenForm(request.POST or None, initial=initial)
    conflict = None
    version = e.version
    age = found.child_age
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_child_seen(
                e,
                expected_version=_version(request),
                seen_on=data["seen_on"],
                seen_alone=_yes(data["seen_alone"]),
                child_words=data["child_words"],
                by=request.acting,
            )
        except versioning.StaleVersion as stale:
            submitted = {
                "child_seen_on": data["seen_on"],
                "seen_alone": _yes(data["seen_alone"]),
                "child_words": data["child_words"],
            }
            conflict = versioning.differences(stale.current, submitted, CHILD_SEEN_LABELS, display=_display)
            version = stale.current.version if stale.current is not None else version
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, "The child seen has been recorded")
            following = reverse("meetings:enquiry_detail", args=[e.pk])
            shown = _saved_with_advice(
                request,
                form=form,
                texts=("child_words",),
                child_age=age,
                continue_url=following,
                about=(e.person_id, found.relationship, access.Section.ENQUIRY),
            )
            return shown or HttpResponseRedirect(following)
    return render(
        request,
        "meetings/child_seen.html",
        {
            "record": found,
            "e": e,
            "form": form,
            "conflict": conflict,
            "version": version,
            "child_age": age,
            "advice": advice_for(form, ["child_words"], child_age=age) if form.is_bound else {},
            "official_sensitive": True,
        },
    )


ENQUIRY_LABELS = {
    "parents_seen": "Parents and carers seen",
    "other_children": "Other children in the household",
    "police_lead_name": "Police lead",
    "outcome": "Outcome",
    "conference_needed": "Conference needed",
    "conference_reason": "Why",
}
ENQUIRY_TEXTS = ("parents_seen", "other_children", "conference_reason")


def _enquiry_changes(data: Mapping[str, Any]) -> dict[str, Any]:
    needed = data.get("conference_needed")
    return {
        "parents_seen": data["parents_seen"],
        "other_children": data["other_children"],
        "police_lead_name": data["police_lead_name"],
        "outcome": data.get("outcome") or "",
        "conference_needed": None if not needed else needed == "yes",
        "conference_reason": data["conference_reason"],
    }


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def enquiry_update(request: ActingRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    found = access.get_enquiry_for(request, enquiry_id, to=access.EDIT)
    e = found.enquiry
    if not e.is_open:
        raise Http404("This enquiry has concluded")
    initial = {
        "parents_seen": e.parents_seen,
        "other_children": e.other_children,
        "police_lead_name": e.police_lead_name,
        "outcome": e.outcome,
        "conference_needed": "" if e.conference_needed is None else ("yes" if e.conference_needed else "no"),
        "conference_reason": e.conference_reason,
    }
    form = forms.EnquiryForm(request.POST or None, initial=initial)
    conflict = None
    version = e.version
    if request.method == "POST" and form.is_valid():
        changes = _enquiry_changes(form.cleaned_data)
        try:
            actions.update_enquiry(e, expected_version=_version(request), changes=changes, by=request.acting)
        except versioning.StaleVersion as stale:
            conflict = versioning.differences(stale.current, changes, ENQUIRY_LABELS, display=_display)
            version = stale.current.version if stale.current is not None else version
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, "The enquiry has been updated")
            following = reverse("meetings:enquiry_detail", args=[e.pk])
            shown = _saved_with_advice(
                request,
                form=form,
                texts=ENQUIRY_TEXTS,
                child_age=found.child_age,
                continue_url=following,
                about=(e.person_id, found.relationship, access.Section.ENQUIRY),
            )
            return shown or HttpResponseRedirect(following)
    return render(
        request,
        "meetings/enquiry_update.html",
        {
            "record": found,
            "e": e,
            "form": form,
            "conflict": conflict,
            "version": version,
            "texts": ENQUIRY_TEXTS,
            "child_age": found.child_age,
            "official_sensitive": True,
        },
    )
