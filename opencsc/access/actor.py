"""Who is making changes right now: the signed-in user of a request (set by middleware), or a
named job (the seeder, an import). Every saved change to a child's record is audited against it."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from .sign_in import client_address


@dataclass(frozen=True)
class Actor:
    user: object = None
    label: str = ""  # for jobs with no user, e.g. "seed", "import cin_2024.xml"
    ip_address: str | None = None


_current: ContextVar[Actor | None] = ContextVar("opencsc_actor", default=None)


@contextmanager
def acting_as(user=None, *, label: str = "", ip_address=None):
    token = _current.set(Actor(user, label, ip_address))
    try:
        yield
    finally:
        _current.reset(token)


def current() -> Actor:
    return _current.get() or Actor(label="system")


class ActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None

        with acting_as(user, ip_address=client_address(request)):
            return self.get_response(request)
