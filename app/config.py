"""Settings, read once from the environment (prefix MEDVIRK_, plus DATABASE_URL)."""

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


def _local_secret() -> str:
    """A key made once per checkout (var/secret.key), for when MEDVIRK_SECRET_KEY is unset."""
    path = ROOT / "var" / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


class Settings(BaseSettings):
    """Everything that differs between a laptop, CI and production."""

    model_config = SettingsConfigDict(env_prefix="MEDVIRK_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{ROOT / 'var' / 'medvirk.db'}",
        validation_alias="DATABASE_URL",
    )
    surveys_dir: Path = ROOT / "surveys"
    secret_key: str = Field(default_factory=lambda: _local_secret())
    max_body_bytes: int = 256 * 1024
    max_comment_chars: int = 4000
    draft_ttl_days: int = 30
    base_url: str = "http://127.0.0.1:8000"
    # Connections per worker process: workers x (pool + overflow) must stay under PostgreSQL's
    # max_connections (100 by default), with room for migrations and psql.
    db_pool_size: int = 10
    db_max_overflow: int = 5
    db_pool_timeout: int = 30
    sqlite_busy_timeout_ms: int = 30000
    # A staff login ends after this long without a request.
    staff_idle_minutes: int = 12 * 60


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
