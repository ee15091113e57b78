"""The one way to touch the database: read sessions, and units of work that commit once.

- A route declares what it does: `ReadSession` (never writes) or `WriteSession` (one transaction,
  committed when the route function returns, before the response is sent; rolled back when it
  raises). Code outside a request uses `read_only()` and `unit_of_work()` the same way.
- Services and helpers only flush. `unit_of_work()` holds the app's only `commit()`.
- An idempotent retry that expects an IntegrityError runs its insert inside `savepoint()`.
- SQLite: a write transaction starts with BEGIN IMMEDIATE and waits on SQLite's busy timeout, so
  writers in any number of threads or worker processes queue on the database itself. A
  transaction begins at its first statement, so slow work (password hashing, parsing an upload,
  laying out a PDF) done before that statement holds no lock. Within a process, writers take
  turns on a lock held from that BEGIN to the COMMIT (see `_SQLiteConnection`).
"""

import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from anyio import CapacityLimiter, to_thread
from fastapi import Depends
from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session, create_engine

from app.config import get_settings


class ReadOnlyViolation(RuntimeError):
    """A read session was asked to write: a bug in the code, not in the input."""


def make_engine(url: str) -> Engine:
    """Build an engine tuned for the database behind the URL, with a pool sized from settings.

    hide_parameters: a database error in a log never prints what a person typed.
    """
    settings = get_settings()
    pool = {"pool_size": settings.db_pool_size, "max_overflow": settings.db_max_overflow,
            "pool_timeout": settings.db_pool_timeout}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "factory": _SQLiteConnection},
                               hide_parameters=True, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        _end_turn_with_transaction(engine.dialect)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **pool)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy own transactions, so the BEGIN below decides how each one starts.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={get_settings().sqlite_busy_timeout_ms}")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # A writer takes the write lock up front: a deferred transaction that reads first and writes
    # later can fail at once (SQLITE_BUSY_SNAPSHOT) instead of waiting its turn.
    if not conn.get_execution_options().get("writer", False):
        conn.exec_driver_sql("BEGIN")
        return
    dbapi = conn.connection.driver_connection
    dbapi.take_turn()
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        dbapi.end_turn()
        raise


_TURNS: dict[str, threading.Lock] = {}  # per database file, in this process


class _SQLiteConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions take turns within this process.

    SQLite's busy handler makes a waiting writer sleep and retry, up to 100 ms at a time, so
    with many threads the write lock often sits free while they sleep, and an unlucky writer
    waits for seconds. Here a writer waits on a lock instead, held from BEGIN IMMEDIATE until
    its COMMIT or ROLLBACK, and the next one starts the moment it is released. Worker processes
    still queue on SQLite's own lock, one writer per process at a time.
    """

    def __init__(self, database: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._turn = _TURNS.setdefault(str(database), threading.Lock())
        self._has_turn = False

    def take_turn(self) -> None:
        # Bounded like SQLite's own wait: after it, SQLite's busy timeout has the last word.
        self._has_turn = self._turn.acquire(timeout=get_settings().sqlite_busy_timeout_ms / 1000)

    def end_turn(self) -> None:
        if self._has_turn:  # released by whichever thread ends the transaction
            self._has_turn = False
            self._turn.release()


def _end_turn_with_transaction(dialect: Any) -> None:
    """Hand the write turn on right after the dialect commits, rolls back or closes a connection
    (however a transaction ends: unit of work, pool reset, invalidation)."""
    for name in ("do_commit", "do_rollback", "do_close"):
        step = getattr(dialect, name)

        def ended(dbapi_connection: Any, step: Callable[[Any], None] = step) -> None:
            try:
                step(dbapi_connection)
            finally:
                dbapi_connection.end_turn()

        setattr(dialect, name, ended)  # this engine's dialect only


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine."""
    return make_engine(get_settings().database_url)


@lru_cache
def writer_engine() -> Engine:
    """The same pool, for transactions that write (on SQLite they BEGIN IMMEDIATE)."""
    return get_engine().execution_options(writer=True)


def _refuse_writes(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise ReadOnlyViolation("a read session may not write; declare a WriteSession")


def _refuse_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise ReadOnlyViolation("a read session may not write; declare a WriteSession")


class _ReadOnlySession(Session):
    """A session whose every write raises ReadOnlyViolation (the listeners below)."""


# On the class, once: listeners added to each session cost every request a few percent.
event.listen(_ReadOnlySession, "do_orm_execute", _refuse_writes)
event.listen(_ReadOnlySession, "before_flush", _refuse_flush)


def is_read_only(session: Session) -> bool:
    """Whether this session came from `read_only()` (a ReadSession)."""
    return isinstance(session, _ReadOnlySession)


@contextmanager
def read_only() -> Iterator[Session]:
    """A session that only reads; any write through it raises ReadOnlyViolation."""
    with _ReadOnlySession(get_engine(), autoflush=False) as session:
        yield session


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One write transaction: committed when the block ends, rolled back when it raises."""
    with Session(writer_engine(), expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        session.commit()  # the only commit in the app (tests/test_architecture.py)


@contextmanager
def savepoint(session: Session) -> Iterator[None]:
    """Run a block that may fail (an idempotent insert) without losing the rest of the transaction."""
    with session.begin_nested():
        yield


@lru_cache
def _exit_limiter() -> CapacityLimiter:
    # The end of a request (commit, give the connection back) gets threads of its own: were it to
    # queue behind route threads that wait for a pooled connection, nothing would ever be given back.
    settings = get_settings()
    return CapacityLimiter(settings.db_pool_size + settings.db_max_overflow)


class _RequestEnd:
    """How a request's session ends (commit or roll back, give the connection back), once: in the
    thread that ran the route when the route took the session itself (`end_route_sessions`), else
    in a thread of its own when the dependency closes."""

    def __init__(self, scope: AbstractContextManager[Session]) -> None:
        self.scope, self.done = scope, False

    def __call__(self, exc: BaseException | None) -> None:
        if not self.done:
            self.done = True
            self.scope.__exit__(*((None, None, None) if exc is None else (type(exc), exc, exc.__traceback__)))


_END = "medvirk.request_end"  # Session.info key


def end_route_sessions(arguments: dict[str, Any], exc: BaseException | None) -> None:
    """End the request sessions among a plain-def route's arguments, in the route's own thread, as
    the route returns or raises: a thread hand-off per request fewer (a tenth of a page's time)."""
    for value in arguments.values():
        if isinstance(value, Session) and _END in value.info:
            value.info[_END](exc)


def _request_session(
    open_scope: Callable[[], AbstractContextManager[Session]],
) -> Callable[[], AsyncIterator[Session]]:
    """A FastAPI dependency that yields a session of `open_scope` for one request."""

    async def dependency() -> AsyncIterator[Session]:
        # Opening a session does no I/O (the connection comes with the first statement): no thread.
        scope = open_scope()
        end = _RequestEnd(scope)
        session = scope.__enter__()
        session.info[_END] = end
        try:
            yield session
        except BaseException as exc:
            if not end.done:
                await to_thread.run_sync(end, exc, limiter=_exit_limiter())
            raise
        if not end.done:
            await to_thread.run_sync(end, None, limiter=_exit_limiter())

    return dependency


read_session = _request_session(read_only)  # behind ReadSession
write_session = _request_session(unit_of_work)  # behind WriteSession


ReadSession = Annotated[Session, Depends(read_session)]
# scope="function": the commit runs when the route function returns, before the response is sent,
# so a client never sees a success for a transaction that then failed.
WriteSession = Annotated[Session, Depends(write_session, scope="function")]


# ---- the hot path ---------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _for_driver(stmt: Any, dialect: Any) -> tuple[str, dict[str, Callable[[Any], Any]]]:
    """A statement's SQL for the driver's own named parameters, and the type conversions of its
    parameters (e.g. a datetime as SQLite stores it), worked out once per database."""
    if dialect.name == "sqlite":
        dialect = type(dialect)(paramstyle="named")  # sqlite3 takes :name parameters from a dict
    compiled = stmt.compile(dialect=dialect)
    processors = {name: p for name, bind in compiled.binds.items()
                  if (p := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None}
    return compiled.string, processors


def execute_on_driver(conn: Any, stmt: Any, params: dict[str, Any] | list[dict[str, Any]]) -> Any:
    """Run a Core statement straight on the driver's cursor in the connection's transaction; returns
    the cursor. For the submit path only: it skips SQLAlchemy's per-call work (cache lookup,
    parameter processing, result objects), so every parameter must be given, by name."""
    sql, processors = _for_driver(stmt, conn.dialect)

    def converted(p: dict[str, Any]) -> dict[str, Any]:
        return {k: processors[k](v) if k in processors else v for k, v in p.items()} if processors else p

    cursor = conn.connection.driver_connection.cursor()
    driver_error = conn.dialect.loaded_dbapi.Error
    try:
        if isinstance(params, list):
            cursor.executemany(sql, [converted(p) for p in params])
        else:
            cursor.execute(sql, converted(params))
    except driver_error as error:  # as SQLAlchemy would raise it (IntegrityError, ...), values hidden
        raise DBAPIError.instance(sql, None, error, driver_error, hide_parameters=True,
                                  dialect=conn.dialect) from error
    return cursor
