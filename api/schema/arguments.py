"""GraphQL arguments written once as data and given to any number of resolvers.

Strawberry reads a field's arguments from its resolver's signature. Lists that take different
sets of the same arguments (a filter here, a sort there) name them from one table instead of
writing each out again: ``taking`` sets the signature strawberry reads::

    NAME_CONTAINS = Argument("name_contains", str | None, "Only items whose name contains …")

    @taking([NAME_CONTAINS])
    async def resolve(root: Node, info: Ctx, **given: Any) -> list[Node]:
        ...  # given["name_contains"]
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import strawberry

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Argument:
    """An argument as GraphQL shows it: its Python name (camel-cased for GraphQL), type,
    description and default. ``members``: a list of enum members, which filters keep by their
    values (``value``)."""

    name: str
    type: Any
    description: str
    default: Any = None
    members: bool = False

    def parameter(self) -> inspect.Parameter:
        described = strawberry.argument(description=self.description)
        # A type made at run time, which mypy cannot check as one.
        annotation = Annotated[self.type, described]  # type: ignore[name-defined]
        return inspect.Parameter(
            self.name, inspect.Parameter.KEYWORD_ONLY, default=self.default, annotation=annotation
        )

    def value(self, given: Any) -> Any:
        """What a filter compares: the values of the enum members given, else the value."""
        return tuple(member.value for member in given or ()) if self.members else given


def taking(arguments: Sequence[Argument]) -> Callable[[F], F]:
    """Give a resolver ``arguments``, in this order, after its own parameters (``root``,
    ``info``): it receives them as keyword arguments (``**given``)."""

    def decorate(resolve: F) -> F:
        own = [
            p
            for p in inspect.signature(resolve).parameters.values()
            if p.kind is not inspect.Parameter.VAR_KEYWORD
        ]
        signature = inspect.Signature([*own, *(a.parameter() for a in arguments)])
        resolve.__signature__ = signature  # type: ignore[attr-defined]
        return resolve

    return decorate


__all__ = ["Argument", "taking"]
