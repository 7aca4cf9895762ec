"""`make crawl`'s network check and `make demo`'s offline crawl."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from newscrawler import demo, netcheck
from newscrawler.replay import load_manifest
from tests.sites import FIXTURES


def test_netcheck_passes_for_a_resolvable_host() -> None:
    assert netcheck.resolvable("localhost")
    assert netcheck.main(["localhost"]) == 0


def test_netcheck_without_network_fails_at_once_with_the_way_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    assert netcheck.main(["www.kompas.com"]) == 1
    message = capsys.readouterr().err.strip()
    assert message.startswith(
        "make crawl: cannot resolve www.kompas.com: this machine has no internet access"
    )
    assert "make demo" in message
    hosts = [f"www.site{n}.id" for n in range(25)]
    assert netcheck.main(hosts) == 1
    line = capsys.readouterr().err.strip()
    assert line.startswith("make crawl: cannot resolve www.site0.id, www.site1.id, www.site2.id and 22 more:")


def test_netcheck_goes_on_when_only_some_hosts_do_not_resolve(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    resolve = socket.getaddrinfo

    def only_localhost(host: str, *args: Any, **kwargs: Any) -> Any:
        if host != "localhost":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", only_localhost)
    assert netcheck.main(["localhost", "gone.example.id"]) == 0
    assert capsys.readouterr().err.strip() == (
        "make crawl: cannot resolve gone.example.id (1 of 2 hosts): "
        "those sites' crawls will fail; the others go on"
    )


def test_netcheck_defaults_to_the_site_spiders_source_hosts() -> None:
    assert {"www.kompas.com", "news.detik.com", "www.sindonews.com"} <= set(netcheck.source_hosts())


def test_demo_crawls_every_site_its_manifest_records_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = FIXTURES / "demo" / "manifest.jsonl"
    sites = sorted(demo.recorded_sites(load_manifest(manifest)))
    assert {"kompas", "detik", "sindonews"} <= set(sites)
    only_kompas = [r for r in load_manifest(manifest) if "kompas.com" in r.url]
    assert demo.recorded_sites(only_kompas) == ["kompas"], "a site whose sources are not recorded is left out"
    assert demo.main([str(manifest), "--output", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_dir()) == sites
    for site in sites:
        (run_file,) = (tmp_path / site).glob("*.jsonl")
        records = [json.loads(line) for line in run_file.read_text().splitlines()]
        assert len(records) == 1
        assert f"{site}: 1 article(s) in {run_file}" in printed
        assert f"  verdict: {site}: ok: 1 article page fetched: 1 new;" in printed
        assert records[0]["title"] in printed
    # Run again: a demo starts afresh, so the articles are new again.
    assert (
        demo.main([str(FIXTURES / "demo" / "manifest.jsonl"), "--output", str(tmp_path), "--sites", "kompas"])
        == 0
    )
    assert "kompas: 1 article(s)" in capsys.readouterr().out
