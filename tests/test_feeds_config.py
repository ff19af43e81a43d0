import pytest

from worker.feeds_config import FeedsConfigError, load_feeds


def test_relative_paths_resolve_against_the_yaml_file(tmp_path):
    (tmp_path / "conf").mkdir()
    path = tmp_path / "conf" / "feeds.yaml"
    path.write_text("feeds:\n  - url: ../samples/a.xml\n  - https://example.org/rss\n")
    feeds = load_feeds(path)
    assert feeds[0].url == (tmp_path / "samples" / "a.xml").as_uri()
    assert feeds[1].url == "https://example.org/rss"
    assert feeds[1].full_text is True


def test_an_unknown_option_names_the_file_the_feed_and_the_field(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n  - url: https://a.example/rss\n  - url: https://b.example/rss\n    fulltext: no\n"
    )
    with pytest.raises(FeedsConfigError, match=r"feeds.yaml: feed #2: fulltext"):
        load_feeds(path)


def test_a_non_http_scheme_is_refused(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - url: ftp://example.org/feed\n")
    with pytest.raises(FeedsConfigError, match="url"):
        load_feeds(path)


def test_the_bundled_config_points_at_the_sample_feeds():
    from tests.conftest import ROOT

    feeds = load_feeds(ROOT / "config" / "feeds.yaml")
    assert feeds and all(f.url.startswith("file://") for f in feeds)
