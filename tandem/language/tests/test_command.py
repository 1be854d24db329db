"""`language_advice`: text on standard input, one JSON line out."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(text: str, *args: str) -> str:
    out = io.StringIO()
    call_command("language_advice", *args, stdin=io.StringIO(text), stdout=out)
    return out.getvalue()


def test_prints_one_json_line_of_findings() -> None:
    output = run("She absconded and is putting herself at risk.")
    assert output.count("\n") == 1
    findings = json.loads(output)["findings"]
    assert [(f["phrase"], f["start"], f["end"], f["category"], f["source"]) for f in findings] == [
        ("absconded", 4, 13, "missing", "T11"),
        ("putting herself at risk", 21, 44, "self-blame", "T12"),
    ]
    assert findings[0]["suggestion"] == "Consider ‘went missing’ or ‘was missing from care’."
    assert set(findings[0]) == {
        "phrase",
        "start",
        "end",
        "category",
        "suggestion",
        "source",
        "explanation",
        "entry",
        "category_label",
        "source_title",
        "source_url",
    }


def test_age_changes_the_advice() -> None:
    under_13 = json.loads(run("She is sexually active.", "--age", "12"))["findings"]
    adult = json.loads(run("She is sexually active.", "--age", "19"))["findings"]
    assert [f["suggestion"] for f in under_13] == ["Consider ‘has been raped’ or ‘has been sexually abused’."]
    assert adult == []


def test_nothing_to_advise_on_prints_an_empty_list() -> None:
    assert run("The risk assessment was reviewed.") == '{"findings": []}\n'


@pytest.mark.parametrize("age", ["-1", "26"])
def test_age_out_of_range_is_refused(age: str) -> None:
    with pytest.raises(CommandError, match="--age must be a whole number of years from 0 to 25"):
        run("text", "--age", age)
