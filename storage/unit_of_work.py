"""The unit of work: one transaction, and every repository bound to it.

    async with db.unit_of_work() as uow:
        person = await uow.people.get(user_id)
        total = await uow.days.record_water(person.id, today, 250, now)

It commits when the block ends cleanly and rolls back when it raises; repositories never commit.
Keep network calls (Telegram) outside the block: on SQLite a unit of work holds the write lock.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.assessments import AssessmentRepository
from storage.repositories.days import DayRepository
from storage.repositories.deliveries import DeliveryRepository
from storage.repositories.flows import FlowRepository
from storage.repositories.followups import FollowUpRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.instances import InstanceRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.people import PeopleRepository
from storage.repositories.privacy import PrivacyRepository
from storage.repositories.raw_texts import RawTextRepository
from storage.repositories.schedules import ScheduleRepository
from storage.repositories.stats import StatsRepository


class UnitOfWork:
    """Repositories sharing one session and so one transaction."""

    def __init__(self, session: AsyncSession, dialect: str, *, store_raw_text: bool) -> None:
        self.people = PeopleRepository(session, dialect)
        self.schedules = ScheduleRepository(session, dialect)
        self.days = DayRepository(session, dialect)
        self.flows = FlowRepository(session, dialect)
        self.assessments = AssessmentRepository(session, dialect)
        self.deliveries = DeliveryRepository(session, dialect)
        self.followups = FollowUpRepository(session, dialect)
        self.raw_texts = RawTextRepository(session, dialect, enabled=store_raw_text)
        self.privacy = PrivacyRepository(session, dialect)
        self.stats = StatsRepository(session, dialect)
        self.inbox = InboxRepository(session, dialect)
        self.instances = InstanceRepository(session, dialect)
        self.outbox = OutboxRepository(session, dialect)
