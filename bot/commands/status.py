"""`status`: each source's last success, last error and next poll; the channel's next post."""

from __future__ import annotations

from bot.calendar.render import channel_lines, source_calendar_lines
from bot.calendar.report import build_report
from bot.commands.common import Context, fmt_time, reply, safe_echo
from bot.commands.settings import here
from bot.delivery.report import delivery_problems, describe_problem
from bot.model import CommandReply
from storage.base import DeliveryStatus


def not_scheduled(due: str | None = None) -> str:
    """What a next poll or post is when no scheduler runs here (and when it would be due).
    `paperboy chat` and `paperboy demo` answer commands but run no scheduler: "next never"
    made that sound like "never again"."""
    return "not scheduled in this process (run `paperboy run`" + (f"; due {due})" if due else ")")


async def status(ctx: Context, arguments: str) -> CommandReply:
    """Each source's last success, last error and next poll; this channel's next post."""
    deps = ctx.deps
    channel = await here(ctx)  # a TOML channel or one set up from chat
    config = deps.config
    if deps.channels is not None:  # the report reads channels from the config: give it all
        config = config.model_copy(update={"channels": await deps.channels.all()})
    report = await build_report(config, deps.store, ctx.now, [channel.name] if channel else [])
    calendars = {source.name: source for source in report.sources}
    zone = ctx.user_zone()
    states = {state.source: state for state in await deps.store.all_poll_states()}
    lines: list[str] = []
    if not deps.config.sources:
        lines.append("No sources are configured.")
    else:
        lines.append("Sources:")
    for source in deps.config.sources:
        state = states.get(source.name)
        planned = deps.schedule.next_poll(source.name) if deps.schedule else None
        if planned is None and state is not None:
            planned = state.next_poll
        if not source.enabled:
            lines.append(f"  {source.name} ({source.kind}): disabled")
            continue
        next_poll = fmt_time(planned, zone) if planned is not None else not_scheduled()
        line = (
            f"  {source.name} ({source.kind}): last success "
            f"{fmt_time(state.last_success if state else None, zone)}, next poll {next_poll}"
        )
        if state is not None and state.last_error:
            failures = state.consecutive_failures
            line += (
                f"\n    last error {fmt_time(state.last_error_at, zone)}: "
                f"{safe_echo(state.last_error, 120)}"
                + (f" ({failures} failures in a row)" if failures > 1 else "")
            )
        lines.append(line)
        lines.extend(source_calendar_lines(calendars[source.name], zone))
    if channel is None:
        lines.append("This channel has no daily post.")
    else:
        settings = await deps.store.get_channel_state(channel.name)
        paused = settings.paused if settings is not None else channel.paused
        if paused:
            lines.append(f"Daily post in #{channel.name}: paused (`/paper settings resume`).")
        else:
            planned = deps.schedule.next_post(channel.name) if deps.schedule else None
            last = settings.last_post_at if settings is not None else None
            due = [found.next_post for found in report.channels if found.next_post is not None]
            upcoming = (
                f"next {fmt_time(planned, zone)}"
                if planned is not None
                else not_scheduled(fmt_time(due[0], zone) if due else None)
            )
            lines.append(f"Daily post in #{channel.name}: {upcoming}, last {fmt_time(last, zone)}.")
            for found in report.channels:
                # why the last or next post is short
                lines.extend(safe_echo(line, 300) for line in channel_lines(found)[1:])
        problems = await delivery_problems(deps.store, channel_name=channel.name)
        if problems:
            lines.append("Recent delivery problems here:")
            lines.extend(f"  {safe_echo(problem, 200)}" for problem in problems)
    lines.extend(await _your_failed_messages(ctx))
    return reply("\n".join(lines))


async def _your_failed_messages(ctx: Context) -> list[str]:
    """Direct messages to this user that could not be delivered (e.g. DMs closed)."""
    failed = await ctx.deps.store.deliveries(status=DeliveryStatus.FAILED, limit=200)
    mine = [
        d
        for d in failed
        if d.user == ctx.invocation.user
        and (d.workspace in (None, "", ctx.invocation.workspace))
        and not d.channel_name
    ][:3]
    if not mine:
        return []
    return ["Your direct messages:"] + [f"  {safe_echo(describe_problem(d), 200)}" for d in mine]
