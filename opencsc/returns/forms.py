from django import forms

from .cin.census import current_year


def year_choices():
    this = current_year()
    return [(y, f"{y - 1} to {y} (ends 31 March {y})") for y in range(this, this - 6, -1)]


class RunForm(forms.Form):
    return_name = forms.ChoiceField(label="Return", widget=forms.RadioSelect, initial="cin", choices=[
        ("cin", "Children in Need census"), ("903", "SSDA903 (children looked after): CSV set and XML"),
        ("annexa", "Ofsted Annex A (lists 1 to 11, as at 31 March of the year, or today for this year)")])
    year = forms.TypedChoiceField(label="Collection year", coerce=int, choices=year_choices,
                                  error_messages={"required": "Choose the collection year"})


class ImportForm(forms.Form):
    file = forms.FileField(label="Census file (XML)", error_messages={"required": "Choose the file to import"},
                           help_text="A CIN census XML file from 2015/16 onwards, as sent to the DfE")
    dry_run = forms.BooleanField(label="Check only: show the report without changing anything", required=False,
                                 initial=True)
