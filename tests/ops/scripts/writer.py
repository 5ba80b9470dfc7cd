"""Write batches through the store forever, printing each committed batch number.

``python writer.py DB BATCH`` — each batch, in one ``upsert_many`` transaction, adds BATCH
new opportunity posts (two topics, one country, details) and rewrites the previous batch
with other topics, so a kill can land inside an insert or inside an update's
delete-and-rewrite of children.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

from cagbot.models import OpportunityDetails, PostDraft
from cagbot.store import Store


def draft(number: int, generation: int) -> PostDraft:
    return PostDraft(
        key=f"crash test post {number}",
        title=f"Crash test post {number}",
        summary="x" * (200 + number % 300),
        language="en",
        source="crashtest",
        kind="opportunity",
        topics=(f"topic-{generation}-a", f"topic-{generation}-b"),
        countries=("kg",),
        opportunity=OpportunityDetails(
            type="internship", location="Osh", deadline=date(2030, 1, 1 + generation % 28)
        ),
    )


async def main(path: Path, batch: int) -> None:
    store = await Store.open(path)
    first = await store.posts.count()
    generation = 0
    while True:
        generation += 1
        fresh = [draft(first + i, generation) for i in range(batch)]
        previous = [draft(first - batch + i, generation) for i in range(batch)] if first else []
        await store.posts.upsert_many([*previous, *fresh])
        first += batch
        print(f"committed {first}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2])))
