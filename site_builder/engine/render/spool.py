"""Rendered bytes kept in an unnamed temporary file instead of in memory.

A cold build of a large site renders every page before the checks decide whether any of it may be
written; held in memory, 4,000 pages and what search keeps of them would take some 200 MB. The file has
no name (it is gone when the build ends, however it ends) and sits beside the output folder, on the disk
the site is written to, not in a /tmp that may be memory.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import IO, Generic, TypeVar

from ..base.errors import SiteError

K = TypeVar("K")
V = TypeVar("V")


class Spool(MutableMapping[K, V], Generic[K, V]):
    """Values by key, each written to the file as it is set (encoded to bytes) and read back when looked up."""

    def __init__(
        self,
        folder: Path | None = None,
        encode: Callable[[V], bytes] = bytes,  # type: ignore[assignment]  # the default is for V = bytes
        decode: Callable[[bytes], V] = bytes,  # type: ignore[assignment]  # the default is for V = bytes
    ) -> None:
        self._folder = folder
        self._file: IO[bytes] | None = None  # opened at the first value; closed with the last reference to it
        self._at: dict[K, tuple[int, int]] = {}  # key -> offset and length in the file
        self._end = 0
        self._encode, self._decode = encode, decode

    def _fd(self) -> int:
        if self._file is None:
            import tempfile  # here: a build with nothing to do has nothing to spool

            try:
                self._file = tempfile.TemporaryFile(dir=self._folder)
            except OSError as error:
                raise self._failed(error) from None
        return self._file.fileno()

    def _failed(self, error: OSError) -> SiteError:
        """A full disk, a read-only or unwritable folder: a message, and the build stops before writing anything."""
        where = self._folder or Path(tempfile_dir())
        message = (
            f"cannot keep the rendered pages here while the build runs ({error.strerror or error}); "
            "free some space or make the folder writable, then build again: the output is as the last build left it"
        )
        return SiteError.at(where, message)

    def __setitem__(self, key: K, value: V) -> None:
        data = self._encode(value)
        fd = self._fd()
        try:
            written = os.pwrite(fd, data, self._end)
            while written < len(data):  # a write may be cut short; the rest follows, or the error says why
                more = os.pwrite(fd, data[written:], self._end + written)
                if not more:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                written += more
        except OSError as error:
            raise self._failed(error) from None
        self._at[key] = (self._end, len(data))
        self._end += len(data)

    def __getitem__(self, key: K) -> V:
        offset, length = self._at[key]
        try:
            return self._decode(os.pread(self._fd(), length, offset) if length else b"")
        except OSError as error:
            raise self._failed(error) from None

    def __delitem__(self, key: K) -> None:
        del self._at[key]  # its bytes stay in the file until the build ends

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[K]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


def tempfile_dir() -> str:
    import tempfile

    return tempfile.gettempdir()


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
