"""Render Django form fields as GOV.UK Design System components."""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from opencsc.access.policy import is_restricted_from
from opencsc.codes import lists
from opencsc.people.selectors import current_alerts
from opencsc.web.forms import GovDateWidget

register = template.Library()


def _error(field):
    if not field.errors:
        return ""
    return format_html('<p id="{}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>',
                       field.auto_id, field.errors[0])


def _hint(field):
    if not field.help_text:
        return ""
    return format_html('<div id="{}-hint" class="govuk-hint">{}</div>', field.auto_id, field.help_text)


def _describedby(field):
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def govuk_field(field, classes=""):
    widget = field.field.widget
    group_class = "govuk-form-group" + (" govuk-form-group--error" if field.errors else "")
    described = _describedby(field)
    aria = format_html(' aria-describedby="{}"', described) if described else ""
    value = field.value()

    if isinstance(widget, GovDateWidget):
        parts = widget.decompress(value) if not isinstance(value, list) else value
        boxes = []
        for (part, label, width), part_value in zip((("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4)), parts, strict=False):
            boxes.append(format_html(
                '<div class="govuk-date-input__item"><div class="govuk-form-group">'
                '<label class="govuk-label govuk-date-input__label" for="{id}-{part}">{label}</label>'
                '<input class="govuk-input govuk-date-input__input govuk-input--width-{w}{err}" id="{id}-{part}" '
                'name="{name}-{part}" type="text" inputmode="numeric" value="{v}"></div></div>',
                id=field.auto_id, part=part, label=label, w=width, name=field.html_name, v=part_value or "",
                err=" govuk-input--error" if field.errors else ""))
        return format_html(
            '<div class="{}"><fieldset class="govuk-fieldset" role="group"{}><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>'
            '{}{}<div class="govuk-date-input" id="{}">{}</div></fieldset></div>',
            group_class, aria, field.label, _hint(field), _error(field), field.auto_id, mark_safe("".join(boxes)))

    if isinstance(widget, forms.CheckboxSelectMultiple):
        chosen = {str(v) for v in (value or [])}
        items = format_html_join(
            "", '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="{0}-{1}" name="{2}" type="checkbox" value="{3}"{4}>'
            '<label class="govuk-label govuk-checkboxes__label" for="{0}-{1}">{5}</label></div>',
            ((field.auto_id, i, field.html_name, choice_value, " checked" if str(choice_value) in chosen else "", choice_label)
             for i, (choice_value, choice_label) in enumerate(field.field.choices)))
        return format_html(
            '<div class="{}"><fieldset class="govuk-fieldset"{}><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>'
            '{}{}<div class="govuk-checkboxes govuk-checkboxes--small app-columns" data-module="govuk-checkboxes" id="{}">{}</div></fieldset></div>',
            group_class, aria, field.label, _hint(field), _error(field), field.auto_id, items)

    if isinstance(widget, forms.RadioSelect):
        items = format_html_join(
            "", '<div class="govuk-radios__item"><input class="govuk-radios__input" id="{0}-{1}" name="{2}" type="radio" value="{3}"{4}>'
            '<label class="govuk-label govuk-radios__label" for="{0}-{1}">{5}</label></div>',
            ((field.auto_id, i, field.html_name, choice_value, " checked" if str(value) == str(choice_value) else "", choice_label)
             for i, (choice_value, choice_label) in enumerate(field.field.choices) if choice_value != ""))
        return format_html(
            '<div class="{}"><fieldset class="govuk-fieldset"{}><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>'
            '{}{}<div class="govuk-radios govuk-radios--small" data-module="govuk-radios" id="{}">{}</div></fieldset></div>',
            group_class, aria, field.label, _hint(field), _error(field), field.auto_id, items)

    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="{}">{}<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="{}" name="{}" type="checkbox" value="on"{}{}>'
            '<label class="govuk-label govuk-checkboxes__label" for="{}">{}</label></div></div>{}</div>',
            group_class, _error(field), field.auto_id, field.html_name, " checked" if value else "", aria, field.auto_id,
            field.label, _hint(field))

    label = format_html('<label class="govuk-label govuk-label--s" for="{}">{}</label>', field.auto_id, field.label)
    if isinstance(widget, forms.Select):
        options = format_html_join("", '<option value="{}"{}>{}</option>',
                                   ((v, " selected" if str(value) == str(v) else "", lbl) for v, lbl in field.field.choices))
        control = format_html('<select class="govuk-select{}" id="{}" name="{}"{}>{}</select>',
                              " govuk-select--error" if field.errors else "", field.auto_id, field.html_name, aria, options)
    elif isinstance(widget, forms.Textarea):
        control = format_html('<textarea class="govuk-textarea{}" id="{}" name="{}" rows="{}"{}>{}</textarea>',
                              " govuk-textarea--error" if field.errors else "", field.auto_id, field.html_name,
                              widget.attrs.get("rows", 6), aria, value or "")
    else:
        input_type = getattr(widget, "input_type", "text")
        control = format_html('<input class="govuk-input {}{}" id="{}" name="{}" type="{}" value="{}"{}{}>',
                              classes, " govuk-input--error" if field.errors else "", field.auto_id, field.html_name,
                              input_type, value if value is not None else "", aria,
                              format_html(' autocomplete="{}"', widget.attrs["autocomplete"]) if "autocomplete" in widget.attrs else "")
    return format_html('<div class="{}">{}{}{}{}</div>', group_class, label, _hint(field), _error(field), control)


@register.filter
def code_label(code, list_name):

    return lists.ALL[list_name].label(code)


@register.inclusion_tag("web/alerts.html", takes_context=True)
def person_alerts(context, person):
    """Alerts on every page about a person: theirs and their family's (a restricted relative's
    alert is shown without their name: the risk matters, the identity is not this worker's to know)."""
    from django.utils import timezone


    alerts = current_alerts(person, timezone.localdate())
    request = context.get("request")
    hidden = is_restricted_from(request.user, {a.person_id for a in alerts}) if request else {a.person_id for a in alerts}
    for alert in alerts:
        alert.name_hidden = alert.person_id in hidden  # type: ignore[attr-defined]  # the page's, never saved
    return {"alerts": alerts, "person": person}


@register.filter
def get_item(mapping, key):
    return mapping.get(key, [])
