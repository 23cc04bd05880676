"""A changed key word inside one quote is a divergence, rewording is not (issue 12, class 4).
Cases made up for these tests."""

from newscompare.pipeline.quote_changes import key_word_changes


def test_the_same_words_have_no_change():
    q = "We will rebuild every bridge before the winter comes."
    assert key_word_changes(q, q) == []


def test_a_dropped_negation_is_a_change():
    a = "The harbour will not reopen before the end of the month."
    b = "The harbour will reopen before the end of the month."
    assert key_word_changes(a, b) == [("not", "")]


def test_a_contracted_negation_counts_as_one():
    a = "We don't expect the harbour to reopen this month."
    b = "We expect the harbour to reopen this month."
    assert key_word_changes(a, b) == [("don't", "")]


def test_never_for_always_is_a_change():
    a = "This council has never hidden the cost from the public."
    b = "This council has always hidden the cost from the public."
    assert key_word_changes(a, b) == [("never", "always")]


def test_one_name_in_another_names_place_is_a_change():
    a = "We have asked Lindqvist to lead the inquiry."
    b = "We have asked Okafor to lead the inquiry."
    assert key_word_changes(a, b) == [("Lindqvist", "Okafor")]


def test_a_spelling_variant_of_one_name_is_no_change():
    a = "We thank Aleksandr and his crew for their courage."
    b = "We thank Alexandr and his crew for their courage."
    assert key_word_changes(a, b) == []


def test_rewording_and_translation_noise_are_no_change():
    a = "We are ready to talk without conditions, and we hope they are too."
    b = "We are prepared to hold talks with no preconditions and hope that they are as well."
    assert key_word_changes(a, b) == []


def test_the_opening_word_of_a_quote_is_no_name():
    a = "Nobody expected the river to rise so fast."
    b = "Everyone expected the river to rise so fast."
    assert key_word_changes(a, b) == [("Nobody", "Everyone")]
    assert key_word_changes("Today the vote is over.", "Tonight the vote is over.") == []


def test_a_name_added_beside_the_words_is_no_change():
    a = "The mayor has done everything he could."
    b = "The mayor, Haldane, has done everything he could."
    assert key_word_changes(a, b) == []


def test_words_at_either_end_are_a_longer_excerpt_not_a_change():
    a = "the bridge is safe for now, and will stay open"
    b = "Not for long: the bridge is safe for now, and will stay open"
    assert key_word_changes(a, b) == []
    assert key_word_changes(a, a + " unless it floods") == []


def test_a_possessive_is_the_same_name():
    a = "an overhaul of the Council's budget rules is overdue"
    b = "an overhaul of Council budget rules is overdue"
    assert key_word_changes(a, b) == []


def test_abbreviations_and_dotted_initials_are_the_same_word():
    a = "The U.S. team will arrive on the first of Sept. and stay a week."
    b = "The US team will arrive on the first of September and stay a week."
    assert key_word_changes(a, b) == []


def test_a_contraction_without_its_apostrophe_is_still_a_negation():
    a = "We dont think the dam is at risk tonight."
    b = "We do think the dam is at risk tonight."
    assert key_word_changes(a, b) == [("dont", "do")]
