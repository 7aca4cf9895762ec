"""``make crawl``'s first step: can the site spiders' hosts be resolved at all? Fail at once if not.

    python -m newscrawler.netcheck [HOST ...]     (default: the hosts of the site spiders' sources)

Only asks the system's resolver (no connection to the sites): a machine without network fails here
in seconds, with the way out, instead of retrying every request of a crawl.
"""

from __future__ import annotations

import socket
import sys
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = ["main", "offline_message", "resolvable", "source_hosts"]

TIMEOUT = 5.0


def resolvable(host: str, timeout: float = TIMEOUT) -> bool:
    """Whether the resolver gives ``host`` an address within ``timeout`` seconds."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return bool(pool.submit(socket.getaddrinfo, host, 443).result(timeout=timeout))
    except (OSError, FutureTimeout):
        return False
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def source_hosts(names: list[str] | None = None, settings: BaseSettings | None = None) -> list[str]:
    """Return the hosts of the site spiders' first sources (all sites, or those named), each once."""
    from urllib.parse import urlsplit

    from newscrawler.sites import site_registry
    from newscrawler.spiders.sources import DailyIndex, Listing

    hosts: dict[str, None] = {}
    for name, spidercls in site_registry(settings).spiders.items():
        if names is not None and name not in names:
            continue
        if spidercls.sources:
            source = spidercls.sources[0]
            url = source.template if isinstance(source, DailyIndex | Listing) else source.url
            hosts[urlsplit(url).hostname or ""] = None
    return [host for host in hosts if host]


def offline_message(command: str, unreachable: list[str], hosts: int | None = None) -> str | None:
    """Return the one line that says the sites cannot be reached and the way out, or None when they can.

    ``hosts`` is how many were asked: when some of them resolve, the machine is online and the line
    is only a warning (those sites' crawls will say what went wrong).
    """
    if not unreachable:
        return None
    if hosts is not None and len(unreachable) < hosts:
        return (
            f"{command}: cannot resolve {', '.join(unreachable)} ({len(unreachable)} of {hosts} hosts): "
            "those sites' crawls will fail; the others go on"
        )
    shown = ", ".join(unreachable[:3]) + (f" and {len(unreachable) - 3} more" if len(unreachable) > 3 else "")
    return (
        f"{command}: cannot resolve {shown}: this machine has no internet access "
        f"({command} fetches the live sites). Run `make demo` for the same crawl from recorded pages."
    )


def main(argv: list[str] | None = None) -> int:
    """Exit 1 when no host resolves, saying what is wrong and how to go on; warn when some do not."""
    hosts = (sys.argv[1:] if argv is None else argv) or source_hosts()
    with ThreadPoolExecutor(max_workers=min(16, len(hosts))) as pool:
        answers = list(pool.map(resolvable, hosts))
    unreachable = [host for host, ok in zip(hosts, answers, strict=True) if not ok]
    message = offline_message("make crawl", unreachable, len(hosts))
    if message is not None:
        print(message, file=sys.stderr)
    return 1 if hosts and len(unreachable) == len(hosts) else 0


if __name__ == "__main__":
    sys.exit(main())
