"""People: who consented, their Telegram ids, settings, profile, and whether to prompt them."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence

from sqlalchemy import func, or_, select, update

from engine.types import DEFAULT_WATER_GOAL_ML
from engine.vocabulary import SINGULAR, FieldName, canonical, ids
from storage.models import PersonRow
from storage.records import DUE_NOW, PeopleCounts, Person
from storage.repositories._sql import Repository, affected_rows, upsert
from storage.repositories.schedules import default_schedule_row, reschedule

MIN_WATER_GOAL_ML = 500
MAX_WATER_GOAL_ML = 6000
MIN_AGE, MAX_AGE = 1, 120


def to_person(row: PersonRow) -> Person:
    """Detach a row into a frozen record."""
    return Person(
        id=row.id,
        telegram_user_id=row.telegram_user_id,
        chat_id=row.chat_id,
        language=row.language,
        timezone=row.timezone,
        consented_at=row.consented_at,
        active=row.active,
        blocked_at=row.blocked_at,
        paused=row.paused,
        paused_until=row.paused_until,
        water_goal_ml=row.water_goal_ml,
        age=row.age,
        conditions=tuple(row.conditions),
        medications=tuple(row.medications),
        medication_changed_recently=row.medication_changed_recently,
        created_at=row.created_at,
        pregnancy_due=row.pregnancy_due,
    )


def check_timezone(name: str) -> str:
    """An IANA zone name the system knows; a UTC offset or anything else is a ValueError."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error
    return name


def check_water_goal(ml: int) -> int:
    """A goal the engine accepts (500-6000 ml)."""
    if not MIN_WATER_GOAL_ML <= ml <= MAX_WATER_GOAL_ML:
        raise ValueError(f"water goal {ml} ml is outside {MIN_WATER_GOAL_ML}-{MAX_WATER_GOAL_ML}")
    return ml


def check_age(age: int | None) -> int | None:
    """A plausible age in years (1-120), or None."""
    if age is not None and not MIN_AGE <= age <= MAX_AGE:
        raise ValueError(f"age {age} is not a plausible age")
    return age


def check_ids(field: FieldName, values: Sequence[str]) -> list[str]:
    """Known vocabulary ids, deduplicated in canonical order; an unknown id is a ValueError."""
    known = set(ids(field))
    unknown = [value for value in values if value not in known]
    if unknown:
        raise ValueError(f"unknown {SINGULAR[field]} {unknown[0]!r}")
    return list(canonical(field, tuple(values)))


class PeopleRepository(Repository):
    """Creates people at consent and changes their settings."""

    async def get(self, telegram_user_id: int) -> Person | None:
        """The person with this Telegram user id, or None (not consented, or erased)."""
        row = await self._session.scalar(
            select(PersonRow)
            .where(PersonRow.telegram_user_id == telegram_user_id)
            .execution_options(populate_existing=True)
        )
        return None if row is None else to_person(row)

    async def get_by_id(self, person_id: int) -> Person | None:
        """The person with this internal id, or None."""
        row = await self._session.get(PersonRow, person_id, populate_existing=True)
        return None if row is None else to_person(row)

    async def create_with_consent(
        self,
        telegram_user_id: int,
        chat_id: int,
        *,
        consented_at: dt.datetime,
        language: str = "en",
        timezone: str | None = None,
        water_goal_ml: int = DEFAULT_WATER_GOAL_ML,
    ) -> Person:
        """Store a person who just consented, with the default schedule.

        Nothing may be stored before this. Consenting again (a second /start, another instance
        racing) keeps the existing person and renews the consent time and chat.
        """
        if timezone is not None:
            check_timezone(timezone)
        check_water_goal(water_goal_ml)
        inserted = await self._session.scalar(
            upsert(self._dialect, PersonRow)
            .values(
                telegram_user_id=telegram_user_id,
                chat_id=chat_id,
                language=language,
                timezone=timezone,
                consented_at=consented_at,
                water_goal_ml=water_goal_ml,
            )
            .on_conflict_do_nothing(index_elements=[PersonRow.telegram_user_id])
            .returning(PersonRow.id)
        )
        if inserted is not None:
            self._session.add(
                default_schedule_row(inserted, due=None if timezone is None else DUE_NOW)
            )
            await self._session.flush()
            person_id = inserted
        else:
            existing = await self.get(telegram_user_id)
            assert existing is not None
            person_id = existing.id
            await self._set(person_id, consented_at=consented_at, chat_id=chat_id)
        person = await self.get_by_id(person_id)
        assert person is not None
        return person

    async def set_timezone(self, person_id: int, timezone: str) -> None:
        """Store an IANA zone name (never an offset); prompts are recomputed for it."""
        await self._set(person_id, timezone=check_timezone(timezone))
        await reschedule(self._session, person_id)

    async def set_language(self, person_id: int, language: str) -> None:
        """The language the bot talks in."""
        await self._set(person_id, language=language)

    async def set_water_goal(self, person_id: int, ml: int) -> None:
        """The daily water goal (500-6000 ml; the bot offers 1500-4000)."""
        await self._set(person_id, water_goal_ml=check_water_goal(ml))

    async def set_profile(
        self,
        person_id: int,
        *,
        conditions: Sequence[str],
        medications: Sequence[str],
        medication_changed_recently: bool,
        age: int | None = None,
    ) -> None:
        """Replace the profile; ids are the engine's condition and medication ids."""
        check_age(age)
        await self._set(
            person_id,
            conditions=check_ids("conditions", conditions),
            medications=check_ids("medications", medications),
            medication_changed_recently=medication_changed_recently,
            age=age,
        )

    async def set_conditions(self, person_id: int, conditions: Sequence[str]) -> None:
        """Replace the conditions (a pregnancy's due date stays until `set_pregnancy`)."""
        await self._set(person_id, conditions=check_ids("conditions", conditions))

    async def set_medications(
        self, person_id: int, medications: Sequence[str], *, changed_recently: bool | None = None
    ) -> None:
        """Replace the medicines; `changed_recently` None keeps what was said before."""
        values: dict[str, object] = {"medications": check_ids("medications", medications)}
        if changed_recently is not None:
            values["medication_changed_recently"] = changed_recently
        await self._set(person_id, **values)

    async def set_age(self, person_id: int, age: int | None) -> None:
        """The person's age in years, or None to forget it."""
        await self._set(person_id, age=check_age(age))

    async def set_pregnancy(self, person_id: int, pregnant: bool, due: dt.date | None) -> None:
        """Pregnant (with its due date, or a birth date once past) or not; not pregnant also
        forgets a recent birth. The other conditions are kept."""
        person = await self.get_by_id(person_id)
        if person is None:
            raise LookupError(f"no person {person_id}")
        others = [c for c in person.conditions if c not in ("pregnancy", "recently_gave_birth")]
        conditions = [*others, "pregnancy"] if pregnant else others
        await self._set(
            person_id,
            conditions=check_ids("conditions", conditions),
            pregnancy_due=due if pregnant else None,
        )

    async def pause_until(self, person_id: int, until: dt.datetime | None) -> None:
        """Stop scheduled prompts until `until`, or until /resume when None."""
        await self._set(person_id, paused=True, paused_until=until)
        await reschedule(self._session, person_id)

    async def resume(self, person_id: int) -> None:
        """Restart scheduled prompts."""
        await self._set(person_id, paused=False, paused_until=None)
        await reschedule(self._session, person_id)

    async def mark_blocked(self, person_id: int, at: dt.datetime) -> None:
        """The person blocked the bot: send nothing until they write again."""
        await self._set(person_id, active=False, blocked_at=at)
        await reschedule(self._session, person_id)

    async def mark_active(self, person_id: int, chat_id: int | None = None) -> None:
        """The person wrote again: prompts resume. Cheap to call on every update: it writes
        only when the person was blocked or the chat changed."""
        current = (
            await self._session.execute(
                select(PersonRow.active, PersonRow.chat_id).where(PersonRow.id == person_id)
            )
        ).first()
        if current is None:
            raise LookupError(f"no person {person_id}")
        was_active, old_chat_id = current
        if was_active and chat_id in (None, old_chat_id):
            return
        values: dict[str, object] = {"active": True, "blocked_at": None}
        if chat_id is not None:
            values["chat_id"] = chat_id
        await self._set(person_id, **values)
        if not was_active:
            await reschedule(self._session, person_id)

    async def counts(self, now: dt.datetime) -> PeopleCounts:
        """Aggregate counts for the operator's /stats."""
        paused = PersonRow.paused.is_(True) & or_(
            PersonRow.paused_until.is_(None), PersonRow.paused_until > now
        )
        row = (
            await self._session.execute(
                select(
                    func.count(),
                    func.count().filter(PersonRow.active.is_(True)),
                    func.count().filter(paused),
                    func.count().filter(PersonRow.active.is_(False)),
                )
            )
        ).one()
        return PeopleCounts(total=row[0], active=row[1], paused=row[2], blocked=row[3])

    async def _set(self, person_id: int, **values: object) -> None:
        count = await affected_rows(
            self._session,
            update(PersonRow)
            .where(PersonRow.id == person_id)
            .values(**values)
            .execution_options(synchronize_session=False),
        )
        if count != 1:
            raise LookupError(f"no person {person_id}")
