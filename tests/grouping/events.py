"""Made-up articles about four events, for the grouping tests: two floods of one river a
year apart in different towns, with different officials and tolls (the hard case: the same
kind of event), a chess tournament and a port strike. Every article is written apart; none
copies another."""

import json

FLOOD_2019 = [
    (
        "Floodwaters swamp Kestrel Bend as the Varn bursts its banks",
        "The river Varn broke through the levee at Kestrel Bend on Tuesday, 14 May 2019, "
        "forcing 1,200 residents from their homes. Mayor Idris Fallon said 3 people had died. "
        "Rescue crews in boats worked through the night in the flooded streets of Kestrel Bend.",
    ),
    (
        "Three dead after levee fails in Kestrel Bend",
        "Mayor Idris Fallon confirmed three deaths after the levee on the Varn gave way in May "
        "2019. About 1,200 people were evacuated from Kestrel Bend, and the town hall became a "
        "shelter. Fallon said the water rose faster than anyone in Kestrel Bend had seen.",
    ),
    (
        "Kestrel Bend begins clean-up after Varn flood",
        "Residents of Kestrel Bend returned to mud-filled houses on Thursday after the 2019 "
        "flood. Idris Fallon, the mayor, put the toll at three dead and said 1,200 people had "
        "left. Engineers are inspecting the broken Varn levee at Kestrel Bend.",
    ),
]
FLOOD_2020 = [
    (
        "Varn floods Mossgate a year after the last disaster",
        "The Varn flooded the market town of Mossgate on Saturday, 20 June 2020. Governor "
        "Helena Stroud said 11 people were missing and 4,500 had fled. Army trucks carried "
        "families out of Mossgate as the water kept rising.",
    ),
    (
        "Eleven missing as Mossgate goes under",
        "Helena Stroud, the regional governor, said on Sunday that 11 people were still missing "
        "in Mossgate, where 4,500 residents left their homes in June 2020. Stroud asked for "
        "more helicopters to search the flooded fields around Mossgate.",
    ),
    (
        "Mossgate flood: search for the missing goes on",
        "Searchers in Mossgate are still looking for 11 people swept away by the Varn in 2020. "
        "Governor Helena Stroud visited a shelter for the 4,500 evacuees and promised money "
        "to rebuild Mossgate's bridge.",
    ),
]
CHESS = [
    (
        "Oyelaran wins the Northport Chess Open",
        "Grandmaster Tomi Oyelaran won the Northport Chess Open on Sunday with a final-round "
        "victory over Pavel Drozd. Oyelaran finished on 8 points from 9 games in Northport.",
    ),
    (
        "Drozd falls to Oyelaran in Northport decider",
        "Pavel Drozd lost the deciding game of the Northport Chess Open to Tomi Oyelaran, who "
        "took the title with 8 points. Drozd said Oyelaran had played the endgame perfectly.",
    ),
]
STRIKE = [
    (
        "Dockers at Saltmarsh port walk out over pay",
        "Dock workers at the port of Saltmarsh began a 48-hour strike on Monday, demanding a "
        "9 percent pay rise. The Harbour Workers Union said 2,300 members had joined.",
    ),
    (
        "Saltmarsh port idle as strike begins",
        "Cranes stood still at Saltmarsh on Monday as 2,300 members of the Harbour Workers "
        "Union stopped work for 48 hours. The union wants 9 percent more pay.",
    ),
]
EVENTS = {"flood-2019": FLOOD_2019, "flood-2020": FLOOD_2020, "chess": CHESS, "strike": STRIKE}


def records() -> list[dict]:
    """JSONL rows, the events interleaved (as a day's feed would mix them)."""
    rows = []
    longest = max(map(len, EVENTS.values()))
    for i in range(longest):
        for event, articles in EVENTS.items():
            if i < len(articles):
                title, text = articles[i]
                rows.append({"id": f"{event}-{i + 1}", "title": title, "text": text})
    return rows


def event_of(article_id: str) -> str:
    return article_id.rsplit("-", 1)[0]


def write_jsonl(path, rows) -> None:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
