import { createDispatcher, type CommandGuard } from "../../bots/commands/dispatcher.js";
import { adminTable } from "../../bots/commands/admin-table.js";
import type { AdminCommandDeps } from "../../bots/commands/admin/deps.js";
import { MAX_COMMAND_LENGTH } from "../../bots/commands/parser.js";
import { MAX_WHEN_LENGTH } from "../../core/meetings/when.js";
import { meetTable } from "../../bots/commands/meet-table.js";
import type { MeetCommandDeps } from "../../bots/commands/meet/deps.js";
import type { CommandOrigin, Reply } from "../../bots/commands/types.js";
import { createLogger } from "../../core/logging/logger.js";
import { createMetrics } from "../../core/metrics/registry.js";
import { translate, type Locale } from "../../core/i18n/translate.js";

function setup({ mayCreate = true, tables = [meetTable, adminTable] as (typeof meetTable)[] } = {}) {
  const sent: { origin: CommandOrigin; reply: Reply }[] = [];
  const metrics = createMetrics();
  const dispatch = createDispatcher({
    tables,
    // Help reads only the table; a stand-in for the other handlers' capabilities is enough here.
    deps: {} as MeetCommandDeps & AdminCommandDeps,
    // Everyone may schedule, unless the test says otherwise; nothing else is asked of the guard here.
    guard: {
      creatorFacts: async () => ({ namedByCreators: mayCreate, blocked: false }),
    } as unknown as CommandGuard,
    adminGuard: { allows: async () => false },
    metrics,
    logger: createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } }),
    send: async (origin, reply) => void sent.push({ origin, reply }),
  });
  const say = (body: string, locale: Locale = "en") =>
    dispatch({ sender: "@alice:example.org", roomId: "!r:example.org", eventId: "$e", body, locale });
  return { sent, say, metrics, dispatch };
}

describe("help and dispatch", () => {
  test("!meet help lists every command of the table in English", async () => {
    const { sent, say } = setup();
    await say("!meet help");
    const text = sent[0]!.reply.text;
    expect(text).toContain("Plenum: !meet commands");
    for (const command of meetTable.commands) expect(text).toContain(`!meet ${command.name}`);
  });

  test("!meet help answers in German when the reader's language is German", async () => {
    const { sent, say } = setup();
    await say("!meet help", "de");
    expect(sent[0]!.reply.text).toContain("Plenum: Befehle für !meet");
    expect(sent[0]!.reply.text).toContain("Zeigt die verfügbaren Befehle");
  });

  test("!meet help lists the commands under the headings of their groups, as HTML and as plain text", async () => {
    const { sent, say } = setup();
    await say("!meet help");
    const { text, html } = sent[0]!.reply;
    const headings = ["Planning", "During a meeting", "Council sessions", "Settings"];
    expect(html).toContain(
      `<h4>Planning</h4><ul><li><code>!meet schedule &lt;&quot;title&quot; when...&gt;</code>`,
    );
    const positions = headings.map((h) => html!.indexOf(`<h4>${h}</h4>`));
    expect(positions.every((at, i) => at > (positions[i - 1] ?? 0))).toBe(true);
    for (const heading of headings) expect(text).toContain(`\n\n${heading}\n!meet `);
  });

  test("!meet help names its groups in German for a German reader", async () => {
    const { sent, say } = setup();
    await say("!meet help", "de");
    const html = sent[0]!.reply.html!;
    for (const heading of ["Planen", "Während einer Besprechung", "Sitzungen von Gremien", "Einstellungen"])
      expect(html).toContain(`<h4>${heading}</h4>`);
  });

  test("the bare prefix shows the help", async () => {
    const { sent, say } = setup();
    await say("!meet");
    expect(sent[0]!.reply.text).toContain("Plenum: !meet commands");
  });

  test("help for one command shows its arguments", async () => {
    const { sent, say } = setup();
    await say("!meet help help");
    expect(sent[0]!.reply.text).toContain("command: a command name");
  });

  test("an unknown command gets an answer naming it and pointing to the help", async () => {
    const { sent, say } = setup();
    await say("!meet dance");
    expect(sent[0]!.reply.text).toBe("There is no command “dance”. Type !meet help for the list.");
  });

  test("too many arguments are refused with the usage", async () => {
    const { sent, say } = setup();
    await say("!meet help one two");
    expect(sent[0]!.reply.text).toBe("“help” takes no more than what is shown here: !meet help [command]");
  });

  test("a command whose required rest argument is missing is refused with its usage", async () => {
    const { sent, say } = setup();
    await say("!meet schedule");
    expect(sent[0]!.reply.text).toBe(
      '“schedule” needs <"title" when>. Usage: !meet schedule <"title" when...>',
    );
  });

  test("ordinary chat is not treated as a command", async () => {
    const { sent, say } = setup();
    expect(await say("good morning")).toBe(false);
    expect(sent).toEqual([]);
  });

  test("commands are counted by name and outcome", async () => {
    const { say, metrics } = setup();
    await say("!meet help");
    await say("!meet dance");
    const text = await metrics.registry.metrics();
    expect(text).toContain('plenum_commands_total{command="help",outcome="ok"} 1');
    expect(text).toContain('plenum_commands_total{command="unknown",outcome="user_error"} 1');
  });

  test("refused and edited commands are counted under a fixed set of names, never under what was typed", async () => {
    const { dispatch, metrics } = setup();
    const from = {
      sender: "@alice:example.org",
      roomId: "!r:example.org",
      eventId: "$e",
      locale: "en" as const,
    };
    await dispatch({ ...from, body: "!admin x1-made-up" });
    await dispatch({ ...from, body: "!admin rooms" });
    await dispatch({ ...from, body: "!meet x2-made-up", via: "edit" });
    await dispatch({ ...from, body: "!meet help", via: "edit" });
    const text = await metrics.registry.metrics();
    expect(text).not.toContain("made-up");
    expect(text).toContain('plenum_commands_total{command="unknown",outcome="denied"} 2');
    expect(text).toContain('plenum_commands_total{command="rooms",outcome="denied"} 1');
    expect(text).toContain('plenum_commands_total{command="help",outcome="denied"} 1');
  });

  test("a command longer than the limit is refused with one line that does not repeat it", async () => {
    const { sent, say } = setup();
    const body = `!meet schedule "${"x".repeat(MAX_COMMAND_LENGTH)}" tomorrow 10:00`;
    await say(body);
    const text = sent[0]!.reply.text;
    expect(text).toBe(
      `This command is ${body.length} characters long; commands may have at most ${MAX_COMMAND_LENGTH}. Please shorten it.`,
    );
  });

  test("a command of exactly the limit is parsed as usual", async () => {
    const { sent, say } = setup();
    await say(`!meet help ${"x".repeat(MAX_COMMAND_LENGTH - "!meet help ".length)}`);
    expect(sent[0]!.reply.text).toMatch(/^There is no command “x+” to explain/);
  });

  test("ordinary chat longer than the limit gets no answer", async () => {
    const { sent, say } = setup();
    expect(await say("x".repeat(MAX_COMMAND_LENGTH * 10))).toBe(false);
    expect(sent).toEqual([]);
  });

  test("a sender who may not schedule is refused before the date is read, however long or odd it is", async () => {
    let read = 0;
    const schedule = meetTable.commands.find((command) => command.name === "schedule")!;
    const counted = {
      ...meetTable,
      commands: meetTable.commands.map((command) =>
        command === schedule
          ? {
              ...command,
              handler: (async (...args: unknown[]) => {
                read++;
                return (schedule.handler as (...args: unknown[]) => unknown)(...args);
              }) as typeof schedule.handler,
            }
          : command,
      ),
    } as typeof meetTable;
    const { sent, say } = setup({ mayCreate: false, tables: [counted, adminTable] as (typeof meetTable)[] });
    const dates = [
      "x".repeat(MAX_WHEN_LENGTH + 1),
      `1.12.2026 ${".".repeat(3000)}`,
      `morgen um 10 Uhr ${",;".repeat(1500)}`,
    ];
    for (const when of dates) await say(`!meet schedule "Budget" ${when}`);
    expect(sent.map(({ reply }) => reply.text)).toEqual(
      dates.map(() => translate("en", "meeting.not_a_creator")),
    );
    expect(read).toBe(0);
  });

  test("every message key exists in German and English", async () => {
    const { en } = await import("../../core/i18n/en.js");
    const { de } = await import("../../core/i18n/de.js");
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });
});
