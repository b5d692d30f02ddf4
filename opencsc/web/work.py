"""Pages about the day's work that compose several apps: My work, the front door's queue, the team page."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc import versions
from opencsc.access import policy
from opencsc.access.gate import require
from opencsc.access.policy import is_restricted_from, name_for_lists
from opencsc.casework import services
from opencsc.casework.forms import ReallocateForm, TakeReferralForm
from opencsc.casework.journey_views import action_url
from opencsc.casework.models import Allocation, Authorisation, MeetingBooking
from opencsc.casework.selectors import (
    STATUS_LABELS,
    caseload_weights,
    front_door_queue,
    referrals_awaiting_allocation,
    takes_referrals,
    team_caseloads,
    waiting_for,
)
from opencsc.casework.selectors import my_work as read_my_work
from opencsc.codes.lists import AllocationKind
from opencsc.staff.models import CASE_HOLDING_ROLES, FAMILY_HELP_LEADS, Professional
from opencsc.web.step_pages import save_step


def my_work(request):
    from django.utils import timezone as tz


    me = getattr(request.user, "professional", None)
    children, groups, next_due = read_my_work(me) if me else ([], {"overdue": [], "this week": [], "coming up": []}, {})
    name_for_lists(request.user, list(children) + [child for items in groups.values() for child, _ in items])

    groups = {key: [(child, item, action_url(item, request.path)) for child, item in items] for key, items in groups.items()}
    to_authorise = list(waiting_for(me)) if me and me.role.manages_team else []
    returned = list(Authorisation.objects.filter(requested_by=me, decision="returned").select_related("child", "decided_by")) if me else []
    name_for_lists(request.user, [r.child for r in to_authorise + returned])
    waiting = []
    if me and me.role.manages_team:

        waiting = referrals_awaiting_allocation() if takes_referrals(me.team) else []
    # Meetings booked in the coming weeks that this worker chairs, booked, or that are about their children.
    booked = list(MeetingBooking.objects.filter(Q(chair=me) | Q(recorded_by=me) | Q(child_id__in=[c.pk for c in children]),
                                                held_on__isnull=True, cancelled_at__isnull=True,
                                                starts_at__gte=tz.now() - timedelta(days=1)).select_related("child", "chair")
                  .order_by("starts_at")[:30]) if me else []
    name_for_lists(request.user, [b.child for b in booked])
    return render(request, "casework/my_work.html", {
        "booked": booked,
        # Who allocates is said only to those allocated work; a manager allocates; others are not allocated children.
        "holds_cases": me is not None and me.role.code in FAMILY_HELP_LEADS and not me.role.manages_team,
        "manages": me is not None and me.role.manages_team,
        "to_authorise": to_authorise, "returned": returned, "waiting_referrals": len(waiting),
        "waiting_overdue": sum(1 for w in waiting if w.overdue),
        "children": [(c, next_due.get(c.pk)) for c in children], "groups": groups, "today": tz.localdate(),
        "sections": [("overdue", "Overdue"), ("this week", "Due this week"), ("coming up", "Coming up (next 4 weeks, and work in progress)")],
    })


def front_door(request):

    require(request, "front_door", "the front door queue")
    queue = front_door_queue()
    accepted = referrals_awaiting_allocation()  # still the front door's until a team takes them
    hidden = is_restricted_from(request.user, {w.contact.child_id for w in queue} | {w.child.pk for w in accepted})
    for waiting in queue:
        waiting.name_hidden = waiting.contact.child_id in hidden
    for referral in accepted:
        referral.name_hidden = referral.child.pk in hidden
    return render(request, "casework/front_door.html", {"queue": queue, "overdue": sum(1 for w in queue if w.overdue),
                                                        "urgent": sum(1 for w in queue if w.contact.urgency_rank == 0),
                                                        "urgent_label": settings.CONTACT_URGENCY_LEVELS[0][1].split(":")[0],
                                                        "waiting": accepted})


def team(request):


    # A senior practitioner deputises: the team page, read-only (allocating stays the manager's).
    read_only = not policy.can(request.user, "manages_team") and policy.deputises(request.user)
    if not read_only or request.method == "POST":
        require(request, "manages_team", "the team page" if not read_only else "change the team's allocations")
    me = request.user.professional
    if me.team is None:
        return render(request, "casework/team.html", {"no_team": True})
    loads = team_caseloads(me.team)
    for load in loads:  # each overdue item with the form that clears it, coming back here
        load.overdue_links = [(child, item, action_url(item, request.path)) for child, item in load.overdue_items]
    children = sorted({c for load in loads for c in load.children}, key=lambda c: c.full_name)
    # Only teams that take referrals see those waiting (with their need): others have no need to know.
    waiting = referrals_awaiting_allocation() if takes_referrals(me.team) else []
    name_for_lists(request.user, children + [w.child for w in waiting])
    # Only those who hold cases are offered (business support are not).
    workers = list(Professional.objects.filter(team=me.team, role_id__in=CASE_HOLDING_ROLES).order_by("name"))
    taking = request.method == "POST" and request.POST.get("take-action") == "take"
    def allocations(lock=False):  # the team's allocations as the page showed them (a reallocation form's version)
        held = Allocation.objects.filter(team=me.team, kind=AllocationKind.SOCIAL_WORKER, end_date__isnull=True).order_by("pk")
        return list(held.select_for_update() if lock else held)

    form = ReallocateForm(request.POST if request.method == "POST" and not taking else None, children=children, workers=workers,
                          initial={"version": versions.token(*allocations())})
    take_form = TakeReferralForm(request.POST if taking else None, waiting=waiting, workers=workers)
    if taking and take_form.is_valid():
        found = next(w for w in waiting if w.referral.pk == take_form.cleaned_data["referral"])
        worker = next(w for w in workers if w.pk == take_form.cleaned_data["worker"])
        if save_step(request, found.child, take_form, f"referral taken into {me.team.name}, allocated to {worker.name}",
                     lambda: services.take_referral(found.referral, team=me.team, worker=worker, on=timezone.localdate())):
            messages.success(request, f"{getattr(found.child, 'shown_name', found.child.full_name)} is now with {me.team.name}, allocated to {worker.name}")
            return redirect("web:team")
    elif request.method == "POST" and not taking and form.is_valid():
        child = next(c for c in children if c.pk == form.cleaned_data["child"])
        worker = next(w for w in workers if w.pk == form.cleaned_data["worker"])
        def reallocate():
            versions.check(form.cleaned_data["version"], *allocations(lock=True))
            return services.allocate(child, worker=worker, team=me.team, start_date=timezone.localdate(), by=me,
                                     reason=form.cleaned_data["reason"])

        if save_step(request, child, form, f"reallocated to {worker.name}", reallocate):
            messages.success(request, f"{child.full_name} is now allocated to {worker.name}")
            return redirect("web:team")
    return render(request, "casework/team.html", {"team": me.team, "loads": loads, "form": form, "take_form": take_form,
                                                  "read_only": read_only,
                                                  "waiting": waiting, "takes_referrals": takes_referrals(me.team),
                                                  "weights": [(STATUS_LABELS[k], v) for k, v in caseload_weights().items()]})
