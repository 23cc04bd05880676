"""An event is bound to its place: two sentences that tell of one action at two places are two
events (places.py), and alignment keeps them apart. Sentences made up for the tests."""

from newscompare.pipeline.places import Left, event_places, geography, place_words, places_apart

from .story import claims_of


def test_the_place_of_the_main_clause_is_the_events_and_a_subordinate_clauses_is_not():
    text = "After walking out of a clinic in Dunmore, the singer checked into the Harlow Clinic."
    assert event_places(text) == [place_words("Harlow")]


def test_a_name_qualifying_the_noun_after_it_places_nothing():
    assert event_places("The singer checked into a Vessex rehab centre.") == []
    assert event_places("She starred in the Ostra films before the trial.") == []


def test_capitalised_function_words_and_numbers_end_or_make_no_place():
    assert event_places("Singer Checks Into Rehab For Undisclosed Reasons") == []
    assert event_places("Champion Wins in Six") == []
    assert event_places("She checked into the Harlow Clinic after leaving Dunmore.") == [
        place_words("Harlow Clinic")
    ]


def test_a_clinic_and_the_town_the_story_puts_it_in_are_one_place():
    geo = geography(
        [
            "The singer is at the Harlow Clinic in Brenton, Vessex, her agent said.",
            "After leaving a clinic in Dunmore, she checked into the Harlow Clinic.",
        ]
    )
    clinic = event_places("The singer checked into the Harlow Clinic on Friday.")
    town = event_places("The singer checked into rehab in Brenton on Friday.")
    region = event_places("The singer checked into rehab in Vessex on Friday.")
    assert not places_apart(clinic, town, geo)
    assert not places_apart(clinic, region, geo)


def test_two_places_one_sentence_names_as_two_are_apart():
    geo = geography(["After leaving a clinic in Dunmore, she checked into the Harlow Clinic."])
    harlow = event_places("She checked into the Harlow Clinic.")
    dunmore = event_places("She checked into a clinic in Dunmore.")
    assert places_apart(harlow, dunmore, geo)
    assert not places_apart(harlow, event_places("She checked into a clinic."), geo)


def test_two_places_the_story_never_tells_apart_may_be_one():
    geo = geography(
        ["She checked into the Harlow Clinic.", "She checked into a clinic in Dunmore."]
    )
    harlow = event_places("She checked into the Harlow Clinic.")
    assert not places_apart(harlow, event_places("She is at a clinic in Dunmore."), geo)


def test_a_place_of_motion_is_not_where_the_event_happened():
    assert event_places("He escaped while being moved to a prison in Arlow.") == []


def test_a_headline_names_only_places_the_story_places_things_in():
    geo = geography(["The singer checked into the Harlow Clinic on Friday."])
    assert event_places("Singer Checks Into Harlow Clinic", geo) == [place_words("Harlow")]
    assert event_places("Singer Convicted In Harlow Shooting Case", geography([])) == []


# Class: the same action at two places (a singer checks into one clinic, leaves it, and checks
# into another; outlets tell of both). The embedding sees one event; the places tell two.
CLINICS = [
    [
        "The singer checked into the Harlow Clinic in Brenton on Friday, her agent said.",
        "Fans gathered outside the gates.",
    ],
    [
        "The pop singer checked into the Harlow Clinic on Friday.",
        "Her tour has been cancelled.",
    ],
    [
        "The singer checked into a rehab clinic in Dunmore on Friday, her agent said.",
        "Tickets will be refunded.",
    ],
    [
        "On Friday the pop singer checked into a clinic in Dunmore.",
        "She had walked out of the Harlow Clinic before she checked into the clinic in Dunmore.",
    ],
]


def _together(claims, x, y) -> bool:
    return any(x in members and y in members for members, _ in claims)


def test_the_same_action_at_two_places_is_two_claims():
    claims = claims_of(CLINICS)
    harlow, harlow_too = (0, CLINICS[0][0]), (1, CLINICS[1][0])
    dunmore, dunmore_too = (2, CLINICS[2][0]), (3, CLINICS[3][0])
    assert _together(claims, harlow, harlow_too) and _together(claims, dunmore, dunmore_too)
    assert not any(
        ({harlow, harlow_too} & members) and ({dunmore, dunmore_too} & members)
        for members, _ in claims
    )


# Class (ECB+ t1plus): leaving a place and arriving there are two events ("checked out of the
# clinic" / "checked into the clinic"); the embedding sees one, the direction tells two.
def test_a_place_the_event_leaves_is_a_left_place():
    assert [isinstance(p, Left) for p in event_places("She walked out of the Harlow Clinic.")] == [
        True
    ]
    assert event_places("She left a rehab clinic in Dunmore on Friday.") == [place_words("Dunmore")]
    assert all(
        isinstance(p, Left)
        for p in event_places("She checked out of the Harlow Clinic in Brenton on Friday.")
    )
    assert not any(isinstance(p, Left) for p in event_places("She checked into the Harlow Clinic."))


def test_leaving_a_place_and_arriving_there_are_apart():
    geo = geography([])
    arrived = event_places("The singer checked into the Harlow Clinic for treatment.")
    left = event_places("The singer checked out of the Harlow Clinic after treatment.")
    assert places_apart(arrived, left, geo) and places_apart(left, arrived, geo)
    assert not places_apart(left, event_places("The singer has left the Harlow Clinic."), geo)
    assert not places_apart(
        arrived, event_places("The singer is staying at the Harlow Clinic."), geo
    )


CHECK_IN_AND_OUT = [
    ["The singer checked into the Harlow Clinic on Friday, her agent said.", "Fans waited."],
    ["The pop singer checked into the Harlow Clinic on Friday night.", "Her tour is off."],
    ["The singer checked out of the Harlow Clinic on Friday, her agent said.", "Fans cheered."],
    ["The pop singer has left the Harlow Clinic on Friday night.", "Her tour is back on."],
]


def test_checking_in_and_checking_out_of_one_clinic_are_two_claims():
    claims = claims_of(CHECK_IN_AND_OUT)
    arrived = {(0, CHECK_IN_AND_OUT[0][0]), (1, CHECK_IN_AND_OUT[1][0])}
    left = {(2, CHECK_IN_AND_OUT[2][0]), (3, CHECK_IN_AND_OUT[3][0])}
    assert any(arrived <= members for members, _ in claims)
    assert not any((arrived & members) and (left & members) for members, _ in claims)
