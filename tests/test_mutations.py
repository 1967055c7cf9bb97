"""Hostile and broken input: no crash, no hang, no lie.

A corpus of mutants of the reference release (``converter.tools.mutations``) is converted in-process without
Arelle; every conversion must end in a clean conversion or a refusal that names the input, within a
time limit, and every fact of a clean conversion must be printed in the mutated source at the line and
column its report entry gives. Known converter bugs found this way each have a strict xfail regression
test below (and are kept out of the corpus assertion that they would fail, until fixed).
"""
from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import PROJECT, SEED

from converter.tools import mutations
from converter.tools.mutations import (
    Hang,
    decode_source,
    generate_corpus,
    run_corpus,
    run_mutant,
    time_limit,
    unsupported_facts,
)

PROFILE = SEED.with_name(SEED.stem + ".profile.toml")
CI_MUTANTS = 60
TIME_LIMIT = 20.0

# Characters that trigger the known bugs below; a mutant holding one is checked for crashes and hangs only.
LINE_SEPARATORS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # str.splitlines() breaks lines there, editors do not
XML_ILLEGAL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")


def known_bug(outcome, source: str) -> str:
    if any(ch in source for ch in LINE_SEPARATORS):
        return "line numbers after a form feed or Unicode line separator (test_a_form_feed_...)"
    if any(ch in source for ch in XML_ILLEGAL):
        return "control characters reach the XML (test_control_characters_...)"
    if outcome.kind == "tabs-to-spaces":
        return "cover facts' provenance in space-aligned text (test_cover_facts_in_space_aligned_text_...)"
    return ""


# --------------------------------------------------------------------------- the corpus


def test_the_corpus_is_deterministic_and_every_mutant_differs_from_the_seed():
    seed = SEED.read_bytes()
    first = generate_corpus(seed, CI_MUTANTS, rng_seed=0)
    again = generate_corpus(seed, CI_MUTANTS, rng_seed=0)
    other = generate_corpus(seed, CI_MUTANTS, rng_seed=1)
    assert [(m.name, m.data) for m in first] == [(m.name, m.data) for m in again]
    assert [m.data for m in first] != [m.data for m in other]
    assert len(first) == CI_MUTANTS and len({m.name for m in first}) == CI_MUTANTS
    assert all(m.data != seed for m in first)


def test_the_corpus_holds_every_kind_of_damage():
    kinds = {m.kind for m in generate_corpus(SEED.read_bytes(), CI_MUTANTS)}
    assert set(mutations.RANDOM_KINDS) <= kinds
    assert {"empty", "binary", "utf-16", "only-tabs", "huge-line", "huge-cells", "nul-late"} <= kinds


@pytest.fixture(scope="module")
def corpus_result(tmp_path_factory, taxonomy):
    mutants = generate_corpus(SEED.read_bytes(), CI_MUTANTS, rng_seed=0)
    started = time.perf_counter()
    result = run_corpus(mutants, tmp_path_factory.mktemp("mutants"), taxonomy=taxonomy, profile=PROFILE,
                        seconds=TIME_LIMIT)
    return result, time.perf_counter() - started


def _describe(outcomes) -> str:
    return "\n".join(f"{o.name} [{o.status}] {o.description[:80]}: {o.message[:200]} {list(o.unsupported[:3])} "
                     f"{o.output_problem[:120]}" for o in outcomes)


def test_no_mutant_crashes_or_hangs(corpus_result):
    result, seconds = corpus_result
    counts = result.counts()
    assert counts["inputs"] == CI_MUTANTS
    bad = [o for o in result.outcomes if o.status in ("crash", "hang")]
    assert not bad, _describe(bad)
    assert counts["clean"] + counts["refused"] + counts["unclear_refusals"] == CI_MUTANTS
    assert seconds < 60, f"the corpus took {seconds:.1f} s"


def test_every_refusal_names_the_input(corpus_result):
    result, _seconds = corpus_result
    unclear = [o for o in result.outcomes if o.status == "refused" and not o.names_input]
    assert not unclear, _describe(unclear)
    # inputs that are not releases are refused, never converted into something
    by_kind = {o.kind: o for o in result.outcomes}
    for kind in ("empty", "binary", "only-tabs"):
        assert by_kind[kind].status == "refused", _describe([by_kind[kind]])


def test_no_fact_is_unsupported_by_the_source(corpus_result):
    result, _seconds = corpus_result
    checked, facts, bad = 0, 0, []
    for o in result.outcomes:
        if o.status != "clean":
            continue
        reason = known_bug(o, decode_source(Path(o.path).read_bytes()))
        if reason:
            if o.kind == "tabs-to-spaces":  # only the cover's dei facts are misplaced there
                assert all(" dei:" in u for u in o.unsupported), o.unsupported
            continue
        checked += 1
        facts += o.facts
        if o.unsupported or o.output_problem:
            bad.append(o)
    assert not bad, _describe(bad)
    assert checked >= CI_MUTANTS // 2, f"only {checked} clean conversions were checked"
    assert facts > 100 * checked  # the checks had facts to check


# --------------------------------------------------------------------------- the checker is not vacuous


@pytest.fixture(scope="module")
def seed_report(taxonomy):
    from converter.export.report import build_report
    from converter.pipeline import build_filing, render

    filing, index = build_filing(SEED, taxonomy=taxonomy, profile=PROFILE)
    rendered = render(filing, index)
    report = build_report(filing, None, rendered.document_name, rendered.layout)
    scales = {entry.id: fact.scale for entry, fact in _pairs(filing, rendered.layout, report)}
    return report, scales, filing.document.path


def _pairs(filing, layout, report):
    by_id = {layout.elements[f.id]: f for f in filing.facts}
    return [(entry, by_id[entry.id]) for entry in report.facts]


def test_the_seed_has_no_unsupported_fact(seed_report, taxonomy):
    report, scales, release = seed_report
    assert unsupported_facts(report, scales, SEED.read_bytes(), release) == []
    outcome = run_mutant(SEED, taxonomy=taxonomy, profile=PROFILE)
    assert outcome.status == "clean" and outcome.facts > 100 and outcome.ok, outcome


def _revenue(report):
    return next(e for e in report.facts if e.printed == "$ 45,192")


def _changed(report, fact_id: str, **changes):
    """``report`` with the fact ``fact_id`` changed (a report is frozen: a new one)."""
    return dataclasses.replace(report, facts=tuple(dataclasses.replace(f, **changes) if f.id == fact_id else f
                                                   for f in report.facts))


def test_a_number_changed_in_the_source_is_caught(seed_report):
    report, scales, release = seed_report
    source = SEED.read_bytes().replace(b"45,192", b"45,193")
    problems = unsupported_facts(report, scales, source, release)
    assert any(_revenue(report).id in p for p in problems), problems


def test_a_line_inserted_above_is_caught(seed_report):
    report, scales, release = seed_report
    problems = unsupported_facts(report, scales, b"one more line\n" + SEED.read_bytes(), release)
    assert len(problems) > 100


def test_a_number_cut_short_or_a_wrong_value_is_caught(seed_report):
    report, scales, release = seed_report
    entry = _revenue(report)
    short = _changed(report, entry.id, printed="$ 45")  # the source goes on: "$ 45,192"
    assert any("goes on" in p for p in unsupported_facts(short, scales, SEED.read_bytes(), release))
    unscaled = _changed(report, entry.id, value=Decimal("45192"))  # not scaled by the table's thousands
    assert any("not the printed number" in p for p in unsupported_facts(unscaled, scales, SEED.read_bytes(), release))


def test_a_hang_is_reported_as_a_hang(monkeypatch, tmp_path, taxonomy):
    import converter.pipeline

    def forever(*_args, **_kwargs):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(converter.pipeline, "build_filing", forever)
    started = time.perf_counter()
    outcome = run_mutant(SEED, taxonomy=taxonomy, profile=PROFILE, seconds=0.3)
    assert outcome.status == "hang" and time.perf_counter() - started < 5


def test_a_hang_inside_a_regular_expression_is_interrupted():
    pattern = re.compile(r"^(a+)+$")
    started = time.perf_counter()
    with pytest.raises(Hang):
        with time_limit(0.3):
            pattern.match("a" * 40 + "b")
    assert time.perf_counter() - started < 5


def test_an_unexpected_exception_is_a_crash_and_a_user_error_is_a_refusal(monkeypatch, taxonomy):
    import converter.pipeline

    def broken(*_args, **_kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(converter.pipeline, "build_filing", broken)
    outcome = run_mutant(SEED, taxonomy=taxonomy, profile=PROFILE)
    assert outcome.status == "crash" and "KeyError" in outcome.message

    def refuse(release, **_kwargs):
        raise converter.pipeline.ConversionError("no statement here")

    monkeypatch.setattr(converter.pipeline, "build_filing", refuse)
    outcome = run_mutant(SEED, taxonomy=taxonomy, profile=PROFILE)
    assert outcome.status == "refused" and not outcome.names_input and not outcome.ok


# --------------------------------------------------------------------------- ixconv mutate


def ixconv(*args, monkeypatch, capsys):
    from converter import cli

    if "mutate" not in cli.VERBS:
        monkeypatch.setattr(cli, "VERBS", cli.VERBS + ("mutate",))
    code = cli.main(list(args))
    return code, capsys.readouterr()


def test_the_mutate_verb_counts_in_json(tmp_path, taxonomy, monkeypatch, capsys):
    out = tmp_path / "mutants"
    code, captured = ixconv("mutate", "--count", "16", "--out", str(out), "--format", "json", "--taxonomy", str(taxonomy),
                            monkeypatch=monkeypatch, capsys=capsys)
    data = json.loads(captured.out)
    counts = data["counts"]
    assert counts["inputs"] == 16 == len(data["outcomes"]) == len(list(out.glob("*.txt")))
    assert counts["crashes"] == counts["hangs"] == 0
    assert counts["clean"] + counts["refused"] + counts["unclear_refusals"] == 16
    assert code == (0 if all(o["status"] in ("clean", "refused") and not o["unsupported"] and not o["output_problem"]
                             for o in data["outcomes"]) else 1)
    assert {"clean", "refused", "crashes", "hangs", "unsupported_facts"} <= set(counts)


def test_the_mutate_verb_prints_the_counts(tmp_path, taxonomy, monkeypatch, capsys):
    _code, captured = ixconv("mutate", "--count", "8", "--taxonomy", str(taxonomy), monkeypatch=monkeypatch, capsys=capsys)
    for words in ("inputs:", "clean conversions:", "clear refusals:", "crashes:", "hangs:", "unsupported facts:"):
        assert words in captured.out
    assert re.search(r"inputs:\s+8\b", captured.out)


@pytest.mark.parametrize("args, needles", [
    (["--count", "0"], ["--count", "at least 1"]),
    (["--seed-file", "nowhere.txt"], ["nowhere.txt", "--seed-file"]),
    (["--time-limit", "0"], ["--time-limit"]),
])
def test_the_mutate_verb_refuses_unusable_options_in_one_line(args, needles, monkeypatch, capsys, taxonomy):
    code, captured = ixconv("mutate", *args, "--taxonomy", str(taxonomy), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and all(n in lines[0] for n in needles), captured.err


# --------------------------------------------------------------------------- error messages
# Every message names the input, what was wrong, where, and what to do next (a hint in the imperative).
# tests/test_cli_errors.py covers: missing taxonomy, empty/missing/binary release, no statements, no profile.

NEXT_STEP = re.compile(r"\b(?:give|check|use|set|save|choose|remove|fix|pass|add|rename|correct|write)\b"
                       r"|\blike\s+\S*\d", re.IGNORECASE)  # an imperative, or an example of the form wanted


def convert_error(*args):
    result = subprocess.run([sys.executable, "-m", "converter.cli", "convert", *args], capture_output=True, text=True,
                            cwd=PROJECT, timeout=120)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.returncode == 2 and "Traceback" not in result.stderr and len(lines) == 1, result
    return lines[0]


def assert_helpful(message: str, names: str, *what: str):
    assert names in message, f"does not name {names}: {message}"
    for word in what:
        assert word.lower() in message.lower(), f"does not say {word!r}: {message}"
    advice = re.sub(r"\S*/\S*", "", message.split(": error: ", 1)[-1])  # neither the verb nor a path counts
    assert NEXT_STEP.search(advice), f"does not say what to do next: {message}"


def release_copy(tmp_path: Path, data: bytes | None = None, name: str = "release.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(SEED.read_bytes() if data is None else data)
    return path


def test_a_release_without_a_date_asks_for_the_report_date(tmp_path, taxonomy):
    release = release_copy(tmp_path, b"Acme reports results\n\nRevenue\t1\t2\nCosts\t3\t4\n", "undated.txt")
    message = convert_error(str(release), "--out", str(tmp_path / "o"), "--taxonomy", str(taxonomy), "--profile", str(PROFILE))
    assert_helpful(message, "undated.txt", "no report date", "--report-date")
    assert not (tmp_path / "o").exists()


def test_a_report_date_that_is_not_a_date(tmp_path, taxonomy):
    message = convert_error(str(SEED), "--out", str(tmp_path / "o"), "--taxonomy", str(taxonomy), "--report-date", "2013-13-01")
    assert_helpful(message, "--report-date", "2013-13-01", "not a date")


def test_a_release_that_is_a_folder(tmp_path, taxonomy):
    folder = tmp_path / "release.txt"
    folder.mkdir()
    message = convert_error(str(folder), "--out", str(tmp_path / "o"), "--taxonomy", str(taxonomy), "--profile", str(PROFILE))
    assert_helpful(message, "release.txt", "not a file")


def test_an_output_folder_that_is_a_file(tmp_path, taxonomy):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    message = convert_error(str(SEED), "--out", str(blocker), "--taxonomy", str(taxonomy), "--no-validate")
    assert_helpful(message, str(blocker), "file")
    assert blocker.read_text() == "not a folder"


def test_a_profile_that_is_not_toml_says_where(tmp_path, taxonomy):
    profile = tmp_path / "acme.profile.toml"
    profile.write_text("[company\nname = Acme\n")
    message = convert_error(str(SEED), "--out", str(tmp_path / "o"), "--taxonomy", str(taxonomy), "--profile", str(profile))
    assert "acme.profile.toml" in message and "line 1" in message


def test_a_utf16_release_is_not_called_binary(tmp_path, taxonomy):
    release = release_copy(tmp_path, SEED.read_text(encoding="utf-8").encode("utf-16"), "wide.txt")
    result = subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(release), "--out", str(tmp_path / "o"),
                             "--taxonomy", str(taxonomy), "--profile", str(PROFILE), "--no-validate"],
                            capture_output=True, text=True, cwd=PROJECT, timeout=120)
    if result.returncode == 2:
        assert "binary" not in result.stderr and "UTF-16" in result.stderr, result.stderr
    else:
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("field, value", [("cik", "abc"), ("prefix", "9x")])
def test_a_bad_value_in_the_profile_names_the_profile(tmp_path, taxonomy, field, value):
    values = {"name": "Acme", "cik": "123", "prefix": "acme", field: value}
    profile = tmp_path / "acme.profile.toml"
    profile.write_text("[company]\n" + "".join(f'{k} = "{v}"\n' for k, v in values.items()))
    message = convert_error(str(SEED), "--out", str(tmp_path / "o"), "--taxonomy", str(taxonomy), "--profile", str(profile))
    assert_helpful(message, "acme.profile.toml", value)


@pytest.mark.parametrize("content", [None, "[company\n"])
def test_a_missing_or_unreadable_profile_says_what_to_do(tmp_path, taxonomy, content):
    profile = tmp_path / "acme.profile.toml"
    if content is not None:
        profile.write_text(content)
    message = convert_error(str(SEED), "--out", str(tmp_path / "o"), "--taxonomy", str(taxonomy), "--profile", str(profile))
    assert_helpful(message, "acme.profile.toml", "profile")


@pytest.mark.xfail(strict=True, reason="bug (converter/ingest/__init__.py read_document): the size-limit and "
                                       "whitespace-only refusals say nothing of what to do next")
@pytest.mark.parametrize("kind", ["huge", "whitespace"])
def test_a_release_too_big_or_blank_says_what_to_do(tmp_path, taxonomy, kind):
    release = tmp_path / f"{kind}.txt"
    if kind == "huge":
        with open(release, "wb") as handle:
            handle.truncate(21 * 1024 * 1024)  # sparse: quick to make
    else:
        release.write_text("\t\t\t\n   \n\t\n")
    message = convert_error(str(release), "--out", str(tmp_path / "o"), "--taxonomy", str(taxonomy), "--profile", str(PROFILE))
    assert_helpful(message, release.name)


# --------------------------------------------------------------------------- known bugs, one regression test each


def _convert(release: Path, taxonomy: Path):
    from converter.pipeline import build_filing, render

    filing, index = build_filing(release, taxonomy=taxonomy, profile=PROFILE)
    return filing, render(filing, index)


@pytest.mark.parametrize("separator", ["\x0c", "\u2028", "\x1c"])
def test_a_form_feed_or_unicode_line_separator_keeps_line_numbers(tmp_path, taxonomy, separator):
    text = SEED.read_text(encoding="utf-8").replace("Investor contact:", f"Investor{separator} contact:", 1)
    release = release_copy(tmp_path, text.encode("utf-8"))
    outcome = run_mutant(release, taxonomy=taxonomy, profile=PROFILE)
    assert outcome.status == "clean" and not outcome.unsupported, outcome.unsupported[:3]


@pytest.mark.parametrize("garbage", ["\x07", "\x1b", "\x00"])
def test_control_characters_never_reach_the_xml(tmp_path, taxonomy, garbage):
    text = SEED.read_text(encoding="utf-8") + "\n" + " " * 70_000 + f"\nEnd of{garbage} release\n"  # NUL past 64 KiB
    release = release_copy(tmp_path, text.encode("utf-8"))
    outcome = run_mutant(release, taxonomy=taxonomy, profile=PROFILE)
    assert outcome.status == "refused" or not outcome.output_problem, outcome.output_problem


@pytest.mark.parametrize("width", [1, 2])
def test_cover_facts_in_space_aligned_text_are_where_the_report_says(tmp_path, taxonomy, width):
    """Regression: the cover's dei address facts in space-aligned text (tabs turned into runs of spaces),
    read back from the rendered iXBRL, are the printed values: 10018, not '8' or '0018'. The report's
    check (each fact where the report says) passed while the iXBRL showed '0018': the line's text had its
    runs of spaces collapsed and render cut it at the source columns; it now tags the figure where the
    text holds it."""
    from ixread import read_facts

    text = SEED.read_text(encoding="utf-8").replace("\t", " " * width)
    release = release_copy(tmp_path, text.encode("utf-8"))
    outcome = run_mutant(release, taxonomy=taxonomy, profile=PROFILE)
    assert outcome.status == "clean" and not outcome.unsupported, outcome.unsupported[:3]
    _filing, rendered = _convert(release, taxonomy)
    document = tmp_path / rendered.document_name
    document.write_bytes(rendered.files[rendered.document_name])
    address = {f.concept: f.value for f in read_facts(document) if f.concept.startswith("dei:EntityAddress")}
    assert address.get("dei:EntityAddressPostalZipCode") == "10018", address
    lines = text.splitlines()
    for concept, value in address.items():  # each one printed whole on one line of the release
        assert any(str(value) in line for line in lines), (concept, value)
