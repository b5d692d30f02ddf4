from django import forms

from opencsc.web.forms import VersionedForm

from .formats.years import current_year


def year_choices():
    this = current_year()
    return [(y, f"{y - 1} to {y} (ends 31 March {y})") for y in range(this, this - 6, -1)]


class RunForm(forms.Form):
    changes = "creates"  # a new run
    return_name = forms.ChoiceField(label="Return", widget=forms.RadioSelect, initial="cin", choices=[
        ("cin", "Children in Need census"), ("903", "SSDA903 (children looked after): CSV set and XML"),
        ("annexa", "Ofsted Annex A (lists 1 to 11, as at 31 March of the year, or today for this year)")])
    year = forms.TypedChoiceField(label="Collection year", coerce=int, choices=year_choices, initial=current_year,
                                  help_text="The year in progress by today's date is first (it changes on 1 April); "
                                            "what falls due only at its end is shown as not yet due.",
                                  error_messages={"required": "Choose the collection year"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f] or super().clean(None, initial)


class ImportForm(forms.Form):
    changes = "creates"  # an import (which never overwrites a record another team holds without approval)
    return_name = forms.ChoiceField(label="What to import", choices=[
        ("cin", "CIN census (one XML file)"), ("903", "SSDA903 (the CSV set, or the XML file)"),
        ("ofsted", "Ofsted provider lists (the Children's Homes and Social Care Providers .xlsx, or one combined list), "
                   "which the SSDA903 URN checks use")], initial="cin", widget=forms.RadioSelect)
    file = MultipleFileField(label="File or files", error_messages={"required": "Choose the file to import"},
                             help_text="From 2015/16 onwards, as sent to the DfE. For an SSDA903 CSV set choose all its "
                                       "files at once: each is recognised by its columns. For Ofsted's lists choose "
                                       "both workbooks at once.")
    year = forms.TypedChoiceField(label="Collection year (SSDA903 only, if asked)", coerce=int, required=False, empty_value=None,
                                  choices=lambda: [("", "Read it from the set's dates")] + [
                                      (y, label) for y, label in year_choices() + [
                                          (y, f"{y - 1} to {y} (ends 31 March {y})") for y in range(current_year() - 6, 2015, -1)]],
                                  help_text="Leave it to be read from the dates unless the import says they fit more than "
                                            "one year.")
    dry_run = forms.BooleanField(label="Check only: show the report without changing anything", required=False,
                                 initial=True)


class QueryReasonForm(VersionedForm):
    reason = forms.CharField(label="Why is the record right as it is?", widget=forms.Textarea(attrs={"rows": 4}), max_length=1000,
                             help_text="For example: 'the assessment was authorised late because the family moved away and back'. "
                                       "The data team gives this reason to DfE with the return.",
                             error_messages={"required": "Say why the query is right as recorded"})
