"""The `newsmon` command."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from datetime import UTC, datetime

import click
from sqlalchemy import func, select

from worker import runtime
from worker.settings import Settings, SettingsError, load_settings


def _settings(ctx: click.Context) -> Settings:
    obj = ctx.ensure_object(dict)
    if "settings" not in obj:
        overrides = {k: v for k, v in obj.get("overrides", {}).items() if v is not None}
        try:
            obj["settings"] = load_settings(**overrides)
        except SettingsError as exc:
            raise click.ClickException(str(exc)) from None
        runtime.use(obj["settings"])
        logging.getLogger("alembic").setLevel(logging.WARNING)
        logging.basicConfig(
            level=obj["settings"].log_level,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            stream=sys.stderr,
        )
    return obj["settings"]


def _ready(ctx: click.Context) -> Settings:
    """Settings plus an up-to-date schema: the embedded default needs no separate set-up step."""
    settings = _settings(ctx)
    from worker.store.db import upgrade

    upgrade(settings.database_url)
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--database-url", envvar=None, help="Override NEWSMON_DATABASE_URL.")
@click.option("--feeds-file", type=click.Path(dir_okay=False), help="Override NEWSMON_FEEDS_FILE.")
@click.option("--alerts-file", type=click.Path(dir_okay=False), help="Override NEWSMON_ALERTS_FILE.")
@click.pass_context
def main(
    ctx: click.Context, database_url: str | None, feeds_file: str | None, alerts_file: str | None
) -> None:
    """newsmon: watch news feeds, extract casualty figures, group reports into events and alert on changes."""
    ctx.ensure_object(dict)["overrides"] = {
        "database_url": database_url,
        "feeds_file": feeds_file,
        "alerts_file": alerts_file,
    }


@main.command()
@click.option("--once", is_flag=True, help="Do one pass over every feed, then exit.")
@click.option("--interval", type=float, help="Seconds between passes (default NEWSMON_POLL_INTERVAL).")
@click.pass_context
def run(ctx: click.Context, once: bool, interval: float | None) -> None:
    """Run the monitor in embedded mode: every stage in this process, on the configured database."""
    from worker import embedded

    settings = _ready(ctx)
    if not settings.embedded:
        click.echo(
            "note: NEWSMON_BROKER_URL is set; `newsmon run` still runs embedded. Start Celery workers for "
            "distributed mode (see README).",
            err=True,
        )
    if once:
        report = embedded.run_pass(settings, all_feeds=True)
        for err in report.feed_errors:
            click.echo(f"feed error: {err}", err=True)
        click.echo(
            f"{report.feeds} feeds, {report.articles} new or updated articles, {report.extracted} extracted, "
            f"{report.alerts} alert deliveries {report.deliveries or ''}".rstrip(),
            err=True,
        )
        return
    with contextlib.suppress(KeyboardInterrupt):
        embedded.run_forever(settings, interval=interval)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--workers", type=int, default=1, show_default=True, help="Processes to use (both cores: 2).")
@click.option("--model", help="spaCy model (default NEWSMON_NLP_MODEL).")
@click.option("--progress/--no-progress", default=None, help="Progress on stderr (default: when a terminal).")
@click.pass_context
def extract(
    ctx: click.Context, files: tuple[str, ...], workers: int, model: str | None, progress: bool | None
) -> None:
    """Read JSON Lines ({"id","text",...}) from FILES or stdin; write one extraction per line to stdout."""
    from worker.stages.extract import run_jsonl

    settings = _settings(ctx)

    def lines():
        for name in files or ("-",):
            if name == "-":
                yield from sys.stdin
            else:
                with open(name, encoding="utf-8") as fh:
                    yield from fh

    errors = run_jsonl(
        lines(), sys.stdout, model=model or settings.nlp_model, workers=workers, progress=progress
    )
    if errors:
        click.echo(f"{errors} input lines had errors (see their error objects)", err=True)


@main.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@click.pass_context
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Create or migrate the schema (Alembic)."""
    from worker.store.db import upgrade

    settings = _settings(ctx)
    upgrade(settings.database_url, revision)
    click.echo(f"database at {revision}: {_safe_url(settings.database_url)}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@main.group()
def feeds() -> None:
    """List and add feeds."""


@feeds.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def feeds_list(ctx: click.Context, as_json: bool) -> None:
    """Feeds with their health: last success, last error, error streak, next check."""
    from worker import pipeline
    from worker.store.db import transaction
    from worker.store.models import Article, Feed

    settings = _ready(ctx)
    pipeline.sync_feeds(settings)
    with transaction(settings.database_url) as s:
        counts = dict(s.execute(select(Article.feed_id, func.count()).group_by(Article.feed_id)).all())
        rows = list(s.scalars(select(Feed).order_by(Feed.id)))
    now = datetime.now(UTC)
    out = []
    for f in rows:
        out.append(
            {
                "id": f.id,
                "name": f.name or f.title,
                "url": f.url,
                "articles": counts.get(f.id, 0),
                "status": "ok" if not f.error_streak else f"failing ({f.last_error_kind})",
                "last_success": _iso(f.last_success_at),
                "last_error": f.last_error,
                "error_streak": f.error_streak,
                "next_check": _iso(f.next_check_at),
            }
        )
    if as_json:
        click.echo(json.dumps(out, indent=2))
        return
    for r in out:
        click.echo(f"#{r['id']} {r['name'] or ''} <{r['url']}>")
        click.echo(
            f"    {r['status']}; articles {r['articles']}; last success {_ago(r['last_success'], now)}; "
            f"error streak {r['error_streak']}; next check {r['next_check']}"
        )
        if r["last_error"]:
            click.echo(f"    last error: {r['last_error']}")


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat(timespec="seconds") if dt else None


def _ago(iso: str | None, now: datetime) -> str:
    if not iso:
        return "never"
    secs = int((now - datetime.fromisoformat(iso)).total_seconds())
    return f"{iso} ({secs // 60} min ago)"


@feeds.command("add")
@click.argument("url")
@click.option("--name", help="A display name.")
@click.option("--no-full-text", is_flag=True, help="Never fetch article pages for this feed.")
@click.pass_context
def feeds_add(ctx: click.Context, url: str, name: str | None, no_full_text: bool) -> None:
    """Add a feed to the database (add it to config/feeds.yaml to keep it across fresh databases)."""
    from worker import pipeline
    from worker.feeds_config import FeedSpec

    try:
        FeedSpec(url=url)
    except Exception as exc:
        raise click.ClickException(f"bad feed URL {url!r}: {exc}") from None
    settings = _ready(ctx)
    feed_id = pipeline.add_feed(settings, url, name=name, full_text=not no_full_text)
    click.echo(f"feed #{feed_id}: {url}")


@main.group()
def alerts() -> None:
    """List alerts, send a test alert."""


@alerts.command("list")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def alerts_list(ctx: click.Context, limit: int, as_json: bool) -> None:
    """Recent alerts with their delivery status per channel."""
    from worker.store.db import transaction
    from worker.store.models import Alert

    settings = _ready(ctx)
    with transaction(settings.database_url) as s:
        rows = list(s.scalars(select(Alert).order_by(Alert.id.desc()).limit(limit)))
        out = [
            {
                "id": a.alert_uid,
                "rule": a.rule,
                "event_id": a.event_id,
                "kind": a.kind,
                "old": a.old_value,
                "new": a.new_value,
                "change": a.change,
                "headline": a.headline,
                "created_at": _iso(a.created_at),
                "deliveries": [
                    {
                        "channel": d.channel,
                        "status": d.status,
                        "attempts": d.attempts,
                        "last_error": d.last_error,
                    }
                    for d in a.deliveries
                ],
            }
            for a in rows
        ]
    if as_json:
        click.echo(json.dumps(out, indent=2))
        return
    if not out:
        click.echo("no alerts yet")
    for r in out:
        click.echo(f"{r['created_at']} [{r['rule']}] {r['headline']}  ({r['id']})")
        for d in r["deliveries"]:
            err = f" - {d['last_error']}" if d["last_error"] else ""
            click.echo(f"    {d['channel']}: {d['status']} after {d['attempts']} attempt(s){err}")


@alerts.command("test")
@click.argument("rule")
@click.pass_context
def alerts_test(ctx: click.Context, rule: str) -> None:
    """Send a sample alert through RULE's channels (nothing is stored)."""
    from worker.stages import alert as alert_stage
    from worker.stages.deliver import DeliveryError

    _settings(ctx)
    try:
        rules = {r.name: r for r in runtime.rules()}
        channels = runtime.channels()
    except Exception as exc:
        raise click.ClickException(str(exc)) from None
    if rule not in rules:
        raise click.ClickException(f"no rule named {rule!r}; rules: {', '.join(rules) or 'none'}")
    message = alert_stage.sample_message(rules[rule])
    failed = False
    for name in rules[rule].channels:
        channel = channels.get(name)
        if channel is None:
            click.echo(f"{name}: no such channel", err=True)
            failed = True
            continue
        try:
            detail = channel.send(message)
            click.echo(f"{name}: sent {detail or ''}".rstrip(), err=True)
        except DeliveryError as exc:
            failed = True
            click.echo(f"{name}: failed ({'permanent' if exc.permanent else 'temporary'}): {exc}", err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option(
    "--alerts-out", type=click.File("a", encoding="utf-8"), help="Write alerts here (default stderr)."
)
@click.option("--batch", type=int, default=64, show_default=True, help="Articles extracted per batch.")
@click.pass_context
def replay(ctx: click.Context, file, alerts_out, batch: int) -> None:
    """Replay a time-ordered article stream (JSON Lines: id, text, title, published, url) through
    extraction, dedup, event linking, figures and alert rules; print {"id","event_id","duplicate_of"}
    per article."""
    from worker import pipeline
    from worker.stages.deliver import ConsoleChannel

    settings = _ready(ctx)
    rules, channel_cfg = runtime.alert_config()
    stream = alerts_out or sys.stderr
    # Every channel of the rules writes to the alerts stream: a replay never notifies anyone for real.
    channels = {name: ConsoleChannel(stream=stream) for name in channel_cfg}
    extractor = runtime.extractor()
    ids: dict[int, str] = {}

    def flush(pending: list[tuple[str, int]]) -> None:
        loaded = [(aid, pipeline.load_for_extraction(settings, aid)) for _, aid in pending]
        loaded = [(aid, item) for aid, item in loaded if item is not None]
        results = extractor.extract_many([(title, text) for _, (title, text, _) in loaded])
        for (aid, (_, _, version)), result in zip(loaded, results, strict=True):
            pipeline.save_extraction(settings, aid, version, result)
        for item_id, aid in pending:
            out = pipeline.link_article(settings, aid, rules, set(channels))
            for delivery_id in out.deliveries:
                pipeline.deliver(settings, delivery_id, channels)
            dup = out.duplicate_of
            click.echo(
                json.dumps(
                    {
                        "id": item_id,
                        "event_id": out.event_id,
                        "duplicate_of": ids.get(dup, dup) if dup else None,
                    }
                )
            )

    pending: list[tuple[str, int]] = []
    for n, line in enumerate(file, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or "id" not in item or not isinstance(item.get("text"), str):
                raise ValueError("expected an object with `id` and `text`")
        except ValueError as exc:
            click.echo(f"line {n}: skipped: {exc}", err=True)
            continue
        aid = pipeline.ingest_item(settings, item)
        ids[aid] = str(item["id"])
        pending.append((str(item["id"]), aid))
        if len(pending) >= batch:
            flush(pending)
            pending = []
    if pending:
        flush(pending)


@main.group()
def events() -> None:
    """List events and show their figure timelines."""


@events.command("list")
@click.option("--limit", type=int, default=50, show_default=True)
@click.pass_context
def events_list(ctx: click.Context, limit: int) -> None:
    """Most recently active events with their current figures."""
    from worker.store.db import transaction
    from worker.store.models import Event

    settings = _ready(ctx)
    with transaction(settings.database_url) as s:
        rows = list(s.scalars(select(Event).order_by(Event.last_seen.desc()).limit(limit)))
    if not rows:
        click.echo("no events yet")
    for e in rows:
        figures = ", ".join(f"{k} {_fmt_fig(v)}" for k, v in (e.current or {}).items()) or "no figures"
        click.echo(
            f"#{e.id} [{e.event_type or '?'}] {e.title} - {figures}; {e.article_count} articles, "
            f"{e.source_count} sources; {_iso(e.first_seen)} .. {_iso(e.last_seen)}"
        )


def _fmt_fig(value: dict) -> str:
    q = value.get("qualifier")
    return f"{q.replace('_', ' ')} {value['value']}" if q and q != "exact" else str(value["value"])


@events.command("show")
@click.argument("event_id", type=int)
@click.pass_context
def events_show(ctx: click.Context, event_id: int) -> None:
    """One event: its articles and the timeline of every figure reported."""
    from worker.store.db import transaction
    from worker.store.models import Article, Event, EventFigure

    settings = _ready(ctx)
    with transaction(settings.database_url) as s:
        e = s.get(Event, event_id)
        if e is None:
            raise click.ClickException(f"no event #{event_id}")
        click.echo(f"#{e.id} {e.title}")
        click.echo(f"type {e.event_type or '?'}; place {e.place or '?'} ({e.country or '?'})")
        click.echo(
            f"first seen {_iso(e.first_seen)}, last seen {_iso(e.last_seen)}; {e.source_count} sources"
        )
        click.echo("articles:")
        for a in s.scalars(
            select(Article).where(Article.event_id == e.id).order_by(Article.published_at, Article.id)
        ):
            dup = f" (duplicate of #{a.duplicate_of})" if a.duplicate_of else ""
            click.echo(f"  #{a.id} {_iso(a.published_at) or '-'} {a.title} <{a.url or ''}>{dup}")
        click.echo("figures:")
        for f in s.scalars(
            select(EventFigure).where(EventFigure.event_id == e.id).order_by(EventFigure.kind, EventFigure.id)
        ):
            prev = f" (was {f.previous})" if f.previous is not None and f.change != "report" else ""
            click.echo(
                f"  {_iso(f.reported_at)} {f.kind} {f.value} {f.qualifier or ''} {f.change}{prev} <{f.source_url or ''}>"
            )
            if f.sentence:
                click.echo(f'      "{f.sentence.strip()}"')


if __name__ == "__main__":  # pragma: no cover
    main()
