"""Storing facts as given.

Forms are strict: a code not on the list or a date in the wrong order is refused with a message.
Imports of legacy files are not: the law still requires the fact to be recorded, so within
``storing_as_given()`` the services store it exactly as the file gives it, and the validation rules
report it as a finding for the right person to fix.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_AS_GIVEN = ContextVar("store_as_given", default=False)


@contextmanager
def storing_as_given():
    token = _AS_GIVEN.set(True)
    try:
        yield
    finally:
        _AS_GIVEN.reset(token)


def as_given() -> bool:
    return _AS_GIVEN.get()


def max_length(model, name: str) -> int:
    """How many characters the record holds in this text field (0: no limit is declared)."""
    return getattr(model._meta.get_field(name), "max_length", None) or 0
