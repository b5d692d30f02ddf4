"""The one gate every read of a child's record passes through.

Today every signed-in worker may read every record (roles and restrictions come with the access
issue); what the gate already guarantees is that no read happens without its audit entry, written
in the same transaction as the read.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import audit
from .models import RecordAccess


def client_ip(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


def can_read(user, person) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@transaction.atomic
def record_access(user, person, action: str, detail: str = "", request=None) -> RecordAccess:
    """Check access and write the audit entry; if the entry cannot be written, the read fails too."""
    if not can_read(user, person):
        raise PermissionDenied("You do not have access to this record.")
    return audit.append(user=user, person=person, action=action, detail=detail, ip_address=client_ip(request))
