"""Timing: from the source's times, from audio, or estimated; and caption cues."""
