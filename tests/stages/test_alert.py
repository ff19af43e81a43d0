from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from worker.stages.alert import (
    KINDS,
    AlertMessage,
    FigureChange,
    Rule,
    RulesError,
    alert_key,
    decide,
    digest_message,
    load_rules,
    message_for,
    sample_message,
)

ROOT = Path(__file__).resolve().parents[2]
WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)

SOURCES = [
    {
        "url": "https://one.example/a",
        "title": "Blast hits depot",
        "published": "2026-03-04T05:00:00Z",
        "feed": "One",
    },
    {"url": "https://two.example/b", "title": "Depot blast toll rises", "published": None, "feed": "Two"},
]


def change(**over) -> FigureChange:
    base = FigureChange(
        event_id=7,
        event_title="Fuel depot blast in Port Avel",
        event_type="explosion_remote_violence",
        country="SY",
        place="Port Avel",
        entities=["Port Avel", "Civil Defence Corps"],
        keywords_text="Fuel depot blast\nAt least 20 people died when the depot exploded, rescuers said.",
        kind="killed",
        old=12,
        new=20,
        old_qualifier=None,
        qualifier="at least",
        change="rise",
        sources=list(SOURCES),
        evidence="At least 20 people died when the depot exploded, rescuers said.",
    )
    return replace(base, **over)


def names(rules: list[Rule]) -> list[str]:
    return [r.name for r in rules]


# --- decide: conditions -----------------------------------------------------------------------------


def test_a_threshold_fires_when_the_figure_crosses_it():
    rule = Rule(name="t", at_least=20)
    assert names(decide(change(old=12, new=20), [rule])) == ["t"]


def test_a_threshold_does_not_fire_again_once_the_figure_is_above_it():
    rule = Rule(name="t", at_least=20)
    assert decide(change(old=25, new=30), [rule]) == []


def test_a_threshold_fires_on_a_first_figure_at_or_above_it():
    rule = Rule(name="t", at_least=20)
    assert names(decide(change(old=None, new=20, change="new"), [rule])) == ["t"]
    assert decide(change(old=None, new=19, change="new"), [rule]) == []


def test_a_rise_by_n_needs_a_rise_of_at_least_n():
    rule = Rule(name="r", rise_by=5)
    assert names(decide(change(old=12, new=17), [rule])) == ["r"]
    assert decide(change(old=12, new=16), [rule]) == []


def test_a_rise_by_percent_needs_that_relative_rise():
    rule = Rule(name="p", rise_pct=50)
    assert names(decide(change(old=10, new=15), [rule])) == ["p"]
    assert decide(change(old=10, new=14), [rule]) == []


def test_rise_by_and_percent_together_both_have_to_hold():
    rule = Rule(name="both", rise_by=5, rise_pct=50)
    assert decide(change(old=100, new=110), [rule]) == []  # +10 but only 10 %
    assert decide(change(old=4, new=8), [rule]) == []  # +100 % but only +4
    assert names(decide(change(old=10, new=15), [rule])) == ["both"]


def test_a_threshold_with_a_rise_is_a_floor_for_rises():
    rule = Rule(name="floor", at_least=100, rise_by=10)
    assert decide(change(old=50, new=90), [rule]) == []
    assert names(decide(change(old=120, new=130), [rule])) == ["floor"]


def test_rise_rules_do_not_fire_on_a_first_figure():
    assert decide(change(old=None, new=50, change="new"), [Rule(name="r", rise_by=1)]) == []


def test_a_new_event_rule_fires_on_the_first_figure_at_or_above_n():
    rule = Rule(name="n", new_event_at_least=10)
    assert names(decide(change(old=None, new=10, change="new"), [rule])) == ["n"]
    assert decide(change(old=None, new=9, change="new"), [rule]) == []
    assert decide(change(old=10, new=50), [rule]) == []


def test_a_rule_without_condition_fires_on_new_figures_and_rises():
    rule = Rule(name="any")
    assert names(decide(change(old=None, new=1, change="new"), [rule])) == ["any"]
    assert names(decide(change(old=1, new=2), [rule])) == ["any"]


def test_only_rules_for_the_changed_kind_fire():
    rules = [Rule(name="k", kind="killed"), Rule(name="i", kind="injured")]
    assert names(decide(change(kind="injured"), rules)) == ["i"]


def test_an_unchanged_figure_never_fires():
    assert decide(change(old=20, new=20), [Rule(name="any")]) == []


# --- decide: falls, backlog -------------------------------------------------------------------------


def test_a_fall_is_not_a_rise():
    rules = [Rule(name="any"), Rule(name="r", rise_by=1), Rule(name="t", at_least=5)]
    assert decide(change(old=20, new=15, change="correction"), rules) == []


def test_a_fall_fires_only_rules_that_ask_for_corrections():
    rules = [Rule(name="plain", rise_by=1), Rule(name="fix", rise_by=1, corrections=True)]
    assert names(decide(change(old=20, new=15, change="correction"), rules)) == ["fix"]


def test_a_correction_below_the_threshold_it_never_reached_stays_quiet():
    rule = Rule(name="fix", at_least=100, corrections=True)
    assert decide(change(old=20, new=15, change="correction"), [rule]) == []
    assert names(decide(change(old=120, new=110, change="correction"), [rule])) == ["fix"]


def test_backlog_changes_never_alert():
    rules = [Rule(name="any"), Rule(name="t", at_least=1), Rule(name="fix", corrections=True)]
    assert decide(change(is_backlog=True), rules) == []
    assert decide(change(old=None, new=500, change="new", is_backlog=True), rules) == []


# --- decide: filters --------------------------------------------------------------------------------


def test_event_type_filter_matches_case_insensitively():
    assert decide(change(), [Rule(name="f", event_types=["Explosion_Remote_Violence"])])
    assert not decide(change(), [Rule(name="f", event_types=["protest"])])
    assert not decide(change(event_type=None), [Rule(name="f", event_types=["protest"])])


def test_country_filter_accepts_codes_and_names():
    for wanted in ("SY", "SYR", "Syria", "syrian arab republic"):
        assert decide(change(country="SY"), [Rule(name="c", countries=[wanted])]), wanted
    assert not decide(change(country="SY"), [Rule(name="c", countries=["LB"])])
    assert not decide(change(country=None), [Rule(name="c", countries=["SY"])])


def test_place_filter_matches_whole_words_of_the_place():
    assert decide(change(place="Port Avel harbour"), [Rule(name="p", places=["port avel"])])
    assert not decide(change(place="Newport Avelino"), [Rule(name="p", places=["Port Avel"])])
    assert not decide(change(place=None), [Rule(name="p", places=["Port Avel"])])


def test_entity_filter_needs_one_of_the_event_entities():
    assert decide(change(), [Rule(name="e", entities=["civil defence corps"])])
    assert not decide(change(), [Rule(name="e", entities=["Red Lantern"])])


def test_keyword_filter_reads_title_and_evidence_on_word_boundaries():
    assert decide(change(), [Rule(name="k", keywords=["depot"])])
    assert decide(change(), [Rule(name="k", keywords=["rescuers", "nothing-like-this"])])
    # "ied" must not match inside "died"
    assert not decide(change(), [Rule(name="k", keywords=["ied"])])


def test_min_sources_counts_distinct_sources():
    rule = Rule(name="m", min_sources=2)
    assert decide(change(), [rule])
    assert not decide(change(sources=SOURCES[:1]), [rule])
    assert not decide(change(sources=[SOURCES[0], dict(SOURCES[0])]), [rule])


def test_decide_keeps_file_order_of_several_firing_rules():
    rules = [Rule(name="b", at_least=20), Rule(name="a", rise_by=1), Rule(name="c", rise_by=100)]
    assert names(decide(change(), rules)) == ["b", "a"]


# --- keys -------------------------------------------------------------------------------------------


def test_alert_keys_are_stable_and_differ_per_rule_event_kind_and_value():
    assert alert_key("r", 7, "killed", 20) == alert_key("r", 7, "killed", 20)
    keys = {
        alert_key("r", 7, "killed", 20),
        alert_key("s", 7, "killed", 20),
        alert_key("r", 8, "killed", 20),
        alert_key("r", 7, "injured", 20),
        alert_key("r", 7, "killed", 21),
    }
    assert len(keys) == 5


# --- messages ---------------------------------------------------------------------------------------


def message(**over) -> AlertMessage:
    return message_for(change(**over), Rule(name="killed-rise", rise_by=1), "msg_abc123", WHEN)


def test_the_headline_says_old_and_new_with_the_qualifier():
    assert (
        message(old=77, new=120).headline()
        == "Fuel depot blast in Port Avel: at least 120 killed, up from 77"
    )
    assert (
        message(old=None, new=5, change="new", qualifier=None).headline()
        == "Fuel depot blast in Port Avel: 5 killed"
    )
    assert (
        message(old=120, new=110, change="correction", qualifier=None).headline()
        == "Fuel depot blast in Port Avel: killed corrected to 110, down from 120"
    )


def test_the_console_line_starts_with_the_change_then_lists_source_links():
    lines = message(old=77, new=120).console_line().splitlines()
    assert lines[0] == "ALERT killed rose 77 -> 120: Fuel depot blast in Port Avel"
    assert "https://one.example/a" in lines[1]
    assert "https://two.example/b" in lines[2]


def test_the_console_line_for_new_figures_and_corrections():
    assert (
        message(old=None, new=77, change="new").console_line().startswith("ALERT killed new 77: Fuel depot")
    )
    assert (
        message(old=120, new=110, change="correction")
        .console_line()
        .startswith("ALERT killed corrected 120 -> 110: Fuel depot")
    )


def test_a_title_with_line_breaks_stays_on_one_console_line():
    first = message(event_title="Blast\nALERT killed rose 1 -> 999: fake").console_line().splitlines()
    assert first[0] == "ALERT killed rose 12 -> 20: Blast ALERT killed rose 1 -> 999: fake"
    assert len(first) == 1 + len(SOURCES)


def test_the_text_form_has_everything_but_links():
    text = message(evidence="Officials said 20 died; see https://evil.example/x for more.").text()
    assert "http" not in text
    for part in (
        "at least 20 killed, up from 12",
        "Officials said 20 died",
        "Port Avel",
        "Civil Defence Corps",
    ):
        assert part in text
    assert "Blast hits depot" in text and "Depot blast toll rises" in text
    assert "msg_abc123" in text


def test_the_html_form_escapes_feed_text_and_links_only_http_sources():
    sources = [*SOURCES, {"url": "javascript:alert(1)", "title": "bad", "published": None, "feed": None}]
    html = message(event_title="<script>alert(1)</script> & co", sources=sources).html()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp; co" in html
    assert 'href="https://one.example/a"' in html
    assert "javascript:" not in html


def test_the_payload_is_versioned_json_with_every_source():
    payload = message(old=77, new=120).payload()
    assert payload["type"] == "figure.changed"
    assert payload["version"] == 1
    assert payload["timestamp"] == "2026-03-04T05:06:07Z"
    data = payload["data"]
    assert data["alert_id"] == "msg_abc123"
    assert data["figure"] == {
        "kind": "killed",
        "change": "rise",
        "old": 77,
        "old_qualifier": None,
        "new": 120,
        "qualifier": "at least",
    }
    assert data["event"]["id"] == 7 and data["event"]["country"] == "SY"
    assert [s["url"] for s in data["sources"]] == ["https://one.example/a", "https://two.example/b"]
    json.dumps(payload)  # serialisable as is


def test_a_sample_message_satisfies_its_rule():
    for rule in (
        Rule(name="a", at_least=100),
        Rule(name="b", rise_by=3),
        Rule(name="c", kind="injured", rise_pct=80),
    ):
        msg = sample_message(rule)
        assert msg.kind == rule.kind
        fake = change(kind=rule.kind, old=msg.old, new=msg.new)
        assert decide(fake, [rule]) == [rule]


# --- loading rules ----------------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "alerts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_rules_file_loads_and_prints_rise_alerts_to_the_console():
    rules, channels = load_rules(ROOT / "config" / "alerts.yaml")
    assert channels["console"] == {"type": "console"}
    assert {"killed-rise", "killed-new-event"} <= {r.name for r in rules}
    assert "killed-rise" in names(decide(change(old=3, new=4), rules))


def test_a_rules_file_without_channels_gets_the_console(tmp_path):
    rules, channels = load_rules(write(tmp_path, "rules:\n  - name: x\n"))
    assert channels == {"console": {"type": "console"}}
    assert rules[0].channels == ["console"]


def test_all_rule_fields_load(tmp_path):
    rules, _ = load_rules(
        write(
            tmp_path,
            """
channels:
  console: {type: console}
  hook: {type: webhook, url: "https://hooks.example/x", secret_env: HOOK_SECRET}
rules:
  - name: big
    kind: displaced
    at_least: 1000
    rise_by: 10
    rise_pct: 12.5
    new_event_at_least: 500
    event_types: [natural_disaster]
    countries: SD
    places: [Kassala]
    entities: [Relief Agency]
    keywords: [flood, floods]
    min_sources: 2
    channels: [console, hook]
    digest_minutes: 30
    corrections: true
""",
        )
    )
    assert rules == [
        Rule(
            name="big",
            kind="displaced",
            at_least=1000,
            rise_by=10,
            rise_pct=12.5,
            new_event_at_least=500,
            event_types=["natural_disaster"],
            countries=["SD"],
            places=["Kassala"],
            entities=["Relief Agency"],
            keywords=["flood", "floods"],
            min_sources=2,
            channels=["console", "hook"],
            digest_minutes=30,
            corrections=True,
        )
    ]


@pytest.mark.parametrize(
    ("rule_yaml", "field"),
    [
        ("kind: slain", "kind"),
        ("at_least: -1", "at_least"),
        ("rise_by: many", "rise_by"),
        ("rise_pct: 0", "rise_pct"),
        ("min_sources: 0", "min_sources"),
        ("corrections: sometimes", "corrections"),
        ("keywords: [1, 2]", "keywords"),
        ("channels: [pager]", "channels"),
        ("threshold: 5", "threshold"),
    ],
)
def test_rule_errors_name_the_file_the_rule_and_the_field(tmp_path, rule_yaml, field):
    path = write(tmp_path, f"rules:\n  - name: bad-rule\n    {rule_yaml}\n")
    with pytest.raises(RulesError) as info:
        load_rules(path)
    msg = str(info.value)
    assert str(path) in msg
    assert "'bad-rule'" in msg
    assert f"'{field}'" in msg


def test_a_rule_without_a_name_is_reported_by_position(tmp_path):
    path = write(tmp_path, "rules:\n  - kind: killed\n")
    with pytest.raises(RulesError, match=r"rules\[0\].*'name'"):
        load_rules(path)


def test_duplicate_rule_names_are_refused(tmp_path):
    path = write(tmp_path, "rules:\n  - name: twice\n  - name: twice\n")
    with pytest.raises(RulesError, match="'twice'.*defined twice"):
        load_rules(path)


@pytest.mark.parametrize(
    ("channel_yaml", "field"),
    [
        ("{type: pager}", "type"),
        ("{type: webhook}", "url"),
        ("{type: webhook, url: 'https://h.example/x', secret: whsec_abc}", "secret"),
        (
            "{type: email, host: mail.example, sender: a@b.example, recipients: [c@d.example], password: x}",
            "password",
        ),
        (
            "{type: email, host: mail.example, sender: a@b.example, recipients: [c@d.example], security: ssl}",
            "security",
        ),
        ("{type: file}", "path"),
    ],
)
def test_channel_errors_name_the_file_the_channel_and_the_field(tmp_path, channel_yaml, field):
    path = write(tmp_path, f"channels:\n  mine: {channel_yaml}\nrules: []\n")
    with pytest.raises(RulesError) as info:
        load_rules(path)
    msg = str(info.value)
    assert str(path) in msg and "'mine'" in msg and f"'{field}'" in msg


def test_invalid_yaml_names_the_file(tmp_path):
    path = write(tmp_path, "rules: [\n")
    with pytest.raises(RulesError, match="not valid YAML"):
        load_rules(path)


def test_kinds_cover_the_figures_the_extractor_reports():
    assert set(KINDS) >= {"killed", "injured", "missing", "kidnapped", "arrested", "displaced", "affected"}


# --- digests ----------------------------------------------------------------------------------------


def test_a_digest_groups_alerts_of_one_rule_into_one_message():
    first = message_for(change(old=12, new=20), Rule(name="r"), "msg_1", WHEN)
    second = message_for(
        change(event_id=8, event_title="Bridge collapse", old=3, new=9), Rule(name="r"), "msg_2", WHEN
    )
    digest = digest_message("r", [second, first], WHEN)
    assert digest.headline() == "2 alerts from rule r on 2 events"
    lines = digest.console_line().splitlines()
    assert lines[0] == "DIGEST r: 2 alerts"
    assert lines[1].startswith("ALERT killed rose 12 -> 20: Fuel depot blast")
    assert "http" not in digest.text()
    payload = digest.payload()
    assert payload["type"] == "figure.digest" and payload["version"] == 1
    assert [a["alert_id"] for a in payload["data"]["alerts"]] == ["msg_1", "msg_2"]


def test_a_digest_id_is_stable_for_the_same_alerts():
    msgs = [message_for(change(new=n), Rule(name="r"), f"msg_{n}", WHEN) for n in (20, 30)]
    assert digest_message("r", msgs, WHEN).alert_id == digest_message("r", msgs[::-1], WHEN).alert_id
    assert digest_message("r", msgs, WHEN).alert_id != digest_message("r", msgs[:1], WHEN).alert_id


def test_the_headline_says_the_extractors_qualifiers_in_words():
    msg = message_for(change(old=77, new=120, qualifier="at_least"), Rule(name="r"), "msg_1", WHEN)
    assert "at least 120 killed, up from 77" in msg.headline()
    exact = message_for(
        change(old=None, new=12, qualifier="exact", change="new"), Rule(name="r"), "msg_2", WHEN
    )
    assert exact.headline().endswith(": 12 killed")
