"""Plain command-line values without Typer's pydantic adapters.

Recent Typer releases coerce every parameter through a pydantic ``TypeAdapter``:
importing pydantic and building the adapters costs more than everything
``jinsha check`` does on the bundled fact file. jinsha's options are plain text,
paths, flags and lists of those, which need no such machinery, so this module
gives those parameters a direct coercion with the same results: text stays text,
a path goes through Typer's own path checks (exists, readable, ...) as a
``Path``, a flag stays a bool. Anything else (numbers, choices, custom parsers,
values of an unexpected type) falls back to Typer's own coercion, unchanged.

With a Typer that has no such adapters (older releases), ``install`` does
nothing.

``resolve_annotations`` serves the same end: Typer reads each command's
signature several times, evaluating every string annotation each time (the
command line module uses postponed annotations); evaluating them once, before
Typer builds the commands, gives it the same objects for a fraction of the time.
"""

from __future__ import annotations

import sys
import typing
from pathlib import Path
from typing import Any

_FALLBACK = object()


class _PlainCoercion:
    """Coerce str, Path, bool and lists of them; delegate anything else."""

    def __init__(self, param: Any, kind: type, multiple: bool, build_fallback: Any) -> None:
        self.param = param
        self.kind = kind
        self.multiple = multiple
        self.build_fallback = build_fallback
        self.fallback: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        if multi == self.multiple:
            if not multi:
                result = self.one(value, param, ctx)
                if result is not _FALLBACK:
                    return result
            elif isinstance(value, (list, tuple)):
                items = [self.one(item, param, ctx) for item in value]
                if all(item is not _FALLBACK for item in items):
                    return items
        if self.fallback is None:
            self.fallback = self.build_fallback(param.type_descriptor)
        return self.fallback.coerce(value, param=param, ctx=ctx)

    def one(self, value: Any, param: Any, ctx: Any) -> Any:
        if self.kind is str:
            return value if isinstance(value, str) else _FALLBACK
        if self.kind is bool:
            return value if isinstance(value, bool) else _FALLBACK
        if isinstance(value, (str, Path)):
            from typer._param_types import coerce_cli_path

            info = param.type_descriptor.parameter_info
            path_type = info.path_type or self.kind
            return coerce_cli_path(Path(value), info, path_type=path_type, param=param, ctx=ctx)
        return _FALLBACK


def _plain_kind(descriptor: Any) -> tuple[type, bool] | None:
    """(element type, is a list) for the annotations handled here, else None."""
    info = descriptor.parameter_info
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return None
    if getattr(descriptor, "file_annotation", None) is not None:
        return None
    annotation = descriptor.annotation
    multiple = typing.get_origin(annotation) is list
    if multiple:
        args = typing.get_args(annotation)
        if len(args) != 1:
            return None
        annotation = args[0]
    if annotation in (str, bool, Path):
        if annotation is str and getattr(info, "path_type", None) is not None:
            return None
        return annotation, multiple
    return None


def install() -> None:
    """Route Typer parameters with plain annotations through ``_PlainCoercion``."""
    try:
        from typer import core
        from typer._coercion import build_runtime_param
    except ImportError:  # a Typer without pydantic adapters: nothing to do
        return
    parameter_class = getattr(core, "_TyperParameter", None)
    original = getattr(parameter_class, "get_runtime_param", None)
    if parameter_class is None or original is None or getattr(original, "_jinsha_plain", False):
        return

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            descriptor = getattr(self, "type_descriptor", None)
            plain = _plain_kind(descriptor) if descriptor is not None else None
            if plain is not None:
                self._runtime_param = _PlainCoercion(self, plain[0], plain[1], build_runtime_param)
        return original(self)

    get_runtime_param._jinsha_plain = True  # type: ignore[attr-defined]
    parameter_class.get_runtime_param = get_runtime_param


def resolve_annotations(app: Any) -> None:
    """Evaluate the annotations of every command of a Typer app, once."""
    if sys.version_info < (3, 11):  # get_type_hints then also adds Optional to None defaults
        return
    apps = [app]
    while apps:
        current = apps.pop()
        callbacks = [info.callback for info in current.registered_commands]
        if current.registered_callback is not None:
            callbacks.append(current.registered_callback.callback)
        for callback in callbacks:
            if callback is None:
                continue
            try:
                callback.__annotations__ = typing.get_type_hints(callback, include_extras=True)
            except Exception:  # leave it to Typer, which explains its own errors
                continue
        apps.extend(group.typer_instance for group in current.registered_groups if group.typer_instance)
