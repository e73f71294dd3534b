"""Every kind of file an editor may point factcheck at (issue 8, parts 1 and 4).

One real `factcheck check` run over a folder of awkward files: each gets a correct
check or exactly one line on stderr naming the file and the reason; the run exits
2 and still reports every readable story; and nothing in the folder is changed.
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import re
import stat
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import factcheck_exe, report_of, run_factcheck
from factcheck.files import write_atomic

STORY = "Officials said at least 700 civilians were evacuated from the old city.\n"
MAX_BYTES = 1_000_000
TWO_MB_BUDGET = 120         # seconds for a 2 MB story on one line: a fuse against a hang (about 25 s here)


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:t>At least 700 civilians</w:t>")
    return out.getvalue()


def _noise() -> bytes:
    """Compressed-looking bytes without a single NUL: not text, though Windows-1252 could decode it."""
    rnd = random.Random(8)
    return bytes(rnd.choice([b for b in range(1, 256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)])
                 for _ in range(4096))


# name -> (bytes, what the one stderr line must say). Named on the command line, as an
# editor would name "draft.docx"; a folder walk only takes story suffixes.
REFUSED = {
    "empty.txt": (b"", "empty file"),
    "blank.md": (b" \n\t \r\n\n", "only blank space"),
    "nul.txt": (STORY.encode()[:20] + b"\x00" + STORY.encode()[20:], "contains NUL bytes"),
    "utf16-without-bom.txt": (STORY.encode("utf-16-le"), "save it with a byte-order mark"),
    "photo.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "a PDF document"),
    "draft.docx": (_zip(), "a ZIP archive or Office document"),
    "draft.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "an old Word or Office document"),
    "draft.rtf": (b"{\\rtf1\\ansi At least 700 civilians were evacuated.}", "an RTF document"),
    "stories.txt.gz": (gzip.compress(STORY.encode()), "a gzip archive"),
    "noise.txt": (_noise(), "control bytes"),
    "bad-bom.txt": (codecs.BOM_UTF8 + b"At least 700 \xff\xfe people", "starts with a UTF-8 mark but is not UTF-8"),
    "huge.txt": (STORY.encode() * (MAX_BYTES // len(STORY) + 1), "over the limit of 1,000,000 bytes (--max-bytes)"),
}

# name -> (bytes, how to decode them back, a figure the report must find). Offsets,
# lines and columns are checked against the decoded text for every claim and date.
CHECKED = {
    "utf16-le.txt": (codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"), "utf-16", "at least 700"),
    "utf16-be.md": (codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"), "utf-16", "at least 700"),
    "utf32.txt": (codecs.BOM_UTF32_LE + STORY.encode("utf-32-le"), "utf-32", "at least 700"),
    "windows-1252.txt": ("Caf\u00e9 owners said \u201cat least 700\u201d people left.\n".encode("cp1252"),
                         "cp1252", "at least 700"),
    "mixed-endings.txt": (b"Raqqa evacuation\r\nOfficials spoke on Tuesday.\rThey said at least 700 "
                          b"civilians left.\nAnother 4,000 remain.\r\n", "utf-8", "4,000"),
    "old-mac.md": (b"# Raqqa\r\rThey said at least 700 civilians left.\r\r```\rcode 9123\r```\r\r"
                   b"Another 4,000 remain.\r", "utf-8", "4,000"),
    "form-feed.md": (b"Intro\x0c still the intro.\n\n```\ncode 9123\n```\n\nAnother 4,000 remain.\n",
                     "utf-8", "4,000"),
    "deeply-nested.html": (b"<div>" * 20000 + b"<p>They said at least 700 civilians left.", "utf-8",
                           "at least 700"),
    "unclosed.html": (b"<html><body><p>They said at least 700 civilians left <b>and <i>4,000 <a href='x",
                      "utf-8", "at least 700"),
    "huge-table.md": (("They said at least 700 civilians left.\n\n| Region | Families |\n|---|---|\n"
                       + "".join(f"| District {i} | {i * 7} |\n" for i in range(2000))).encode(),
                      "utf-8", "at least 700"),
    "name with spaces – Raqqa café.md": (STORY.encode(), "utf-8", "at least 700"),
}
WRAPPER = {"name with spaces – Raqqa café.md"}   # nothing special but its name


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = re.split(r"\r\n|\r|\n", text[:offset])
    return len(before), len(before[-1]) + 1


def _snapshot(folder: Path) -> dict[str, tuple[bytes | str | int, int]]:
    """Every entry under `folder` with its bytes (or link target) and modification time."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            st = path.lstat()
            body = os.readlink(path) if stat.S_ISLNK(st.st_mode) else \
                path.read_bytes() if stat.S_ISREG(st.st_mode) else stat.S_IFMT(st.st_mode)
            out[str(path.relative_to(folder))] = (body, st.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The stories folder, its snapshot before the run, the run, and the snapshot after."""
    folder = tmp_path_factory.mktemp("newsroom")
    stories = folder / "stories"
    stories.mkdir()
    for name, (data, *_rest) in {**REFUSED, **CHECKED}.items():
        (stories / name).write_bytes(data)
    (stories / "broken.txt").symlink_to("deleted-story.txt")
    (stories / "self-loop.txt").symlink_to("self-loop.txt")
    (stories / "loop").symlink_to(".", target_is_directory=True)        # a folder that contains itself
    os.mkfifo(stories / "pipe.txt")                                      # reading it would block forever
    (stories / "ignored.png").write_bytes(b"\x89PNG\r\n\x1a\n")          # not a story suffix: not taken
    raw_name = os.fsencode(stories) + b"/caf\xe9-latin1-name.txt"       # a name that is not UTF-8
    with open(raw_name, "wb") as fh:
        fh.write(STORY.encode())
    before = _snapshot(folder)
    named = [str(stories / n) for n in REFUSED if not n.endswith((".txt", ".md"))]
    missing = str(stories / "missing.txt")
    report, proc = report_of(str(stories), *named, missing, "--max-bytes", str(MAX_BYTES),
                             "--no-cache", cwd=str(tmp_path_factory.mktemp("elsewhere")))
    return stories, report, proc, before, _snapshot(folder), missing


def _error_lines(proc) -> list[str]:
    return [line for line in proc.stderr.decode("utf-8", "replace").splitlines()
            if line.startswith("factcheck: error: ")]


def test_run_exits_2_without_a_traceback(run):
    stories, report, proc, *_ = run
    assert proc.returncode == 2, proc.stderr
    assert b"Traceback" not in proc.stderr


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_file_gets_one_line_naming_it_and_the_reason(run, name):
    stories, report, proc, *_ = run
    reason = REFUSED[name][1]
    lines = [line for line in _error_lines(proc) if line.startswith(f"factcheck: error: {stories / name}: ")]
    assert len(lines) == 1 and reason in lines[0], _error_lines(proc)
    assert str(stories / name) not in [d["path"] for d in report["documents"]]


@pytest.mark.parametrize("name, reason", [
    ("missing.txt", "no such file"),
    ("broken.txt", "broken symbolic link (points to deleted-story.txt"),
    ("self-loop.txt", "cannot read: Too many levels of symbolic links"),
])
def test_missing_and_broken_links_are_named(run, name, reason):
    stories, report, proc, *_ = run
    lines = [line for line in _error_lines(proc) if line.startswith(f"factcheck: error: {stories / name}: ")]
    assert len(lines) == 1 and reason in lines[0], _error_lines(proc)


def test_every_error_line_is_accounted_for(run):
    stories, report, proc, *_ = run
    assert len(_error_lines(proc)) == len(REFUSED) + 3 == report["summary"]["unreadable"]
    assert "pipe.txt" not in proc.stderr.decode() and "ignored.png" not in proc.stderr.decode()


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_readable_story_is_checked_with_exact_offsets(run, name):
    stories, report, proc, *_ = run
    data, encoding, figure = CHECKED[name]
    text = data.decode(encoding)
    docs = [d for d in report["documents"] if d["path"] == str(stories / name)]
    assert len(docs) == 1, [d["path"] for d in report["documents"]]
    claims = docs[0]["claims"]
    assert any(c["text"] == figure or c["text"].endswith(" " + figure) for c in claims), claims
    assert not [c for c in claims if "9123" in c["text"]], "code is not story text"
    for item in claims + docs[0]["dates"]:
        assert text[item["start"]:item["end"]] == item["text"], item
        assert (item["line"], item["column"]) == _line_col(text, item["start"]), item


def test_notices_for_stories_not_in_utf8(run):
    stories, report, proc, *_ = run
    err = proc.stderr.decode("utf-8", "replace")
    assert f"factcheck: note: {stories / 'windows-1252.txt'}: not valid UTF-8 (byte 3); read as Windows-1252" in err
    assert f"factcheck: note: {stories / 'utf16-le.txt'}: read as UTF-16" in err


def test_a_file_name_that_is_not_utf8_is_reported_readably(run):
    stories, report, proc, *_ = run
    docs = [d for d in report["documents"] if d["path"] == str(stories / "caf\ufffd-latin1-name.txt")]
    assert len(docs) == 1 and docs[0]["claims"]


def test_a_folder_that_contains_itself_is_walked_once(run):
    stories, report, proc, *_ = run
    paths = [d["path"] for d in report["documents"]]
    assert len(paths) == len(set(paths)) == len(CHECKED) + 1
    assert not [p for p in paths if "/loop/" in p]


def test_nothing_in_the_checked_folder_changes(run):
    stories, report, proc, before, after, _ = run
    assert after == before


def test_a_file_the_system_refuses_to_read(tmp_path, monkeypatch, capsys):
    """Root reads through permission bits (the next test needs a user), so here the
    refusal itself comes from the operating system's call, as it would for anyone else."""
    from factcheck.cli import main
    good, locked = tmp_path / "good.txt", tmp_path / "locked.txt"
    good.write_text(STORY)
    locked.write_text(STORY)
    real_open = open

    def refusing(file, *args, **kwargs):
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("factcheck.load.open", refusing, raising=False)   # the loader's own open()
    code = main(["check", str(good), str(locked), "--format", "json", "--no-cache", "--jobs", "1"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.strip().splitlines() == [f"factcheck: error: {locked}: cannot read: permission denied"]
    assert [d["path"] for d in json.loads(out)["documents"]] == [str(good)]


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: permission bits do not stop a read, "
                                              "so an unreadable file cannot be made here")
def test_unreadable_file_and_folder(tmp_path):
    (tmp_path / "good.txt").write_text(STORY)
    locked = tmp_path / "locked.txt"
    locked.write_text(STORY)
    locked.chmod(0)
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "inside.txt").write_text(STORY)
    closed.chmod(0)
    try:
        report, proc = report_of(str(tmp_path), "--no-cache", cwd=str(tmp_path))
    finally:
        locked.chmod(0o600)
        closed.chmod(0o700)
    assert proc.returncode == 2
    assert _error_lines(proc) == [f"factcheck: error: {closed}: cannot open folder: Permission denied",
                                  f"factcheck: error: {locked}: cannot read: permission denied"]
    assert [d["path"] for d in report["documents"]] == [str(tmp_path / "good.txt")]


def test_a_2mb_single_line_is_checked(tmp_path):
    sentence = "Officials said 4,000 civilians were trapped and 300 to 400 fighters remained; "
    line = (sentence * (2_000_000 // len(sentence) + 1))[:2_000_000].rsplit(" ", 1)[0] + ".\n"
    story = tmp_path / "one-line.txt"
    story.write_text(line)
    proc = subprocess.run([factcheck_exe(), "check", str(story), "--format", "json", "--output",
                           str(tmp_path / "r.json"), "--no-cache"], cwd=tmp_path, capture_output=True,
                          timeout=TWO_MB_BUDGET)
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads((tmp_path / "r.json").read_text())["documents"][0]
    assert len(doc["claims"]) > 20_000
    for claim in doc["claims"][:: 997]:
        assert line[claim["start"]:claim["end"]] == claim["text"] and claim["line"] == 1


def test_a_pipe_named_on_the_command_line_is_read_once(tmp_path):
    """`factcheck check <(curl ...)`: a pipe given by name is the story, read once.
    (A pipe found while walking a folder is skipped: see the `run` fixture.)"""
    pipe = tmp_path / "story.txt"
    os.mkfifo(pipe)

    def write() -> None:
        with open(pipe, "w") as fh:            # waits for factcheck to open the pipe
            fh.write(STORY)

    threading.Thread(target=write, daemon=True).start()
    proc = subprocess.run([factcheck_exe(), "check", str(pipe), "--format", "json"], cwd=tmp_path,
                          capture_output=True, timeout=20)
    assert proc.returncode in (0, 1), proc.stderr
    [doc] = json.loads(proc.stdout)["documents"]
    assert [c["text"] for c in doc["claims"]] == ["at least 700"]


def test_standard_input_over_the_limit_is_refused_without_reading_it_all(tmp_path):
    proc = run_factcheck("check", "-", "--stdin-filename", "pasted.txt", "--max-bytes", "1000",
                         "--no-cache", stdin=STORY.encode() * 1000, cwd=str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.decode() == ("factcheck: error: pasted.txt: skipped: over the limit of 1,000 bytes "
                                    "(--max-bytes)\n")


@pytest.mark.parametrize("target, reason", [("missing-folder/report.json", "No such file or directory"),
                                            ("a-folder", "Is a directory")])
def test_an_output_that_cannot_be_written_gets_one_line(tmp_path, target, reason):
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "story.txt").write_text(STORY)
    proc = run_factcheck("check", "story.txt", "--format", "json", "--output", target, "--no-cache",
                         cwd=str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"factcheck: error: {target}: cannot write: {reason}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder", "story.txt"]


def test_output_file_survives_a_failed_write(tmp_path):
    report = tmp_path / "report.json"
    report.write_text('{"old": "report"}\n')
    with pytest.raises(UnicodeEncodeError):
        write_atomic(str(report), "{" + " " * 100_000 + "\ud800")   # fails half-way through the write
    assert report.read_text() == '{"old": "report"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"], "no temporary file is left behind"
