"""A pure-Python stand-in for the array namespace the kernel is written over.

:mod:`scorecard.score.kernel` calls ``xp.where``, ``xp.max(..., axis=-1)`` and a few
more functions of the Python array API standard, and uses the arithmetic operators on
arrays.  The Monte Carlo passes numpy; ``rank`` passes this module, so it never imports
numpy.  Only what the kernel needs is here:

- arrays are one-dimensional: a :class:`Vector` holds one number (or bool) per vendor,
  and a plain ``float`` or ``bool`` stands for a value broadcast to every vendor;
- reductions (``max``, ``min``, ``sum``, ``any``, ``all``) run over the vendor axis and
  give a plain number, which broadcasts like numpy's ``keepdims=True`` result;
- ``sum`` is :func:`math.fsum`, so a total never depends on the order of the vendors.
"""

from __future__ import annotations

import builtins
import math
import operator
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from typing import Any, TypeAlias

Array: TypeAlias = "Vector | float | bool"
_Op = Callable[[Any, Any], Any]


class Vector:
    """A one-dimensional array: arithmetic, comparisons and ``&``/``|``/``~`` work
    element by element, with a plain number broadcast to every element."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items: list[Any] = list(items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __getitem__(self, i: int) -> Any:
        return self.items[i]

    def __repr__(self) -> str:
        return f"Vector({self.items!r})"

    def _map(self, op: _Op, other: Any) -> Vector:
        if isinstance(other, Vector):
            if len(other.items) != len(self.items):
                raise ValueError(f"shapes differ: {len(self.items)} and {len(other.items)}")
            return Vector(map(op, self.items, other.items))
        return Vector(map(op, self.items, repeat(other)))

    def _rmap(self, op: _Op, other: Any) -> Vector:
        return Vector(map(op, repeat(other), self.items))

    def __add__(self, other: Any) -> Vector:
        return self._map(operator.add, other)

    def __radd__(self, other: Any) -> Vector:
        return self._rmap(operator.add, other)

    def __sub__(self, other: Any) -> Vector:
        return self._map(operator.sub, other)

    def __rsub__(self, other: Any) -> Vector:
        return self._rmap(operator.sub, other)

    def __mul__(self, other: Any) -> Vector:
        return self._map(operator.mul, other)

    def __rmul__(self, other: Any) -> Vector:
        return self._rmap(operator.mul, other)

    def __truediv__(self, other: Any) -> Vector:
        return self._map(operator.truediv, other)

    def __rtruediv__(self, other: Any) -> Vector:
        return self._rmap(operator.truediv, other)

    def __pow__(self, other: Any) -> Vector:
        return self._map(operator.pow, other)

    def __neg__(self) -> Vector:
        return Vector(map(operator.neg, self.items))

    def __lt__(self, other: Any) -> Vector:
        return self._map(operator.lt, other)

    def __le__(self, other: Any) -> Vector:
        return self._map(operator.le, other)

    def __gt__(self, other: Any) -> Vector:
        return self._map(operator.gt, other)

    def __ge__(self, other: Any) -> Vector:
        return self._map(operator.ge, other)

    def __and__(self, other: Any) -> Vector:
        return self._map(operator.and_, other)

    def __rand__(self, other: Any) -> Vector:
        return self._rmap(operator.and_, other)

    def __or__(self, other: Any) -> Vector:
        return self._map(operator.or_, other)

    def __ror__(self, other: Any) -> Vector:
        return self._rmap(operator.or_, other)

    def __invert__(self) -> Vector:
        return Vector(map(operator.not_, self.items))


def asarray(items: Iterable[Any]) -> Vector:
    return Vector(items)


def _elementwise(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn`` applied element by element; plain numbers are broadcast."""
    size = next((len(a.items) for a in args if isinstance(a, Vector)), None)
    if size is None:
        return fn(*args)
    columns = [a.items if isinstance(a, Vector) else repeat(a, size) for a in args]
    return Vector(map(fn, *columns))


def _pick(condition: Any, x1: Any, x2: Any) -> Any:
    return x1 if condition else x2


def where(condition: Array, x1: Array, x2: Array, /) -> Any:
    return _elementwise(_pick, condition, x1, x2)


def _clip(x: float, low: float, high: float) -> float:
    return low if x < low else high if x > high else x


def clip(x: Array, min: float, max: float, /) -> Any:
    return _elementwise(_clip, x, min, max)


def minimum(x1: Array, x2: Array, /) -> Any:
    return _elementwise(lambda a, b: b if b < a else a, x1, x2)


def log(x: Array, /) -> Any:
    return _elementwise(math.log, x)


def sqrt(x: Array, /) -> Any:
    return _elementwise(math.sqrt, x)


def isfinite(x: Array, /) -> Any:
    return _elementwise(math.isfinite, x)


def round(x: Array, /) -> Any:
    """To the nearest integer, halves to even (as numpy), as a float."""
    return _elementwise(lambda v: float(builtins.round(v)), x)


def _values(x: Array) -> list[Any]:
    return x.items if isinstance(x, Vector) else [x]


def max(x: Array, /, *, axis: int = -1, keepdims: bool = False) -> Any:
    """The largest element (a plain number; ``axis`` and ``keepdims`` as numpy's on the
    last axis: the number broadcasts either way)."""
    return builtins.max(_values(x), default=-math.inf)


def min(x: Array, /, *, axis: int = -1, keepdims: bool = False) -> Any:
    return builtins.min(_values(x), default=math.inf)


def sum(x: Array, /, *, axis: int = -1, keepdims: bool = False) -> Any:
    """The exactly rounded sum (:func:`math.fsum`): independent of the vendors' order."""
    return math.fsum(_values(x))


def any(x: Array, /, *, axis: int = -1, keepdims: bool = False) -> bool:
    return builtins.any(_values(x))


def all(x: Array, /) -> bool:
    return builtins.all(_values(x))
