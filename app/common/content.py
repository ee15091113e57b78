"""Content files (survey definitions, worksheets, dilemma scenarios): YAML read into a pydantic
model, every problem reported as "file: field: problem", every text checked for its languages."""

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


# What a file held when it was last read, by (path, model, mtime, size): start-up checks every file,
# and a test suite starts the app hundreds of times; a changed file has a new mtime and is read again.
_parsed: dict[tuple[str, type, int, int], BaseModel] = {}


def read(path: Path, model: type[M], error: type[Exception]) -> M:
    """Parse one YAML file into `model`; a problem raises `error` naming file, field and problem."""
    try:
        stat = path.stat()
        key = (str(path), model, stat.st_mtime_ns, stat.st_size)
        if key in _parsed:
            return _parsed[key]  # type: ignore[return-value]
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise error(f"{path}: cannot read YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise error(f"{path}: (top level): expected a mapping")
    try:
        found = _parsed[key] = model.model_validate(raw)
        return found
    except ValidationError as exc:
        raise error("\n".join(
            f"{path}: {'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors())) from None


def read_named(path: Path, model: type[M], error: type[Exception]) -> M:
    """`read`, for a file whose `slug` must match its name."""
    found = read(path, model, error)
    slug = getattr(found, "slug")  # noqa: B009  (every named content model has one)
    if slug != path.stem:
        raise error(f"{path}: slug: '{slug}' must match the file name")
    return found


def texts(node: object, path: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """(dotted path, text) for every translated text in a model: a dict of language -> str."""
    if isinstance(node, BaseModel):
        for name, value in node:
            yield from texts(value, f"{path}.{name}" if path else name)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, f"{path}.{i}")
    elif isinstance(node, dict) and node and all(isinstance(v, str) for v in node.values()):
        yield path, node
    elif isinstance(node, dict):  # texts by key (e.g. a question per plan level)
        for key, value in node.items():
            yield from texts(value, f"{path}.{key}")


def check_languages(model: BaseModel, locales: list[str]) -> None:
    """Every text of the model in exactly these languages (a ValueError names the first that is not)."""
    for path, text in texts(model):
        missing = [loc for loc in locales if loc not in text]
        extra = [loc for loc in text if loc not in locales]
        if missing or extra:
            what = f"missing {missing}" if missing else f"unknown locales {extra}"
            raise ValueError(f"{path}: {what}")
