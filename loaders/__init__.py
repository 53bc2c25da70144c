"""Read, validate and hand over an import bundle (docs/format.md).

>>> from loaders import read_bundle, SAMPLE_BUNDLE
>>> read_bundle(SAMPLE_BUNDLE).bundle.counts()["domains"] > 0
True
"""

from __future__ import annotations

from pathlib import Path

from graph_model.progress import Progress
from loaders.readers import read_bundle_tables
from loaders.validate import ValidatedBundle, validate_bundle

__all__ = ["SAMPLE_BUNDLE", "ValidatedBundle", "read_bundle"]

#: The sample organisation modelled on the source article.
SAMPLE_BUNDLE = Path(__file__).parent / "samples" / "guangxi"


def read_bundle(path: str | Path, progress: Progress | None = None) -> ValidatedBundle:
    """Read and validate a bundle; raise ``BundleError`` listing every problem. ``progress``
    hears how far reading and validation are (graph_model/progress.py)."""
    return validate_bundle(read_bundle_tables(Path(path), progress), progress)
