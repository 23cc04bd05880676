"""Alignment: which sentences of a story state the same fact. Uses the real MiniLM model."""

import numpy as np
import pytest

from newscompare.pipeline import align
from newscompare.pipeline.align import neighbours
from newscompare.pipeline.align.items import AlignedClaim, Item
from newscompare.pipeline.align.links import MUTUAL_FLOOR
from newscompare.pipeline.align.neighbours import candidate_pairs
from newscompare.pipeline.align.restatements import with_supported
from newscompare.pipeline.align.slots import fact_slots
from newscompare.pipeline.align.story import read_story
from newscompare.pipeline.values import extract_article_values

from .story import PUBLISHED, claims_of


def together(claims, x, y) -> bool:
    return any(x in members and y in members for members, _ in claims)


@pytest.fixture(scope="module")
def flood_story():
    return [
        [
            "A dam burst on Tuesday, killing 14 people in three villages.",
            "At least 30 people were still missing in the valley, officials said.",
            "The army ordered 200 soldiers into the valley.",
        ],
        [
            "The death toll from the dam collapse rose to 17 overnight.",
            "At least 30 people were treated in hospital for injuries and hypothermia.",
            "Rescuers are searching for 32 people who remain unaccounted for.",
        ],
        ["The collapse of the dam on Tuesday killed 17 people, and 32 are still missing."],
    ]


def test_the_same_count_in_three_outlets_is_one_claim(flood_story):
    claims = claims_of(flood_story)
    a1, a2, a3 = (flood_story[0][0], flood_story[1][0], flood_story[2][0])
    assert together(claims, (0, a1), (1, a2)) and together(claims, (1, a2), (2, a3))


def test_distractor_sharing_a_number_and_words_stays_apart(flood_story):
    claims = claims_of(flood_story)
    assert not together(claims, (0, flood_story[0][1]), (1, flood_story[1][1]))


def test_a_sentence_stating_two_facts_joins_two_claims(flood_story):
    claims = claims_of(flood_story)
    both = (2, flood_story[2][0])
    killed = [
        slot for members, slot in claims if both in members and (1, flood_story[1][0]) in members
    ]
    missing = [
        slot for members, slot in claims if both in members and (1, flood_story[1][2]) in members
    ]
    assert killed and missing and set(killed) != set(missing)


def test_paraphrase_with_few_shared_words_aligns():
    claims = claims_of(
        [
            ["The hour-long call between the two ministers ended at noon."],
            ["The ministers' telephone conversation lasted one hour."],
        ]
    )
    assert any(len(members) == 2 for members, _ in claims)


def _reference_candidates(vectors, articles, k):
    """Brute force: each sentence's k most similar sentences in other articles (positive
    cosine only), as unordered pairs."""
    sims = vectors @ vectors.T
    out = set()
    for i in range(len(vectors)):
        others = [j for j in range(len(vectors)) if articles[j] != articles[i]]
        for j in sorted(others, key=lambda j: -sims[i, j])[:k]:
            if sims[i, j] > 0:
                out.add((min(i, j), max(i, j)))
    return out


def test_candidate_pairs_are_each_sentences_nearest_neighbours_in_other_articles_once():
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(60, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    articles = np.repeat(np.arange(6), 10)
    pairs = candidate_pairs(vectors, articles, k=4)
    keys = [(a, b) for a, b, _ in pairs]
    assert len(keys) == len(set(keys))
    assert all(a < b and articles[a] != articles[b] for a, b in keys)
    assert set(keys) == _reference_candidates(vectors, articles, 4)
    assert all(abs(c - float(vectors[a] @ vectors[b])) < 1e-5 for a, b, c in pairs)


def test_candidate_pairs_of_a_single_sentence_story_is_empty():
    assert candidate_pairs(np.ones((1, 4), dtype=np.float32), np.array([0])) == []


def test_a_sentence_copied_verbatim_is_a_candidate_of_its_earliest_copies():
    # Two wire sentences, each printed verbatim by several of eight outlets: one vector per
    # sentence, so a copy's cosines with the other copies tie; its two nearest are the
    # earliest copies in other articles.
    wire_a, wire_b = [0.6, 0.8], [0.8, 0.6]
    printed = [wire_b, wire_a, wire_b, wire_b, wire_a, wire_a, wire_a, wire_a]
    pairs = candidate_pairs(np.array(printed, dtype=np.float32), np.arange(8), k=2)
    copies_of_a = {(1, 4), (1, 5), (1, 6), (1, 7), (4, 5), (4, 6), (4, 7)}
    assert {(a, b) for a, b, _ in pairs} == {(0, 2), (0, 3), (2, 3)} | copies_of_a


def _ranking_reference(vectors, articles, k):
    """Brute force: each row's first k items of other articles by cosine descending, then
    index ascending (positive cosines only), as unordered pairs."""
    sims = vectors @ vectors.T
    out = set()
    for i in range(len(vectors)):
        ranked = sorted((-sims[i, j], j) for j in range(len(vectors)) if articles[j] != articles[i])
        out |= {(min(i, j), max(i, j)) for s, j in ranked[:k] if s < 0}
    return out


@pytest.mark.parametrize("block", [1, 7, neighbours.SEARCH_BLOCK])
def test_tied_candidates_follow_one_ranking_whatever_the_block(monkeypatch, block):
    # Few distinct vectors with exact cosines (multiples of 1/8): most cosines tie.
    monkeypatch.setattr(neighbours, "SEARCH_BLOCK", block)
    rng = np.random.default_rng(5)
    for _ in range(20):
        distinct = rng.integers(-1, 2, size=(6, 5)).astype(np.float32) / 8
        vectors = distinct[rng.integers(0, 6, 40)]
        articles = rng.integers(0, 7, 40)
        pairs = candidate_pairs(vectors, articles, k=3)
        assert {(a, b) for a, b, _ in pairs} == _ranking_reference(vectors, articles, 3)


def test_a_title_line_inside_the_body_is_not_linked_as_a_body_sentence():
    sub_heading = "Rescue teams reach flooded villages"
    claims = claims_of(
        [
            [
                "The dam failed on Monday night after days of heavy rain.",
                sub_heading,
                "Officials said the water level was falling.",
            ],
            [
                "Heavy rain caused the dam to fail on Monday night.",
                "Rescue teams reached the flooded villages on Tuesday.",
            ],
        ]
    )
    assert not any(
        (0, sub_heading) in members and len({a for a, _ in members}) > 1 for members, _ in claims
    )


def test_this_month_is_not_a_dated_fact_of_its_own():
    assert (
        fact_slots(
            extract_article_values(
                ["Washington has fretted this month over the buildup."], PUBLISHED
            )[0]
        ).get("date")
        is None
    )
    assert fact_slots(
        extract_article_values(["Contacts were stopped in March 2014."], PUBLISHED)[0]
    ).get("date")


def _vectors_with_cosines(gram):
    """Unit vectors whose pairwise cosines are the given matrix."""
    return np.linalg.cholesky(np.array(gram)).astype(np.float32)


def test_a_sentence_sharing_only_a_quote_is_not_chained_to_a_third_one_through_it():
    remark = "talked about areas where views overlap and areas of divergence"
    quote = {"type": "quote", "text": remark, "normalized": remark, "speaker": ""}
    items = [
        Item(
            0, [quote], "Speaking for the first time since the move, he said they " + remark + "."
        ),
        Item(1, [quote], "The ministers " + remark + ", a statement said."),
        Item(2, [], "He spoke to his counterpart for the first time since taking office."),
    ]
    # Sentence 0 is close to 2 as a whole and shares only the quote with 1; 1 and 2 barely relate.
    vectors = _vectors_with_cosines([[1, 0.56, 0.64], [0.56, 1, 0.36], [0.64, 0.36, 1]])
    claims = {(tuple(c.members), c.slot) for c in align.align_claims(items, vectors)}
    assert ((0, 1), "quote") in claims
    assert ((0, 2), "") in claims
    assert not any(set(members) == {0, 1, 2} for members, _ in claims)


# Class: a headline restates its article's body, so it stands with the claim of the body
# sentence it restates; headlines whose bodies state nothing in common still report one event.
STRIKE = [
    [
        "Ferry strike halts island crossings",
        "Ferry crews on the northern islands walked off the job on Monday, halting all crossings "
        "to the mainland.",
        "Passengers were told to ask the operator for refunds.",
    ],
    [
        "Island ferries stop as crews strike",
        "All ferry crossings between the northern islands and the mainland stopped on Monday after "
        "the crews went on strike.",
        "The union said months of talks over pay had failed.",
    ],
    [
        "Mayor quits over housing scandal",
        "The city council will meet on Thursday to discuss the new stadium.",
    ],
    [
        "Housing scandal forces mayor to resign",
        "Heavy rain is expected across the region later this week.",
    ],
]


def test_a_headline_joins_the_claim_of_the_body_sentence_it_restates():
    claims = claims_of(STRIKE)
    lead = {(0, STRIKE[0][1]), (1, STRIKE[1][1])}
    assert any(lead | {(0, STRIKE[0][0]), (1, STRIKE[1][0])} <= members for members, _ in claims)


def test_headlines_whose_bodies_share_nothing_are_linked_with_each_other():
    claims = claims_of(STRIKE)
    assert together(claims, (2, STRIKE[2][0]), (3, STRIKE[3][0]))
    assert not together(claims, (2, STRIKE[2][1]), (3, STRIKE[3][1]))


# Class: one event told by many outlets. Each sentence links to at most one sentence of another
# article, so a wide claim can split; a sentence that the claim's sentences of several outlets
# each match belongs to it, one that only two of them match does not.
def test_a_sentence_matched_by_three_outlets_of_a_claim_joins_it():
    items = [Item(article=a, values=[], text=f"sentence {a}") for a in range(5)]
    vectors = np.full((5, 2), 0.0, dtype=np.float32)
    vectors[:, 0] = 1.0  # all alike: every pair is related (cosine 1)
    claim = AlignedClaim([0, 1, 2], {0: [], 1: [], 2: []})
    strong = MUTUAL_FLOOR + 0.1
    edges = [(0, 3, strong), (1, 3, strong), (2, 3, strong), (0, 4, strong), (1, 4, strong)]
    with_supported([claim], edges, items, vectors, lambda c, x: [])
    assert claim.members == [0, 1, 2, 3]


# Class: a title line right under the headline (a deck) is a second headline; a dateline or
# time stamp among the first lines is none.
DECKS = [
    [
        "Island crossings halted",
        "Ferry crews walk out over pay",
        "Tue 3 Mar 2020 10:42 GMT",
        "Ferry crews on the northern islands walked off the job over pay, halting all crossings "
        "to the mainland.",
    ],
    [
        "Ferries stop as crews strike",
        "All ferry crossings between the northern islands and the mainland stopped after the "
        "crews went on strike over pay.",
    ],
]


def test_a_deck_joins_the_claim_of_the_body_sentence_it_restates_and_a_dateline_does_not():
    claims = claims_of(DECKS)
    assert together(claims, (0, DECKS[0][1]), (1, DECKS[1][1]))
    assert not together(claims, (0, DECKS[0][2]), (1, DECKS[1][1]))


def test_a_previous_events_toll_is_not_chained_onto_this_weeks_toll():
    # An undated restatement links to both; the toll dated this week and the toll dated years
    # back never share a claim, so no card disputes "10" against "600".
    now = "An earthquake killed 10 people in the hills of Ostra on Sunday."
    undated = "The earthquake in the Ostra hills killed at least 10 people."
    before = "A stronger earthquake in the Ostra hills killed 600 people in February 2018."
    before_too = "An earthquake killed 600 people in the Ostra hills in February 2018."
    claims = claims_of(
        [
            ["Rescuers dug through the rubble of the village.", now],
            [undated, "Aid arrived by road."],
            [before, "The region is poor."],
            [before_too, "Roads were blocked."],
        ]
    )
    assert together(claims, (0, now), (1, undated))
    assert together(claims, (2, before), (3, before_too))
    assert not any((0, now) in m and ((2, before) in m or (3, before_too) in m) for m, _ in claims)
    assert not any((1, undated) in m and (2, before) in m for m, _ in claims)


# Class (ECB+ t8plus, real news): an article tells a toll twice in other words, and another
# outlet's sentence echoes its second telling, not the one its article is matched by.
def test_an_article_restating_a_toll_in_other_words_is_in_the_claim_of_the_toll():
    first = (
        "A firebomb attack on a bank killed three people on Wednesday as police fought strikers."
    )
    second = (
        "Police said two women and one man died at a branch of the bank after youths hurled "
        "petrol bombs inside."
    )
    echo = (
        "The three bank workers, two women and a man, were killed when their branch went up in "
        "flames after a protester threw a petrol bomb inside."
    )
    claims = claims_of(
        [
            [first, "The streets of the capital filled with tear gas.", second],
            [echo],
            ["Three people died on Wednesday when a bank was set on fire during a general strike."],
        ]
    )
    killed = [members for members, slot in claims if slot.startswith("number:kille")]
    assert any({(0, first), (0, second), (1, echo)} <= members for members in killed)


def test_two_tolls_of_one_week_read_alike_to_apart_and_a_past_toll_does_not():
    # A long claim's members are asked whether they tell of different events once per pair of
    # signatures (what the question reads of each): each answer is the pair's own.
    sentences = [
        "An earthquake killed 10 people in the hills of Ostra on Sunday.",
        "The earthquake killed 12 people in the Ostra hills on Sunday.",
        "An earthquake killed 600 people in the Ostra hills in February 2018.",
    ]
    items = [
        Item(a, values, text, published=PUBLISHED)
        for a, (text, values) in enumerate(
            zip(sentences, extract_article_values(sentences, PUBLISHED), strict=True)
        )
    ]
    story = read_story(items, np.zeros((len(items), 384), dtype=np.float32))
    apart = story.other_events
    assert apart.signature(0) == apart.signature(1) != apart.signature(2)
    for a in range(3):
        for b in range(3):
            own = story.apart(a, b, times_only=True) or story.other_places(a, b)
            assert apart(a, b) == own
    assert apart(0, 2) and apart(1, 2) and not apart(0, 1)


def test_leaving_a_place_and_arriving_there_do_not_read_alike_to_apart():
    # A place left equals the same place arrived at as a set of words; the answers differ.
    sentences = [
        "The singer checked into the Harlow Clinic on Friday.",
        "The singer checked out of the Harlow Clinic after treatment.",
        "The singer has left the Harlow Clinic.",
    ]
    items = [Item(a, [], text, published=PUBLISHED) for a, text in enumerate(sentences)]
    story = read_story(items, np.zeros((len(items), 384), dtype=np.float32))
    apart = story.other_events
    assert apart.signature(0) != apart.signature(1) == apart.signature(2)
    assert apart(0, 1) and apart(1, 0) and not apart(1, 2)


# Class (ECB+ tune, one event told in several sentences of one article): an article's second
# telling of the event is nobody's best match (its first telling is), so no link brings it in.
def test_an_articles_second_telling_of_an_event_joins_the_event_claim():
    retelling = "The actress Vera Lind died peacefully in her sleep, her family said."
    story = [
        [
            "The actress and former swimming champion Vera Lind has died at her home.",
            "Crowds gathered at the theatre.",
            retelling,
        ],
        ["Actress and former swimming champion Vera Lind has died at home."],
        ["Vera Lind, the actress and former swimming champion, has died at her home."],
        ["The former swimming champion and actress Vera Lind has died."],
    ]
    claims = claims_of(story)
    first = (0, story[0][0])
    assert any({first, (0, retelling), (1, story[1][0])} <= members for members, _ in claims)
    assert not any((0, story[0][1]) in members and len(members) > 1 for members, _ in claims)


# Class (ECB+ tune, an event told again with a figure another outlet also gives): the retelling
# is in that figure's fact claim, and a fact claim says nothing of which event it tells, so it
# is still free to join the event claim as a retelling.
def test_a_retelling_in_a_fact_claim_also_joins_the_event_claim():
    retelling = (
        "The actress Vera Lind, who made 40 films, died peacefully in her sleep, her family said."
    )
    story = [
        [
            "The actress and former swimming champion Vera Lind has died at her home.",
            "Crowds gathered at the theatre.",
            retelling,
        ],
        [
            "Actress and former swimming champion Vera Lind has died at home.",
            "Lind made 40 films in a long career.",
        ],
        ["Vera Lind, the actress and former swimming champion, has died at her home."],
        ["The former swimming champion and actress Vera Lind has died."],
    ]
    claims = claims_of(story)
    films = {(0, retelling), (1, story[1][1])}
    assert any(members == films and slot.startswith("number:") for members, slot in claims)
    first = (0, story[0][0])
    assert any(
        {first, (0, retelling), (1, story[1][0])} <= members and not slot
        for members, slot in claims
    )
