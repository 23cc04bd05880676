"""The domain's verdict vocabulary: one enum, which Claim.Verdict is built from."""

from newscompare.news.models import Claim
from newscompare.news.verdicts import VERDICT_ORDER, Verdict


def test_claim_verdict_choices_are_the_enum_in_its_order():
    assert list(Claim.Verdict.values) == [v.value for v in Verdict]


def test_disputed_facts_come_first_and_unique_claims_last():
    assert sorted(Verdict, key=VERDICT_ORDER.get) == [
        Verdict.DIVERGE,
        Verdict.AGREE,
        Verdict.UNIQUE,
    ]


def test_a_verdict_is_its_name_wherever_a_string_is_read():
    assert f"{Verdict.AGREE}" == "agree" and Verdict("diverge") is Verdict.DIVERGE
