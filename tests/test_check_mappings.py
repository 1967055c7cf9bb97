"""``ixconv check-mappings``: each rule code on a mutated rule file, the project's own rules, exit codes."""
from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from converter.cli import main
from converter.mapping import lint

PROJECT = Path(__file__).resolve().parents[1]
REFERENCE = lint.default_reference_dir()  # $IXCONV_REFERENCE, else ../shared/reference/sec-edgar
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "us-gaap-deprecated-concepts.json").is_file(),
    reason=f"SEC EDGAR reference data not found in {REFERENCE} (set IXCONV_REFERENCE)",
)

REVENUE = """\
[[rule]]
id = "is-revenue"
statement = "income"
label = 'revenues?'
concept = "us-gaap:Revenues"
unit = "monetary"
balance = "credit"
"""


@pytest.fixture
def check(taxonomy, tmp_path, monkeypatch, capsys):
    """Write ``rules.toml`` in a temporary working folder, run the command on it: (exit code, stdout lines, stderr).
    The taxonomy is the 2011 us-gaap package (the ``taxonomy`` fixture skips when it is absent)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IXCONV_REFERENCE", raising=False)
    monkeypatch.delenv("IXCONV_TAXONOMY", raising=False)

    def run(text: str, *options: str) -> tuple[int, list[str], str]:
        (tmp_path / "rules.toml").write_text(text, encoding="utf-8")
        code = main(["check-mappings", "rules.toml", "--taxonomy", str(taxonomy), *options])
        out, err = capsys.readouterr()
        return code, out.splitlines(), err

    return run


def test_a_sound_rule_is_clean(check):
    code, out, err = check(REVENUE)
    assert (code, out) == (0, [])
    assert "1 rule, 0 calculations" in err and err.rstrip().endswith(": clean")


def test_unknown_concept(check):
    code, out, _ = check(REVENUE.replace("us-gaap:Revenues", "us-gaap:Revenuez"))
    assert code == 1
    assert out == ["rules.toml:1: error: mapping.unknownConcept: rule 'is-revenue': us-gaap:Revenuez is not in the "
                   "taxonomy (us-gaap 2011-01-31); did you mean us-gaap:Revenues?"]


def test_instant_concept_on_an_income_statement_row(check):
    code, out, _ = check(REVENUE.replace("us-gaap:Revenues", "us-gaap:Cash").replace('"credit"', '"debit"'))
    assert code == 1
    assert out == ["rules.toml:1: error: mapping.periodType: rule 'is-revenue': us-gaap:Cash is an instant concept "
                   "but income-statement rows are durations"]


def test_rule_period_overrides_the_statement(check):
    text = REVENUE.replace("us-gaap:Revenues", "us-gaap:Cash").replace('"credit"', '"debit"') + 'period = "instant"\n'
    assert check(text)[:2] == (0, [])
    code, out, _ = check(REVENUE + 'period = "instant"\n')
    assert out == ["rules.toml:1: error: mapping.periodType: rule 'is-revenue': us-gaap:Revenues is a duration "
                   "concept but the rule says period = \"instant\""]


def test_monetary_concept_on_a_per_share_row(check):
    text = """\
[[rule]]
id = "is-eps-basic"
statement = "income"
label = 'basic'
concept = "us-gaap:NetIncomeLoss"
unit = "perShare"
"""
    code, out, _ = check(text)
    assert code == 1
    assert out == ["rules.toml:1: error: mapping.itemType: rule 'is-eps-basic': unit \"perShare\" does not fit "
                   "us-gaap:NetIncomeLoss, a monetaryItemType"]


def test_abstract_concept(check):
    code, out, _ = check(REVENUE.replace("us-gaap:Revenues", "us-gaap:IncomeStatementAbstract").replace(
        'balance = "credit"\n', ""))
    assert code == 1
    assert out == ["rules.toml:1: error: mapping.abstractConcept: rule 'is-revenue': us-gaap:IncomeStatementAbstract "
                   "is abstract (a heading in the taxonomy) and cannot carry a value"]


def test_stated_balance_differs_from_the_taxonomy(check):
    code, out, _ = check(REVENUE.replace('"credit"', '"debit"'))
    assert code == 1
    assert out == ["rules.toml:1: error: mapping.balance: rule 'is-revenue': the rule says balance = \"debit\" but "
                   "us-gaap:Revenues is credit"]


@needs_reference
def test_concept_deprecated_before_the_target_year(check):
    # SalesRevenueNet is in the 2011 package, and on EDGAR's list as deprecated in 2018
    text = REVENUE.replace("us-gaap:Revenues", "us-gaap:SalesRevenueNet")
    assert check(text)[:2] == (0, [])  # target year defaults to the package's: 2011
    code, out, _ = check(text, "--target-year", "2025", "--reference", str(REFERENCE))
    assert code == 1
    assert out == ["rules.toml:1: error: mapping.deprecated: rule 'is-revenue': us-gaap:SalesRevenueNet is deprecated "
                   "since 2018-01-31 (SEC EDGAR deprecated-concepts list); target year 2025"]


def test_concept_deprecated_in_the_package_names_its_replacement(check):
    text = """\
[[rule]]
id = "bs-accrued-taxes"
statement = "balance"
label = 'accrued\\s+income\\s+taxes'
concept = "us-gaap:AccruedIncomeTaxesPayable"
unit = "monetary"
"""
    code, out, _ = check(text)
    assert code == 1
    assert len(out) == 1 and out[0].startswith(
        "rules.toml:1: error: mapping.deprecated: rule 'bs-accrued-taxes': us-gaap:AccruedIncomeTaxesPayable is "
        "deprecated since 20")
    assert out[0].endswith("(the us-gaap 2011-01-31 taxonomy); target year 2011; use us-gaap:AccruedIncomeTaxesCurrent")


def test_missing_reference_data_is_unusable_input(check, tmp_path):
    code, out, err = check(REVENUE, "--target-year", "2025", "--reference", str(tmp_path / "nowhere"))
    assert code == 2 and out == []
    assert "nowhere/us-gaap-deprecated-concepts.json" in err
    assert "--reference DIR" in err and "IXCONV_REFERENCE=DIR" in err


def test_bad_regex(check):
    code, out, err = check(REVENUE.replace("'revenues?'", "'(revenues?'"))
    assert code == 1
    assert out == ["rules.toml:1: error: mapping.badRegex: rule 'is-revenue': label is not a valid regular expression: "
                   "missing ), unterminated subpattern at position 0"]
    assert "taxonomy checks run" in err


def test_class_of_whitespace_is_a_valid_label(check):
    # regression: the whitespace-free fallback pattern turned '[\s]' into '[]' and the loader refused the rule
    assert check(REVENUE.replace("'revenues?'", r"'total[\s]+revenues?'"))[:2] == (0, [])


def test_duplicate_rule_id(check):
    code, out, _ = check(REVENUE + "\n" + REVENUE.replace("revenues?", "net\\s+sales"))
    assert code == 1
    assert out == ["rules.toml:9: error: mapping.duplicateId: rule id 'is-revenue' is used twice (first at rules.toml:1)"]


def test_extension_named_like_a_us_gaap_concept(check):
    text = """\
[[rule]]
id = "ng-revenues"
statement = "nongaap"
label = 'adjusted\\s+revenues?'
concept = "co:Revenues"
unit = "monetary"

[[extension]]
name = "Revenues"
type = "monetary"
period = "duration"
balance = "credit"

[[rule]]
id = "ng-sales"
statement = "nongaap"
label = 'adjusted\\s+sales'
concept = "co:SalesRevenuesNet"
unit = "monetary"

[[extension]]
name = "SalesRevenuesNet"
type = "monetary"
period = "duration"
balance = "credit"
"""
    code, out, _ = check(text)
    assert code == 1
    assert out == [
        "rules.toml:1: error: mapping.extensionShadowsStandard: rule 'ng-revenues': extension concept 'Revenues' "
        "reuses the standard name us-gaap:Revenues; map to us-gaap:Revenues or name the extension for what differs",
        "rules.toml:8: error: mapping.extensionShadowsStandard: extension 'Revenues': extension concept 'Revenues' "
        "reuses the standard name us-gaap:Revenues; map to us-gaap:Revenues or name the extension for what differs",
        "rules.toml:21: warning: mapping.extensionLooksStandard: extension 'SalesRevenuesNet' looks like the standard "
        "us-gaap:SalesRevenueNet; use it if it means the same",
    ]


def test_a_sound_extension_is_clean(check):
    text = """\
[[rule]]
id = "ng-adjusted-ebitda"
statement = "nongaap"
label = 'adjusted\\s+ebitda'
concept = "co:AdjustedEbitda"
unit = "monetary"
balance = "credit"

[[extension]]
name = "AdjustedEbitda"
type = "monetary"
period = "duration"
balance = "credit"
label = "Adjusted EBITDA"
"""
    assert check(text)[:2] == (0, [])
    code, out, _ = check(text.replace('concept = "co:AdjustedEbitda"', 'concept = "us-gaap:Revenues"'))
    assert out == ["rules.toml:9: warning: mapping.unusedExtension: extension 'AdjustedEbitda' is the concept of no rule"]


def test_extension_concept_must_be_defined(check):
    code, out, _ = check(REVENUE.replace("us-gaap:Revenues", "co:AdjustedRevenue").replace('balance = "credit"\n', ""))
    assert code == 1
    assert out == ["rules.toml:1: error: mapping.unknownConcept: rule 'is-revenue': co:AdjustedRevenue is not a "
                   "taxonomy concept and no [[extension]] defines 'AdjustedRevenue'"]


CALCULATION = REVENUE + """
[[rule]]
id = "is-costs"
statement = "income"
label = 'total\\s+costs\\s+and\\s+expenses'
concept = "us-gaap:CostsAndExpenses"
unit = "monetary"

[[rule]]
id = "is-operating-income"
statement = "income"
label = 'operating\\s+income'
concept = "us-gaap:OperatingIncomeLoss"
unit = "monetary"

[[calculation]]
id = "is-operating-income"
statement = "income"
total = "us-gaap:OperatingIncomeLoss"
parts = ["us-gaap:Revenues", "-us-gaap:CostsAndExpenses"]
"""


def test_calculation_weight_against_balances(check):
    assert check(CALCULATION)[:2] == (0, [])
    code, out, _ = check(CALCULATION.replace('"-us-gaap:CostsAndExpenses"', '"us-gaap:CostsAndExpenses"'))
    assert code == 0  # a warning
    assert out == ["rules.toml:23: warning: mapping.calcWeight: calculation 'is-operating-income': "
                   "us-gaap:CostsAndExpenses (debit) has weight +1 in us-gaap:OperatingIncomeLoss (credit); "
                   "opposite balances take weight -1 (write \"-us-gaap:CostsAndExpenses\")"]
    assert check(CALCULATION.replace('"-us-gaap:CostsAndExpenses"', '"us-gaap:CostsAndExpenses"'), "--strict")[0] == 1


def test_calculation_concepts_are_mapped(check):
    code, out, _ = check(CALCULATION.replace("us-gaap:CostsAndExpenses\"]", "us-gaap:OperatingExpenses\"]"))
    assert code == 1
    assert out == ["rules.toml:23: error: mapping.calcUnmapped: calculation 'is-operating-income': no rule of the "
                   "income statement maps us-gaap:OperatingExpenses"]


@needs_reference
def test_custom_axis_where_a_standard_one_exists(check):
    text = REVENUE + 'dims = { "co:GeographicAreaAxis" = "co:EuropeMember" }\n'
    code, out, _ = check(text, "--reference", str(REFERENCE))
    assert code == 0
    assert out == ["rules.toml:1: warning: mapping.customAxis: rule 'is-revenue': custom axis co:GeographicAreaAxis: "
                   "use the standard axis srt:StatementGeographicalAxis (us-gaap:StatementGeographicalAxis in "
                   "us-gaap 2011-01-31)"]


def test_misspelt_key(check):
    code, out, _ = check(REVENUE + "sectoin = 'per\\s+share'\n")
    assert code == 0
    assert out == ["rules.toml:1: warning: mapping.unknownKey: rule 'is-revenue': 'sectoin' is not a key of [[rule]]; "
                   "did you mean 'section'?"]


def test_value_outside_the_vocabulary(check):
    code, out, _ = check(REVENUE.replace('"monetary"', '"money"'))
    assert code == 1
    assert out == ["rules.toml:1: error: mapping.badValue: rule 'is-revenue': unit = \"money\" is not one of "
                   "monetary, perShare, shares, pure, percent, count"]


def test_json_and_github_formats(check):
    text = REVENUE.replace("us-gaap:Revenues", "us-gaap:Revenuez")
    code, out, _ = check(text, "--format", "json")
    assert code == 1
    assert json.loads("\n".join(out)) == [{
        "file": "rules.toml", "line": 1, "level": "error", "code": "mapping.unknownConcept",
        "message": "rule 'is-revenue': us-gaap:Revenuez is not in the taxonomy (us-gaap 2011-01-31); "
                   "did you mean us-gaap:Revenues?",
    }]
    code, out, _ = check(text, "--format", "github")
    assert out == ["::error file=rules.toml,line=1,title=mapping.unknownConcept::rule 'is-revenue': us-gaap:Revenuez "
                   "is not in the taxonomy (us-gaap 2011-01-31); did you mean us-gaap:Revenues?"]


def test_the_project_rules_are_clean(taxonomy, capsys, monkeypatch):
    monkeypatch.chdir(PROJECT)
    code = main(["check-mappings", "taxonomy/", "--taxonomy", str(taxonomy), "--strict"])
    out, err = capsys.readouterr()
    assert (code, out) == (0, ""), out
    assert "clean" in err


def test_missing_taxonomy_is_exit_2(check, tmp_path):
    code, out, err = check(REVENUE, "--taxonomy", str(tmp_path / "missing.zip"))  # the last --taxonomy wins
    assert code == 2 and out == []
    assert err.startswith(f"ixconv check-mappings: error: taxonomy package not found: {tmp_path / 'missing.zip'}")


def test_invalid_toml_is_exit_2(check, capsys):
    code, out, err = check(REVENUE + "[[rule]\n")
    assert code == 2 and out == []
    assert err.startswith("ixconv check-mappings: error: rules.toml: not valid TOML:")


def test_rules_written_as_an_inline_array_are_refused(check):
    # regression: the loader used to skip entries it could not give a line to, without a word
    code, out, err = check('rule = [{ id = "a", statement = "income", label = "x", concept = "us-gaap:Revenues", '
                           'unit = "monetary" }]\n')
    assert code == 2
    assert "rules.toml: write each rule as its own [[rule]] table" in err


def test_every_code_is_documented():
    codes = set(re.findall(r'"(mapping\.\w+)"', inspect.getsource(lint)))
    readme = (PROJECT / "taxonomy" / "README.md").read_text(encoding="utf-8")
    assert codes and codes == set(re.findall(r"`(mapping\.\w+)`", readme))


def test_every_check_states_its_rule():
    for check_function in (*lint.ENTRY_CHECKS, *lint.TAXONOMY_CHECKS):
        assert len(inspect.getdoc(check_function) or "") > 40, check_function.__name__


def test_check_mappings_does_not_import_arelle():
    code = ("import sys; from converter.commands import check_mappings; "
            "print(any(m.partition('.')[0] == 'arelle' for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_environment_names_the_command_spells_out_are_the_checks():
    """check_mappings names two environment variables without importing their modules (a cached answer
    imports neither): the names must be theirs."""
    from converter.commands import check_mappings
    from converter.mapping import lint
    from converter.taxonomy import package

    assert check_mappings.REFERENCE_ENV == lint.REFERENCE_ENV
    assert check_mappings.TAXONOMY_ENV == package.TAXONOMY_ENV


def test_an_unchanged_check_is_answered_from_the_cache_and_a_change_runs_it(taxonomy, tmp_path, monkeypatch,
                                                                                capsys):
    """The second run of the same check prints the first one's report and exit status without running the
    checks; a changed rule file (or option) runs them again."""
    from converter.commands import check_mappings
    from converter.mapping import lint

    monkeypatch.setenv("IXCONV_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("IXCONV_NO_RESULT_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    rules = tmp_path / "rules.toml"
    rules.write_text(REVENUE, encoding="utf-8")
    runs = []
    real = lint.lint

    def counted(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(lint, "lint", counted)

    def check(*options):
        code = main(["check-mappings", "rules.toml", "--taxonomy", str(taxonomy), *options])
        out, err = capsys.readouterr()
        return code, out, err

    first = check()
    assert check() == first and len(runs) == 1  # from the cache
    assert check("--format", "json") != first and len(runs) == 2  # another option: run
    rules.write_text(rules.read_text(encoding="utf-8").replace("us-gaap:Revenues", "us-gaap:NoSuchConcept"),
                     encoding="utf-8")
    changed = check()
    assert first[0] == 0 and len(runs) == 3 and changed[0] == 1 and "NoSuchConcept" in changed[1]
    assert check() == changed and len(runs) == 3
    monkeypatch.setenv("IXCONV_NO_RESULT_CACHE", "1")
    assert check() == changed and len(runs) == 4
    assert len(list((tmp_path / "cache" / "check-mappings").glob("*.json"))) == 3
    assert check_mappings.NO_CACHE_ENV == "IXCONV_NO_RESULT_CACHE"
