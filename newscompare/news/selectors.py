"""Reads from the domain, shaped for pages and exports. Query counts do not grow with
story size: each function issues a fixed number of queries."""
import csv
import io

from django.db.models import Prefetch

from .models import Article, Claim, ClaimMember, Story


def story_articles(story: Story) -> list[Article]:
    return list(Article.objects.filter(story=story).select_related("outlet").order_by("external_id"))


def syndicated_with(articles: list[Article]) -> dict[int, list[str]]:
    """{article id: external ids of its wire copies}."""
    by_group = {}
    for a in articles:
        if a.wire_group is not None:
            by_group.setdefault(a.wire_group, []).append(a)
    return {a.id: sorted(b.external_id for b in by_group.get(a.wire_group, []) if b.id != a.id) for a in articles}


def story_claims(story: Story, verdict: str = "", kind: str = "", outlet: str = ""):
    claims = Claim.objects.filter(story=story)
    if verdict:
        claims = claims.filter(verdict=verdict)
    if kind:
        claims = claims.filter(kind=kind)
    if outlet:
        claims = claims.filter(members__sentence__article__outlet__name=outlet).distinct()
    members = ClaimMember.objects.select_related("sentence__article__outlet").order_by(
        "sentence__article__external_id", "sentence__position")
    return claims.order_by("position").prefetch_related(Prefetch("members", queryset=members))


def export_story(story: Story) -> dict:
    """The story as CONTRACT §2 JSON."""
    articles = story_articles(story)
    copies = syndicated_with(articles)
    return {
        "story": story.slug,
        "articles": [{
            "id": a.external_id, "outlet": a.outlet_name, "title": a.title, "url": a.url,
            "published": a.published_at.date().isoformat() if a.published_at else None,
            "language": a.language, "syndicated_with": copies[a.id],
        } for a in articles],
        "claims": [{
            "id": str(c.id), "kind": c.kind, "verdict": c.verdict,
            "independent_sources": c.independent_sources, "explanation": c.explanation,
            "pipeline_version": c.pipeline_version,
            "members": [{"article": m.sentence.article.external_id, "outlet": m.sentence.article.outlet_name,
                         "text": m.sentence.text, "values": m.values} for m in c.members.all()],
        } for c in story_claims(story)],
    }


CSV_FIELDS = ["claim_id", "kind", "verdict", "independent_sources", "explanation", "article", "outlet",
              "sentence", "values"]


def export_story_csv(story: Story) -> str:
    """One row per claim member, so a spreadsheet can filter by claim, verdict or outlet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for claim in export_story(story)["claims"]:
        for m in claim["members"]:
            writer.writerow({
                "claim_id": claim["id"], "kind": claim["kind"], "verdict": claim["verdict"],
                "independent_sources": claim["independent_sources"], "explanation": claim["explanation"],
                "article": m["article"], "outlet": m["outlet"], "sentence": m["text"],
                "values": "; ".join(f"{v['type']}: {v.get('text', '')}" for v in m["values"] if v["type"] != "entity"),
            })
    return out.getvalue()
