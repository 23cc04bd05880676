"""Sentences and site furniture."""

from newscompare.pipeline.segment import is_boilerplate, looks_like_headline, segment_text


def furniture(line: str) -> bool:
    return is_boilerplate(line, line)


def test_wire_credit_line_is_boilerplate():
    assert furniture("(Reporting by Jane Doe; Editing by John Roe)")


def test_promos_and_paywall_lines_are_boilerplate():
    for line in (
        "Most read: Mayor unveils winter heating plan",
        "Sign up for the Daily Brief",
        "The Review is reader-supported. Subscribe for full access.",
        "Evening Post / World Desk",
        "This website uses cookies. Accept | Manage settings",
    ):
        assert furniture(line), line


def test_reporting_is_not_boilerplate():
    assert not furniture("The government declared a state of emergency in the province.")


def test_abbreviated_month_does_not_end_a_sentence():
    sentences = segment_text(
        "The ministers plan to meet on Nov. 25 in the capital. Talks resume then."
    )
    assert [s.text for s in sentences][0] == "The ministers plan to meet on Nov. 25 in the capital."


def test_a_title_line_looks_like_a_headline():
    assert looks_like_headline("Dam bursts, killing 14")
    assert not looks_like_headline("The dam burst on Tuesday.")


def test_one_sentence_lines_split_as_pysbd_splits_them():
    from newscompare.pipeline import segment

    lines = [
        "Dam bursts, killing 14",
        "  The river rose 3 metres overnight.  ",
        "Talks end (again)!",
        "The border closed.Trucks waited for days",
        'He said "no" twice.',
        "Prices rose 2.5% in May.",
    ]
    for line in lines:
        assert segment._split_line(line) == _pysbd_spans(line), line


def _pysbd_spans(line):
    """What the pysbd path gives for a line, without the one-sentence shortcut."""
    import re

    from newscompare.pipeline import segment

    original = segment._ONE_SENTENCE
    segment._ONE_SENTENCE = re.compile(r"(?!)")  # matches nothing
    segment._line_spans.cache_clear()
    try:
        return segment._split_line(line)
    finally:
        segment._ONE_SENTENCE = original
        segment._line_spans.cache_clear()


# --- bounded cost: windows for pysbd, a cap on sentence length ---------------------------


def _assert_spans_are_sentences_of(text, sentences):
    for s in sentences:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text


def test_no_sentence_is_longer_than_the_cap_whatever_the_line():
    from newscompare.pipeline.segment import MAX_SENTENCE_CHARS

    for line in (
        "word " * 3000,  # no punctuation
        "x" * 5000,  # no space either
        '"' + "quoted words " * 700,  # pysbd's slow case, no full stop
        "U.S. Gen. Mr. " * 600,  # abbreviations only
    ):
        sentences = segment_text(line)
        assert max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
        _assert_spans_are_sentences_of(line, sentences)
        # Nothing is lost: the pieces hold every character but the spaces between them.
        assert "".join("".join(s.text.split()) for s in sentences) == "".join(line.split())


def test_a_long_paragraph_splits_as_its_sentences_do_not_at_the_window():
    sentences_in = [
        f"Officials in district {i} said on Monday that {i * 3} homes had been flooded."
        for i in range(200)
    ]
    line = " ".join(sentences_in)  # ~15,000 characters on one line, many windows
    sentences = segment_text(line)
    assert [s.text for s in sentences] == sentences_in
    _assert_spans_are_sentences_of(line, sentences)


def test_real_sentences_are_never_cut():
    long_real = (
        "The agreement, which was signed in the capital on Tuesday after three weeks of talks "
        "between the two governments, the regional council and representatives of the eleven "
        "villages along the river, sets out how much water each side may take from the "
        "reservoir in dry years, who pays for the repairs to the dam and the canals below it, "
        "and how disputes are to be settled, the ministry said in a statement."
    )
    assert [s.text for s in segment_text(long_real)] == [long_real]


def test_a_repeated_sentence_gets_the_span_of_its_own_occurrence():
    import pysbd

    from newscompare.pipeline.segment import _segmenter

    line = "The dam held.  The dam held. Mr. Lind said the dam held. The dam held.\u00a0It rained."
    assert _segmenter().segment(line) == pysbd.Segmenter(language="en", clean=False).segment(line)
    spans = segment_text(line)
    assert [s.text for s in spans][:2] == ["The dam held.", "The dam held."]
    assert spans[0].start == 0 and spans[1].start == 15
