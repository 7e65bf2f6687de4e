"""How the app was started: the address it serves, where it saves (if anywhere), the access token."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8765
    #: where saved assessments and agreed ratings are written; None: nothing is written anywhere
    data_dir: Path | None = None
    #: required on every request when the app listens beyond this machine (None on loopback)
    token: str | None = None
    #: the language of a browser that asks for none the app has (`cpss serve --lang`, CPSS_LANG)
    language: str = "en"
    #: sessions held at once, and how long (seconds) an unused one is kept
    max_sessions: int = 64
    session_ttl: float = 8 * 3600.0
    #: what one session may hold (bytes of the files and data it keeps)
    max_session_bytes: int = 64 * 1024 * 1024

    def allowed_hosts(self) -> set[str]:
        """The Host headers a request may carry: the bound address (and, on loopback, its other names), with the
        port. Any other is refused, which defeats DNS rebinding."""
        port = f":{self.port}"
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        names = {host + port}
        if is_loopback(self.host):
            names |= {"127.0.0.1" + port, "localhost" + port, "[::1]" + port}
        return names

    def host_allowed(self, header: str) -> bool:
        """Whether a request's Host header names the app. Bound to every address (0.0.0.0 or ::), the app cannot
        know the names it is reached by: an address written as numbers (or localhost) with the app's port is
        accepted, a name is not, which still defeats DNS rebinding (it needs a name)."""
        if header in self.allowed_hosts():
            return True
        if self.host not in WILDCARDS:
            return False
        name, _, port = header.rpartition(":")
        if port != str(self.port):
            return False
        name = name[1:-1] if name.startswith("[") and name.endswith("]") else name
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return name == "localhost"

    def origin_allowed(self, origin: str) -> bool:
        """Whether an Origin header names the app itself."""
        scheme, _, host = origin.partition("://")
        return scheme == "http" and self.host_allowed(host)


#: addresses that bind every interface of the machine
WILDCARDS = ("0.0.0.0", "::")
