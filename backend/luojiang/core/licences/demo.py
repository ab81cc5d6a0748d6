"""The demo licences that ``luojiang seed`` (``make run``) adds after the demo catalogue: a few for
the demo citizen (phone 13900000001) and a business licence for the enterprise the demo agent
(13900000002) acts for, so that a newcomer can show and verify one at once.

People are found by their phone number and made if absent, as the applications area's seed does;
the citizen is given the demo resident ID (and name, unless they have one) and real-name level L2,
which showing a licence needs, only if they have no ID yet; the enterprise is the one the
applications seed makes for the agent (found by its credit code, or made here with the agent as
its representative when there is none). Running it twice adds nothing. Every value is illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from luojiang.core import db
from luojiang.core.identity.models import Person
from luojiang.core.identity.personal import PersonalData
from luojiang.core.identity.principal import Assurance
from luojiang.core.licences import repository
from luojiang.core.licences.issuance import Holder, Issuer, IssueRequest
from luojiang.core.licences.models import HolderKind, Licence

CITIZEN_PHONE = "13900000001"
AGENT_PHONE = "13900000002"
CITIZEN_NAME = "李示范"
CITIZEN_ID = "510604199001011238"
ENTERPRISE_NAME = "罗江示范餐饮有限公司"
ENTERPRISE_CODE = "91510604MA62L0C8XG"
ADDRESS = "四川省德阳市罗江区万安镇凤雏路88号"

CITIZEN_LICENCES = (
    (
        "LIC-JMSFZ",
        date(2020, 5, 8),
        date(2040, 5, 8),
        {
            "name": CITIZEN_NAME,
            "sex": "男",
            "nation": "汉",
            "birth_date": "1990-01-01",
            "address": ADDRESS,
            "id_number": CITIZEN_ID,
            "issuer": "德阳市公安局罗江区分局",
            "valid_from": "2020-05-08",
            "valid_to": "2040-05-08",
        },
    ),
    (
        "LIC-HKB",
        date(2018, 3, 2),
        None,
        {
            "household_no": "510604018812",
            "head_name": CITIZEN_NAME,
            "household_type": "家庭户",
            "address": ADDRESS,
            "members": CITIZEN_NAME,
            "issue_date": "2018-03-02",
        },
    ),
    (
        "LIC-SBK",
        date(2021, 9, 1),
        None,
        {
            "name": CITIZEN_NAME,
            "id_number": CITIZEN_ID,
            "card_no": "M51060421",
            "bank": "中国农业银行",
            "issue_date": "2021-09-01",
        },
    ),
)
BUSINESS_LICENCE = (
    "LIC-YYZZ",
    date(2023, 6, 18),
    None,
    {
        "uscc": ENTERPRISE_CODE,
        "name": ENTERPRISE_NAME,
        "type": "有限责任公司（自然人投资或控股）",
        "legal_rep": "李德阳",
        "registered_capital": "50万元",
        "established": "2023-06-18",
        "address": "四川省德阳市罗江区金山镇金山大道12号",
        "business_scope": "餐饮服务；食品销售",
        "authority": "德阳市罗江区市场监督管理局",
    },
)


@dataclass(frozen=True)
class DemoLicences:
    issuer: Issuer
    personal: PersonalData

    async def seed(self) -> list[Licence]:
        """The licences it issued now (none when they are there already)."""
        async with db.transaction():
            citizen = await self._person(CITIZEN_PHONE, with_identity=True)
            agent = await self._person(AGENT_PHONE, with_identity=False)
            # made here only when the applications seed has not: then the agent represents it
            enterprise = await repository.enterprise_for(ENTERPRISE_CODE, ENTERPRISE_NAME, agent.id)
            issued = []
            # another seed may have given the citizen a name and ID of its own: the licences follow it
            name = self.personal.name(citizen, full=True) or CITIZEN_NAME
            number = self.personal.id_number(citizen, full=True) or CITIZEN_ID
            person = Holder(HolderKind.PERSON, name, number)
            for licence_type, start, end, fields in CITIZEN_LICENCES:
                own = {k: {CITIZEN_NAME: name, CITIZEN_ID: number}.get(v, v) for k, v in fields.items()}
                issued += await self._issue(citizen.id, (), person, licence_type, start, end, own)
            licence_type, start, end, fields = BUSINESS_LICENCE
            company = Holder(HolderKind.ENTERPRISE, ENTERPRISE_NAME, ENTERPRISE_CODE)
            issued += await self._issue(-1, (enterprise.id,), company, licence_type, start, end, fields)
            return issued

    async def _person(self, phone: str, *, with_identity: bool) -> Person:
        person = await repository.person_by_phone_hash(self.personal.phone_hash(phone))
        if person is None:
            person = Person()
            self.personal.set_phone(person, phone)
            person.phone_verified_at = datetime.now(UTC)
            person.assurance_level = int(Assurance.L1)
            person.assurance_source = "demo"
        if with_identity and person.id_number_hash is None:
            owner = await repository.person_by_id_number_hash(self.personal.id_number_hash(CITIZEN_ID))
            if owner is None:
                self.personal.set_id_number(person, CITIZEN_ID)
                # the applications seed names the citizen too: a name given before stays
                self.personal.set_name(person, self.personal.name(person, full=True) or CITIZEN_NAME)
                person.assurance_level = max(person.assurance_level, int(Assurance.L2))
                person.assurance_source = "demo"
        await repository.save_person(person)
        return person

    async def _issue(
        self,
        person_id: int,
        enterprise_ids: tuple[int, ...],
        holder: Holder,
        licence_type: str,
        start: date,
        end: date | None,
        fields: dict[str, str],
    ) -> list[Licence]:
        if await repository.valid_held(person_id, enterprise_ids, [licence_type], start):
            return []
        request = IssueRequest(licence_type, holder, fields, valid_from=start, valid_until=end)
        return [await self.issuer.store(await self.issuer.draft(request), issued_by="demo")]
