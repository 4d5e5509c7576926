"""Hostile `/show add file:` uploads through the emulator: whatever the name and the declared
type say, the bytes decide; a file that lies about its size stops downloading at the limit; each
refusal is shown only to the member, names the file, says what to do, and leaves no public trace
or job. (A file within the byte limit that decodes to more text than a synopsis may hold is
refused by core's option check, which tests/fuzz covers.)"""

from __future__ import annotations

from tests.e2e.emulator.model import Attachment
from tests.e2e.harness import Studio

LIMIT = 1024 * 1024  # limits.max_text_attachment_bytes, the default


async def test_hostile_uploads_are_refused_privately_with_what_to_do(studio: Studio) -> None:
    emu = studio.emu
    opening = b"A perfectly ordinary opening line of a synopsis.\n" * 200
    cases: list[tuple[Attachment, tuple[str, ...]]] = [
        (emu.upload("poster.txt", b"\x89PNG\r\n\x1a\n" + bytes(512)), ("poster.txt", "binary")),
        (
            emu.upload("story.txt", "\ufeffA fox in the snow.".encode("utf-16-le")),
            ("story.txt", "binary"),
        ),
        (emu.upload("cjk.txt", "\ufeff狐狸的故事".encode("utf-16-le")), ("cjk.txt", "UTF-8")),
        (emu.upload("sneaky.txt", opening + bytes(64)), ("sneaky.txt", "binary")),
        (
            emu.upload("liar.txt", b"Six friends. " * (3 * LIMIT // 13), declared_size=100),
            ("liar.txt", "bigger than the 1.0 MiB limit"),
        ),
        (
            emu.upload("octet.txt", b"plain text", content_type="application/octet-stream"),
            ("octet.txt", "not text"),
        ),
    ]
    for upload, expected in cases:
        interaction = await emu.invoke("bob", "show add", title="Hostile", file=upload)
        (reply,) = await emu.wait_answered(interaction, timeout=20)
        assert reply.ephemeral and reply.visible_to == emu.user("bob").id, reply.content
        for words in expected:
            assert words in reply.content, reply.content
        assert ".txt" in reply.content or "shorter" in reply.content, reply.content
    assert studio.jobs.submitted == []
    assert [m for m in emu.visible(emu.general) if m.author.bot] == []
