"""Z1 became Z11-Z14 from 2025/26. Their meanings are not established, so their labels invent none;
Z1 is still read in the years it was valid."""

from opencsc.codes import lists


def test_z11_to_z14_have_neutral_labels_and_z1_is_valid_only_before_2025_26():
    for code in lists.OTHER_PLACEMENTS:
        label = lists.PLACEMENT_TYPE.get(code).label
        assert label == f"Other placement {code} (DfE's meaning not yet established)"
        assert lists.PLACEMENT_TYPE.valid_in(code, 2026) and lists.PLACEMENT_TYPE.valid_in(code, 2027)
        assert not lists.PLACEMENT_TYPE.valid_in(code, 2025)
    assert lists.PLACEMENT_TYPE.valid_in("Z1", 2025) and not lists.PLACEMENT_TYPE.valid_in("Z1", 2026)
