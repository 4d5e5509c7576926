"""A French member on the real composition root (the real orchestrator, the analyzer, the
per-server limits): the commands Discord lists for them are French, and the bot's questions and
refusals come back in French, whether they use a slash command (Discord sends their locale) or
write in a studio thread (the bot reads the language of the message)."""

from __future__ import annotations

from pathlib import Path

from bot.wiring import build_services
from tests.e2e.conftest import StudioFactory
from tests.e2e.emulator import Interaction
from tests.e2e.harness import Studio
from tests.e2e.test_full_stack import _settings
from tests.e2e.test_jobs import start_job


async def test_a_french_member_is_answered_in_french(
    make_studio: StudioFactory, tmp_path: Path
) -> None:
    studio = await make_studio(factory=build_services, overrides=_settings(tmp_path))
    emu = studio.emu

    # what Discord lists: French names and descriptions (the emulator checks Discord's rules)
    imagine = emu.command("imagine")
    assert imagine["name_localizations"]["fr"] == "imaginer"
    assert imagine["description_localizations"]["fr"].startswith("Créer une image")
    show_add = next(o for o in emu.command("show")["options"] if o["name"] == "add")
    assert show_add["name_localizations"]["pt-BR"] == "adicionar"

    # a refusal from the server's own limits, in the member's Discord language
    (saved,) = await emu.wait_answered(
        await emu.invoke("alice", "admin limits", setting="max_count", value="2")
    )
    assert "max_count" in saved.text()
    french = await emu.invoke("bob", "imagine", locale="fr", prompt="un renard", count=3)
    (refused,) = await emu.wait_answered(french)
    assert refused.ephemeral
    assert refused.content == (
        "⚠️ Ce serveur autorise au plus 2 image(s) par demande ; mettez nombre à 2 ou moins."
    )
    english = await emu.invoke("carol", "imagine", prompt="a fox", count=3)
    (refused_en,) = await emu.wait_answered(english)
    assert refused_en.content.startswith("⚠️ This server allows at most 2 image(s)")

    # in a studio thread there is no locale: the message's own language decides
    opener = await emu.post("bob", emu.general, "studio")
    thread = emu.new_thread(opener, "studio")
    studio.client.threads.add(thread.id, guild_id=thread.guild_id, parent_id=emu.general.id)
    await emu.post("bob", thread, "réinvente Friends")
    question = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if m.author.bot), None),
        timeout=60,
        what="the bot's question",
    )
    assert question.content.startswith(
        "🤔 Pour réinventer une série dans un nouveau cadre, il me manque encore :"
    )
    assert "quel nouveau cadre ?" in question.content
    assert "Répondez ici avec ce qui manque." in question.content

    # an English speaker in a thread of their own is asked in English
    opener_en = await emu.post("carol", emu.general, "studio too")
    thread_en = emu.new_thread(opener_en, "studio too")
    studio.client.threads.add(thread_en.id, guild_id=thread.guild_id, parent_id=emu.general.id)
    await emu.post("carol", thread_en, "reimagine Friends")
    asked_en = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread_en) if m.author.bot), None),
        timeout=60,
        what="the question to the English speaker",
    )
    assert asked_en.content.startswith("🤔 To re-imagine a show in a new setting I still need:")


async def test_a_confirmation_and_its_buttons_speak_each_members_language(studio: Studio) -> None:
    """The question follows the language of the message; each click is answered in the language
    of the member who clicked (their Discord locale)."""
    emu = studio.emu
    _, thread, _ = await start_job(studio)
    await emu.post("bob", thread, "maybe un chat qui dort sur le toit")
    question = await emu.wait_until(
        lambda: next((m for m in emu.visible(thread) if "Vouliez-vous" in m.text()), None),
        what="the French question",
    )
    assert question.embeds[0]["title"] == "Vouliez-vous : créer une image ?"
    assert [b["label"] for row in question.components for b in row["components"]] == [
        "Lancer",
        "Modifier",
        "Annuler",
    ]
    run, _edit, cancel = question.custom_ids
    (not_yours,) = await emu.wait_answered(await emu.click("carol", question, run, locale="de"))
    assert not_yours.ephemeral
    assert not_yours.content == "⛔ Nur die Person, die gefragt hat, kann darauf antworten."
    await emu.click("bob", question, cancel, locale="fr")
    await emu.wait_until(
        lambda: emu.messages[question.id].content == "D'accord, je ne le ferai pas.",
        what="the French cancellation",
    )


async def test_an_out_of_date_command_is_explained_in_the_members_language(studio: Studio) -> None:
    """Right after an update a member's app may still send the old shape of a command (here
    /imagine without its prompt): the bot says so in their language, before anything runs."""
    emu = studio.emu
    member = emu.user("bob")
    data = {"id": emu.command("imagine")["id"], "name": "imagine", "type": 1, "options": []}
    payload = emu._base_interaction(2, member, emu.general, data, "pt-BR")
    record = Interaction(
        id=int(payload["id"]),
        token=payload["token"],
        type=2,
        user_id=member.id,
        guild_id=emu.guild.id,
        channel_id=emu.general.id,
        data=data,
        name="imagine (old shape)",
    )
    (answer,) = await emu.wait_answered(await emu._dispatch_interaction(payload, record))
    assert answer.ephemeral
    assert answer.content.startswith("🔄 `/imagine` acabou de ser atualizado")
    assert studio.commands.calls == []  # nothing ran


def test_the_emulator_refuses_localisations_discord_would_refuse() -> None:
    from tests.e2e.emulator.limits import command_problems

    command = {
        "name": "imagine",
        "description": "Make an image",
        "name_localizations": {"fr": "Imaginer Vite", "xx": "imaginer"},
        "description_localizations": {"de": ""},
        "options": [],
    }
    problems = command_problems([command])
    assert any("bad fr name 'Imaginer Vite'" in p for p in problems)
    assert any("unknown locale 'xx'" in p for p in problems)
    assert any("bad de description" in p for p in problems)
