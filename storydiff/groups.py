"""Grouping things that are the same (union-find), shared by entity resolution and comparison."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")


class UnionFind:
    """Disjoint sets over hashable keys, with path halving."""

    def __init__(self, keys: Sequence[Hashable] = ()) -> None:
        self.parent: dict[Hashable, Hashable] = {k: k for k in keys}

    def find(self, k: Hashable) -> Hashable:
        parent = self.parent
        parent.setdefault(k, k)
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(self, a: Hashable, b: Hashable, keep: Callable[[Hashable, Hashable], Hashable] | None = None) -> None:
        """Join the sets of ``a`` and ``b``; ``keep(root_a, root_b)`` chooses the root that stays."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        root = keep(ra, rb) if keep else ra
        other = rb if root == ra else ra
        self.parent[other] = root


def group(items: Sequence[T], same: Callable[[T, T], bool]) -> list[list[T]]:
    """Items in groups, two items sharing a group when ``same`` links them (directly or through others)."""
    uf = UnionFind(range(len(items)))
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if uf.find(i) != uf.find(j) and same(items[i], items[j]):
                uf.union(i, j)
    out: dict[Hashable, list[T]] = {}
    for i, item in enumerate(items):
        out.setdefault(uf.find(i), []).append(item)
    return list(out.values())
