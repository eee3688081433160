"""The glossary is the only place a figure's words are written, and the app, CLI and workbook
read them from it."""

from __future__ import annotations

import ast
from pathlib import Path

from bcprimary import glossary
from bcprimary.glossary import GLOSSARY, label

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("bcprimary", "ui", "solver")

#: Labels this short ("PCN", "Code", "Name", "WTE", "FTE", "CBC", "Plan", "None") are generic
#: words that legitimately appear as literals (column names, argparse choices, dictionary
#: keys); every longer label and every definition must be written only in the glossary.
GENERIC_LENGTH = 4
#: Labels that are also the names of other things: workbook sheets ("Practices", "Places")
#: and a published file's column ("Postcode"), which must keep their own spelling.
OTHER_NAMES = frozenset({"Practices", "Places", "Postcode"})


def test_every_term_has_words_and_codes_and_labels_are_unique():
    codes = [t.code for t in glossary._TERMS]
    assert len(codes) == len(set(codes))
    for code, term in GLOSSARY.items():
        assert term.code == code
        assert term.label.strip(), code
        assert term.definition.strip(), code
    labels = [t.label for t in GLOSSARY.values()]
    assert sorted(x for x in labels if labels.count(x) > 1) == []
    assert all(alias not in GLOSSARY for alias in glossary.ALIASES)
    assert all(target in GLOSSARY for target in glossary.ALIASES.values())


def test_choices_list_the_options_of_a_setting():
    assert glossary.choices("budget_mode") == {
        "pooled": label("budget_mode.pooled"),
        "entitlement": label("budget_mode.entitlement"),
    }
    assert list(glossary.choices("need_uplift")) == ["none", "quintile", "score"]
    assert glossary.header("gap_after") == "Access gap after (appointments)"
    assert glossary.term("no_such_column").label == "No such column"


def _string_constants(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_label_or_definition_is_written_outside_the_glossary():
    words = {}
    for term in GLOSSARY.values():
        if len(term.label) > GENERIC_LENGTH and term.label not in OTHER_NAMES:
            words.setdefault(term.label, term.code)
        words.setdefault(term.definition, term.code)
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "bcprimary" / "glossary.py":
                continue
            for line, text in _string_constants(path):
                if text in words:
                    where = path.relative_to(ROOT)
                    found.append(f"{where}:{line}: {text!r} (glossary {words[text]!r})")
    assert not found, "Take these words from bcprimary.glossary:\n" + "\n".join(found)


# --- the consumers take their words from the glossary ------------------------------------------


def test_app_table_headers_and_tooltips_are_the_glossary_words():
    import pandas as pd

    from ui.analysis_gateway import column_info

    frame = pd.DataFrame({"access_gap": [1.0], "uda_delivered_share": [0.5], "odd_one": ["x"]})
    info = column_info(frame)
    assert info.labels["access_gap"] == label("access_gap")
    assert info.definitions["access_gap"] == glossary.definition("access_gap")
    # Another column name of the same figure gets the same words.
    assert info.labels["uda_delivered_share"] == label("uda_delivery_share")
    assert info.labels["odd_one"] == "Odd one"


def test_a_workbook_header_comment_is_the_glossary_definition():
    from openpyxl import Workbook

    from bcprimary.exporting.tables import Column, write_header

    sheet = Workbook().active
    write_header(sheet, 1, [Column("gap_after", "count"), Column("cost_gbp", "gbp")])
    assert sheet["A1"].value == label("gap_after")
    assert sheet["A1"].comment.text == glossary.definition("gap_after")
    assert sheet["B1"].comment.text == glossary.definition("cost_gbp")


def test_the_command_line_names_the_budget_rule_as_the_app_does():
    from bcprimary.cli.main import build_parser

    parser = build_parser()
    plan = parser._subparsers._group_actions[0].choices["plan"]
    help_text = " ".join(plan.format_help().split())
    assert label("budget_mode.pooled") in help_text
    assert label("budget_mode.entitlement") in help_text
