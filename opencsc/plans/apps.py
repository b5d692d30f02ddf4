from django.apps import AppConfig

from opencsc.casework.extensions import RecordExtension


class PlansConfig(AppConfig):
    name = "opencsc.plans"
    verbose_name = "Plans"
    # What plans add to the record (the journey does not import this app): reviews due, each plan as a step.
    record_extension = RecordExtension(
        due_sources=("opencsc.plans.selectors.plan_reviews_due",),
        steps="opencsc.plans.views.steps_offered",
        actions={"cin_plan_review": ("plans:plan-update", "cin"), "care_plan": ("plans:plan-update", "care"),
                 "placement_plan": ("plans:plan-update", "placement")},
    )
