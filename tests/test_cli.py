"""The `newsmon` command, driven as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from worker.cli import main

NEWSMON = Path(sys.executable).with_name("newsmon")

COMMANDS = [
    [],
    ["run"],
    ["extract"],
    ["replay"],
    ["db"],
    ["db", "upgrade"],
    ["feeds"],
    ["feeds", "list"],
    ["feeds", "add"],
    ["alerts"],
    ["alerts", "list"],
    ["alerts", "test"],
    ["events"],
    ["events", "list"],
    ["events", "show"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "newsmon")
def test_every_command_has_help(args):
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def run_newsmon(args, tmp_path, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    environ.update({"NEWSMON_DATABASE_URL": f"sqlite:///{tmp_path / 'newsmon.db'}", **env})
    return subprocess.run(
        [str(NEWSMON), *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=600, check=False
    )


def test_the_readme_command_prints_a_rise_alert_and_never_the_same_alert_twice(tmp_path):
    first = run_newsmon(["run", "--once"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert "ALERT killed rose 77 -> 120:" in first.stdout
    assert "https://wire.example.org/2026/10/17/hasakeh-prison-toll-rises" in first.stdout
    second = run_newsmon(["run", "--once"], tmp_path)
    assert second.returncode == 0, second.stderr
    assert "ALERT" not in second.stdout


def test_a_bad_setting_stops_the_command_with_a_message_naming_it(tmp_path):
    result = run_newsmon(["feeds", "list"], tmp_path, NEWSMON_POLL_MAX_INTERVAL="forever")
    assert result.returncode != 0
    assert "NEWSMON_POLL_MAX_INTERVAL" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_writes_one_object_per_line_in_order_and_an_error_object_for_a_bad_line(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "a",
                "title": "Bus crash kills 14",
                "text": "Fourteen people were killed when a bus fell into a river.",
            }
        )
        + "\n{not json\n"
        + json.dumps({"id": "b", "text": "The council approved a new budget on Monday."})
        + "\n"
    )
    result = CliRunner().invoke(main, ["extract", str(src)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r.get("id") for r in rows] == ["a", None, "b"]
    assert rows[0]["totals"]["killed"] == 14
    assert "error" in rows[1]
    assert not rows[2]["totals"].get("killed")
    for key in ("event_type", "event_subtype", "entities", "figures", "totals"):
        assert key in rows[0]


def test_feeds_list_shows_each_feeds_health(tmp_path, make_settings):
    settings = make_settings()
    runner = CliRunner()
    result = runner.invoke(main, ["--database-url", settings.database_url, "run", "--once"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["--database-url", settings.database_url, "feeds", "list", "--json"])
    feeds = json.loads(result.stdout)
    assert {f["name"] for f in feeds} == {"Sample Wire", "Sample Monitor"}
    assert all(f["status"] == "ok" and f["last_success"] and f["next_check"] for f in feeds)


def test_alerts_list_and_events_show_tell_the_story(tmp_path, make_settings):
    settings = make_settings()
    runner = CliRunner()
    runner.invoke(main, ["--database-url", settings.database_url, "run", "--once"])
    alerts = json.loads(
        runner.invoke(main, ["--database-url", settings.database_url, "alerts", "list", "--json"]).stdout
    )
    rise = next(a for a in alerts if a["change"] == "rise")
    assert (rise["old"], rise["new"]) == (77, 120)
    assert rise["deliveries"] and all(d["status"] == "sent" for d in rise["deliveries"])
    shown = runner.invoke(
        main, ["--database-url", settings.database_url, "events", "show", str(rise["event_id"])]
    )
    assert shown.exit_code == 0, shown.output
    assert "killed 120" in shown.stdout and "rise" in shown.stdout


HASAKEH_120 = (
    "At least 120 people have now been killed since Islamic State fighters stormed the Ghwayran prison in Hasakeh, "
    "northeast Syria, the war monitor said on Saturday. Kurdish-led forces backed by coalition aircraft pressed a "
    "second assault overnight on the northern wing, where attackers were still holding several blocks. Residents "
    "of the surrounding district fled as clashes spread into nearby streets, and the monitor said more than one "
    "hundred inmates who tried to escape had been caught again by Saturday morning."
)


def test_replay_groups_a_story_and_marks_a_syndicated_copy(tmp_path, make_settings):
    settings = make_settings()
    story = [
        {
            "id": "r1",
            "published": "2026-10-16",
            "title": "Prison attack in Hasakeh, Syria: at least 77 killed",
            "text": "At least 77 people were killed when Islamic State fighters stormed the Ghwayran prison in Hasakeh, "
            "northeast Syria, a war monitor said on Friday. Kurdish-led forces sealed off the district.",
        },
        {
            "id": "r2",
            "published": "2026-10-16",
            "title": "Flash floods hit coastal Kerala",
            "text": "Twelve people died when flash floods swept through coastal towns in the Indian state of Kerala.",
        },
        {
            "id": "r3",
            "published": "2026-10-17",
            "title": "Hasakeh prison attack toll rises to 120",
            "text": HASAKEH_120,
        },
        {
            "id": "r4",
            "published": "2026-10-17",
            "title": "Syria: toll from Hasakeh jail assault reaches 120",
            "text": HASAKEH_120.replace("pressed a second assault", "launched a second assault").rsplit(
                ",", 1
            )[0]
            + ".",
        },
    ]
    src = tmp_path / "stream.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in story))
    alerts_out = tmp_path / "alerts.txt"
    result = CliRunner().invoke(
        main, ["--database-url", settings.database_url, "replay", str(src), "--alerts-out", str(alerts_out)]
    )
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert (
        rows["r1"]["event_id"] == rows["r3"]["event_id"] == rows["r4"]["event_id"] != rows["r2"]["event_id"]
    )
    assert rows["r4"]["duplicate_of"] == "r3"
    assert "ALERT killed rose 77 -> 120" in alerts_out.read_text()


def test_alerts_test_sends_a_sample_through_the_rules_channels(tmp_path, make_settings):
    out = tmp_path / "alerts.jsonl"
    alerts = tmp_path / "alerts.yaml"
    alerts.write_text(
        f"channels:\n  log:\n    type: file\n    path: {out}\n"
        "rules:\n  - name: big\n    kind: killed\n    at_least: 100\n    channels: [log]\n"
    )
    settings = make_settings(alerts_file=alerts)
    result = CliRunner().invoke(
        main, ["--alerts-file", str(alerts), "--database-url", settings.database_url, "alerts", "test", "big"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(out.read_text())
    assert payload["type"] == "figure.changed" and payload["data"]["figure"]["new"] >= 100
    unknown = CliRunner().invoke(main, ["--alerts-file", str(alerts), "alerts", "test", "nope"])
    assert unknown.exit_code != 0 and "no rule named 'nope'" in unknown.output
