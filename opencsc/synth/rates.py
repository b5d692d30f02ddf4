"""Flow rates measured from the record (not from the generator's own counters), so a test of
the synthetic authority checks what was actually written."""

from datetime import timedelta

from opencsc.casework.models import (
    ChildProtectionConference,
    ChildProtectionPlan,
    Contact,
    Referral,
    Section47Enquiry,
)


def flow_rates() -> dict:
    contacts = Contact.objects.count()
    referrals = Referral.objects.count()
    s47s = Section47Enquiry.objects.count()
    icpcs = ChildProtectionConference.objects.filter(kind="initial").count()
    plans_from_icpc = ChildProtectionConference.objects.filter(kind="initial", plan__isnull=False).count()
    rereferrals = 0
    previous: dict = {}
    for child_id, day in Referral.objects.order_by("child_id", "referral_date").values_list("child_id", "referral_date"):
        last = previous.get(child_id)
        if last is not None and day - last < timedelta(days=365):
            rereferrals += 1
        previous[child_id] = day
    return {
        "contact_to_referral": referrals / contacts if contacts else 0,
        "referral_to_s47": s47s / referrals if referrals else 0,
        "s47_to_icpc": icpcs / s47s if s47s else 0,
        "icpc_to_plan": plans_from_icpc / icpcs if icpcs else 0,
        "rereferral_12_months": rereferrals / referrals if referrals else 0,
        "counts": {"contacts": contacts, "referrals": referrals, "s47": s47s, "icpc": icpcs,
                   "cp_plans": ChildProtectionPlan.objects.count()},
    }
