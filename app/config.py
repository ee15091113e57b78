"""Settings, read once from the environment (prefix MEDVIRK_, plus DATABASE_URL)."""

import multiprocessing
import secrets
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE = Path(str(files("app")))  # app/: code and templates
_SHIPPED = PACKAGE / "_data"  # the wheel puts static/, locales/, surveys/ and migrations/ here
INSTALLED = _SHIPPED.is_dir()
# The folder that holds static/, locales/, surveys/ and migrations/: the copy shipped inside the
# installed package, or the top of the source checkout (an editable install, tests, `make run`).
ROOT = _SHIPPED if INSTALLED else PACKAGE.parent


def _default_var_dir() -> Path:
    # An installed package writes nothing into site-packages: var/ lives where it is started.
    return Path.cwd() / "var" if INSTALLED else ROOT / "var"


def _local_secret(var_dir: Path) -> str:
    """A key made once per machine (var/secret.key), for development when MEDVIRK_SECRET_KEY is unset."""
    path = var_dir / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


class Settings(BaseSettings):
    """Everything that differs between a laptop, CI and production."""

    model_config = SettingsConfigDict(env_prefix="MEDVIRK_", env_file=".env", extra="ignore")

    env: Literal["development", "production"] = "development"
    var_dir: Path = Field(default_factory=_default_var_dir)
    database_url: str = Field(default="", validation_alias="DATABASE_URL")
    surveys_dir: Path = ROOT / "surveys"
    toolbox_dir: Path = ROOT / "toolbox"  # worksheets, funding schemes, dilemma scenarios
    # Empty means: development makes one in var/secret.key; production refuses to start.
    secret_key: str = ""
    max_body_bytes: int = 256 * 1024
    max_comment_chars: int = 4000
    draft_ttl_days: int = 30
    # New drafts one client address may start per hour (a school network is one address: raise it
    # for a campaign run in classrooms); beyond it the resident form answers 429.
    drafts_per_hour: int = Field(default=60, ge=1)
    # The address residents and politicians reach: every QR code, poster, CSV and shared link.
    base_url: str = "http://127.0.0.1:8000"
    # Proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed; uvicorn
    # itself never rewrites the peer (--no-proxy-headers).
    trusted_proxies: str = ""
    # Worker processes `medvirk serve` starts (uvicorn's WEB_CONCURRENCY is read too).
    workers: int = Field(default=1, ge=1, validation_alias=AliasChoices("MEDVIRK_WORKERS", "WEB_CONCURRENCY"))
    # Connections per worker process: workers x (pool + overflow) must stay under PostgreSQL's
    # max_connections (100 by default), with room for migrations and psql.
    db_pool_size: int = 10
    db_max_overflow: int = 5
    db_pool_timeout: int = 30
    sqlite_busy_timeout_ms: int = 30000
    # argon2 cost of staff passwords: pwdlib's recommended one everywhere except the test suite,
    # which sets "minimal" (tests/conftest.py) so its many logins take microseconds, not a second.
    argon2_cost: Literal["recommended", "minimal"] = "recommended"
    # How often each worker checks whether public results may move on (0: never, e.g. in tests).
    release_every_seconds: int = 300
    # A staff login ends after this long without a request.
    staff_idle_minutes: int = 12 * 60
    # Days an API token lasts when its maker names none (at most 366).
    token_days: int = 90
    # Strict-Transport-Security max-age, sent on every response when MEDVIRK_BASE_URL is https://
    # (browsers ignore it over plain http); 0 turns it off.
    hsts_seconds: int = 31536000
    # "text" or "json" (one object a line); neither ever holds addresses, tokens or codes.
    log_format: Literal["text", "json"] = "text"
    log_level: str = "info"
    # On SIGTERM requests in flight get this long to finish before the process exits.
    shutdown_grace_seconds: int = 30

    @model_validator(mode="after")
    def _fill_defaults(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{self.var_dir / 'medvirk.db'}"
        if not self.secret_key and self.env != "production":
            self.secret_key = _local_secret(self.var_dir)
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def several_processes(settings: Settings) -> bool:
    """Whether this app runs in more than one worker process (as far as it can tell)."""
    # uvicorn --workers N spawns each worker with multiprocessing; a single worker runs in the
    # main process. gunicorn and friends fork without multiprocessing: they must set WEB_CONCURRENCY.
    spawned = multiprocessing.parent_process() is not None
    return settings.workers > 1 or spawned


def production_problems(settings: Settings, *, workers: int | None = None) -> list[str]:
    """Why this configuration must not serve in production; empty when it may (or in development)."""
    if settings.env != "production":
        return []
    problems = []
    if not settings.secret_key:
        problems.append("MEDVIRK_SECRET_KEY is not set: every host must share one secret (at least "
                        "32 characters), or logins and forms break behind a load balancer.")
    elif len(settings.secret_key) < 32:
        problems.append("MEDVIRK_SECRET_KEY is shorter than 32 characters.")
    several = workers > 1 if workers is not None else several_processes(settings)
    if settings.is_sqlite and several:
        problems.append("SQLite serves one worker process on one host: use one worker, or PostgreSQL "
                        "(DATABASE_URL=postgresql+psycopg://...) for several.")
    if settings.argon2_cost != "recommended":
        problems.append("MEDVIRK_ARGON2_COST=minimal is for the test suite: staff passwords need the "
                        "recommended cost.")
    if "base_url" not in settings.model_fields_set:
        problems.append("MEDVIRK_BASE_URL is not set: QR codes, posters and shared links would point "
                        f"at {settings.base_url}.")
    return problems


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
