from __future__ import annotations

import httpx
import pytest
from pytest_httpserver import HTTPServer

from worker.stages import netguard
from worker.stages.fetch import FetchError, FetchLimits, make_client


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_it_forbids_loopback_private_link_local_multicast_and_reserved_addresses(address: str) -> None:
    assert netguard.is_forbidden_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:1.1.1.1"])
def test_it_allows_public_addresses(address: str) -> None:
    assert not netguard.is_forbidden_address(address)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://[::1]:8080/",
        "http://10.0.0.5/rss",
        "http://localhost/",
        "http://0x7f000001/",
    ],
)
def test_check_url_blocks_urls_that_reach_private_addresses(url: str) -> None:
    with pytest.raises(FetchError) as err:
        netguard.check_url(url, allow_private=False)
    assert err.value.kind == "blocked_address"


def test_check_url_lets_private_addresses_through_when_allowed() -> None:
    netguard.check_url("http://127.0.0.1/feed", allow_private=True)


def test_check_url_accepts_a_public_address_literal() -> None:
    netguard.check_url("https://93.184.216.34/feed", allow_private=False)


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "file:///etc/passwd", "http:///nohost", "http://h:99999/"]
)
def test_check_url_rejects_what_is_not_an_http_url(url: str) -> None:
    with pytest.raises(FetchError) as err:
        netguard.check_url(url, allow_private=False)
    assert err.value.kind == "invalid_url"


def test_the_guarded_client_checks_the_address_at_connect_time(httpserver: HTTPServer) -> None:
    # Called directly, bypassing fetch_feed's URL check: the connection itself must be refused, which is
    # what protects against a name that resolves differently between a check and the connect.
    httpserver.expect_request("/feed").respond_with_data("secret")
    with make_client(FetchLimits()) as client, pytest.raises(FetchError) as err:
        client.get(httpserver.url_for("/feed"))
    assert err.value.kind == "blocked_address"
    assert len(httpserver.log) == 0


def test_a_client_that_allows_private_networks_connects_to_loopback(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data("ok")
    with make_client(FetchLimits(allow_private_networks=True)) as client:
        assert client.get(httpserver.url_for("/feed")).text == "ok"


def test_the_guard_ignores_proxy_settings_from_the_environment(monkeypatch, httpserver: HTTPServer) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    httpserver.expect_request("/feed").respond_with_data("ok")
    with make_client(FetchLimits(allow_private_networks=True)) as client:
        assert client.get(httpserver.url_for("/feed")).text == "ok"
    assert isinstance(client, httpx.Client)
