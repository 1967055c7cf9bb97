"""The gates on hand-built facts: a per-share figure, a cumulative period and an equality prove a reading."""
from __future__ import annotations

import datetime as dt

from build import Q3, SEP30, fact

from converter.checks.gates import run_gates
from converter.model import Period
from converter.rules import Gate, Origin

O = Origin("unit", 1)
NINE = Period(dt.date(2013, 9, 30), dt.date(2013, 1, 1))
EPS = Gate("eps", "per-share", O, per_share="us-gaap:EarningsPerShareBasic",
           shares="us-gaap:WeightedAverageNumberOfSharesOutstandingBasic", income=("us-gaap:NetIncomeLoss",))
CUM = Gate("cum", "cumulative", O, concepts=("us-gaap:Revenues",))
EQ = Gate("eq", "equal", O, concepts=("us-gaap:Assets", "us-gaap:LiabilitiesAndStockholdersEquity"))


def _run(facts, gates, report_date=dt.date(2013, 11, 6)):
    kept, findings = run_gates(facts, gates, report_date)
    return sorted((f.concept.local, f.period.key, f.value) for f in kept), sorted(f.code for f in findings)


def test_per_share_times_shares_is_net_income_within_rounding():
    facts = [fact("us-gaap:EarningsPerShareBasic", Q3, "0.12", 2, unit="USDPerShare", scale=0),
             fact("us-gaap:WeightedAverageNumberOfSharesOutstandingBasic", Q3, "55,000", -3, unit="shares"),
             fact("us-gaap:NetIncomeLoss", Q3, "6,600")]
    assert len(_run(facts, (EPS,))[0]) == 3
    wrong = facts[:2] + [fact("us-gaap:NetIncomeLoss", Q3, "66,000")]  # ten times the product
    kept, codes = _run(wrong, (EPS,))
    assert codes == ["gate.perShare"] and len(kept) == 2


def test_nine_months_below_its_own_quarter_refuses_both():
    facts = [fact("us-gaap:Revenues", Q3, "45,192"), fact("us-gaap:Revenues", NINE, "40,000")]
    assert _run(facts, (CUM,)) == ([], ["gate.cumulative", "gate.cumulative"])
    fine = [fact("us-gaap:Revenues", Q3, "45,192"), fact("us-gaap:Revenues", NINE, "130,917")]
    assert _run(fine, (CUM,))[1] == []


def test_balance_sheet_sides_must_agree():
    facts = [fact("us-gaap:Assets", SEP30, "100"), fact("us-gaap:LiabilitiesAndStockholdersEquity", SEP30, "102")]
    assert _run(facts, (EQ,)) == ([], ["gate.equal", "gate.equal"])
    # 100 and 101 thousand agree within the printed rounding (500 each side)
    close = [facts[0], fact("us-gaap:LiabilitiesAndStockholdersEquity", SEP30, "101")]
    assert _run(close, (EQ,))[1] == []


def test_a_period_after_the_report_date_is_refused():
    later = Period(dt.date(2014, 9, 30), dt.date(2014, 7, 1))
    kept, codes = _run([fact("us-gaap:Revenues", later, "1")], ())
    assert kept == [] and len(codes) == 1 and codes[0].startswith("gate.")
