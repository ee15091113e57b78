"""Database engine and sessions; SQLite gets WAL and foreign keys, PostgreSQL a pool."""

import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from fastapi import Request
from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from app.config import get_settings


def make_engine(url: str) -> Engine:
    """Build an engine tuned for the database behind the URL."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "commit", _sqlite_end)
        event.listen(engine, "rollback", _sqlite_end)
        return engine
    return create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # Let SQLAlchemy own transactions, so BEGIN IMMEDIATE below takes the write lock up front
    # and concurrent writers queue on busy_timeout instead of failing with "database is locked".
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


# SQLite has one writer at a time. Writer threads of this process queue on this lock instead of
# SQLite's busy handler, which sleeps in growing steps and wastes most of the time under load.
_WRITE_LOCK = threading.Lock()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # Writers take the lock at BEGIN so they wait their turn; readers stay concurrent.
    if conn.get_execution_options().get("writer", False):
        if not _WRITE_LOCK.acquire(timeout=30):
            raise TimeoutError("waited 30 s for the SQLite write lock")
        conn.info["holds_write_lock"] = True
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            _sqlite_end(conn)
            raise
    else:
        conn.exec_driver_sql("BEGIN")


def _sqlite_end(conn) -> None:  # type: ignore[no-untyped-def]
    if conn.info.pop("holds_write_lock", False):
        _WRITE_LOCK.release()


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine."""
    return make_engine(get_settings().database_url)


@lru_cache
def writer_engine() -> Engine:
    """The engine for transactions that write (on SQLite they BEGIN IMMEDIATE)."""
    return get_engine().execution_options(writer=True)


def get_session(request: Request) -> Iterator[Session]:
    """FastAPI dependency: one session per request; services commit."""
    reading = request.method in ("GET", "HEAD", "OPTIONS")
    with Session(get_engine() if reading else writer_engine()) as session:
        yield session
