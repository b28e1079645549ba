"""Rendered bytes kept in an unnamed temporary file instead of in memory.

A cold build of a large site renders every page before the checks decide whether any of it may be
written; held in memory, 4,000 pages and what search keeps of them would take some 200 MB. The file has
no name (it is gone when the build ends, however it ends) and sits beside the output folder, on the disk
the site is written to, not in a /tmp that may be memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import IO, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Spool(MutableMapping[K, V], Generic[K, V]):
    """Values by key, each written to the file as it is set (encoded to bytes) and read back when looked up."""

    def __init__(
        self,
        folder: Path | None = None,
        encode: Callable[[V], bytes] = bytes,  # type: ignore[assignment]
        decode: Callable[[bytes], V] = bytes,  # type: ignore[assignment]
    ) -> None:
        self._folder = folder
        self._file: IO[bytes] | None = None  # opened at the first value; closed with the last reference to it
        self._at: dict[K, tuple[int, int]] = {}  # key -> offset and length in the file
        self._end = 0
        self._encode, self._decode = encode, decode

    def _fd(self) -> int:
        if self._file is None:
            import tempfile  # here: a build with nothing to do has nothing to spool

            self._file = tempfile.TemporaryFile(dir=self._folder)
        return self._file.fileno()

    def __setitem__(self, key: K, value: V) -> None:
        data = self._encode(value)
        os.pwrite(self._fd(), data, self._end)
        self._at[key] = (self._end, len(data))
        self._end += len(data)

    def __getitem__(self, key: K) -> V:
        offset, length = self._at[key]
        return self._decode(os.pread(self._fd(), length, offset) if length else b"")

    def __delitem__(self, key: K) -> None:
        del self._at[key]  # its bytes stay in the file until the build ends

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[K]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


class Only(Mapping[K, V]):
    """Some of the keys of `source`, its values read only when looked up."""

    def __init__(self, source: Mapping[K, V], keys: Iterable[K]) -> None:
        self._source = source
        self._keys = list(keys)
        self._set = set(self._keys)

    def __getitem__(self, key: K) -> V:
        if key not in self._set:
            raise KeyError(key)
        return self._source[key]

    def __contains__(self, key: object) -> bool:
        return key in self._set

    def __iter__(self) -> Iterator[K]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
