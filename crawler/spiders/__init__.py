"""Khabar spiders: one per defined news site plus the generic ``news``."""
