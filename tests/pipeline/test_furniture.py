"""Site furniture found by the shape of a line, in several languages. Every case is made up for
the test: outlets, people and places do not exist."""

from newscompare.pipeline import furniture
from newscompare.pipeline.segment import segment_text


def flagged(text: str, outlet: str = "", language: str | None = "en") -> list[str]:
    return [
        s.text for s in segment_text(text, outlet=outlet, language=language) if s.is_boilerplate
    ]


def kept(text: str, outlet: str = "", language: str | None = "en") -> list[str]:
    return [
        s.text for s in segment_text(text, outlet=outlet, language=language) if not s.is_boilerplate
    ]


REPORT = (
    "Flood waters cut the only road to the valley town of Orlen on Monday, officials said.\n"
    "About 400 people were moved to a school gym, the regional governor told reporters.\n"
)


def page(*extra_top: str, tail: tuple[str, ...] = (), title="Floods cut road to Orlen") -> str:
    return "\n".join([title, *extra_top, REPORT, *tail])


# --- mastheads and section labels: fields between separators ---------------------------------


def test_masthead_fields_with_a_date_are_furniture_in_any_language():
    for line in (
        "The Harwick Ledger · Region · 3 Feb 2022",
        "LE COURRIER DU SUD | Monde | lundi 3 février 2022",
        "Diario Portuario / Nacional",
        "Share on Facebook | Share on X | Email",
    ):
        assert line in flagged(page(line)), line


def test_a_sentence_with_a_dash_is_no_field_line():
    line = "The road - the only one into Orlen - was closed for the third time this year."
    assert not furniture.is_field_line(line)
    assert line in kept(page(tail=(line,)))


# --- timestamps ---------------------------------------------------------------------------------


def test_timestamps_are_furniture_in_any_language():
    for line in (
        "Updated 3/2/2022 4:15 PM",
        "Zuletzt geändert: 03.02.2022, 16:15 Uhr",
        "Mis à jour le 3 février 2022 à 16h15",
        "Thursday, February 3, 2022",
    ):
        assert furniture.is_timestamp(line), line
        assert line in flagged(page(line)), line


def test_a_short_sentence_with_a_year_is_reporting():
    for line in ("The bridge was built in 1962.", "Orlen last flooded in 2009."):
        assert not furniture.is_timestamp(line), line


# --- "read next" links, captions and labels ------------------------------------------------


def test_link_labels_after_the_title_are_furniture_in_any_language():
    for line in (
        "Don't miss: Ten towns that rebuilt after the storm",
        "Lesen Sie auch: Wie Orlen sich auf das Hochwasser vorbereitet",
        "A lire aussi: La vallée sous les eaux",
        "Pictured: Volunteers fill sandbags near the square (Mara Quill)",
    ):
        assert line in flagged(page(tail=(line,))), line


def test_a_title_shaped_like_a_label_is_kept():
    title = "Governor: Orlen road to reopen within days"
    assert title in kept(page(title=title))


def test_a_speaker_label_before_a_quotation_is_reporting():
    line = 'The governor said: "We will have the road open by Friday."'
    assert not furniture.is_link_label(line)
    assert line in kept(page(tail=(line,)))


def test_a_caption_label_is_split_off_the_sentence_it_precedes():
    line = "Aerial view of the flooded valley road: Water covered the road for two kilometres."
    assert "Aerial view of the flooded valley road" in flagged(page(tail=(line,)))
    assert "Water covered the road for two kilometres." in kept(page(tail=(line,)))


def test_a_short_line_without_a_stop_in_the_body_is_furniture_but_a_lead_in_is_not():
    assert "Back the people who report here" in flagged(
        page(tail=("Back the people who report here",))
    )
    assert "The governor told reporters:" in kept(page(tail=("The governor told reporters:",)))


def test_a_bracketed_credit_is_furniture_but_a_bracketed_aside_is_not():
    assert "(Ilse Varg reported from Orlen; edited by Tam Roe)" in flagged(
        page(tail=("(Ilse Varg reported from Orlen; edited by Tam Roe)",))
    )
    aside = "(The road had been closed twice before, in 2009 and in 2014.)"
    assert aside in kept(page(tail=(aside,)))


# --- a promo line in another language ------------------------------------------------------


def test_a_line_in_another_language_is_furniture():
    line = "Versão em português: A cidade de Orlen fica isolada pelas cheias"
    assert line in flagged(page(tail=(line,)))
    german = "Hochwasser im Tal - so schützen Sie Ihr Haus vor dem Wasser"
    assert german in flagged(page(tail=(german,)))


def test_english_lines_full_of_names_stay_english():
    line = "Governor Aurel Vasko and Mayor Ines Karpat met Orlen's flood committee on Monday."
    assert line in kept(page(tail=(line,)))


def test_the_same_line_is_reporting_in_an_article_in_its_own_language():
    text = (
        "Hochwasser schneidet Orlen ab\n"
        "Das Hochwasser hat am Montag die einzige Straße in das Tal von Orlen abgeschnitten, "
        "teilten die Behörden mit.\n"
        "Rund 400 Menschen wurden in eine Schulturnhalle gebracht, sagte der Gouverneur.\n"
    )
    assert not flagged(text, language=None)


# --- appeals and subscription prompts ------------------------------------------------------


def test_appeals_to_support_the_outlet_are_furniture():
    outlet = "The Harwick Ledger"
    for line in (
        "Ledger members keep this reporting free. Become a supporter from 5 crowns a month.",
        "Independent reporting needs readers like you. Support us today.",
        "Ledger subscribers can read the full report. Not a subscriber yet? Try it for 1 crown.",
        "Seen something? Tell the Ledger newsroom, day or night.",
        "Unterstützen Sie unabhängigen Journalismus mit einem Abo des Ledger.",
    ):
        assert set(kept(page(tail=(line,)), outlet=outlet)) == set(kept(page(), outlet=outlet)), (
            line
        )


def test_reporting_that_names_the_outlet_is_kept():
    outlet = "The Harwick Ledger"
    for line in (
        "Residents told the Ledger by phone that the water had reached the first floor.",
        "The plan, seen by the Ledger, would move 200 families to higher ground.",
        'One resident asked: "Who will pay for this?"',
    ):
        assert line in kept(page(tail=(line,)), outlet=outlet), line


def test_a_short_credit_naming_the_outlet_is_furniture():
    outlet = "The Harwick Ledger (Coastline News Agency)"
    assert "Distributed by Coastline News Agency." in flagged(
        page("Distributed by Coastline News Agency."), outlet=outlet
    )


def test_the_outlet_is_read_from_its_own_masthead():
    text = page(
        "The Harwick Ledger | Region | 3 February 2022",
        tail=("Ledger subscribers get every flood update. Subscribe from 5 crowns.",),
    )
    assert "Ledger subscribers get every flood update." in flagged(text)


def test_a_plain_report_has_no_furniture():
    assert not flagged(page())


def test_a_consent_banner_in_the_header_is_furniture_but_a_columnists_aside_is_not():
    banner = "Crumbs keep us running and help us count readers. Manage your choices in Settings."
    assert set(flagged(page(banner))) >= {
        "Crumbs keep us running and help us count readers.",
        "Manage your choices in Settings.",
    }
    aside = "Make no mistake: this flood will cost your town more than any storm before it."
    assert aside in kept(page(aside))


def test_an_appeal_in_the_outlets_own_voice_is_furniture():
    line = "Support regional reporting: members get our flood map for 3 crowns a month."
    assert line in flagged(page(tail=(line,)))


# --- a sourcing line: an attribution with nothing it attributes -------------------------------


def test_a_bare_attribution_line_is_furniture():
    for line in (
        "According to local radio and the Harbour Times",
        "according to two regional news agencies",
    ):
        assert furniture.is_bare_attribution(line), line
        assert line in flagged(page(line)), line
        assert line in flagged(page(tail=(line,))), line


def test_an_attributed_report_is_kept():
    for line in (
        "According to local radio, the road will reopen on Friday.",
        "According to local radio the water is still rising",
        "Two bridges were swept away, according to the regional governor.",
    ):
        assert not furniture.is_bare_attribution(line), line
    line = "According to local radio, the road will reopen on Friday."
    assert line in kept(page(tail=(line,)))


# --- lines an outlet prints on several of its articles ---------------------------------------


def test_a_line_an_outlet_repeats_on_its_articles_is_furniture_but_repeated_reporting_is_not():
    promo = "Harbour Ledger live: every flood update as it happens"
    background = "Orlen last flooded in 2009, when the river rose four metres in a night."
    first = ["Floods cut road to Orlen", promo, "The road was closed on Monday.", background]
    second = ["Orlen road reopens", background, "Crews reopened the road on Friday.", promo]
    other = ["Orlen cut off", promo, "The only road to Orlen was shut."]
    found = furniture.repeated_furniture(
        [("The Harbour Ledger", first), ("The Harbour Ledger", second), ("Coast Radio", other)]
    )
    assert found == [{1}, {3}, set()]


def test_one_text_twice_or_a_shared_title_is_no_repeated_furniture():
    text = ["Floods cut road to Orlen", "Harbour Ledger live", "The road was closed on Monday."]
    assert furniture.repeated_furniture([("Ledger", text), ("Ledger", list(text))]) == [
        set(),
        set(),
    ]
    titled = [["Floods cut road to Orlen", "The road was closed."], ["Floods cut road to Orlen"]]
    assert furniture.repeated_furniture([("Ledger", t) for t in titled]) == [set(), set()]
    assert furniture.repeated_furniture([("", ["T", "x y"]), ("", ["U", "x y"])]) == [set(), set()]


# --- the site's own voice in the body: prompts to the reader, what "we" offer ------------------


def test_the_site_speaking_to_the_reader_or_for_itself_is_furniture_anywhere_in_the_page():
    prompts = (
        "You have 3 free articles left this month.",
        "Have a tip?",
        "Contact our newsroom at tips@orlen-courier.example",
        "Download our app for flood alerts.",
        "We will update this story as more information becomes available.",
        "This article was amended on 4 May to correct the number of people moved.",
    )
    text = page(tail=prompts)
    assert flagged(text) == list(prompts)
    assert kept(text) == ["Floods cut road to Orlen", *REPORT.strip().split("\n")]


def test_an_offer_of_a_price_per_period_in_the_imperative_is_furniture():
    offers = (
        "Enjoy every story from the valley for just 2 crowns a week.",
        "Get the full archive from €3 per month.",
    )
    text = page(tail=offers)
    assert flagged(text) == list(offers)


def test_a_price_per_period_that_a_report_tells_stays_reporting():
    prices = (
        "Families in the shelter now pay 40 crowns a week for water.",
        "Water sold for 5 crowns a day at the roadblock.",
        "Bottled water went for 5 crowns a day.",
        "Rent for the temporary homes is 300 crowns a month.",
    )
    assert kept(page(tail=prices))[-len(prices) :] == list(prices)


def test_we_and_you_of_people_reported_stay_reporting():
    speakers = (
        'Residents told us that "we lost everything in an hour," as the water rose.',
        '"We stayed on the roof all night.',
        'Nobody came for us until dawn," said Mira Ostlund, 63.',
        "The mayor said you could see the water rising by the minute.",
        "As many of you will know, the valley flooded twice in 2019, killing four people.",
    )
    assert kept(page(tail=speakers))[-len(speakers) :] == list(speakers)
