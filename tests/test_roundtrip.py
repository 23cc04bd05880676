"""The whole path on the embedded default: ingest the seed story, index it inline,
export it in the contract's format."""

import csv
import json

import pytest
from django.core.management import call_command

from newscompare.news.models import Article, Claim, IndexRun, Sentence

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_story(seed_dir):
    call_command("ingest", str(seed_dir), story="seed-syria-2015")


def export_json(tmp_path, slug="seed-syria-2015"):
    out = tmp_path / "export.json"
    call_command("export", slug, format="json", output=str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def test_ingest_stores_every_article_and_indexes_the_story(seed_story):
    assert Article.objects.count() == 5
    run = IndexRun.objects.get()
    assert run.state == IndexRun.State.DONE
    assert run.progress_done == run.progress_total > 0
    assert Sentence.objects.filter(is_boilerplate=False).count() > 50
    assert Claim.objects.exists()


def test_export_follows_the_contract(seed_story, tmp_path):
    doc = export_json(tmp_path)
    assert doc["story"] == "seed-syria-2015"
    assert [a["id"] for a in doc["articles"]] == ["000", "001", "002", "003", "004"]
    assert {c["verdict"] for c in doc["claims"]} <= {"agree", "diverge", "unique"}
    assert {c["kind"] for c in doc["claims"]} <= {
        "number",
        "date",
        "duration",
        "quote",
        "event",
        "other",
    }
    for claim in doc["claims"]:
        assert claim["members"], claim
        assert claim["independent_sources"] >= 1
        for member in claim["members"]:
            assert member["article"] in {"000", "001", "002", "003", "004"}
            assert isinstance(member["values"], list)


def test_wire_copies_are_reported_and_counted_once(seed_story, tmp_path):
    doc = export_json(tmp_path)
    copies = {a["id"]: a["syndicated_with"] for a in doc["articles"]}
    assert copies["000"] == ["004"] and copies["004"] == ["000"]
    assert copies["001"] == []
    for claim in doc["claims"]:
        articles = {m["article"] for m in claim["members"]}
        if articles == {"000", "004"}:
            assert claim["independent_sources"] == 1 and claim["verdict"] == "unique"


def test_diverging_claims_come_first_with_an_explanation(seed_story, tmp_path):
    claims = export_json(tmp_path)["claims"]
    verdicts = [c["verdict"] for c in claims]
    order = {"diverge": 0, "agree": 1, "unique": 2}
    assert verdicts == sorted(verdicts, key=order.get)
    assert all(c["explanation"] for c in claims)


def test_boilerplate_never_becomes_a_claim(seed_story, tmp_path):
    texts = " ".join(m["text"] for c in export_json(tmp_path)["claims"] for m in c["members"])
    assert "use of cookies" not in texts
    assert "Bloomberg Terminal" not in texts


def test_csv_export_has_a_row_per_claim_member(seed_story, tmp_path):
    out = tmp_path / "export.csv"
    call_command("export", "seed-syria-2015", format="csv", output=str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(
        "claim_id,kind,verdict,independent_sources,explanation,article,outlet"
    )
    members = sum(len(c["members"]) for c in export_json(tmp_path)["claims"])
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == members


def test_ingesting_again_skips_duplicates_and_keeps_claims_whole(
    seed_story, seed_dir, tmp_path, capsys
):
    before = export_json(tmp_path)
    call_command("ingest", str(seed_dir), story="seed-syria-2015")
    err = capsys.readouterr().err
    assert err.count("skipped") == 5
    assert "duplicate of article 000 (same text)" in err
    assert Article.objects.count() == 5
    after = export_json(tmp_path)
    assert len(after["claims"]) == len(before["claims"])
