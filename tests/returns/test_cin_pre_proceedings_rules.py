"""Each 2026/27 pre-proceedings rule, from its meaning: a block that breaks it is found, the same block
put right is not. Blocks are written into a census file as the census writes them."""

import pytest

from opencsc.returns.cin import reading
from opencsc.returns.cin.rules import CIN
from opencsc.returns.engine import validate

HEAD = """<?xml version="1.0" encoding="UTF-8"?><Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2027</Year>
<ReferenceDate>2027-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>805</LEA>
<SoftwareCode>OpenCSC</SoftwareCode><Release>0.1</Release><SerialNo>001</SerialNo><DateTime>2027-04-02T10:00:00</DateTime></Source>
</Header><Children><Child><ChildIdentifiers><LAchildID>PP1</LAchildID><UPNunknown>UN1</UPNunknown><PersonBirthDate>2016-01-01</PersonBirthDate>
<Sex>F</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>
</ChildCharacteristics><CINdetails><CINreferralDate>2026-04-10</CINreferralDate><ReferralSource>6</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>"""
TAIL = "</CINdetails></Child></Children></Message>"
GOOD = {"PPStartDate": "2026-05-01", "LBPSentDate": "2026-05-05", "FGDMMeetingOffer": "1", "FGDMMeetingFac": "1",
        "InitialPPMeetingDate": "2026-05-20", "ReviewMeetingsCount": "2", "StepDecisionDate": "2026-09-01", "PPOutcome": "A",
        "CourtAppDate": "2026-09-03", "LetterInitCPDate": "2026-09-04"}


def codes(blocks, year=2027):
    body = "".join("<PreProceedingsandFGDM>" + "".join(f"<{k}>{v}</{k}>" for k, v in block.items() if v is not None)
                   + "</PreProceedingsandFGDM>" for block in blocks)
    census = reading.parse((HEAD + body + TAIL).encode(), year)
    return {f.code for f in validate(census, CIN, year) if f.code[:2] in ("89", "90")}


def test_a_whole_block_breaks_none_of_them():
    assert codes([GOOD]) == set()


@pytest.mark.parametrize("code,change", [
    ("9005", {"PPStartDate": "2026-03-20"}),
    ("9006", {"LBPSentDate": "2026-04-28"}),  # before the start
    ("9006", {"LBPSentDate": "2027-04-02"}),  # after the year
    ("9007", {"FGDMMeetingOffer": None, "FGDMMeetingFac": None}),
    ("9008", {"InitialPPMeetingDate": "2027-04-01"}),
    ("9009", {"StepDecisionDate": "2026-04-30"}),
    ("9010Q", {"FGDMMeetingFac": None}),
    ("9011", {"PPOutcome": "D"}),
    ("9012", {"CourtAppDate": "2026-08-30"}),
    ("9013", {"LetterInitCPDate": "2026-09-02"}),
    ("9015Q", {"ReviewMeetingsCount": None}),
])
def test_each_rule_finds_the_block_that_breaks_it(code, change):
    assert code in codes([{**GOOD, **change}])
    assert code not in codes([GOOD])


def test_an_absent_outcome_is_no_error_and_an_offer_not_made_needs_no_facilitation():
    assert codes([{**GOOD, "PPOutcome": None}]) == set()  # "if present" (the draft's 9011 flags it)
    assert codes([{**GOOD, "FGDMMeetingOffer": "0", "FGDMMeetingFac": None}]) == set()


def test_the_return_level_queries():
    assert "8995Q" in codes([])  # no block anywhere
    assert "9000Q" in codes([{**GOOD, "PPStartDate": None}])
    assert not {"8995Q", "9000Q"} & codes([GOOD])


def test_no_pre_proceedings_rule_runs_before_2026_27():
    assert codes([{**GOOD, "PPOutcome": "D"}], year=2026) == set()
