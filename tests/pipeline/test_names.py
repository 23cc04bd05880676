"""Names in every alphabet: entity and speaker extraction read letters of any script, keep
the spelling for display, and fold it only to match ('Лавренов' meets 'Lavrenov'). The
names are made up for these tests."""

import pytest

from newscompare.pipeline.values import (
    entity_key,
    extract_article_values,
    extract_entities,
)


def names(sentence: str) -> list[str]:
    return [v["text"] for v in extract_entities(sentence)]


def speakers(*sentences: str) -> list[str]:
    return [
        v["speaker"]
        for vals in extract_article_values(list(sentences))
        for v in vals
        if v["type"] == "quote"
    ]


@pytest.mark.parametrize(
    "script,sentence,expected",
    [
        (
            "Turkish",
            "Foreign Minister Ayşegül Çelikoğlu met İbrahim Şahin in İzmir on Monday.",
            ["Ayşegül Çelikoğlu", "İbrahim Şahin", "İzmir"],
        ),
        (
            "German",
            "Jürgen Weißmüller flew from Zürich to Düsseldorf with Thomas Öhlinger.",
            ["Jürgen Weißmüller", "Zürich", "Düsseldorf", "Thomas Öhlinger"],
        ),
        (
            "French",
            "Émile Bérard and Hélène Faucheux visited Besançon and Orléans.",
            ["Émile Bérard", "Hélène Faucheux", "Besançon", "Orléans"],
        ),
        (
            "Polish",
            "Łukasz Żurawski met Małgorzata Ślęzak in Łódź.",
            ["Łukasz Żurawski", "Małgorzata Ślęzak", "Łódź"],
        ),
        (
            "Cyrillic",
            "Сергей Лавренов встретился с Анной Ворониной в Новосибирске.",
            ["Сергей Лавренов", "Анной Ворониной", "Новосибирске"],
        ),
        (
            "Greek",
            "Νίκος Παπαδόγιαννης συναντήθηκε με την Ελένη Καραμπέτσου στην Πάτρα.",
            ["Νίκος Παπαδόγιαννης", "Ελένη Καραμπέτσου", "Πάτρα"],
        ),
    ],
)
def test_names_are_read_whole_in_every_script(script, sentence, expected):
    assert names(sentence) == expected


@pytest.mark.parametrize(
    "native,latin",
    [
        ("Çelikoğlu", "Celikoglu"),
        ("Weißmüller", "Weissmueller"),
        ("Bérard", "Berard"),
        ("Żurawski", "Zurawski"),
        ("Лавренов", "Lavrenov"),
        ("Παπαδόγιαννης", "Papadogiannis"),
    ],
)
def test_a_name_and_its_latin_spelling_share_a_key(native, latin):
    assert entity_key(native) and entity_key(native) == entity_key(latin)


def test_folding_is_for_matching_only():
    value = extract_entities("The talks were held in Łódź.")[-1]
    assert value["text"] == "Łódź" and value["normalized"] == entity_key("Lodz")


def test_a_speaker_is_the_whole_name_with_its_title():
    assert speakers(
        '"We will not accept any delay in the talks," Foreign Minister Ayşegül Çelikoğlu said.'
    ) == ["Foreign Minister Ayşegül Çelikoğlu"]
    assert speakers(
        '"The talks will go on next week in Geneva," Secretary of State Jane Holloway said.'
    ) == ["Secretary of State Jane Holloway"]


def test_a_speaker_whose_name_ends_in_s_keeps_it():
    assert speakers('"The risk of a wider conflict is real and growing," Davis said.') == ["Davis"]


def test_a_speaker_in_another_script_is_read_whole():
    assert speakers('"The talks will continue next week," Сергей Лавренов told reporters.') == [
        "Сергей Лавренов"
    ]
    assert speakers('"Η συνάντηση ήταν χρήσιμη για όλους," Ελένη Καραμπέτσου said.') == [
        "Ελένη Καραμπέτσου"
    ]
