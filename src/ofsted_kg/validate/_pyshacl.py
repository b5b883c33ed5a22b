"""Two changes to how pyshacl reads the shapes, for validating many graphs with the same
shapes (``shacl.ShapesValidator``); neither changes a report (tests compare the reports with
``pyshacl.validate``'s, and ``tests/validate/test_pyshacl_tuning.py`` fails if the pyshacl
code they rely on changes).

- ``FrozenShapesGraph``: pyshacl's ``ShapesGraph`` whose look-ups (objects, subjects,
  predicate_objects, subject_objects) are kept once made. pyshacl looks a shape's
  parameters up again each time it validates the shape against a graph, and once per
  focus-node set within one graph; the shapes graph does not change once read.
- ``use_parameter_set()``: pyshacl's ``Shape.validate`` tests each predicate of a shape for
  membership in the list of constraint parameters (``p in search_parameters``, some 35 rdflib
  terms compared one by one in Python, each time a shape is validated: a tenth of validating a
  document). pyshacl keeps that list in ``pyshacl.shape.CONSTRAINT_PARAMS`` (made on first
  use); this puts there the same list, in the same order, answering ``in`` from a set.
"""

from __future__ import annotations

from pyshacl import ShapesGraph


class FrozenShapesGraph(ShapesGraph):
    """A ``ShapesGraph`` of a graph that no longer changes: each look-up is made once."""

    def __init__(self, graph, *args, **kwargs) -> None:
        self._kept: dict[tuple, tuple] = {}
        super().__init__(graph, *args, **kwargs)

    def _kept_or(self, key: tuple, look_up) -> tuple:
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = tuple(look_up())
        return found

    def subjects(self, p, o):
        return self._kept_or(("s", p, o), lambda: self.graph.subjects(p, o))

    def objects(self, s, p):
        return self._kept_or(("o", s, p), lambda: self.graph.objects(s, p))

    def predicate_objects(self, s):
        return self._kept_or(("po", s), lambda: self.graph.predicate_objects(s))

    def subject_objects(self, p):
        return self._kept_or(("so", p), lambda: self.graph.subject_objects(p))


class ParameterList(list):
    """A list whose ``in`` is a set look-up; ``copy`` and ``append`` (what pyshacl does with
    it) keep it so."""

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item) -> bool:
        return item in self._members

    def copy(self) -> "ParameterList":
        return ParameterList(self)

    def append(self, item) -> None:
        super().append(item)
        self._members = self._members | {item}


def use_parameter_set() -> None:
    """Put pyshacl's constraint parameters, as a ``ParameterList``, where ``Shape.validate`` reads them."""
    import pyshacl.shape as shape_module
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    if not isinstance(getattr(shape_module, "CONSTRAINT_PARAMS", (None,))[0], ParameterList):
        shape_module.CONSTRAINT_PARAMS = (ParameterList(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
