"""Quotes carry their speaker, and one remark reported with another speaker, a changed
negation, name or figure is a divergence; rewording is agreement (issue 12, class 4). Cases
made up for these tests."""

import pytest

from newscompare.pipeline.values import extract_quotes, extract_values
from newscompare.pipeline.verdict import Member, compare_values, judge_claim

WORDS = "We will not leave a single family without a roof this winter"


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        (f'"{WORDS}," Brandt told reporters.', "Brandt"),
        (f'"{WORDS}," said Ilse Brandt.', "Ilse Brandt"),
        (f'"{WORDS}," said housing minister Ilse Brandt.', "Ilse Brandt"),
        (f'"{WORDS}," chief executive Ilse Brandt told a news conference.', "Ilse Brandt"),
        (f'"{WORDS}," the regional governor, Ilse Brandt, told public radio.', "Ilse Brandt"),
        (f'Governor Ilse Brandt has promised that "{WORDS}".', "Governor Ilse Brandt"),
        (f'According to Ilse Brandt, "{WORDS}".', "Ilse Brandt"),
        (f'"{WORDS}," according to the mayor, Ilse Brandt.', "Ilse Brandt"),
    ],
)
def test_the_speaker_is_found_where_news_puts_it(sentence, speaker):
    (quote,) = extract_quotes(sentence)
    assert quote["speaker"].endswith(speaker.split()[-1]), quote
    assert quote["speaker"] in speaker


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        (
            "Ilse Brandt, the mayor of Ostrava, was quoted by public radio as saying the "
            "shelters would stay open.",
            "Ilse Brandt",
        ),
        (
            "Ostrava's mayor, Ilse Brandt, was quoted by a local paper as saying the shelters "
            "would stay open.",
            "Ilse Brandt",
        ),
        ("Public radio quoted Ilse Brandt as saying the shelters would stay open.", "Brandt"),
    ],
)
def test_the_person_quoted_speaks_not_the_outlet_quoting_them(sentence, speaker):
    (quote,) = extract_quotes(sentence)
    assert quote["speaker"] == speaker


def test_a_generational_suffix_or_a_transliteration_does_not_make_another_speaker():
    judged = quote_claim(f'"{WORDS}," said Tomas Okafor Jr.', f'"{WORDS}," Okafor told reporters.')
    assert judged.verdict == "agree", judged.explanation
    judged = quote_claim(f'"{WORDS}," said Anwar Ilhanbadi.', f'"{WORDS}," Ilhanvadi said.')
    assert judged.verdict == "agree", judged.explanation
    judged = quote_claim(f'"{WORDS}," said Tomas Okafor III.', f'"{WORDS}," Brandt said.')
    assert judged.verdict == "diverge" and "different speakers" in judged.explanation


def test_a_description_without_a_name_gives_no_speaker():
    (quote,) = extract_quotes(f'"{WORDS}," officials said on Friday.')
    assert quote["speaker"] == ""


def test_a_quote_keeps_the_figures_inside_it():
    (quote,) = [
        v
        for v in extract_values('"No bus will run late by more than 20 minutes," Brandt said.')
        if v["type"] == "quote"
    ]
    assert [f["normalized"] for f in quote["figures"]] == ["20 minute"]


def quote_claim(*sentences):
    members = [
        Member(chr(65 + i), i, [v for v in extract_values(s) if v["type"] == "quote"], s)
        for i, s in enumerate(sentences)
    ]
    return judge_claim(members, one_fact=True)


def test_the_same_words_from_two_speakers_diverge():
    judged = quote_claim(f'"{WORDS}," Brandt said.', f'"{WORDS}," said Tomas Okafor.')
    assert judged.verdict == "diverge" and "different speakers" in judged.explanation


def test_a_changed_figure_inside_one_quote_diverges():
    judged = quote_claim(
        '"No bus will run late by more than 20 minutes," Brandt said.',
        '"No bus will run late by more than 45 minutes," Brandt said.',
    )
    assert judged.verdict == "diverge" and "changed figure" in judged.explanation


def test_a_figure_written_another_way_is_the_same_figure():
    judged = quote_claim(
        '"The pumps will run for the next 48 hours without a break," Brandt said.',
        '"The pumps will run for the next two days without a break," Brandt said.',
    )
    assert judged.verdict == "agree"


def test_a_dropped_negation_inside_one_quote_diverges():
    judged = quote_claim(
        '"The dam is not at risk of failing tonight," Brandt said.',
        '"The dam is at risk of failing tonight," Brandt said.',
    )
    assert judged.verdict == "diverge" and "changed words" in judged.explanation


def test_a_paraphrase_by_the_same_speaker_agrees():
    a = extract_values(f'"{WORDS}," Brandt said.')
    b = extract_values("Brandt said that no family would be left without a roof this winter.")
    assert compare_values(a, b).relation == "agree"


def test_a_changed_figure_without_a_known_speaker_is_one_remark():
    judged = quote_claim(
        '"The pumps will run for the next 48 hours without a break."',
        '"The pumps will run for the next 24 hours without a break."',
    )
    assert judged.verdict == "diverge"
    assert "give one remark with a changed figure: 48 hours vs 24 hours" in judged.explanation


@pytest.mark.parametrize(
    "sentence, speaker, words",
    [
        (
            "Mayor Ilse Brandt insisted the ferry would run again within days.",
            "Mayor Ilse Brandt",
            "the ferry would run again within days",
        ),
        (
            "Harbour master Tomas Okafor told reporters the pier was no longer safe.",
            "Tomas Okafor",
            "the pier was no longer safe",
        ),
        (
            "Ilse Brandt called it the worst storm the harbour had seen.",
            "Ilse Brandt",
            "the worst storm the harbour had seen",
        ),
    ],
)
def test_reported_speech_without_that_carries_its_speaker(sentence, speaker, words):
    (quote,) = extract_quotes(sentence)
    assert (quote["speaker"], quote["text"], quote["reported"]) == (speaker, words, True)


def test_a_speech_verb_with_an_object_and_no_clause_is_no_quote():
    assert not extract_quotes("Mayor Ilse Brandt warned the harbour board about the costs.")


def test_a_remark_summed_up_and_the_same_remark_from_another_speaker_diverge():
    summed_up = "Ilse Brandt called it the worst storm in the harbour's history."
    quoted = '"This is the worst storm in the history of this harbour," Tomas Okafor said.'
    assert compare_values(extract_values(summed_up), extract_values(quoted)).relation == "diverge"


def test_without_that_the_speaker_is_the_name_right_before_the_verb():
    (quote,) = extract_quotes("In a talk with Harbour Radio, Brandt claimed she was never told.")
    assert quote["speaker"] == "Brandt"
    assert not extract_quotes("Okafor, who argued he was unfit, spoke in court on Monday.")


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        (
            "The National Seismic Survey in Tarnow, Poland, said it was a magnitude-5.1 tremor.",
            "National Seismic Survey",
        ),
        ("Ilse Brandt, the mayor of Tarnow, said the shelters would stay open.", "Ilse Brandt"),
    ],
)
def test_a_place_beside_the_speaker_is_not_the_speaker(sentence, speaker):
    (quote,) = extract_quotes(sentence)
    assert quote["speaker"] == speaker
