"""Django's permission API answered by the access policy, so code outside the gate can ask in the usual way::

    request.user.has_perm("people.view_person", child)

The answer is the policy's (``policy.can_read``: allocation, team, front door, chairing, break-glass,
restriction), never a row in Django's permission tables. It only answers; opening a record still goes
through ``gate.open_child``, which also writes the audit entry.
"""

from opencsc.people.models import Person

from . import policy

VIEW_PERSON = "people.view_person"


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
