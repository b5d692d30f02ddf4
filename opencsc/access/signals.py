"""Every saved change to a child's record is written to the audit chain, in the same transaction
as the change (services write inside ``transaction.atomic``), by whoever ``actor.current()`` is."""

from django.apps import apps
from django.db.models.signals import post_save

from opencsc.casework.models import ChildFact

from . import audit
from .actor import current


def _audit_change(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    person = instance if sender._meta.label == "people.Person" else (getattr(instance, "child", None) or getattr(instance, "person", None))
    actor = current()
    what = sender._meta.verbose_name
    fields = f" ({', '.join(sorted(update_fields))})" if update_fields else ""
    audit.append(user=actor.user, person=person, action="create" if created else "change",
                 detail=f"{what} {instance.pk}{fields}", why=actor.label, ip_address=actor.ip_address)


def audited_models():

    return [model for model in apps.get_models()
            if issubclass(model, ChildFact) or model._meta.label in ("people.Person", "recording.CaseNote",
                                                                     "people.Address", "people.Relationship", "people.Alert")]


def connect():
    for model in audited_models():
        post_save.connect(_audit_change, sender=model, dispatch_uid=f"audit-{model._meta.label}")
