"""Each browser's work, in the server's memory: a random session id in an HttpOnly, SameSite=Strict cookie, a
CSRF token per session, a bounded number of sessions (the least recently used goes first), each expiring when
unused and bounded in size. Nothing here is written to disk."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

COOKIE = "cpss_session"


class SessionFull(Exception):
    """The session would hold more than its bound (`megabytes`); the page that refuses the file says so in its
    language."""

    def __init__(self, megabytes: int):
        super().__init__(f"this session would hold more than {megabytes} MB of assessments")
        self.megabytes = megabytes


@dataclass
class Entry:
    """One named assessment a session holds: its data (what a form edits) and what it was read from."""

    name: str
    data: dict
    size: int
    #: a participant's name in a consensus, when given in the app
    label: str | None = None


@dataclass
class Session:
    id: str
    csrf: str
    last_seen: float
    limit: int
    #: the assessment being worked on: its file name and data; None before one is started
    current: Entry | None = None
    horizon_years: int | None = None
    #: the language chosen with the switch on every page; None: the browser's (Accept-Language)
    language: str | None = None
    #: what was made from the data last planned: its "key", then per language the plan, brief, record, what-if base
    cache: dict[str, Any] = field(default_factory=dict)
    #: the assessments compared side by side, and those of the participants of a consensus
    compared: list[Entry] = field(default_factory=list)
    participants: list[Entry] = field(default_factory=list)
    #: agreed ratings: subdomain -> {"phase", "agreed_by", "evidence"}
    decisions: dict[str, dict] = field(default_factory=dict)
    #: the last consensus computed: (key of what it was computed from, the consensus)
    consensus: tuple[str, object] | None = None

    def size(self) -> int:
        entries = [self.current, *self.compared, *self.participants]
        return sum(e.size for e in entries if e is not None)

    def check(self, extra: int = 0) -> None:
        if self.size() + extra > self.limit:
            raise SessionFull(self.limit // (1024 * 1024))


class SessionStore:
    def __init__(self, *, max_sessions: int, ttl: float, max_bytes: int, clock=time.monotonic):
        self.max_sessions = max_sessions
        self.ttl = ttl
        self.max_bytes = max_bytes
        self.clock = clock
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._sessions)

    def get(self, sid: str | None) -> Session | None:
        """The session of a cookie's id, if it is held and has not expired."""
        if not sid:
            return None
        with self._lock:
            self._expire()
            s = self._sessions.get(sid)
            if s is not None:
                s.last_seen = self.clock()
                self._sessions.move_to_end(sid)
            return s

    def new(self) -> Session:
        with self._lock:
            self._expire()
            while len(self._sessions) >= self.max_sessions:
                self._sessions.popitem(last=False)
            s = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), self.clock(), self.max_bytes)
            self._sessions[s.id] = s
            return s

    def _expire(self) -> None:
        now = self.clock()
        for sid in [k for k, s in self._sessions.items() if now - s.last_seen > self.ttl]:
            del self._sessions[sid]
