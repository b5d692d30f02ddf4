"""Storing facts as given.

Forms are strict: a code not on the list or a date in the wrong order is refused with a message.
Imports of legacy files are not: the law still requires the fact to be recorded, so an import's step
says so (``staff.stepping.step(..., as_given=True)``, only for a system actor), the services store the
fact exactly as the file gives it, and the validation rules report it as a finding for the right
person to fix. What is left here: how much of a given value the record can hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db import models


def max_length(model: type[models.Model], name: str) -> int:
    """How many characters the record holds in this text field (0: no limit is declared)."""
    return getattr(model._meta.get_field(name), "max_length", None) or 0


def amend(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Give a row the values a legacy file gives it; the names of those that changed (a load step's
    helper: a file imported again changes nothing and says so)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return changed
