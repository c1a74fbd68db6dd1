"""Who may open a session: the access token in the link and the websocket's Origin.

Plain functions without aiohttp, so the rules can be tested on their own. The token is new at
every start of ``festival serve``: a link from yesterday's festival opens nothing today.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Bytes of randomness in a token (22 characters in the link, URL-safe).
TOKEN_BYTES = 16

#: What a browser reads when the token is missing or wrong (the page and the websocket).
WRONG_TOKEN = (
    "Deze link geeft geen toegang tot Kerngericht: de toegangscode ontbreekt of is niet meer "
    "geldig. Vraag de coördinator om de link of QR-code van vandaag; bij elke start van de "
    "server hoort een nieuwe."
)
#: A websocket opened by a page from another site (another Origin than the server's own).
FOREIGN_ORIGIN = (
    "Verbinding geweigerd: deze aanvraag komt niet van de pagina van deze festivalserver. "
    "Open de link van de coördinator zelf in de browser."
)
#: The maximum number of sessions is reached.
TOO_MANY_SESSIONS = (
    "Er zijn al {limit} terminals verbonden, het maximum voor deze server. Sluit een tabblad "
    "dat u niet meer gebruikt, of vraag de coördinator een terminal te beëindigen."
)


def new_token() -> str:
    """A fresh, unguessable access token for one run of the server."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_matches(expected: str, given: str | None) -> bool:
    """Whether ``given`` is the token, compared in constant time (no timing hints)."""
    if not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8", "replace"))


def _default_port(scheme: str) -> int:
    return 443 if scheme in ("https", "wss") else 80


@dataclass(frozen=True)
class Origin:
    """A scheme, host and port, as a browser sends it in the ``Origin`` header."""

    scheme: str
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Origin | None:
        """The origin in ``text`` (``http://host:port``), or None when it is not one."""
        try:
            parts = urlsplit(text.strip())
            port = parts.port
        except ValueError:
            return None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        return cls(parts.scheme, parts.hostname.lower(), port or _default_port(parts.scheme))


def own_hosts(bind_host: str, public_url: str) -> frozenset[str]:
    """The names under which browsers reach this server: the public URL's host, the host it
    is bound to (unless that is every interface), the loopback names, and this machine's own
    name and addresses. A page served under any other name is not ours (DNS rebinding)."""
    hosts = {"localhost", "127.0.0.1", "::1"}
    public = urlsplit(public_url).hostname
    if public:
        hosts.add(public.lower())
    if bind_host and bind_host not in ("0.0.0.0", "::", ""):
        hosts.add(bind_host.lower())
    name = socket.gethostname()
    hosts.update({name.lower(), socket.getfqdn().lower()})
    try:
        for info in socket.getaddrinfo(name, None):
            hosts.add(str(info[4][0]).lower())
    except OSError:
        pass  # a machine without a resolvable name still has its public URL and loopback
    hosts.update(lan_addresses())
    return frozenset(hosts)


def lan_addresses() -> set[str]:
    """The address this machine uses towards the network (no packet is sent)."""
    found: set[str] = set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            found.add(probe.getsockname()[0])
        except OSError:
            pass
    return found


def origin_allowed(
    origin_header: str | None, scheme: str, port: int, hosts: frozenset[str]
) -> bool:
    """Whether a websocket with this ``Origin`` comes from the server's own page.

    The browser always sends ``Origin`` on a websocket; a missing one is refused too (only a
    script, never the hall's browsers, would leave it out). The page is ours when its scheme
    and port are the server's and its host is one of the server's own names.
    """
    if not origin_header:
        return False
    origin = Origin.parse(origin_header)
    if origin is None:
        return False
    host = origin.host.strip("[]")
    return origin.scheme == scheme and origin.port == port and host in hosts


def display_host(bind_host: str) -> str:
    """The host to put in the printed link: the LAN address when bound to every interface
    (``0.0.0.0`` is no address a browser can open)."""
    if bind_host in ("0.0.0.0", "::", ""):
        lan = sorted(lan_addresses())
        return lan[0] if lan else socket.gethostname()
    try:
        if ipaddress.ip_address(bind_host).version == 6:
            return f"[{bind_host}]"
    except ValueError:
        pass
    return bind_host


def binds_everywhere(bind_host: str) -> bool:
    return bind_host in ("0.0.0.0", "::", "")
