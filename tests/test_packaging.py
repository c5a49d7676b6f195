"""The installed wheel works outside the checkout: knowledge/ and dialogs/ ship inside it.

Built from a copy of the tracked files (as a fresh clone would have them), installed without
dependencies into a fresh virtualenv that borrows this environment's packages through a plain
.pth path line (offline and fast, and without this checkout's editable install), then
`qualbot ask`, `kb check` and `dialogs check` run from a directory outside the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from bot import __version__
from bot.settings import PROJECT_ROOT


def tracked_copy(target: Path) -> Path:
    if (PROJECT_ROOT / ".git").exists() and shutil.which("git"):
        files = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True).stdout
        for name in filter(None, files.decode().split("\0")):
            source = PROJECT_ROOT / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    else:
        shutil.copytree(
            PROJECT_ROOT,
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".venv", "var", "build", "*.egg-info", "__pycache__", ".git"),
        )
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = tracked_copy(work / "src")
    dist = work / "dist"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(dist),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next(dist.glob("qualbot-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    purelib = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # the dependencies, from this environment: a plain path line does not run that directory's .pth files
    # (so this checkout's editable `bot` stays out)
    (purelib / "zz_qualbot_test_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return venv


def run_installed(venv: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALBOT_", "TELEGRAM_", "PYTHON"))}
    return subprocess.run(
        [str(venv / "bin" / "qualbot"), *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_wheel_answers_from_a_directory_outside_the_checkout(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import bot; print(bot.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(installed) in where and str(PROJECT_ROOT) not in where  # the installed copy, not the checkout
    done = run_installed(installed, elsewhere, "--today", "2026-11-21", "ask", "见习补贴有多少")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "📎 依据" in done.stdout
    for argv in (["kb", "check"], ["dialogs", "check"]):
        done = run_installed(installed, elsewhere, "--today", "2026-11-21", *argv)
        assert done.returncode == 0, done.stdout[-1500:] + done.stderr[-1500:]
    assert run_installed(installed, elsewhere, "--version").stdout.strip() == f"qualbot {__version__}"
    assert not (elsewhere / "var").exists() and not list(elsewhere.iterdir())  # nothing written where it ran


def test_pointing_the_installed_bot_at_a_missing_folder_names_the_setting(installed, tmp_path):
    env_missing = run_installed(installed, tmp_path, "--knowledge", str(tmp_path / "none"), "ask", "见习补贴有多少")
    assert env_missing.returncode == 2 and "QUALBOT_KNOWLEDGE_DIR" in env_missing.stderr
