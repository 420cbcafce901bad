"""Small shared helpers: atomic file writes, sha256 of a file and the cache
folder (``files``), image conversion and PNG grids (``images``), progress
bars (``progress``)."""
