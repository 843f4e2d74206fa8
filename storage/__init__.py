"""Everything the bot keeps, behind repositories; see docs/storage.md.

db = Database.from_url(settings.database_url)
await upgrade_database(db)            # from storage.migrate
async with db.unit_of_work() as uow:
    ...
await db.close()
"""

from storage.db import DEFAULT_URL, Database
from storage.unit_of_work import UnitOfWork

__all__ = ["DEFAULT_URL", "Database", "UnitOfWork"]
