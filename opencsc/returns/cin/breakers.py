"""A census that breaks every CIN rule at least once, beside clean children.

Each breaker takes a clean child (``clean_child``) and changes it so that one rule should fire.
Used by the tests (each rule fires on its breaker and not on the clean children) and by the
agreement check with the DfE validator (the same file run through both). Return-level rules
(2883, 2886Q, 2887Q, 2888Q, 100) need a whole file of their own: ``return_breakers``.
All data is synthetic.
"""

from __future__ import annotations

import copy

from lxml import etree

from opencsc.people.identifiers import upn_check_letter

YEAR = 2026

CLEAN_CHILD = """
<Child>
  <ChildIdentifiers>
    <LAchildID>{id}</LAchildID>
    <UPN>{upn}</UPN>
    <PersonBirthDate>2015-05-01</PersonBirthDate>
    <Sex>F</Sex>
  </ChildIdentifiers>
  <ChildCharacteristics>
    <Ethnicity>WBRI</Ethnicity>
    <Disabilities><Disability>NONE</Disability></Disabilities>
  </ChildCharacteristics>
  <CINdetails>
    <CINreferralDate>2025-05-01</CINreferralDate>
    <ReferralSource>2A</ReferralSource>
    <PrimaryNeedCode>N1</PrimaryNeedCode>
    <CINclosureDate>2026-02-27</CINclosureDate>
    <ReasonForClosure>RC7</ReasonForClosure>
    <Assessments>
      <AssessmentActualStartDate>2025-05-02</AssessmentActualStartDate>
      <AssessmentAuthorisationDate>2025-06-02</AssessmentAuthorisationDate>
      <FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors></FactorsIdentifiedAtAssessment>
    </Assessments>
    <CINPlanDates>
      <CINPlanStartDate>2025-11-20</CINPlanStartDate>
      <CINPlanEndDate>2026-02-27</CINPlanEndDate>
    </CINPlanDates>
    <Section47>
      <S47ActualStartDate>2025-05-06</S47ActualStartDate>
      <InitialCPCtarget>2025-05-27</InitialCPCtarget>
      <DateOfInitialCPC>2025-05-20</DateOfInitialCPC>
      <ICPCnotRequired>false</ICPCnotRequired>
    </Section47>
    <ReferralNFA>false</ReferralNFA>
    <ChildProtectionPlans>
      <CPPstartDate>2025-05-20</CPPstartDate>
      <CPPendDate>2025-11-20</CPPendDate>
      <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
      <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
      <NumberOfPreviousCPP>0</NumberOfPreviousCPP>
      <Reviews><CPPreviewDate>2025-08-20</CPPreviewDate></Reviews>
    </ChildProtectionPlans>
  </CINdetails>
</Child>
"""

# Children who together use eight disability codes, one with several: keeps 2887Q and 2888Q quiet.
DISABLED_CODES = [["MOB", "HAND"], ["PC"], ["INC"], ["COMM"], ["LD"], ["HEAR"], ["VIS"]]


def upn_for(n: int) -> str:
    body = f"805{n:09d}"
    return upn_check_letter(body) + body


def clean_child(n: int, disabilities=None):
    element = etree.fromstring(CLEAN_CHILD.format(id=f"CLEAN{n:04d}", upn=upn_for(n)))
    if disabilities:
        block = element.find("ChildCharacteristics/Disabilities")
        for old in list(block):
            block.remove(old)
        for code in disabilities:
            etree.SubElement(block, "Disability").text = code
    return element


def header(year=YEAR, reference=None):
    return f"""<Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>
<ReferenceDate>{reference or f"{year}-03-31"}</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>805</LEA><SoftwareCode>OpenCSC</SoftwareCode><Release>0.1</Release>
<SerialNo>001</SerialNo><DateTime>2026-04-01T10:00:00</DateTime></Source></Header>"""


def message(children, **header_args) -> bytes:
    root = etree.fromstring(f"<Message>{header(**header_args)}<Children/></Message>")
    holder = root.find("Children")
    for child in children:
        holder.append(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def clean_children(count=16):
    children = [clean_child(i, codes) for i, codes in enumerate(DISABLED_CODES)]
    children += [clean_child(i) for i in range(len(DISABLED_CODES), count)]
    return children


# ---- editing helpers ------------------------------------------------------------------------------------------


def _set(el, path, value):
    found = el.find(path)
    found.text = value


def _drop(el, path):
    for found in el.findall(path):
        found.getparent().remove(found)


def _insert_after(el, path, tag, value):
    anchor = el.find(path)
    new = etree.Element(tag)
    new.text = value
    anchor.addnext(new)
    return new


def _ep(el):
    return el.find("CINdetails")


def _second_episode(el, **values):
    """A second, simple episode (an assessment only), with the values given."""
    second = copy.deepcopy(_ep(el))
    for tag in ("CINPlanDates", "Section47", "ChildProtectionPlans"):
        _drop(second, tag)
    el.append(second)
    for path, value in values.items():
        _set(second, path, value)
    return second


def _open_nfa_episode(el):
    """Turn the episode into a plain NFA referral with nothing else in it."""
    ep = _ep(el)
    for tag in ("CINclosureDate", "ReasonForClosure", "Assessments", "CINPlanDates", "Section47", "ChildProtectionPlans"):
        _drop(ep, tag)
    _set(ep, "ReferralNFA", "true")
    return ep


def _add_factor(el, code):
    factors = _ep(el).find("Assessments/FactorsIdentifiedAtAssessment")
    etree.SubElement(factors, "AssessmentFactors").text = code


def _unclose(el):
    _drop(_ep(el), "CINclosureDate")
    _drop(_ep(el), "ReasonForClosure")


# One breaker per rule code: a function that edits a clean child so that the rule fires.

BREAKERS = {
    "1103": lambda c: _set(c, "CINdetails/Assessments/AssessmentActualStartDate", "2025-04-20"),
    "1104": lambda c: (_set(c, "CINdetails/Section47/DateOfInitialCPC", "2025-04-29"),
                       _set(c, "CINdetails/Section47/S47ActualStartDate", "2025-04-28")),
    "1105": lambda c: _set(c, "CINdetails/ChildProtectionPlans/CPPstartDate", "2025-04-29"),
    "1510": lambda c: _set(c, "ChildIdentifiers/UPN", ("B" if c.findtext("ChildIdentifiers/UPN")[0] != "B" else "C")
                           + c.findtext("ChildIdentifiers/UPN")[1:]),
    "1530": lambda c: _set(c, "ChildIdentifiers/UPN", upn_check_letter("999000000123") + "999000000123"),
    "1540": lambda c: _set(c, "ChildIdentifiers/UPN", "A805ABC000011"),
    "1550": lambda c: _set(c, "ChildIdentifiers/UPN", "A80500000001I"),
    "1560Q": lambda c: _insert_after(c, "ChildIdentifiers/UPN", "FormerUPN", "X123"),
    "1570": lambda c: _set(c, "ChildIdentifiers/LAchildID", "LONGID" + "1234567890123456"),
    "1580": lambda c: _set(c, "ChildIdentifiers/LAchildID", "ID-" + c.findtext("ChildIdentifiers/LAchildID")),
    "2884": lambda c: _insert_after(c, "CINdetails/ReasonForClosure", "DateOfInitialCPC", "2025-05-20"),
    "2885": lambda c: _set(c, "CINdetails/ChildProtectionPlans/CPPstartDate", "2025-05-21"),
    "2889": lambda c: _set(c, "CINdetails/Section47/S47ActualStartDate", "2025-04-29"),
    "2990": lambda c: _set(c, "CINdetails/ReasonForClosure", "RC8"),
    "2991Q": lambda c: _drop(_ep(c), "Assessments"),
    "4000": lambda c: (_open_nfa_episode(c), _insert_after(_ep(c), "ReferralSource", "CINPlanDates", None),
                       etree.SubElement(_ep(c).find("CINPlanDates"), "CINPlanStartDate").__setattr__("text", "2025-05-10")),
    "4001": lambda c: (_unclose(c), _drop(_ep(c), "CINPlanDates/CINPlanEndDate"),
                       _drop(_ep(c), "ChildProtectionPlans/CPPendDate")),
    "4003": lambda c: _set(c, "CINdetails/CINPlanDates/CINPlanStartDate", "2025-08-01") or
                      _set(c, "CINdetails/ChildProtectionPlans/CPPendDate", "2025-08-01"),
    "4004": lambda c: (_unclose(c), _drop(_ep(c), "CINPlanDates/CINPlanEndDate"),
                       _insert_after(_ep(c), "CINPlanDates", "CINPlanDates", None),
                       etree.SubElement(_ep(c).findall("CINPlanDates")[1], "CINPlanStartDate").__setattr__("text", "2025-12-01")),
    "4008": lambda c: (_insert_after(c, "ChildIdentifiers/Sex", "PersonDeathDate", "2025-11-01")),
    "4009Q": lambda c: (_insert_after(c, "ChildIdentifiers/Sex", "PersonDeathDate", "2026-01-01")),
    "4010": lambda c: _set(c, "CINdetails/CINPlanDates/CINPlanStartDate", "2026-04-10"),
    "4011": lambda c: _set(c, "CINdetails/CINPlanDates/CINPlanEndDate", "2025-11-19"),
    "4012Q": lambda c: _set(c, "CINdetails/CINPlanDates/CINPlanEndDate", "2025-11-20"),
    "4013": lambda c: (_unclose(c), _set(c, "CINdetails/CINPlanDates/CINPlanEndDate", "2026-04-15")),
    "4014": lambda c: (_insert_after(_ep(c), "CINPlanDates", "CINPlanDates", None),
                       etree.SubElement(_ep(c).findall("CINPlanDates")[1], "CINPlanStartDate").__setattr__("text", "2025-12-01"),
                       etree.SubElement(_ep(c).findall("CINPlanDates")[1], "CINPlanEndDate").__setattr__("text", "2026-01-01")),
    "4015": lambda c: (_set(c, "CINdetails/CINPlanDates/CINPlanStartDate", "2025-04-20"),
                       _set(c, "CINdetails/CINPlanDates/CINPlanEndDate", "2025-04-25")),
    "4016": lambda c: _set(c, "CINdetails/CINPlanDates/CINPlanStartDate", "2025-10-01"),
    "4017": lambda c: (_set(c, "CINdetails/CINPlanDates/CINPlanStartDate", "2025-05-10"),
                       _set(c, "CINdetails/CINPlanDates/CINPlanEndDate", "2025-06-10")),
    "4180": lambda c: _set(c, "ChildIdentifiers/Sex", "X"),
    "4220": lambda c: _set(c, "ChildCharacteristics/Ethnicity", "ZZZZ"),
    "8500": lambda c: _set(c, "ChildIdentifiers/LAchildID", ""),
    "8510": None,  # needs two children: see pairs below
    "1520": None,
    "8520": lambda c: _set(c, "ChildIdentifiers/PersonBirthDate", "2026-05-01"),
    "8525Q": lambda c: _insert_after(c, "ChildIdentifiers/PersonBirthDate", "ExpectedPersonBirthDate", "2015-05-03"),
    "8530Q": lambda c: (_drop(c, "ChildIdentifiers/PersonBirthDate"), _drop(c, "ChildIdentifiers/UPN"),
                        _insert_after(c, "ChildIdentifiers/LAchildID", "UPNunknown", "UN6"),
                        _insert_after(c, "ChildIdentifiers/UPNunknown", "ExpectedPersonBirthDate", "2027-06-01"),
                        _set(c, "ChildIdentifiers/Sex", "U"), _set(c, "CINdetails/CINreferralDate", "2026-01-05")),
    "8535Q": lambda c: _insert_after(c, "ChildIdentifiers/Sex", "PersonDeathDate", "2015-04-01"),
    "8540": lambda c: _set(c, "ChildCharacteristics/Disabilities/Disability", "BADX"),
    "8545Q": lambda c: _insert_after(c, "ChildIdentifiers/Sex", "PersonDeathDate", "2026-06-01"),
    "8555Q": lambda c: _insert_after(c, "ChildIdentifiers/Sex", "PersonDeathDate", "2025-04-15"),
    "8565": lambda c: _set(c, "CINdetails/CINclosureDate", "2026-01-15"),
    "8568": lambda c: _set(c, "CINdetails/ReferralNFA", "maybe"),
    "8569Q": lambda c: (_open_nfa_episode(c), _set(_ep(c), "CINreferralDate", "2025-02-03")),
    "8585Q": lambda c: _set(c, "CINdetails/ReasonForClosure", "RC2"),
    "8590": lambda c: _drop(c, "CINdetails"),
    "8600": lambda c: _drop(_ep(c), "CINreferralDate"),
    "8606": lambda c: _set(c, "ChildIdentifiers/PersonBirthDate", "2026-03-01"),
    "8608": lambda c: _set(c, "CINdetails/Assessments/AssessmentAuthorisationDate", "2025-05-01"),
    "8610": lambda c: _drop(_ep(c), "PrimaryNeedCode"),
    "8614": lambda c: (_unclose(c), _drop(_ep(c), "Assessments/AssessmentAuthorisationDate")),
    "8615": lambda c: _set(c, "CINdetails/Section47/S47ActualStartDate", "2025-05-21"),
    "8620": lambda c: _set(c, "CINdetails/CINclosureDate", "2026-04-02"),
    "8630": lambda c: _set(c, "CINdetails/CINclosureDate", "2025-04-30"),
    "8640": lambda c: _set(c, "CINdetails/ReasonForClosure", "RC0"),
    "8650": lambda c: _set(c, "CINdetails/PrimaryNeedCode", "N99"),
    "8670Q": lambda c: (_unclose(c), _drop(_ep(c), "Assessments/AssessmentAuthorisationDate"),
                        _drop(_ep(c), "Assessments/FactorsIdentifiedAtAssessment")),
    "8675Q": lambda c: (_unclose(c), _drop(_ep(c), "Section47/DateOfInitialCPC")),
    "8696": lambda c: _set(c, "CINdetails/Assessments/AssessmentAuthorisationDate", "2026-04-02"),
    "8715": lambda c: (_set(c, "CINdetails/Section47/DateOfInitialCPC", "2026-04-06"),
                       _set(c, "CINdetails/CINclosureDate", "2026-04-07")),
    "8720": lambda c: _set(c, "CINdetails/ChildProtectionPlans/CPPstartDate", "2026-04-07"),
    "8730": lambda c: _set(c, "CINdetails/ChildProtectionPlans/NumberOfPreviousCPP", ""),
    "8736": lambda c: (_set(c, "CINdetails/CINreferralDate", "2025-03-01"), _unclose(c),
                       _set(c, "CINdetails/Assessments/AssessmentActualStartDate", "2025-03-02"),
                       _drop(_ep(c), "Assessments/AssessmentAuthorisationDate"),
                       _drop(_ep(c), "Assessments/FactorsIdentifiedAtAssessment")),
    "8740": lambda c: (_set(c, "CINdetails/CINreferralDate", "2025-03-01"), _unclose(c),
                       _set(c, "CINdetails/Section47/S47ActualStartDate", "2025-03-03"),
                       _drop(_ep(c), "Section47/DateOfInitialCPC"), _set(c, "CINdetails/Section47/ICPCnotRequired", "0")),
    "8750": lambda c: (_drop(c, "ChildIdentifiers/PersonBirthDate"),
                       _insert_after(c, "ChildIdentifiers/UPN", "ExpectedPersonBirthDate", "2026-04-20")),
    "8770Q": lambda c: _drop(c, "ChildIdentifiers/UPN"),
    "8772": lambda c: (_drop(c, "ChildIdentifiers/UPN"), _insert_after(c, "ChildIdentifiers/LAchildID", "UPNunknown", "UN7")),
    "8775Q": lambda c: (_set(c, "ChildIdentifiers/PersonBirthDate", "1999-01-01"), _unclose(c)),
    "8790": lambda c: etree.SubElement(c.find("ChildCharacteristics/Disabilities"), "Disability").__setattr__("text", "MOB"),
    "8794": lambda c: etree.SubElement(c.find("ChildCharacteristics/Disabilities"), "Disability").__setattr__("text", "NONE"),
    "8805": lambda c: _drop(_ep(c), "ReasonForClosure"),
    "8810": lambda c: _drop(_ep(c), "CINclosureDate"),
    "8815": lambda c: (_unclose(c), _second_episode(c, CINreferralDate="2025-12-01")),
    "8816": lambda c: (_second_episode(c, CINreferralDate="2025-06-01"), _unclose(c)),
    "8820": lambda c: _second_episode(c, CINreferralDate="2025-06-01"),
    "8831": lambda c: _set(c, "CINdetails/ReferralNFA", "true"),
    "8832": lambda c: (_set(c, "CINdetails/ReferralNFA", "true"), _drop(_ep(c), "Assessments"), _drop(_ep(c), "Section47")),
    "8839": lambda c: (_unclose(c), _drop(_ep(c), "Section47/DateOfInitialCPC"),
                       _insert_after(_ep(c), "Section47", "Section47", None),
                       [etree.SubElement(_ep(c).findall("Section47")[1], t).__setattr__("text", v)
                        for t, v in (("S47ActualStartDate", "2025-05-06"), ("ICPCnotRequired", "false"))]),
    "8840": lambda c: _set(c, "CINdetails/ChildProtectionPlans/CPPendDate", "2025-05-20"),
    "8841": lambda c: _set(c, "CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate", "2025-05-20"),
    "8842Q": lambda c: _set(c, "CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate", ""),
    "8863Q": lambda c: (_insert_after(_ep(c), "Assessments", "Assessments", None),
                        [etree.SubElement(_ep(c).findall("Assessments")[1], t).__setattr__("text", v)
                         for t, v in (("AssessmentActualStartDate", "2025-05-10"), ("AssessmentAuthorisationDate", "2025-06-10"))]),
    "8866": lambda c: _set(c, "CINdetails/ReferralSource", "99"),
    "8867": lambda c: (_drop(_ep(c), "Assessments/AssessmentAuthorisationDate"),
                       _drop(_ep(c), "Assessments/FactorsIdentifiedAtAssessment")),
    "8868": lambda c: _drop(_ep(c), "Section47/DateOfInitialCPC"),
    "8869": lambda c: _add_factor(c, "21"),
    "8873Q": lambda c: _set(c, "CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "21"),
    "8875": lambda c: (_set(c, "CINdetails/Section47/DateOfInitialCPC", "2025-05-24"),
                       _set(c, "CINdetails/ChildProtectionPlans/CPPstartDate", "2025-05-24")),
    "8870Q": lambda c: _set(c, "CINdetails/Section47/InitialCPCtarget", "2025-05-25"),
    "8890": lambda c: (_insert_after(_ep(c), "Section47", "Section47", None),
                       [etree.SubElement(_ep(c).findall("Section47")[1], t).__setattr__("text", v)
                        for t, v in (("S47ActualStartDate", "2025-05-10"), ("ICPCnotRequired", "true"))]),
    "8896": lambda c: (_unclose(c), _drop(_ep(c), "Assessments/AssessmentAuthorisationDate"),
                       _drop(_ep(c), "Assessments/FactorsIdentifiedAtAssessment"),
                       _insert_after(_ep(c), "Assessments", "Assessments", None),
                       etree.SubElement(_ep(c).findall("Assessments")[1], "AssessmentActualStartDate").__setattr__("text", "2025-09-01")),
    "8897Q": lambda c: _drop(_ep(c), "Assessments/FactorsIdentifiedAtAssessment"),
    "8898": lambda c: _add_factor(c, "3B"),
    "8905": lambda c: _set(c, "CINdetails/ChildProtectionPlans/InitialCategoryOfAbuse", "BAD"),
    "8910": lambda c: _set(c, "CINdetails/ChildProtectionPlans/LatestCategoryOfAbuse", "BAD"),
    "8915": lambda c: _insert_after(c, "ChildIdentifiers/Sex", "PersonDeathDate", "2025-05-19"),
    "8920": lambda c: _insert_after(c, "ChildIdentifiers/Sex", "PersonDeathDate", "2025-11-19"),
    "8925": lambda c: _set(c, "CINdetails/ChildProtectionPlans/CPPendDate", "2025-05-19"),
    "8930": lambda c: (_unclose(c), _set(c, "CINdetails/ChildProtectionPlans/CPPendDate", "2026-04-20"),
                       _drop(_ep(c), "CINPlanDates")),
    "8935": lambda c: (_unclose(c), _drop(_ep(c), "ChildProtectionPlans/CPPendDate"), _drop(_ep(c), "CINPlanDates"),
                       _ep(c).append(copy.deepcopy(_ep(c).find("ChildProtectionPlans"))),
                       _set(_ep(c).findall("ChildProtectionPlans")[1], "CPPstartDate", "2025-09-01")),
    "8940": lambda c: (_ep(c).append(copy.deepcopy(_ep(c).find("ChildProtectionPlans"))),
                       _set(_ep(c).findall("ChildProtectionPlans")[1], "CPPstartDate", "2025-07-01"),
                       _set(_ep(c).findall("ChildProtectionPlans")[1], "CPPendDate", "2025-08-01"),
                       _set(_ep(c).findall("ChildProtectionPlans")[1], "Reviews/CPPreviewDate", "2025-07-20")),
    "8945Q": lambda c: _set(c, "CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "18A"),
    "8950Q": lambda c: _set(c, "CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "19A"),
}
PAIRS = {"8510": "LAchildID", "1520": "UPN"}  # two children sharing a value
RETURN_LEVEL = {"100", "2883", "2886Q", "2887Q", "2888Q"}


def broken_child(code: str, n: int):
    """A child breaking ``code`` (or two, for rules about values shared between children)."""
    child = clean_child(n + 1000)  # its own UPN, apart from the clean children's
    _set(child, "ChildIdentifiers/LAchildID", f"BRK{n:04d}")
    if code in PAIRS:
        # The twin shares one value; otherwise it is a short NFA referral with nothing in common,
        # so a tool that merges children sharing an ID sees nothing else wrong.
        twin = clean_child(n + 5000)
        _open_nfa_episode(twin)
        _set(twin, "CINdetails/CINreferralDate", "2025-04-02")
        _drop(twin, "ChildCharacteristics/Disabilities")
        _set(twin, "ChildIdentifiers/LAchildID", f"BRK{n:04d}TWIN")
        field = PAIRS[code]
        _set(twin, f"ChildIdentifiers/{field}", child.findtext(f"ChildIdentifiers/{field}"))
        return [child, twin]
    BREAKERS[code](child)
    return [child]


def return_breakers() -> dict[str, bytes]:
    """A small file of its own for each rule about the return as a whole."""
    files = {}
    files["100"] = message(clean_children(), reference="2026-03-30")
    files["2887Q"] = message([clean_child(i, ["MOB", "HAND"]) for i in range(3)])
    files["2888Q"] = message([clean_child(i, [code]) for i, code in enumerate(
        ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"])])
    no_sex = clean_children()
    for child in no_sex[:3]:
        _set(child, "ChildIdentifiers/Sex", "U")
    files["2886Q"] = message(no_sex)
    extra_plan = clean_children()
    _ep(extra_plan[-1]).append(copy.deepcopy(_ep(extra_plan[-1]).find("ChildProtectionPlans")))
    _set(_ep(extra_plan[-1]).findall("ChildProtectionPlans")[1], "CPPstartDate", "2025-12-01")
    _set(_ep(extra_plan[-1]).findall("ChildProtectionPlans")[1], "CPPendDate", "2026-01-01")
    _set(_ep(extra_plan[-1]).findall("ChildProtectionPlans")[1], "Reviews/CPPreviewDate", "2025-12-20")
    files["2883"] = message(extra_plan)
    return files


def every_rule_file() -> tuple[bytes, dict]:
    """One file: clean children, and a child (or pair) breaking each child-level rule.
    Returns the XML and {breaking child's LAchildID: rule code}."""
    children = clean_children()
    expected = {}
    for n, code in enumerate(sorted(c for c in BREAKERS if c not in RETURN_LEVEL), start=1):
        for child in broken_child(code, n):
            children.append(child)
            la_id = child.findtext("ChildIdentifiers/LAchildID") or ""
            expected.setdefault(la_id, code)
    return message(children), expected
