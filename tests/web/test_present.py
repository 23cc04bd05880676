"""Shaping claims for the dashboard: disputed-fact sides, matrix cells, omissions,
highlighted text."""

import pytest

from newscompare.news import selectors
from newscompare.news.models import Article, Claim, Outlet
from newscompare.news.verdicts import Verdict
from newscompare.pipeline.values import extract_values
from newscompare.web import present
from newscompare.web.synthetic import build_story


def test_it_blanks_the_disputed_value_in_the_question():
    assert (
        present.cloze("Contacts were cut in March 2014 over Ukraine.", "March 2014")
        == "Contacts were cut in ___ over Ukraine."
    )
    long = "word " * 60 + "in March 2014 " + "more " * 60
    out = present.cloze(long, "March 2014", width=80)
    assert "___" in out and out.startswith("…") and out.endswith("…") and len(out) <= 82
    assert all(w in ("word", "more", "in", "___") for w in out.strip("…").split())


def test_it_blanks_the_figure_standing_as_a_word_not_inside_a_compound():
    text = "Alta, a 900-square-kilometre island 900 kilometres south of Dresk, is busy."
    assert present.cloze(text, "900") == (
        "Alta, a 900-square-kilometre island ___ kilometres south of Dresk, is busy."
    )


def test_it_highlights_each_value_once_without_overlaps():
    pieces = present.highlight(
        "240 people, 240 cars in March 2014",
        [("240", "differs"), ("240 people", "value"), ("March 2014", "value"), ("", "value")],
    )
    assert [(p.text, p.mark) for p in pieces] == [
        ("240", "differs"),
        (" people, 240 cars in ", ""),
        ("March 2014", "value"),
    ]


def test_it_cuts_article_text_at_claim_sentences():
    text = "One. Two here. Three."
    pieces = present.article_pieces(text, [(5, 14, {"claim_id": 7}), (3, 9, {"claim_id": 8})])
    assert [(p.text, p.mark) for p in pieces] == [
        ("One. ", ""),
        ("Two here.", "claim"),
        (" Three.", ""),
    ]
    assert "".join(p.text for p in pieces) == text


def test_it_omits_claims_only_when_two_other_independent_outlets_carry_them():
    a, b, c, d = (
        Article(id=i, outlet=Outlet(id=i, name=n), wire_group=g)
        for i, n, g in [(1, "A", 1), (2, "B", 2), (3, "C", 3), (4, "D", 3)]
    )
    # claim 10: A and B carry it; claim 11: C and D, wire copies of one text; claim 12: only A
    memberships = [(10, 1), (10, 2), (11, 3), (11, 4), (12, 1)]
    omissions = {o.label: o for o in present.omission_map([a, b, c, d], memberships)}
    assert (omissions["C"].count, omissions["C"].claims) == (1, [10])
    assert (omissions["D"].count, omissions["D"].claims) == (1, [10])
    assert omissions["A"].count == omissions["B"].count == 0


@pytest.mark.django_db
def test_it_lists_the_same_omissions_on_the_map_and_in_the_filter():
    story = build_story("omissions", 12, 90)
    articles = selectors.story_articles(story)
    for o in present.omission_map(articles, selectors.claim_memberships(story)):
        listed = list(
            selectors.filtered_claims(story, omitted_by=o.label).values_list("id", flat=True)
        )
        assert len(listed) == o.count
        assert listed[: len(o.claims)] == o.claims


@pytest.mark.django_db
def test_it_labels_every_matrix_cell():
    story = build_story("cells", 6, 20)
    articles = selectors.story_articles(story)
    rows = present.matrix_rows(selectors.with_members(selectors.filtered_claims(story)), articles)
    states = {c.state for row in rows for c in row.cells}
    assert (
        states <= set(present.CELL_LABELS) and {"missing", "agree", "diverge", "unique"} <= states
    )
    diverging = next(r for r in rows if r.claim.verdict == "diverge")
    assert {c.value for c in diverging.cells if c.state == "diverge"} == {
        "March 2014",
        "April 2014",
    }


@pytest.mark.django_db
def test_it_puts_each_side_of_a_dispute_with_its_articles():
    story = build_story("sides", 6, 20)
    articles = {a.id: a for a in selectors.story_articles(story)}
    claim = selectors.with_members(Claim.objects.filter(story=story, verdict="diverge")[:1])[0]
    dispute = present.dispute(claim, articles)
    assert dispute.question == "When?"
    assert [s.value for s in dispute.sides] == ["March 2014", "April 2014"]
    assert sum(len(s.articles) for s in dispute.sides) == 4
    assert "___" in dispute.context


def test_explanations_name_outlets_where_the_articles_have_one():
    labels = {"k1": "Harbour Post", "k2": "k2", "k3": "Valley Times k3", "k4": "Valley Times k4"}
    assert (
        present.named("k1 says 12 (boats); k2, k3 say 15 (boats)", labels)
        == "Harbour Post says 12 (boats); k2, Valley Times k3 say 15 (boats)"
    )
    assert present.named("k1, k2, k4 agree.", labels) == "Harbour Post, k2, Valley Times k4 agree."
    assert (
        present.named("Only k1 reports this: “we will stay” (mayor).", labels)
        == "Only Harbour Post reports this: “we will stay” (mayor)."
    )
    assert (
        present.named("k1 and k3 give the same words to different speakers: a vs b", labels)
        == "Harbour Post and Valley Times k3 give the same words to different speakers: a vs b"
    )
    assert (
        present.named("k3, k4 agree: the same quote (shortened in k1 and k3).", labels)
        == "Valley Times k3, Valley Times k4 agree: the same quote "
        "(shortened in Harbour Post and Valley Times k3)."
    )


def test_a_value_that_reads_like_an_article_id_stays_a_value():
    labels = {"100": "Harbour Post", "7": "Valley Times"}
    assert (
        present.named("100 says 7 boats; 7 says 100 boats", labels)
        == "Harbour Post says 7 boats; Valley Times says 100 boats"
    )
    assert (
        present.named("Only 7 reports this: 100.", labels) == "Only Valley Times reports this: 100."
    )
    assert present.named("", labels) == ""


@pytest.mark.django_db
def test_article_labels_add_the_id_only_when_an_outlet_has_several_articles():
    story = build_story("labels-made-up", 3, 1)
    a, b, c = story.articles.order_by("external_id")
    shared = Outlet.objects.create(name="Made-up Daily")
    Article.objects.filter(pk__in=[a.pk, b.pk]).update(outlet=shared)
    Article.objects.filter(pk=c.pk).update(outlet=None)
    labels = present.article_labels(story.articles.select_related("outlet"))
    assert labels == {
        a.external_id: f"Made-up Daily {a.external_id}",
        b.external_id: f"Made-up Daily {b.external_id}",
        c.external_id: c.external_id,
    }


def test_a_shortened_text_ends_on_a_whole_word():
    text = "Navy foils pirate attack off the coast Posted on Friday morning"
    out = present.shorten(text, 45)
    assert out == "Navy foils pirate attack off the coast…"
    assert present.shorten("x" * 60, 20) == "x" * 19 + "…"  # one long word: cut as it must
    assert present.shorten("short enough", 20) == "short enough"


def test_the_question_window_opens_and_closes_on_whole_words():
    text = "Harbour pilots in the northern bay said, after a long night, " * 3 + (
        "that 14 boats sank near the pier while the storm " * 3
    )
    out = present.cloze(text, "14 boats", width=70)
    words = set(text.replace(",", " ").split())
    inner = out.strip("…").replace(",", " ").split()
    assert "___" in inner and all(w in words or w == "___" for w in inner), out


@pytest.mark.django_db
def test_who_said_it_is_answered_by_speakers_or_by_none_named():
    story = build_story("speakers", 3, 10)
    articles = {a.id: a for a in selectors.story_articles(story)}
    claim = selectors.with_members(Claim.objects.filter(story=story, verdict="diverge")[:1])[0]
    words = {"type": "quote", "text": "we stay until the water goes"}
    speakers = [{**words, "speaker": "the harbour master"}, {**words, "speaker": ""}]
    claim.kind = "quote"
    members = list(claim.members.all())[:2]
    for m, v in zip(members, speakers, strict=True):
        m.values = [v]
    claim._prefetched_objects_cache["members"] = members
    dispute = present.dispute(claim, articles)
    assert [s.value for s in dispute.sides] == ["the harbour master", "speaker not named"]


def test_a_side_reads_as_its_value_with_each_outlets_own_wording_beside_it():
    side = present.Side()
    side.add("as many as 60", "a1")  # the first outlet's wording is no label for the others'
    side.add("60", "a2")
    side.add("60", "a3")
    side.add("about 60", "a3")
    assert side.value == "60"
    assert side.articles == ["a1", "a2", "a3"]
    assert [s.wording for s in side.sources] == ["as many as 60", "", ""]


def test_a_side_written_in_two_units_shows_the_other_unit_beside_its_outlet():
    side = present.Side()
    side.add("some 9,000 hectares", "a1")
    side.add("90 square kilometres", "a3")
    side.add("some 9,000 hectares", "a2")
    assert side.value == "some 9,000 hectares"
    assert [(s.article, s.wording) for s in side.sources] == [
        ("a1", ""),
        ("a3", "90 square kilometres"),
        ("a2", ""),
    ]


def test_a_figure_that_fits_one_side_only_is_shown_on_that_side():
    def side_of(sentence: str, article: str) -> tuple:
        v = next(v for v in extract_values(sentence) if v["type"] == "number")
        side = present.Side(first=v)
        side.add(v["text"], article, [v])
        return (v["normalized"],), side

    sides = dict(
        [
            side_of("The mill will cut about 900 jobs.", "a1"),
            side_of("The mill will cut 1,400 jobs.", "a2"),
            side_of("The mill will cut 880 jobs.", "a3"),  # fits about 900, not 1,400
            side_of("The mill will cut at least 800 jobs.", "a4"),  # fits both: a side of its own
        ]
    )
    joined = present._joined_to_the_side_they_fit(sides)
    assert [s.value for s in joined] == ["about 900", "1,400", "at least 800"]
    assert [(s.article, s.wording) for s in joined[0].sources] == [("a1", ""), ("a3", "880")]
    # a side's every value must fit: "1,300" fits "as many as 1,400" but not "1,400"
    key, side = side_of("The mill will shed as many as 1,400 jobs.", "a5")
    _, exact = side_of("The mill will cut 1,400 jobs.", "a2")
    side.add(exact.value, "a2", exact.values)
    sides = dict([(key, side), side_of("The mill will cut 1,300 jobs.", "a6")])
    assert len(present._joined_to_the_side_they_fit(sides)) == 2


def test_one_speaker_spelled_two_ways_is_one_side_of_a_quote_dispute():
    sides = {}

    def side_of(speaker: str) -> tuple:
        vals = [{"type": "quote", "speaker": speaker, "text": "We will rebuild every house."}]
        key = present._side_key(vals, sides)
        sides.setdefault(key, present.Side(first=vals[0])).add(speaker, "a")
        return key

    minister = side_of("Deputy Minister Arkady Belozyorov")
    assert side_of("Deputy Minister Arkady Belozerov") == minister  # transliterated otherwise
    assert side_of("Governor Lena Ostrova") != minister
    assert side_of("she") not in (minister, side_of("Governor Lena Ostrova"))  # not named


def test_only_the_values_a_dispute_card_shows_are_highlighted_as_differing():
    from types import SimpleNamespace

    headline = SimpleNamespace(
        values=[
            {"type": "number", "text": "two", "about": False},  # the toll, not the area
            {
                "type": "number",
                "text": "some 9,000",
                "with_unit": "some 9,000 acres",
                "about": True,
            },
        ]
    )
    claim = SimpleNamespace(kind="number", verdict=Verdict.DIVERGE)
    assert present.member_needles(headline, claim) == [
        ("two", "value"),
        ("some 9,000 acres", "differs"),
    ]


def test_a_start_date_set_against_a_length_is_a_side_of_the_length_dispute():
    from types import SimpleNamespace

    began = SimpleNamespace(values=[{"type": "date", "text": "in October", "about": True}])
    other_date = SimpleNamespace(values=[{"type": "date", "text": "on Tuesday"}])
    assert [v["text"] for v in present.typed_values(began, "duration")] == ["in October"]
    assert present.typed_values(other_date, "duration") == []  # not marked: no side
