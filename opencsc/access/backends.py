"""Django's permission API answered by the access policy, so code outside the gate can ask in the usual way::

    request.user.has_perm("people.view_person", child)

The answer is the policy's (``policy.can_read``: allocation, team, front door, chairing, break-glass,
restriction), never a row in Django's permission tables. It only answers; opening a record still goes
through ``gate.open_child``, which also writes the audit entry.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from opencsc.people.models import Person
from opencsc.staff.models import Notification

from . import policy
from .models import PasswordMustChange

VIEW_PERSON = "people.view_person"


class SignInBackend(ModelBackend):
    """Django's own username and password sign-in; the signed-in user is read with their professional
    record, role and team in the one query every page makes (the menu, the gate and the policy read them),
    with whether they must change their password first and how many notifications they have not read
    (``must_change_password_now``, ``unread_now``: every page asks both)."""

    def get_user(self, user_id):
        unread = (Notification.objects.filter(recipient__user=OuterRef("pk"), read_at__isnull=True).order_by()
                  .values("recipient__user").annotate(n=Count("pk")).values("n"))
        found = (get_user_model()._default_manager.select_related("professional__role", "professional__team")
                 .annotate(must_change_password_now=Exists(PasswordMustChange.objects.filter(user=OuterRef("pk"))),
                           unread_now=Coalesce(Subquery(unread), 0))
                 .filter(pk=user_id).first())
        return found if found is not None and self.user_can_authenticate(found) else None


class RecordAccessBackend:
    """An authentication backend that authenticates no one and answers one per-object permission."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if perm != VIEW_PERSON or not isinstance(obj, Person) or not user_obj.is_active:
            return False
        return policy.can_read(user_obj, obj)
