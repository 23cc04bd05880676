"""The layering rules the code keeps, measured by tools/structure_report.py: no import
circles (function-local imports included), nothing in the domain (news/) imports ingest,
pipeline or web, and verdict names are written only in the domain's enum module."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _report() -> dict:
    spec = importlib.util.spec_from_file_location(
        "structure_report", ROOT / "tools" / "structure_report.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.report(ROOT)


REPORT = _report()


def test_no_two_modules_import_each_other():
    assert REPORT["circles"] == []


def test_the_domain_imports_nothing_above_it():
    assert REPORT["upward"] == []


def test_verdict_names_are_written_only_in_the_enum_module():
    assert set(REPORT["verdict_literals"]) <= {"newscompare.news.verdicts"}
