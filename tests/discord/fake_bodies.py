"""Request bodies as the fake Discord reads them: JSON, or a message with files (discord.py
sends `multipart/form-data`: the message as `payload_json`, each file as `files[N]`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class SentFile:
    filename: str
    content: bytes


async def read_body(request: web.Request) -> tuple[Any, list[SentFile]]:
    """The JSON body and the files sent with it (none for a plain JSON request)."""
    if request.content_type != "multipart/form-data":
        return (await request.json() if request.body_exists else None), []
    form = await request.post()  # aiohttp keeps it: every later call gets the same form
    body: Any = None
    files: list[SentFile] = []
    for key, value in form.items():
        if isinstance(value, web.FileField):
            value.file.seek(0)
            files.append(SentFile(value.filename, value.file.read()))
        elif key == "payload_json":
            body = json.loads(value if isinstance(value, str) else bytes(value).decode())
    return body, files


__all__ = ["SentFile", "read_body"]
