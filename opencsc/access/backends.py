"""Django's permission API answered by the access policy, so code outside the gate can ask in the usual way::

    request.user.has_perm("people.view_person", child)

The answer is the policy's (``policy.can_read``: allocation, team, front door, chairing, break-glass,
restriction), never a row in Django's permission tables. It only answers; opening a record still goes
through ``gate.open_child``, which also writes the audit entry.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from opencsc.people.models import Person

from . import policy

VIEW_PERSON = "people.view_person"


class SignInBackend(ModelBackend):
    """Django's own username and password sign-in; the signed-in user is read with their professional
    record, role and team in the one query every page makes (the menu, the gate and the policy read them)."""

    def get_user(self, user_id):
        found = get_user_model()._default_manager.select_related("professional__role", "professional__team").filter(pk=user_id).first()
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
