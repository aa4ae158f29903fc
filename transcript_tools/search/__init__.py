"""Indexing and searching transcripts: full-text (whoosh) and fuzzy quotes (rapidfuzz)."""
