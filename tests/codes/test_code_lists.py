from opencsc.codes import lists


def test_a_retired_placement_code_is_still_readable_but_not_valid_after_it_was_retired():
    assert lists.PLACEMENT_TYPE.label("H5").startswith("Semi-independent")
    assert lists.PLACEMENT_TYPE.valid_in("H5", 2024)
    assert not lists.PLACEMENT_TYPE.valid_in("H5", 2025)
    assert lists.PLACEMENT_TYPE.valid_in("K3", 2025) and not lists.PLACEMENT_TYPE.valid_in("K3", 2024)


def test_z1_is_split_into_z11_to_z14_from_2025_26():
    assert lists.PLACEMENT_TYPE.valid_in("Z1", 2025) and not lists.PLACEMENT_TYPE.valid_in("Z1", 2026)
    assert all(lists.PLACEMENT_TYPE.valid_in(f"Z1{i}", 2026) for i in range(1, 5))


def test_an_unknown_legacy_code_reads_as_itself_flagged_unknown():
    assert lists.LEGAL_STATUS.label("Q9") == "Q9 (unknown code)"


def test_sex_replaces_gender_current_from_2024_25():
    assert {c.code for c in lists.GENDER_CURRENT.current(2024)} == {"0", "1", "2", "9"}
    assert lists.GENDER_CURRENT.current(2025) == []
    assert {c.code for c in lists.SEX.current(2025)} == {"M", "F", "U"}


def test_care_leaver_accommodation_allows_s_and_x_only_as_unsuitable():
    assert "S2" in lists.CARE_LEAVER_ACCOMMODATION and "S1" not in lists.CARE_LEAVER_ACCOMMODATION
    assert "X2" in lists.CARE_LEAVER_ACCOMMODATION and "X1" not in lists.CARE_LEAVER_ACCOMMODATION
    assert "U1" in lists.CARE_LEAVER_ACCOMMODATION and "U2" in lists.CARE_LEAVER_ACCOMMODATION


def test_ssda903_upn_unknown_codes_stop_at_un5():
    assert [c.code for c in lists.UPN_UNKNOWN_903] == ["UN1", "UN2", "UN3", "UN4", "UN5"]
