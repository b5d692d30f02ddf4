"""Who is making changes right now: the signed-in user of a request (set here, by middleware), or a
named job (the seeder, an import). Kept in ``staff.stepping``, where each step reads it to check the
role × step table and to audit what the step changed against whoever acted."""

from __future__ import annotations

from opencsc.staff.stepping import Actor, acting_as, current

from .sign_in import client_address

__all__ = ["Actor", "ActorMiddleware", "acting_as", "current"]


class ActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None

        with acting_as(user, ip_address=client_address(request)):
            return self.get_response(request)
