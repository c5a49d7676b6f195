"""Qualbot: a clause-citing assistant for vocational-qualification policy."""

__version__ = "0.1.0"
