from django.conf import settings

from opencsc.access import policy, two_factor
from opencsc.staff.models import NO_STATUTORY_STEPS
from opencsc.staff.steps import StepKey, may_record


def service(request):
    """What every page needs: the authority, the signed-in worker, what their role lets them open
    (so the menu offers only that), and how many notifications they have not read."""

    user = getattr(request, "user", None) if request else None
    professional = policy.professional(user)
    may = {}
    unread = 0
    if professional is not None:
        may = {capability: policy.can(user, capability) for capability in policy.CAPABILITIES}
        may["front_door"] = policy.works_front_door(user)
        may["sees_team"] = policy.sees_team(user)
        may["authorises"] = policy.may_authorise(user)
        may["records_statutory_steps"] = may["records_casework"] and professional.role_id not in NO_STATUTORY_STEPS
        may["arranges_meetings"] = may["records_statutory_steps"] or may_record(professional.role_id, StepKey.BOOK_MEETING)
        known = getattr(user, "unread_now", None)  # read with the user (access.backends.SignInBackend)
        unread = known if known is not None else professional.notifications.filter(read_at__isnull=True).count()
    # Signed in and past two-factor: only then the menu (the two-factor page offers nothing but the code and Sign out).
    fully = bool(user is not None and user.is_authenticated and (not two_factor.required() or two_factor.is_verified(request)))
    return {"authority": settings.AUTHORITY, "demo_mode": settings.DEMO_MODE, "me": professional, "may": may,
            "unread_notifications": unread, "signed_in_fully": fully}
