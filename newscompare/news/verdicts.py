"""The verdict vocabulary of the domain: what a claim's verdict can be and the order verdicts
are shown in (the table of kinds is lib/claim_values.KIND_TYPES). The pipeline
decides verdicts (pipeline/verdict.py), the models store them (`Claim.Verdict` is built from
`Verdict`), the dashboard shows them; all of them name verdicts through this enum, never as
string literals. Plain Python: no Django, no queries."""

from enum import StrEnum


class Verdict(StrEnum):
    """A claim's verdict, in the order a story shows them: disputed facts first."""

    DIVERGE = "diverge"  # the sources give values that cannot all be true
    AGREE = "agree"  # two or more independent sources, no conflicting value
    UNIQUE = "unique"  # one independent source (wire copies count once)


# Display rank of each verdict (lower first): the order of the members above.
VERDICT_ORDER = {v: rank for rank, v in enumerate(Verdict)}
