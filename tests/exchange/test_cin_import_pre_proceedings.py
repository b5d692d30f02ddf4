"""The 2026/27 census's PreProceedingsandFGDM blocks come back through the import: stored as the
child's pre-proceedings, what the record keeps with dates held as given without them, and anything
that would not come back on re-export named in the report."""

from copy import deepcopy

import pytest
from lxml import etree

from opencsc.exchange.cin_import import import_cin
from opencsc.people.models import Person
from opencsc.proceedings.models import CareProceedings, PreProceedings
from opencsc.returns.cin import census
from opencsc.returns.formats.years import CollectionYear
from tests.exchange.test_cin_import import children_of
from tests.returns.test_cin_2026_27 import siblings  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def exported_then_forgotten() -> bytes:
    """The 2026/27 census as built from the record, then the record emptied (another system's file)."""
    xml, _ = census.build(CollectionYear(2027))
    CareProceedings.objects.all().delete()
    PreProceedings.objects.all().delete()
    Person.objects.all().delete()
    return xml


def test_the_blocks_come_back_unchanged_after_import_and_export(siblings, settings):  # noqa: F811
    settings.PP_OUTCOME_CODES = {"issue": "A"}
    original = exported_then_forgotten()
    assert original.count(b"<PreProceedingsandFGDM>") == 2
    settings.PP_OUTCOME_CODES = {}  # the outcome letter is kept as the file gave it, not mapped back
    report = import_cin(original)
    assert report.created == 2 and report.year == 2027
    assert not [f for f in report.findings if f.code == "import"]
    exported = census.export(2027)
    assert exported.ok, [str(p) for p in exported.problems]
    assert children_of(exported.xml) == children_of(original)
    again = import_cin(original)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert PreProceedings.objects.count() == 2  # one each: the census does not say they were brothers and sisters
    assert {p.court for p in CareProceedings.objects.all()} == {"not in the imported CIN census"}


def test_a_block_that_cannot_come_back_is_named_in_the_report(siblings):  # noqa: F811
    root = etree.fromstring(exported_then_forgotten())
    block = root.find(".//PreProceedingsandFGDM")
    block.remove(block.find("FGDMMeetingFac"))
    undated = deepcopy(block)
    undated.remove(undated.find("PPStartDate"))
    block.addnext(undated)
    report = import_cin(etree.tostring(root))
    child = root.find(".//LAchildID").text
    notes = [f.message for f in report.findings if f.code == "import"]
    assert any("FGDMMeetingFac missing after an offer" in n for n in notes)
    assert any("no PPStartDate" in n and "not stored" in n for n in notes)
    assert all(f.la_child_id == child for f in report.findings if f.code == "import")
    row = next(r for r in report.rows if r.child == child)
    assert "FGDMMeetingFac missing" in row.findings


def test_a_count_written_as_a_spreadsheet_number_is_read_and_a_word_refuses_the_file(siblings):  # noqa: F811
    xml = exported_then_forgotten()
    import_cin(xml.replace(b"<ReviewMeetingsCount>2<", b"<ReviewMeetingsCount> 2.0 <"))
    assert {p.review_meetings_undated for p in PreProceedings.objects.all()} == {2}
    from opencsc.returns.formats.safe_xml import Refused
    with pytest.raises(Refused) as refused:
        import_cin(xml.replace(b"<ReviewMeetingsCount>2<", b"<ReviewMeetingsCount>two<"))
    assert "ReviewMeetingsCount 'two' is not a whole number" in " ".join(refused.value.problems)
