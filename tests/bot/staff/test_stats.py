"""/stats: staff get the figures (subscribers, posts and calls, and every feature's own
lines) in their language; anyone else the staff-only refusal and no figures."""

from __future__ import annotations

from cagbot.i18n import I18n, Translator
from tests.e2e.conftest import STAFF_ID, Bot, subscribe

I18N = I18n.load()


async def test_staff_get_the_figures_and_each_features_lines(bot: Bot) -> None:
    async def extra(t: Translator) -> list[str]:
        return [t.gettext("Statistics") + " <extra>"]

    bot.app.bot_data.stats_providers.append(extra)
    await subscribe(bot, bot.user("ru"))
    staff = bot.user("sv", user_id=STAFF_ID)
    text = (await bot.say(staff, "/stats")).text or ""
    sv = I18N.get("sv")
    assert text.startswith(sv.gettext("Statistics"))
    assert sv.ngettext("{n} subscriber", "{n} subscribers", 1).format(n=1) in text
    assert text.endswith(sv.gettext("Statistics") + " <extra>")  # escaped, shown as written


async def test_others_are_refused_without_figures(bot: Bot) -> None:
    await subscribe(bot, bot.user("ru"))
    stranger = bot.user("en")
    answer = await bot.say(stranger, "/stats")
    assert answer.text == I18N.get("en").gettext("Sorry, this command is only for CAG staff.")
