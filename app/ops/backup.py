"""Backups: SQLite's online backup API (safe while the app runs); pg_dump for PostgreSQL, restored
with pg_restore and psql in one transaction."""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def default_path(database_url: str, folder: Path) -> Path:
    """var/backups/medvirk-<UTC time>.<sqlite3|pgdump>."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    ext = "sqlite3" if database_url.startswith("sqlite") else "pgdump"
    return folder / "backups" / f"medvirk-{stamp}.{ext}"


def _sqlite_path(database_url: str) -> Path:
    path = make_url(database_url).database
    if not path or path == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(path)


def _pg_env(database_url: str) -> tuple[list[str], dict[str, str]]:
    """libpq arguments for the URL; the password travels in the environment, not the process list."""
    url = make_url(database_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    args = [f"--dbname={url.database}"]
    args += [f"--host={url.host}"] if url.host else []
    args += [f"--port={url.port}"] if url.port else []
    args += [f"--username={url.username}"] if url.username else []
    for key, value in url.query.items():  # sslmode=require and friends
        env[f"PG{key.upper()}"] = str(value)
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"`{name}` is not installed: on Debian `apt-get install postgresql-client` "
                          "(its major version at least the server's).")
    return found


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run(command, check=False, **kwargs)  # type: ignore[call-overload]  # noqa: S603 (no shell)


def backup(database_url: str, target: Path) -> Path:
    """Write a consistent copy of the database to `target` (which must not exist yet)."""
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        if database_url.startswith("sqlite"):
            source = sqlite3.connect(_sqlite_path(database_url))
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)  # page by page, consistent, while others read and write
            finally:
                copy.close()
                source.close()
        else:
            args, env = _pg_env(database_url)
            done = _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                                   f"--file={partial}", *args], env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        partial.rename(target)  # a file under the final name is always complete
    finally:
        partial.unlink(missing_ok=True)
    return target


def _kind(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a Medvirk backup (neither a SQLite file nor a pg_dump archive).")


def _check_sqlite_backup(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is damaged (SQLite integrity_check failed).")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    if "alembic_version" not in tables:
        raise BackupError(f"{path} is a SQLite file but not a Medvirk database.")


def restore(database_url: str, source: Path) -> None:
    """Replace everything in the database with the backup (stop the app first)."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    kind, wanted = _kind(source), "sqlite" if database_url.startswith("sqlite") else "postgresql"
    if kind != wanted:
        raise BackupError(f"{source} is a {kind} backup, but the configured database is {wanted}.")
    if kind == "sqlite":
        _check_sqlite_backup(source)
        target = _sqlite_path(database_url)
        target.parent.mkdir(parents=True, exist_ok=True)
        backup_conn, live = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(target)
        try:
            backup_conn.backup(live)  # under the database's write lock: all or nothing
        finally:
            live.close()
            backup_conn.close()
        return
    args, env = _pg_env(database_url)
    script = _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)],
                            capture_output=True)
    if script.returncode != 0 or b"alembic_version" not in script.stdout:
        raise BackupError(f"{source} is not a readable Medvirk pg_dump archive.")
    # One transaction: drop every table (a newer schema may have more than the backup), then load.
    done = _run([_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction",
                           "--set=ON_ERROR_STOP=1", *args], input=_DROP_ALL + script.stdout,
                          env=env, capture_output=True)
    if done.returncode != 0:
        raise BackupError(f"Restore failed, nothing changed: {done.stderr.decode(errors='replace').strip()}")


_DROP_ALL = b"""DO $$ DECLARE t record; BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', t.tablename);
  END LOOP;
END $$;
"""
