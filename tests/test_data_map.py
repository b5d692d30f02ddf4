"""The data map names a real field for every return field (docs/data-map.md)."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist

MAP = Path(__file__).resolve().parent.parent / "docs" / "data-map.md"
REFERENCE = re.compile(r"`([a-z_]+)\.([A-Za-z_0-9]+)\.([a-z_0-9]+)`")

# Every field the returns need, from ../shared/domain (CIN census XML tree, SSDA903 column sets).
CIN_FIELDS = """LAchildID UPN FormerUPN UPNunknown PersonBirthDate ExpectedPersonBirthDate Sex GenderCurrent PersonDeathDate
Ethnicity Disability CINreferralDate ReferralSource PrimaryNeedCode CINclosureDate ReasonForClosure DateOfInitialCPC
AssessmentActualStartDate AssessmentInternalReviewDate AssessmentAuthorisationDate AssessmentFactors CINPlanStartDate
CINPlanEndDate S47ActualStartDate InitialCPCtarget ICPCnotRequired ReferralNFA CPPstartDate CPPendDate
InitialCategoryOfAbuse LatestCategoryOfAbuse NumberOfPreviousCPP CPPreviewDate LEA ReferenceDate""".split()
SSDA903_TABLES = {
    "Header": "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB",
    "Episodes": "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE HOME_POST PL_POST URN",
    "Reviews": "CHILD DOB REVIEW REVIEW_CODE",
    "UASC": "CHILD SEX DOB DUC",
    "OC2": "CHILD DOB SDQ_SCORE SDQ_REASON CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK HEALTH_ASSESSMENT "
           "SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED",
    "OC3": "CHILD DOB IN_TOUCH ACTIV ACCOM",
    "AD1": "CHILD DOB DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR",
    "PlacedAdoption": "CHILD DOB DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED",
    "PrevPerm": "CHILD DOB PREV_PERM LA_PERM DATE_PERM",
    "Missing": "CHILD DOB MISSING MIS_START MIS_END",
    "SWEpisodes": "CHILD DOB SW_ID SW_DECOM SW_DEC SW_REASON",
}
ANNEX_A_LISTS = [f"List {n}" for n in range(1, 12)]


def rows():
    section = None
    for line in MAP.read_text().splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("| ") and not line.startswith("| Table") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            yield section, cells[0], cells[1], cells[2]


def test_every_field_the_map_names_exists_in_the_models():
    missing = []
    for section, table, field, source in rows():
        for app_label, model_name, field_name in REFERENCE.findall(source):
            if app_label == "settings":
                if field_name not in getattr(settings, model_name):
                    missing.append(f"{table}.{field}: settings.{model_name}.{field_name}")
                continue
            try:
                apps.get_model(app_label, model_name)._meta.get_field(field_name)
            except (LookupError, FieldDoesNotExist):
                missing.append(f"{section} {table}.{field}: {app_label}.{model_name}.{field_name}")
    assert not missing, "the data map names fields that do not exist:\n" + "\n".join(missing)


def test_every_entry_is_a_model_field_a_named_derivation_config_or_constant():
    for _section, table, field, source in rows():
        assert REFERENCE.search(source) or source.startswith(("constant", "derived", "config")), f"{table}.{field}: {source}"
        if source.startswith("derived"):
            assert REFERENCE.search(source) or "census year" in source or "export" in source, f"{table}.{field} names no input"


def test_every_cin_field_and_ssda903_column_and_annex_a_list_is_mapped():
    mapped = {(section, table, field) for section, table, field, _ in rows()}
    cin = {field for section, _, field in mapped if section.startswith("CIN")}
    assert set(CIN_FIELDS) <= cin, set(CIN_FIELDS) - cin
    for table, columns in SSDA903_TABLES.items():
        for column in columns.split():
            assert ("SSDA903 2025/26", table, column) in mapped, f"SSDA903 {table}.{column} is not mapped"
    annex = {table for section, table, _ in mapped if section == "Ofsted Annex A"}
    assert set(ANNEX_A_LISTS) <= annex
