"""Wire copies: articles whose texts share most word 5-grams count once."""

from newscompare.pipeline import syndication

AGENCY = (
    "The regional council approved a new flood barrier on Tuesday after a two-hour debate, "
    "with work on the river wall to begin in the autumn and to last eighteen months."
)


def test_a_trimmed_copy_of_an_agency_text_is_one_source_with_it():
    groups = syndication.wire_groups(
        {1: AGENCY, 2: "LOCAL DESK - " + AGENCY[:120], 3: "A baker opened a shop on the hill."}
    )
    assert groups[1] == groups[2] == 1 and groups[3] == 3


def test_containment_reads_the_shorter_text_against_the_longer():
    first_words = " ".join(AGENCY.split()[:15])
    long, short = syndication.shingles(AGENCY), syndication.shingles(first_words)
    assert syndication.containment(short, long) == 1.0
    assert syndication.containment(set(), long) == 0.0


def test_copies_of_copies_share_the_smallest_key():
    a, b = AGENCY, AGENCY[40:] + " Officials welcomed it."
    c = b[30:] + " Residents were less sure."
    groups = syndication.wire_groups({5: c, 7: b, 9: a})
    assert set(groups.values()) == {5}


def test_independent_sources_count_each_group_once():
    assert syndication.independent_sources([1, 2, 3], {1: 1, 2: 1, 3: 3}) == 2
