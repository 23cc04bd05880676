"""Synthetic stories of any size, built from the corpus sentences.

Each synthetic article is a mutated copy of one corpus article: some paragraphs dropped,
numbers moved up or down, days and weekdays shifted, surnames swapped for other surnames
from the corpus, and a publication date a day or two apart; about one article in ten is a
lightly edited wire copy of an earlier synthetic one. So values diverge the way they do
between real outlets, claims get big as the story grows, and syndication has copies to find.

Deterministic for a given size and seed. Every synthetic sentence remembers which corpus
sentence it came from (`base_of`), which lets the scaling benchmark give a 1,000-article
story realistic vectors without running the model over every sentence (see scaling.py).
"""

import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field

from benchmarks.common import corpus_stories

_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b")
_NAME = re.compile(r"\b([A-Z][a-z]{2,}) ([A-Z][a-z]{3,})\b")
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")


@dataclass
class BaseArticle:
    slug: str
    outlet: str
    title: str
    published: str
    paragraphs: list = field(default_factory=list)  # [[sentence index, ...], ...]


def load_base():
    """Corpus articles split into paragraphs of sentences, and the flat list of sentences."""
    from newscompare.pipeline import segment

    sentences, articles = [], []
    for slug, folder in corpus_stories():
        for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            art = BaseArticle(
                slug, row.get("outlet", ""), row.get("title", ""), row.get("published", "")
            )
            for para in row["text"].split("\n"):
                if not para.strip():
                    continue
                ids = []
                for seg in segment.segment_text(para):
                    ids.append(len(sentences))
                    sentences.append(seg.text)
                if ids:
                    art.paragraphs.append(ids)
            articles.append(art)
    return articles, sentences


def _surnames(sentences):
    names = set()
    for s in sentences:
        names.update(m.group(2) for m in _NAME.finditer(s))
    return sorted(names)


def _mutate(sentence: str, rng: random.Random, surnames: list) -> str:
    def number(m):
        text = m.group()
        if rng.random() > 0.3:
            return text
        value = float(text.replace(",", ""))
        if 1900 <= value <= 2100 and "." not in text:  # a year: rarely off by one
            return str(int(value) + rng.choice((-1, 1))) if rng.random() < 0.2 else text
        new = value * rng.uniform(0.6, 1.5)
        if "." in text:
            return f"{new:.1f}"
        new = max(1, round(new))
        return f"{new:,}" if "," in text else str(new)

    out = _NUMBER.sub(number, sentence)
    out = _WEEKDAY.sub(lambda m: rng.choice(_WEEKDAYS) if rng.random() < 0.2 else m.group(), out)
    if surnames:
        out = _NAME.sub(
            lambda m: f"{m.group(1)} {rng.choice(surnames)}" if rng.random() < 0.15 else m.group(),
            out,
        )
    return out


@dataclass
class SyntheticStory:
    articles: list  # dicts: id, outlet, title, published, text (the JSONL fields)
    base_of: dict  # synthetic sentence text -> index into base sentences
    base_sentences: list


def make_story(n_articles: int, seed: int = 0) -> SyntheticStory:
    rng = random.Random(seed * 1_000_003 + n_articles)
    bases, sentences = load_base()
    surnames = _surnames(sentences)
    articles, base_of = [], {}
    for i in range(n_articles):
        if i >= 10 and rng.random() < 0.1:  # a wire copy of an earlier article, lightly edited
            src = articles[rng.randrange(len(articles))]
            paras = src["text"].split("\n\n")
            if len(paras) > 3 and rng.random() < 0.5:
                paras = paras[:-1]
            text = "\n\n".join(paras)
            title, published = src["title"], src["published"]
        else:
            base = bases[i % len(bases)]
            paras = []
            for p, ids in enumerate(base.paragraphs):
                if p > 0 and rng.random() < 0.15:
                    continue
                out = []
                for sid in ids:
                    new = _mutate(sentences[sid], rng, surnames) if p > 0 else sentences[sid]
                    base_of.setdefault(new, sid)
                    out.append(new)
                paras.append(" ".join(out))
            text = "\n\n".join(paras)
            title = base.title
            published = _shift_date(base.published, rng.randint(0, 2))
        articles.append(
            {
                "id": f"s{i:05d}",
                "outlet": f"Outlet {rng.randrange(max(2, n_articles // 2)):04d}",
                "title": title,
                "published": published,
                "text": text,
            }
        )
    return SyntheticStory(articles, base_of, sentences)


def _shift_date(value: str, days: int) -> str:
    try:
        return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return value


def as_records(story: SyntheticStory):
    from newscompare.news.records import ArticleRecord

    return [
        ArticleRecord(
            source=a["id"],
            external_id=a["id"],
            text=a["text"],
            outlet=a["outlet"],
            title=a["title"],
            published=a["published"],
        )
        for a in story.articles
    ]


if __name__ == "__main__":
    import sys

    story = make_story(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
    for a in story.articles:
        print(json.dumps(a, ensure_ascii=False))
