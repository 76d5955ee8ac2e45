import pytest

from atsbox.mocks.gem import ids


def test_ids_are_base64_of_type_and_number():
    assert ids.encode("Project", 1) == "UHJvamVjdDox"  # Gem's documented example
    assert ids.native_id("job", "job_0007") == ids.encode("Job", 7)
    assert ids.decode(ids.native_id("stage", "stage_00012")) == ("JobStage", 12)


def test_minted_ids_never_meet_rendered_ones():
    assert ids.decode(ids.minted_id("note", 1))[1] > ids.world_number("note_999999")


@pytest.mark.parametrize("bad", ["not base64!", "Sm9i", ids.encode("Job", 1)[:-2] + "=="])
def test_malformed_ids_are_refused(bad):
    with pytest.raises(ids.BadId):
        ids.decode(bad)


def test_check_refuses_an_id_of_another_type():
    with pytest.raises(ids.BadId):
        ids.check("candidate", ids.encode("Job", 1))
    assert ids.check("job", ids.encode("Job", 1)) == ids.encode("Job", 1)
