"""The engineering notes in docs/ cite real files and functions.

A page that names `core/jobs/lane.py` or `Lane.remaining()` sends the next engineer there; when a
module moves or a function is renamed, this test fails and names the page to update.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CODE_PACKAGES = ("bot", "core", "tools", "benchmarks")

_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
_PATH = re.compile(r"^(?:bot|core|tools|tests|benchmarks|config|docker|docs)/[\w./*-]*$")
# `name()` or `Owner.name()`, nothing after the parentheses, and CamelCase names such as
# `JobQueue`: references to our own code.
_CALLABLE = re.compile(r"^(?:([A-Za-z_]\w*)\.)?([A-Za-z_]\w*)\(\)$")
_CLASS = re.compile(r"^(?:[A-Z][a-z0-9]+){2,}$|^[A-Z]+[a-z]+[A-Z]\w*$")


def _pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def _cited(page: Path) -> list[str]:
    prose = _FENCE.sub("", page.read_text(encoding="utf-8"))
    return _INLINE.findall(prose)


@cache
def _defined_names() -> frozenset[str]:
    names: set[str] = set()
    pattern = re.compile(r"^\s*(?:async\s+def|def|class)\s+([A-Za-z_]\w*)", re.MULTILINE)
    for package in CODE_PACKAGES:
        for source in (ROOT / package).rglob("*.py"):
            names.update(pattern.findall(source.read_text(encoding="utf-8")))
    return frozenset(names)


def test_the_docs_folder_has_its_pages() -> None:
    names = {page.name for page in _pages()}
    assert {"README.md", "architecture.md", "intents.md", "queue.md"} <= names


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_every_file_path_a_page_cites_exists(page: Path) -> None:
    paths = [token for token in _cited(page) if _PATH.match(token)]
    missing = [path for path in paths if "*" not in path and not (ROOT / path).exists()]
    assert paths, f"{page.name} cites no file at all; is the pattern still right?"
    assert not missing, f"docs/{page.name} cites files that do not exist: {missing}"


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_every_page_a_page_links_to_exists(page: Path) -> None:
    links = [
        target for target in _LINK.findall(page.read_text(encoding="utf-8")) if "://" not in target
    ]
    missing = [target for target in links if not (page.parent / target).exists()]
    assert not missing, f"docs/{page.name} links to pages that do not exist: {missing}"


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_every_function_and_class_a_page_names_is_defined(page: Path) -> None:
    named: set[str] = set()
    for token in _cited(page):
        if call := _CALLABLE.match(token):
            owner, name = call.groups()
            named.add(name)
            if owner and owner[0].isupper():  # `Lane.remaining()`: the class too
                named.add(owner)
        elif _CLASS.match(token):
            named.add(token)
    unknown = sorted(name for name in named if name not in _defined_names())
    assert not unknown, (
        f"docs/{page.name} names functions or classes that no module in {CODE_PACKAGES} "
        f"defines: {unknown}"
    )


_OLD_NOTES = re.compile(r"\b(?:DESIGN|INTENTS|STYLE|DISCORD)\.md\b")
_SEARCHED = ("bot", "core", "tools", "tests", "benchmarks", "config", "docker")


def test_no_module_points_to_design_notes_outside_the_project() -> None:
    """The first design notes were never part of the repository; their content is in docs/. A
    mention of them is allowed only on a line that also names the docs/ page it became."""
    stale: list[str] = []
    files = [ROOT / "README.md"]
    for folder in _SEARCHED:
        for suffix in ("*.py", "*.md", "*.toml"):
            files += (ROOT / folder).rglob(suffix)
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _OLD_NOTES.search(line) and "docs/" not in line:
                stale.append(f"{path.relative_to(ROOT)}:{number}")
    assert not stale, f"point these to the page in docs/ instead: {stale}"


_WALK_HEADING = "## One `/imagine`, from the interaction to the progress edit"
# Files that steps 1 to 14 of that walk name today. Issue 21 asked for 20; the page says why the
# rest stay apart. A new hop shows up here first: fold it away or raise this with a reason.
_WALK_FILES_AT_MOST = 34
_CODE_FILE = re.compile(r"`((?:bot|core|tools)/[\w./-]+\.py)`")


def _walk_section() -> str:
    page = (DOCS / "architecture.md").read_text(encoding="utf-8")
    assert _WALK_HEADING in page, "architecture.md lost its /imagine walk"
    return page.split(_WALK_HEADING, 1)[1].split("\n## ", 1)[0]


def _walk_files(last_step: int) -> list[str]:
    files: list[str] = []
    for step in re.split(r"\n(?=\d+\. )", _walk_section()):
        number = re.match(r"(\d+)\. ", step)
        if number and int(number.group(1)) <= last_step:
            files += _CODE_FILE.findall(step)
    return list(dict.fromkeys(files))  # in the order first named


def test_the_imagine_walk_says_how_many_files_it_names_and_names_no_more_than_before() -> None:
    files = _walk_files(last_step=14)
    claimed = re.search(r"Steps 1 to 14 name (\d+) files", _walk_section())
    assert claimed, "the walk no longer says how many files it names"
    assert int(claimed.group(1)) == len(files), f"the page says {claimed.group(1)}: {files}"
    assert len(files) <= _WALK_FILES_AT_MOST, f"the walk grew to {len(files)} files: {files}"


@pytest.mark.parametrize("leg", ["Either way the media part", "The bot's part of the progress"])
def test_each_part_of_the_progress_leg_visits_a_file_once(leg: str) -> None:
    paragraph = _walk_section().split(leg, 1)[1].split("\n\n", 1)[0]
    files = _CODE_FILE.findall(paragraph)
    assert len(files) >= 3, f"the paragraph starting {leg!r} lost its files"
    assert len(files) == len(set(files)), f"a file is visited twice: {files}"
