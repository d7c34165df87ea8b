"""The fake Slack's file uploads: files_upload_v2's flow (`files.getUploadURLExternal`,
the bytes posted to the URL it hands out, `files.completeUploadExternal` sharing them)."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web


@dataclass
class Upload:
    """A file through Slack's external upload: announced, its bytes sent, then shared."""

    filename: str
    length: int
    content: bytes | None = None  # once the bytes were posted to the upload URL
    title: str | None = None
    channel: str | None = None  # once files.completeUploadExternal shared it


class FileUploads:
    """Mixed into FakeSlack, which sets these and routes `/upload/{file_id}` here."""

    files: dict[str, Upload]
    channels: set[str]
    port: int
    _ts: itertools.count[int]

    async def _notify(self) -> None: ...

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL files.getUploadURLExternal hands out (no token: Slack signs it)."""
        upload = self.files.get(request.match_info["file_id"])
        if upload is None or upload.content is not None:
            return web.Response(status=404, text="unknown or used upload url")
        data = await request.read()
        if len(data) != upload.length:
            return web.Response(status=400, text="length mismatch")
        upload.content = data
        await self._notify()
        return web.Response(text="OK - " + str(len(data)))

    def _m_files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("filename") or not str(params.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ts):08d}"
        self.files[file_id] = Upload(str(params["filename"]), int(params["length"]))
        url = f"http://127.0.0.1:{self.port}/upload/{file_id}"
        return {"ok": True, "file_id": file_id, "upload_url": url}

    def _m_files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        raw = params.get("files") or "[]"
        items: list[dict[str, Any]] = json.loads(raw) if isinstance(raw, str) else list(raw)
        channel = params.get("channel_id")
        if channel is not None and str(channel) not in self.channels:
            return {"ok": False, "error": "channel_not_found"}
        shared = []
        for item in items:
            upload = self.files.get(str(item.get("id")))
            if upload is None or upload.content is None:
                return {"ok": False, "error": "file_not_found"}
            upload.title = item.get("title") or upload.filename
            upload.channel = str(channel) if channel else None
            shared.append({"id": item["id"], "name": upload.filename, "title": upload.title})
        return {"ok": True, "files": shared}
