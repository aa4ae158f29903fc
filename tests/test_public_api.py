from __future__ import annotations

import subprocess
import sys

import transcript_tools


def test_all_is_sorted_and_complete() -> None:
    public = {name for name in vars(transcript_tools) if not name.startswith("_") and name not in {"annotations"}}
    public -= {name for name, value in vars(transcript_tools).items() if type(value).__name__ == "module"}
    assert transcript_tools.__all__ == sorted(transcript_tools.__all__)
    assert public | {"__version__"} == set(transcript_tools.__all__)


def test_import_is_light() -> None:
    # The search engine, the model runtime and the charset detector load on first use, not at import time.
    code = "import sys, transcript_tools; print(sorted(m for m in ('whoosh', 'onnxruntime', 'numpy', 'pocketsphinx', 'charset_normalizer') if m in sys.modules))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"
