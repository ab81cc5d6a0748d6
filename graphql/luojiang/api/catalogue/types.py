"""Catalogue object types; leaf fields are plain attributes (sync), relations go through loaders."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from luojiang.api.catalogue import loaders
from luojiang.api.context import Info
from luojiang.api.loaders import at_once
from luojiang.api.nodes import RowNode
from luojiang.core.catalogue import models
from luojiang.core.catalogue.service import CATALOGUE_TAG

if TYPE_CHECKING:
    from luojiang.api.catalogue.halls import Hall

# halls list their windows' matters and matters list their halls: one side resolves lazily
LazyHall = Annotated["Hall", strawberry.lazy("luojiang.api.catalogue.halls")]


@strawberry.type(description="A government department that handles matters.")
class Department(RowNode[models.Department]):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="The department's code in the district catalogue.")
    name: str = strawberry.field(description="Full name.")
    short_name: str = strawberry.field(description="Short name, as shown on a window's sign.")
    phone: str = strawberry.field(description="Enquiry phone number.")
    address: str = strawberry.field(description="Street address.")

    @classmethod
    def from_model(cls, row: models.Department) -> Department:
        return cls(
            id=row.id,
            code=row.code,
            name=row.name,
            short_name=row.short_name,
            phone=row.phone,
            address=row.address,
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Department | None]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        return await info.context.loaders.get(loaders.department_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.Department) -> bool:
        return True


@strawberry.type(description="One field a licence of this type carries.")
class LicenceField:
    key: str = strawberry.field(description="The field's key in a licence's content.")
    label: str = strawberry.field(description="The field's name, for display.")


@strawberry.type(description="A type of electronic licence (电子证照类型).")
class LicenceType:
    code: str = strawberry.field(
        description="The licence type's code (its national code where there is one)."
    )
    name: str = strawberry.field(description="Name, e.g. 营业执照.")
    holder_kind: str = strawberry.field(description="person or enterprise")
    valid_years: int | None = strawberry.field(description="Years a licence stays valid; null: without end.")
    fields: list[LicenceField] = strawberry.field(description="The fields a licence of this type carries.")
    issuer_code: strawberry.Private[str]

    @strawberry.field(description="The department that issues it; null when the catalogue does not name one.")
    async def issuer(self, info: Info) -> Department | None:
        row = await info.context.loaders.get(loaders.department_by_code).load(self.issuer_code)
        return Department.from_model(row) if row else None

    @classmethod
    def from_model(cls, row: models.LicenceType) -> LicenceType:
        return cls(
            code=row.code,
            name=row.name,
            holder_kind=row.holder_kind,
            valid_years=row.valid_years,
            fields=[LicenceField(key=f["key"], label=f["label"]) for f in row.fields_spec],
            issuer_code=row.issuer_department,
        )


@strawberry.type(description="A material an applicant provides, or one an e-licence can stand for.")
class Material:
    name: str = strawberry.field(description="Name of the material.")
    form: str = strawberry.field(description="原件, 复印件 or 电子件")
    copies: int = strawberry.field(description="How many copies to bring.")
    required: bool = strawberry.field(description="Whether the matter cannot go ahead without it.")
    source: str = strawberry.field(description="申请人自备 or 政府部门核发")
    note: str = strawberry.field(
        description="Anything else the applicant should know about it; empty when nothing."
    )
    licence_type_code: str | None = strawberry.field(
        description="Code of the e-licence type that can stand for it, if any."
    )

    @strawberry.field(description="The e-licence type that can stand for this material.")
    async def licence_type(self, info: Info) -> LicenceType | None:
        if self.licence_type_code is None:
            return None
        row = await info.context.loaders.get(loaders.licence_type_by_code).load(self.licence_type_code)
        return LicenceType.from_model(row) if row else None

    @classmethod
    def from_dict(cls, m: dict[str, Any]) -> Material:
        return cls(
            name=m["name"],
            form=m["form"],
            copies=m["copies"],
            required=m["required"],
            source=m["source"],
            note=m.get("note", ""),
            licence_type_code=m["licence_type"],
        )


@strawberry.type(description="One charge of a matter.")
class FeeItem:
    name: str = strawberry.field(description="What the charge is for.")
    amount_fen: int = strawberry.field(description="In fen (1 yuan = 100 fen).")


@strawberry.type(description="What a matter costs.")
class Fee:
    items: list[FeeItem] = strawberry.field(description="The charges; empty when the matter is free.")

    @strawberry.field(description="Whether every item is zero.")
    def free(self) -> bool:
        return not any(i.amount_fen for i in self.items)

    @strawberry.field(description="The sum of the items, in fen.")
    def total_fen(self) -> int:
        return sum(i.amount_fen for i in self.items)


@strawberry.type(description="A government service matter and its service guide (办事指南).")
class Matter(RowNode[models.Matter]):
    id: relay.NodeID[int]
    code: str = strawberry.field(
        description="The matter's code in the district catalogue (the provincial implementation code)."
    )
    name: str = strawberry.field(description="Name of the matter.")
    category: str = strawberry.field(description="Kind of matter (行政许可, 公共服务, ...).")
    audience: list[str] = strawberry.field(description="person and/or enterprise")
    topics: list[str] = strawberry.field(description="Topics it is listed under.")
    life_events: list[str] = strawberry.field(description="Life events it belongs to (出生, 结婚, ...).")
    handle_type: str = strawberry.field(
        description="即办件 (on the spot) or 承诺件 (within the promised time)"
    )
    online: bool = strawberry.field(description="Whether it can be applied for online.")
    promised_limit_days: int = strawberry.field(description="Promised time limit, in working days.")
    legal_limit_days: int = strawberry.field(description="Legal time limit, in working days.")
    visits_required: int = strawberry.field(description="Visits to a hall needed: 0, 1 or 2.")
    conditions: list[str] = strawberry.field(description="Conditions an applicant must meet.")
    basis: list[str] = strawberry.field(description="The laws and rules it rests on.")
    process: list[str] = strawberry.field(description="The steps, in order.")
    phone: str = strawberry.field(description="Enquiry phone number.")
    department_id: strawberry.Private[int]
    hall_codes: strawberry.Private[list[str]]
    # fees and materials are made into objects only when asked for: a list of a hundred matters
    # would otherwise build a thousand objects nobody reads
    row: strawberry.Private[models.Matter]
    # given by a list that loaded its page's departments ahead (matters): one object per department
    department_node: strawberry.Private[Department | None] = None

    @strawberry.field(description="What it costs.")
    def fee(self) -> Fee:
        return Fee(items=[FeeItem(name=i["name"], amount_fen=i["amount_fen"]) for i in self.row.fee_items])

    @strawberry.field(description="Materials the applicant provides.")
    def materials(self) -> list[Material]:
        return [Material.from_dict(m) for m in self.row.materials]

    @strawberry.field(graphql_type=Department, description="The department that handles it.")
    def department(self, info: Info) -> Department | Awaitable[Department]:
        if self.department_node is not None:
            return self.department_node
        # at once when this request loaded the department already
        return at_once(
            info.context.loaders.get(loaders.department_by_id), self.department_id, self._department
        )

    def _department(self, row: models.Department | None) -> Department:
        if row is None:  # a non-null foreign key: only a broken database gets here
            raise LookupError(f"department {self.department_id} of matter {self.code} is missing")
        return Department.from_model(row)

    @strawberry.field(description="The halls and stations where it is handled.")
    async def halls(self, info: Info) -> list[LazyHall]:
        from luojiang.api.catalogue.halls import Hall

        rows = await info.context.loaders.get(loaders.hall_by_code).load_many(self.hall_codes)
        return [Hall.from_model(r) for r in rows if r]

    @classmethod
    def from_model(cls, row: models.Matter, department: Department | None = None) -> Matter:
        return cls(
            id=row.id,
            code=row.code,
            name=row.name,
            category=row.category,
            audience=row.audience,
            topics=row.topics,
            life_events=row.life_events,
            handle_type=row.handle_type,
            online=row.online,
            promised_limit_days=row.promised_limit_days,
            legal_limit_days=row.legal_limit_days,
            visits_required=row.visits_required,
            conditions=row.conditions,
            basis=row.basis,
            process=row.process,
            phone=row.phone,
            department_id=row.department_id,
            hall_codes=row.halls,
            row=row,
            department_node=department,
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Matter | None]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        return await info.context.loaders.get(loaders.matter_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.Matter) -> bool:
        return row.retired_at is None
