"""Main text and metadata of a saved web page, via trafilatura (well kept, built for news
pages: drops navigation, ads, scripts and comments)."""

from dataclasses import dataclass


@dataclass
class PageText:
    text: str
    title: str = ""
    published: str = ""
    site_name: str = ""
    url: str = ""


def extract_page(markup: str) -> PageText:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            # The date only from the page's metadata and markup: the extensive search
            # guesses from free text and turns a footer's "(c) 2024" into 1 January 2024,
            # a publication date the page never gave.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - hostile markup must give "no text", never a crash
        doc = None
    if doc is None:
        return PageText(text="")
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    return PageText(
        text=get("text") or "",
        title=get("title") or "",
        published=get("date") or "",
        site_name=get("sitename") or "",
        url=get("url") or "",
    )
