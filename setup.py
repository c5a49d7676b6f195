"""Ships the knowledge base and the dialogs inside the wheel (as `bot/content/`), so an installed
`qualbot` works outside the checkout. Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONTENT = ("knowledge", "dialogs")


class BuildWithContent(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        root = Path(__file__).resolve().parent
        for name in CONTENT:
            source = root / name
            if not source.is_dir():
                raise SystemExit(f"{source} is missing: the wheel must ship the {name} folder")
            target = Path(self.build_lib) / "bot" / "content" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithContent})
