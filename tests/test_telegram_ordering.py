"""Updates of different users run concurrently; each user's run one by one, in order."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.tg.ordering import PerUserOrder


def message_update(update_id: int, user_id: int) -> Update:
    user = {"id": user_id, "is_bot": False, "first_name": "u"}
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": user_id, "type": "private"},
                "from": user,
                "text": "x",
            },
        },
        None,
    )


async def test_one_users_updates_keep_their_order_while_other_users_overlap():
    processor = PerUserOrder()
    log: list[str] = []
    running = {"now": 0, "most": 0}

    async def handle(name: str, delay: float):
        running["now"] += 1
        running["most"] = max(running["most"], running["now"])
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")
        running["now"] -= 1

    async with processor:
        await asyncio.gather(
            processor.process_update(message_update(1, 7), handle("a1", 0.03)),
            processor.process_update(message_update(2, 7), handle("a2", 0.0)),
            processor.process_update(message_update(3, 8), handle("b1", 0.01)),
        )
    assert log.index("end a1") < log.index("start a2")  # the quick second message waited
    assert running["most"] == 2  # the other user did not wait
    assert processor._locks == {}  # nothing kept for idle users
