"""Typed values: what a sentence counts, dates, durations, quotes and names."""

import datetime as dt

from newscompare.pipeline.values import entity_key, extract_article_values, extract_values

PUBLISHED = dt.date(2015, 9, 18)  # a Friday


def only(values, type_):
    return [v for v in values if v["type"] == type_]


def test_numbers_in_digits_and_words_have_one_value():
    for text, expected in [
        ("240,000 people", 240_000),
        ("four million people", 4_000_000),
        ("twelve hundred villagers", 1_200),
        ("some 1.2 thousand people", 1_200),
    ]:
        (number,) = only(extract_values(f"The flood displaced {text}."), "number")
        assert number["value"] == expected, text


def test_short_scale_money_with_a_currency_code():
    (money,) = only(
        extract_values("The government has allocated KSD 4m in emergency funds."), "money"
    )
    assert money["value"] == 4_000_000 and money["currency"] == "KSD"


def test_money_with_currency_word():
    (money,) = only(
        extract_values("The cabinet approved an aid package of four million dinars."), "money"
    )
    assert money["value"] == 4_000_000 and money["currency"] == "dinar"


def test_hedge_is_kept_with_the_number():
    (number,) = only(extract_values("At least 30 people were still missing."), "number")
    assert number["hedge"] == "at least" and number["value"] == 30


def test_a_count_knows_what_it_counts():
    killed, displaced = only(
        extract_values("A civil war killing 240,000 people and displacing four million."), "number"
    )
    assert killed["concept"] == "killed" and displaced["concept"] == "displaced"


def test_a_count_of_things_or_places_is_no_toll():
    farms, killed = only(
        extract_values("The flood swept over nine farms, killing 12 people."), "number"
    )
    (boats,) = only(extract_values("Three boats carried the injured to the mainland."), "number")
    (towns,) = only(extract_values("Four towns were cut off and dozens were killed."), "number")
    (soldiers,) = only(extract_values("Five soldiers were killed."), "number")
    (villagers,) = only(extract_values("The flood drove 800 villagers from their homes."), "number")
    assert villagers["concept"] == "displaced"
    (forced,) = only(extract_values("The flood forced 1,200 from their homes."), "number")
    assert forced["concept"] == "displaced"
    (fleet,) = only(extract_values("Its 36-aircraft fleet was evacuated to Malta."), "number")
    assert fleet["concept"] == "aircraft"
    assert killed["concept"] == "killed" and soldiers["concept"] == "killed"
    assert farms["concept"] != "killed"
    assert boats["concept"] != "injured"
    assert towns["concept"] != "killed"


def test_missing_and_treated_in_hospital_are_different_concepts():
    (missing,) = only(
        extract_values("At least 30 people were still missing in the valley."), "number"
    )
    (injured,) = only(
        extract_values("At least 30 people were treated in hospital for injuries."), "number"
    )
    assert missing["concept"] == "missing" and injured["concept"] == "injured"


def test_dozens_is_a_range():
    (number,) = only(
        extract_values("The clash, in which dozens of soldiers were killed."), "number"
    )
    assert (number["low"], number["high"]) == (24, 99)


def test_fraction_is_a_percentage():
    (share,) = only(extract_values("Nearly a third of the country's exports go north."), "percent")
    assert round(share["value"]) == 33 and share["hedge"] == "nearly"


def test_one_hour_and_hour_long_are_the_same_duration():
    (a,) = only(extract_values("The call lasted one hour."), "duration")
    (b,) = only(extract_values("The hour-long call ended at noon."), "duration")
    assert a["seconds"] == b["seconds"] == 3600


def test_three_day_and_72_hours_are_the_same_duration():
    (a,) = only(extract_values("It would continue a three-day search for survivors."), "duration")
    (b,) = only(extract_values("Rescuers have been given 72 hours to search."), "duration")
    assert a["seconds"] == b["seconds"]


def test_an_age_is_not_a_duration():
    assert not only(extract_values("A crew lifted a 78-year-old man from the roof."), "duration")


def test_month_of_the_previous_year_resolves_against_publication():
    (date,) = only(
        extract_values("Contacts were broken off in April the previous year.", PUBLISHED), "date"
    )
    assert date["normalized"] == "2014-04"


def test_month_two_years_ago_resolves_against_publication():
    (date,) = only(
        extract_values("The dam was last examined in March two years ago.", PUBLISHED), "date"
    )
    assert date["normalized"] == "2013-03"


def test_weekday_and_yesterday_resolve_to_days():
    (friday,) = only(extract_values("The ministers spoke on Friday.", PUBLISHED), "date")
    (yesterday,) = only(
        extract_values("The dam gave way before dawn yesterday.", dt.date(2015, 9, 19)), "date"
    )
    assert friday["normalized"] == yesterday["normalized"] == "2015-09-18"


def test_date_written_in_turkish_parses():
    (date,) = only(extract_values("Güncelleme Tarihi: 18 Eylül 2015, 17:45"), "date")
    assert date["normalized"] == "2015-09-18"


def test_the_day_a_statement_was_made_is_marked_as_reporting():
    (date,) = only(
        extract_values("The toll rose to 17, officials said on Wednesday.", PUBLISHED), "date"
    )
    assert date.get("reporting")


def test_quote_speaker_after_the_quote():
    (quote,) = only(extract_values('"We will look into any request," Peskov said.'), "quote")
    assert quote["speaker"] == "Peskov"


def test_quote_speaker_before_the_quote_with_a_title():
    (quote,) = only(
        extract_values(
            'Governor Ana Petrova told local radio: "Every house will be rebuilt soon."'
        ),
        "quote",
    )
    assert quote["speaker"] == "Governor Ana Petrova"  # the whole name with its title


def test_pronoun_speaker_borrows_the_person_named_before():
    first, second = extract_article_values(
        [
            "Interior Minister Ivan Dolgov flew to the area by helicopter.",
            '"The state will rebuild every house," he told residents in Korsk.',
        ]
    )
    (quote,) = only(second, "quote")
    assert quote["speaker"] == "Interior Minister Ivan Dolgov"


def test_reported_speech_is_a_quote_with_its_speaker():
    (quote,) = only(
        extract_values("Minister Ivan Dolgov pledged that the state would rebuild every home."),
        "quote",
    )
    assert quote["reported"] and quote["speaker"] == "Minister Ivan Dolgov"


def test_transliteration_variants_share_an_entity_key():
    assert entity_key("Shoigu") == entity_key("Shoygu")
    assert entity_key("Kasymbek") == entity_key("Qasymbek")
    assert entity_key("Vazhdayev") == entity_key("Vazhdaev")


def test_common_aliases_share_an_entity_key():
    keys = {
        v["normalized"]
        for s in (
            "ISIL fighters advanced.",
            "Islamic State fighters advanced.",
            "Daesh fighters advanced.",
        )
        for v in extract_values(s)
        if v["type"] == "entity"
    }
    assert keys == {"=islamic state"}


def test_a_range_is_one_value_with_bounds():
    (number,) = only(extract_values("Between 30 and 40 people were injured."), "number")
    assert (number["low"], number["high"]) == (30, 40) and number["concept"] == "injured"


def test_a_dozen_and_a_hundred_are_numbers():
    values = only(
        extract_values("A hundred troops were sent, and half a dozen vehicles."), "number"
    )
    assert [v["value"] for v in values] == [100, 6]


def test_quote_speaker_after_according_to():
    (quote,) = only(
        extract_values('"We will rebuild every house," according to Minister Ivan Dolgov.'), "quote"
    )
    assert quote["speaker"] == "Minister Ivan Dolgov"


def test_an_acronym_meets_the_name_it_abbreviates():
    from newscompare.pipeline.values import acronyms

    spelled, _ = acronyms(extract_values("The Northern Rivers Authority welcomed the deal."))
    _, bare = acronyms(extract_values("The NRA welcomed the outcome of the talks."))
    assert spelled & bare == {"nra"}


def test_a_number_of_dozens_is_counted():
    (number,) = only(extract_values("Some three dozen troops have been killed."), "number")
    assert number["value"] == 36 and number["hedge"] == "some"


def test_a_mixed_fraction_is_one_figure():
    (duration,) = only(extract_values("The conviction followed a 2 1/2 week trial."), "duration")
    assert duration["normalized"] == "2.5 week"
    (percent,) = only(extract_values("The yield on the 3 5/8 percent note fell."), "percent")
    assert percent["value"] == 3.625


def test_a_slashed_date_or_ratio_is_no_count():
    assert not only(extract_values("He lied about his links to 9/11 hijackers."), "number")


def test_a_decimal_comma_before_a_scale_word():
    (number,) = only(
        extract_values("Wyeth estimates that 1,2 million women take the pills."), "number"
    )
    assert number["value"] == 1_200_000


def test_a_number_set_off_after_a_name_is_an_age():
    (number,) = only(
        extract_values("Sandy Mitchell, 44, from Glasgow, faces the death penalty."), "number"
    )
    assert number["concept"] == "age"


def test_a_bracketed_figure_after_another_is_a_conversion():
    money = only(extract_values("BP shares slipped to 433.50 pence ($6.85) each."), "money")
    assert [m.get("conversion", False) for m in money] == [True]
    number, converted = only(
        extract_values("The mosque is 50 km (32 miles) west of the city."), "number"
    )
    assert not number.get("conversion") and converted["conversion"]


def test_a_weekday_before_a_name_is_not_the_speaker():
    (quote,) = only(
        extract_values(
            "According to a warrant released Tuesday, Dotson admitted he shot him "
            '"because Patrick had tried to shoot him."'
        ),
        "quote",
    )
    assert quote["speaker"] != "Tuesday"


def test_money_ranges_and_word_ranges_are_one_value():
    (money,) = only(
        extract_values("Analysts valued the assets at $10 billion-$15 billion."), "money"
    )
    assert (money["low"], money["high"]) == (10e9, 15e9)
    (money,) = only(
        extract_values("It forecast revenue of between $7.6 billion and $7.8 billion."), "money"
    )
    assert (money["low"], money["high"]) == (7.6e9, 7.8e9)
    (number,) = only(
        extract_values("It has a margin of error of three to four percentage points."), "number"
    )
    assert (number["low"], number["high"]) == (3, 4)


def test_a_change_to_a_new_level_is_no_money_range():
    money = only(
        extract_values("Shares of Hartford rose $2.88 to $46.50 in composite trading."), "money"
    )
    assert [m["value"] for m in money] == [2.88, 46.5]


def test_figures_a_quantity_ranged_between_are_one_range():
    (number,) = only(
        extract_values("Predictions ranged from 16 cents a share to 27 cents a share."), "number"
    )
    assert (number["low"], number["high"]) == (16, 27)


def test_a_span_a_figure_is_measured_over_is_a_period():
    (duration,) = only(
        extract_values("The euro has risen 33 percent over the past 15 months."), "duration"
    )
    assert duration["period"]
    (duration,) = only(extract_values("The trial lasted 15 months."), "duration")
    assert not duration.get("period")


def test_a_bracketed_count_of_a_part_is_no_conversion():
    numbers = only(extract_values("The blast killed 30 people (12 of them children)."), "number")
    assert not any(n.get("conversion") for n in numbers)


def test_pounds_after_a_weight_verb_are_a_weight():
    (number,) = only(extract_values("The dieters had lost an average of 14.7 pounds."), "number")
    assert number["concept"] == "lb"
    (money,) = only(extract_values("The club paid 14 million pounds for him."), "money")
    assert money["currency"] == "GBP"


def test_a_count_set_against_another_counts_the_same_thing():
    numbers = only(
        extract_values(
            "The group had lost about 15 pounds, compared with five for the low-fat group."
        ),
        "number",
    )
    assert [n["concept"] for n in numbers] == ["lb", "lb"]


def test_a_sentence_read_again_gives_the_same_values_and_each_caller_its_own_copy():
    sentence = 'At least 12 people died on Friday, "we counted them," Mayor Ana Ruiz said.'
    first = extract_values(sentence, PUBLISHED)
    for value in first:  # a caller changes what it was given (speakers are borrowed so)
        value["text"] = "changed"
        value.setdefault("figures", []).append({"text": "added"})

    again = extract_values(sentence, PUBLISHED)

    assert again != first and all(v["text"] != "changed" for v in again)
    assert again == extract_values(sentence, PUBLISHED)
    assert only(again, "number")[0]["value"] == 12
    assert only(again, "date") != only(extract_values(sentence, dt.date(2015, 9, 25)), "date"), (
        "the publication date is part of what is cached"
    )


def test_a_weekday_to_come_is_the_next_one():
    # PUBLISHED is a Friday: a hearing that will be held on Tuesday is held after it.
    for sentence in (
        "The tribunal will rule on Tuesday whether the port may reopen.",
        "The minister is expected to visit the harbour on Tuesday.",
        "Inspectors are due to report back next Tuesday.",
        "The harbour bill is to be voted on Tuesday.",
        "The council met as it prepared for the bill to be voted on Tuesday.",
        "The port authority is to decide on Tuesday.",
    ):
        (date,) = only(extract_values(sentence, PUBLISHED), "date")
        assert date["normalized"] == "2015-09-22", sentence
    (past,) = only(extract_values("The tribunal ruled on Tuesday.", PUBLISHED), "date")
    assert past["normalized"] == "2015-09-15"


def test_a_month_to_come_without_its_year_is_the_next_one():
    (date,) = only(extract_values("The ferry service will resume in March.", PUBLISHED), "date")
    (past,) = only(extract_values("The ferry service stopped in October.", PUBLISHED), "date")
    assert (date["normalized"], past["normalized"]) == ("2016-03", "2014-10")


def test_a_year_counted_back_from_the_day_of_writing():
    for sentence, year in (
        ("The port was sold to its owners three years ago.", "2012"),
        ("The port handled 2 million tonnes last year.", "2014"),
        ("It was sold 12 years ago, when cargo traffic fell.", "2003"),
    ):
        (date,) = only(extract_values(sentence, PUBLISHED), "date")
        assert date["normalized"] == year, sentence


def test_a_length_spelled_without_a_figure_is_the_same_figure_as_in_digits():
    for spelled, digits in (
        ("The ferry licence runs for half a year.", "The ferry licence runs for six months."),
        ("The dredging took a year and a half.", "The dredging took 18 months."),
        ("The strike lasted a fortnight.", "The strike lasted two weeks."),
        ("The search went on for an hour and a half.", "The search went on for 90 minutes."),
        ("The pier stood for a quarter of a century.", "The pier stood for 25 years."),
    ):
        (a,) = only(extract_values(spelled, PUBLISHED), "duration")
        (b,) = only(extract_values(digits, PUBLISHED), "duration")
        assert a["normalized"] == b["normalized"], spelled


def test_a_unit_after_once_or_before_ago_is_no_length():
    assert not only(extract_values("The ferry sails once a year.", PUBLISHED), "duration")
    assert not only(extract_values("The pier was built half a century ago.", PUBLISHED), "duration")


def test_a_length_after_the_is_still_a_length():
    (v,) = only(extract_values("The three-day closure of the pier ended.", PUBLISHED), "duration")
    assert v["normalized"] == "3 day"
    assert not only(extract_values("The two harbours reopened.", PUBLISHED), "number")


def test_an_area_in_any_unit_is_one_figure_in_hectares():
    from newscompare.pipeline.compare import compatible

    hectares, km2, acres = (
        only(extract_values(s, PUBLISHED), "number")[0]
        for s in (
            "The flood covered some 3,000 hectares of farmland.",
            "The flood covered 30 square kilometres of farmland.",
            "The flood covered some 3,000 acres of farmland.",
        )
    )
    assert hectares["concept"] == km2["concept"] == acres["concept"] == "area"
    assert hectares["value"] == km2["value"] == 3000
    assert compatible(hectares, km2) and not compatible(hectares, acres)


def test_an_end_still_to_come_is_the_next_such_day_and_a_term_runs_from_the_day_of_writing():
    (until,) = only(extract_values("The ferry ban runs until Tuesday.", PUBLISHED), "date")
    (past,) = only(extract_values("The ferry ban was in force until Tuesday.", PUBLISHED), "date")
    assert (until["role"], until["normalized"], past["normalized"]) == (
        "end",
        "2015-09-22",
        "2015-09-15",
    )
    (lease,) = only(extract_values("The port approved a six-month lease.", PUBLISHED), "duration")
    assert lease["since"] == "2015-09-18" and "until" not in lease


def test_a_year_or_month_that_opens_the_sentence_is_a_date():
    (year,) = only(extract_values("In 2019 the mill closed.", PUBLISHED), "date")
    (month,) = only(extract_values("Since March the mill has been closed.", PUBLISHED), "date")
    assert (year["normalized"], month["normalized"]) == ("2019", "2015-03")


def test_a_participle_before_the_noun_does_not_say_what_is_counted():
    for sentence, noun in (
        ("The blaze was fought by 9 water-dropping helicopters.", "helicopter"),
        ("Police held 40 stone-throwing youths.", "youth"),
        ("Two neighbouring towns sent crews.", "town"),
    ):
        (count,) = only(extract_values(sentence, PUBLISHED), "number")
        assert count["noun"] == noun, sentence
    (hurt,) = only(extract_values("The ministry counted 17 wounded.", PUBLISHED), "number")
    assert hurt["noun"] == "wounded"


def test_an_adjective_before_the_noun_does_not_say_what_is_counted():
    (count,) = only(extract_values("Three strong tremors followed.", PUBLISHED), "number")
    assert count["noun"] == "tremor"


def test_a_workforce_is_one_concept_in_any_of_its_words():
    concepts = {
        only(extract_values(s, PUBLISHED), "number")[0]["concept"]
        for s in (
            "The mill will cut 300 of its 900 jobs.",
            "The mill will shed 300 of its 900 employees.",
            "Some 300 staff face the sack.",
            "The plan foresees cutting 300 of the mill's 900 posts.",
        )
    }
    assert concepts == {"jobs"}


# Class: a toll given by its members ("two women and a man died") is one count of all of them,
# with the clause's concept, not a count of its first part.
def test_people_counted_by_their_parts_are_one_count():
    (died,) = only(extract_values("Two women and one man died in the blaze."), "number")
    assert (died["value"], died["concept"]) == (3, "killed")
    (crew,) = only(
        extract_values("The ferry's crew, a woman and four men, were rescued by a trawler."),
        "number",
    )
    assert crew["value"] == 5


# Class: an aside between a count and its verb ("Three people, one of them a nurse, were
# killed") does not hide the verb that says what the count is.
def test_an_aside_between_a_count_and_its_verb_is_passed_over():
    (killed,) = only(
        extract_values("Four people, one of them a nurse, were killed when the roof fell."),
        "number",
    )
    assert killed["concept"] == "killed"
    (staff,) = only(
        extract_values("The three guards, two men and a woman, died in the attack."), "number"
    )
    assert (staff["value"], staff["concept"]) == (3, "killed")


# Class: a currency word written onto the figure, before it ("euro40 million", agency style) or
# after its scale with a hyphen ("a 40m-euro loan"), makes the figure money.
def test_a_currency_word_glued_to_the_figure_makes_it_money():
    (before,) = only(extract_values("The bank lent Ostra a euro40 million credit."), "money")
    (after,) = only(extract_values("Ostra took a 40m-euro loan from the bank."), "money")
    assert (before["value"], before["currency"]) == (40_000_000, "EUR")
    assert (after["value"], after["currency"]) == (40_000_000, "EUR")
