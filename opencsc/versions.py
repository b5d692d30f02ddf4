"""A token of a record's state when a form was opened, so that a form opened before someone else
saved refuses to overwrite them (decision 003 kept drafts; this keeps the saved record).

Every form class says what it changes (``changes``: "nothing", "creates" or "edits"); a form that
edits carries the token in a hidden ``version`` field, and its save checks it, with the rows
locked, inside the transaction that writes (``check``). A test walks the form classes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Model

NEW = "new"


def token(*objects: Model | None, extra: Iterable[object] = ()) -> str:
    """The state of these rows (and any ``extra`` values, such as many-to-many ids) as a short hash."""
    if not any(obj is not None for obj in objects) and not extra:
        return NEW
    state = [[(f.attname, getattr(obj, f.attname)) for f in obj._meta.concrete_fields] if obj is not None else None
             for obj in objects]
    return hashlib.sha256(repr((state, list(extra))).encode()).hexdigest()[:24]


class Stale(Exception):
    """Someone saved since the form was opened: nothing was written."""

    def __init__(self, current_token: str):
        super().__init__("saved by someone else since the form was opened")
        self.current = current_token


def check(expected: str | None, *objects: Model | None, extra: Iterable[object] = ()) -> None:
    current = token(*objects, extra=extra)
    if (expected or NEW) != current:
        raise Stale(current)


STALE_MESSAGE = ("This was saved by someone else (or by you, in another tab or window) since you opened the form, so "
                 "your changes were not saved. "
                 "The form shows what you typed; check the record for their changes, then save again if yours "
                 "should replace them.")
