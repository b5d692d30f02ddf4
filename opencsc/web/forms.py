"""GOV.UK-pattern form pieces shared by every form: the three-box date input, with its messages."""

import uuid
from datetime import date, datetime, time
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MaxLengthValidator
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.http import QueryDict
from django.utils import timezone

from opencsc.people import plausible
from opencsc.versions import STALE_MESSAGE


class GovDateWidget(forms.MultiWidget):
    is_date = True

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(attrs={"inputmode": "numeric"})] * 3, attrs)

    def decompress(self, value):
        if isinstance(value, (date, datetime)):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")]


class GovDateField(forms.Field):
    """A date typed as day, month and year boxes, with the GOV.UK error messages."""

    widget = GovDateWidget

    def __init__(self, *args, label_for_errors="Date", allow_future=False, months_ahead=None, future_message="", **kwargs):
        self.label_for_errors = label_for_errors
        self.allow_future = allow_future or months_ahead is not None
        self.months_ahead = months_ahead  # how far ahead a future date may be (an expected date of birth)
        self.future_message = future_message
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, date):
            return value
        day, month, year = (value or ["", "", ""])
        what = self.label_for_errors
        if not any([day, month, year]):
            if self.required:
                raise forms.ValidationError(f"Enter the {what.lower()}")
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"{what} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{what} must be a real date, for example 27 3 2024")
        try:
            result = date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{what} must be a real date, for example 27 3 2024") from None
        today = timezone.localdate()
        if plausible.too_early(result):
            raise forms.ValidationError(f"{what} must be the same as or after {plausible.EARLIEST_TEXT}")
        if not self.allow_future and result > today:
            raise forms.ValidationError(self.future_message or f"{what} must be today or in the past")
        if self.months_ahead is not None and result > plausible.months_ahead(today, self.months_ahead):
            raise forms.ValidationError(f"{what} must be within {self.months_ahead} months of today")
        return result


def plain_messages(form) -> None:
    """Django's default messages in the GOV.UK way: what to do, naming the field ("Subject must be 200
    characters or fewer", "Enter the subject"), never "Ensure this value has at most 200 characters"."""
    for field in form.fields.values():
        label = str(field.label or "This").rstrip("?").strip()
        if field.required and field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
            verb = "Choose" if isinstance(field, (forms.ChoiceField, forms.FileField)) else "Enter"
            field.error_messages["required"] = f"{verb} {label[0].lower() + label[1:]}" if label != "This" else "This is required"
        for i, validator in enumerate(field.validators):
            if isinstance(validator, MaxLengthValidator) and validator.message == MaxLengthValidator.message:
                field.validators[i] = MaxLengthValidator(
                    validator.limit_value, message=f"{label} must be {validator.limit_value} characters or fewer (it has %(show_value)d)")


class PlainEnglishForm(forms.Form):
    changes = "nothing"  # a base: each form built on it says what it changes
    # Forms narrow their fields' choices and labels once built; a field is any kind of field here.
    fields: dict[str, Any]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_messages(self)


class OnceOnlyForm(PlainEnglishForm):
    """A form whose submission is saved at most once: a fresh id per rendered form, sent back on submit."""

    changes = "creates"
    submission_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound or not self.data.get("submission_id"):
            self.initial["submission_id"] = uuid.uuid4()


class VersionedForm(OnceOnlyForm):
    """A form that edits a record: it carries the record's state when opened (``opencsc.versions``),
    and a save is refused if someone else saved in between. It is saved once too (its submission id),
    so its draft ends when it is saved and a late autosave cannot bring it back."""

    changes = "edits"
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def mark_stale(self, stale) -> None:
        """Tell the person, and carry the current state, so saving again is a deliberate choice."""

        self.add_error(None, STALE_MESSAGE)
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("version")] = stale.current
        self.data = data


class RowForm(PlainEnglishForm):
    """One row of a repeated group (who was at a meeting, a recommendation, a plan's new action), saved
    with the form it is part of. Its fields are named ``<group>_<n>_<field>`` (``att_0_name``), as the
    pages have always posted them."""

    changes = "nothing"  # saved with the form it is part of

    def add_prefix(self, field_name: str) -> str:
        return f"{self.prefix}_{field_name}" if self.prefix else field_name


class Rows(forms.BaseFormSet):
    """Repeated rows as a Django formset, each row a ``RowForm``. The page sends the formset's management
    form; a post without it (a draft kept from before, a client that sends only the rows) has as many
    rows as it sent, counted by ``counted_by``, a field every row has."""

    counted_by = ""

    def add_prefix(self, index: Any) -> str:
        return f"{self.prefix}_{index}"

    @cached_property
    def management_form(self) -> ManagementForm:
        if self.is_bound and f"{self.prefix}-{TOTAL_FORM_COUNT}" not in self.data:
            total = 0
            while f"{self.prefix}_{total}_{self.counted_by}" in self.data:
                total += 1
            form = ManagementForm({f"{self.prefix}-{TOTAL_FORM_COUNT}": total, f"{self.prefix}-{INITIAL_FORM_COUNT}": 0},
                                  auto_id=self.auto_id, prefix=self.prefix, renderer=getattr(self, "renderer", None))
            form.full_clean()
            return form
        return super().management_form

    def bound_rows(self) -> list[list[forms.BoundField]]:
        """Each row's fields, in order, for the page."""
        return [[row[name] for name in row.fields] for row in self.forms]


class WithRows:
    """A form with groups of repeated rows: valid only when every row is. Each group's rows reach
    ``cleaned_data`` under its name as a list of dicts; a row's errors show on the row and in the page's
    error summary (``row_errors``)."""

    row_groups: dict[str, Rows]

    def add_rows(self, name: str, rows: type[forms.BaseFormSet], *, prefix: str, initial: list[dict[str, Any]] | None = None,
                 **row_kwargs: Any) -> Any:
        form: Any = self
        group: Any = rows(form.data if form.is_bound else None, prefix=prefix, initial=initial, auto_id=form.auto_id,
                     form_kwargs={"empty_permitted": False, **row_kwargs})  # a pre-filled row left as it was still counts
        self.row_groups = {**getattr(self, "row_groups", {}), name: group}
        return group

    def full_clean(self) -> None:
        form: Any = self
        super().full_clean()  # type: ignore[misc]
        if not form.is_bound:
            return
        for name, group in getattr(self, "row_groups", {}).items():
            if group.is_valid():
                form.cleaned_data[name] = [row.cleaned_data for row in group.forms]
                continue
            for row in group.forms:
                for field, errors in row.errors.items():
                    form._errors[row.add_prefix(field) if field in row.fields else NON_FIELD_ERRORS] = errors
            if group.non_form_errors():
                form._errors.setdefault(NON_FIELD_ERRORS, form.error_class()).extend(group.non_form_errors())

    def __getitem__(self, name: str) -> forms.BoundField:
        """A row's field by the name it is posted under (``form["att_0_name"]``), like the form's own."""
        try:
            return super().__getitem__(name)  # type: ignore[misc]
        except KeyError:
            for group in getattr(self, "row_groups", {}).values():
                for row in group.forms:
                    for field in row.fields:
                        if row.add_prefix(field) == name:
                            return row[field]
            raise

    def row_errors(self) -> list[tuple[forms.BoundField, str]]:
        return [(row[field], error) for group in getattr(self, "row_groups", {}).values() for row in group.forms
                for field, errors in row.errors.items() if field in row.fields for error in errors]

    def clear_row_errors(self) -> None:
        """A restored draft is work in progress: no row shows an error either."""
        for group in getattr(self, "row_groups", {}).values():
            for row in group.forms:
                row.errors.clear()


def aware(day: date, hour_minute: str = "") -> datetime:
    """A date and an optional HH:MM as an aware datetime in the service's time zone."""
    hours, minutes = 12, 0
    if hour_minute:
        hours, minutes = (int(x) for x in hour_minute.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hours, minutes)))


def copy_service_errors(form, error):
    """Put a service's ValidationError on the form fields it names, so the person sees it in place."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
