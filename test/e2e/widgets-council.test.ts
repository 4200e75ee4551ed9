import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Frame, FrameLocator, Page } from "playwright-core";
import { conferenceNameForRoom } from "../../core/meetings/conference.js";
import { WidgetBrowser, type OpenWidgetOptions } from "../support/browser.js";
import { ManualClock } from "../support/clock.js";
import { verifiedClaims } from "../support/jitsi-token.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const APP_SECRET = "jitsi-app-secret-for-council-widget-tests";
/** Monday 2026-11-23 09:00 Europe/Berlin; the session starts at 09:30. */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");
const SESSION_START = Date.parse("2026-11-23T08:30:00Z");
/** Views are polled every few seconds: waits on them allow several rounds. */
const POLLED = 20_000;
/** axe-core, injected by the browser into the widget's frame (its CSP stays as served). */
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** What the stand-ins in test/support/jitsi-stand-ins.ts recorded in the widget's frame. */
interface ExternalApiRecord {
  options: { roomName: string; jwt: string };
  commands: unknown[][];
  audioMuted: boolean;
}
type LibCall = [string, ...unknown[]];
/** Functions handed to evaluate() run in the frame, so each names the window itself. */
interface StandInWindow {
  jitsiStandIn: ExternalApiRecord & {
    participants: { participantId: string }[];
    emit(event: string, payload: unknown): void;
  };
  ljmStandIn: {
    calls: LibCall[];
    remoteAudio(conference: string, participantId: string): void;
    setRemoteMuted(conference: string, participantId: string, muted: boolean): void;
    joined(): string[];
    volumes(conference: string): number[];
  };
  axe: { run(): Promise<AxeResults> };
}

interface Call {
  page: Page;
  widget: FrameLocator;
  frame: Frame;
}

describe("the council tools of the call widget in headless Chromium, against stand-ins for Jitsi's external_api.js and lib-jitsi-meet", () => {
  let browser: WidgetBrowser;
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let room: string;
  let conference: string;
  const pages: Page[] = [];
  const calls = new Map<string, Call>();
  const clock = new ManualClock(MONDAY_9AM);

  beforeAll(async () => {
    browser = await WidgetBrowser.start();
    env = await TestEnv.start({
      locale: "en",
      config: { jitsi: { domain: browser.jitsiDomain, app_secret: APP_SECRET, call_widget: "plenum" } },
      start: { widgetsDir: browser.widgetsDir, clock, schedulerTimer: false },
    });
    [alice, bob, carol, dave] = (await env.createUsers("alice", "bob", "carol", "dave")) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    const team = await env.roomWithBot(alice, "Council");
    const reply = await env.ask(
      alice,
      team,
      `!meet schedule "Council" 2026-11-23 09:30 for 2h with ${bob.userId} ${carol.userId} ${dave.userId}`,
    );
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    const meeting = (await env.plenum.meetingDeps.meetings.get(id))!;
    room = meeting.roomId!;
    conference = meeting.conferenceName.toLowerCase();
    for (const user of [alice, bob, carol, dave]) await env.joinRoom(user, room);
    clock.set(SESSION_START);
    await env.plenum.scheduler!.tick();
    await env.eventually(
      async () => (await env.plenum.meetingDeps.meetings.get(id))?.status === "live",
      "the session to go live",
    );
    await env.ask(alice, room, `!meet whisper-group "Fraktion A" ${alice.userId} ${bob.userId}`);
  });

  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await browser?.stop();
    await env?.stop();
  });

  /** The user's call widget in `roomId`, joined, having told the widget its Jitsi participant id. */
  async function open(
    user: TestUser,
    participantId: string,
    more: Partial<OpenWidgetOptions> = {},
  ): Promise<Call> {
    const opened = await browser.open(env, { widget: "call", user, roomId: room, ...more });
    pages.push(opened.page);
    await opened.widget.getByRole("button", { name: /Join the call|Dem Anruf beitreten/ }).click();
    await opened.widget.getByText("Jitsi stand-in").waitFor();
    const frame = opened.page.frames().find((f) => f.url().includes("/widgets/call/"))!;
    const call = { ...opened, frame };
    await emit(call, "videoConferenceJoined", { id: participantId, roomName: conference, displayName: "x" });
    return call;
  }

  /** One joined widget per user for the tests that build on each other. */
  async function callOf(user: TestUser, participantId: string): Promise<Call> {
    const known = calls.get(user.userId);
    if (known) return known;
    const call = await open(user, participantId);
    calls.set(user.userId, call);
    return call;
  }

  function emit(call: Call, event: string, payload: Record<string, unknown>): Promise<void> {
    return call.frame.evaluate(
      ([name, data]) => (globalThis as unknown as StandInWindow).jitsiStandIn.emit(name, data),
      [event, payload] as const,
    );
  }

  const commands = (call: Call) =>
    call.frame.evaluate(() => (globalThis as unknown as StandInWindow).jitsiStandIn.commands);
  const libCalls = (call: Call) =>
    call.frame.evaluate(() => (globalThis as unknown as StandInWindow).ljmStandIn?.calls ?? []);

  async function waitForCommand(call: Call, command: unknown[]): Promise<void> {
    const wanted = JSON.stringify(command);
    await env.eventually(
      async () => (await commands(call)).some((c) => JSON.stringify(c) === wanted),
      `the widget to send ${wanted} to Jitsi's IFrame API`,
      POLLED,
    );
  }

  async function waitForLibCall(call: Call, check: (c: LibCall) => boolean, what: string): Promise<LibCall> {
    let found: LibCall | undefined;
    await env.eventually(
      async () => Boolean((found = (await libCalls(call)).find(check))),
      `the widget to call lib-jitsi-meet: ${what}`,
      POLLED,
    );
    return found!;
  }

  /** Raises the user's hand in the stand-in (Jitsi sends the time it went up) and waits for their place. */
  async function raiseHandInCall(call: Call, participantId: string, user: TestUser): Promise<void> {
    await emit(call, "raiseHandUpdated", { id: participantId, handRaised: 1_763_884_800_000 });
    await env.eventually(
      async () => (await speakers()).waiting.some((r) => r.userId === user.userId),
      `${user.userId} to be on the list of speakers`,
    );
  }

  const podiumState = () => env.plenum.gateway.getState(room, "org.plenum.podium", "");
  const speakers = async () => (await env.plenum.meetingDeps.speakers.get(room)).list;

  test("a moderator's call widget shows the podium controls; a participant's does not", async () => {
    const moderator = await callOf(alice, "alice001");
    await moderator.widget.getByRole("button", { name: "Podium mode" }).waitFor();
    const participant = await callOf(bob, "bob00001");
    await participant.widget.getByRole("heading", { name: "Whisper" }).waitFor();
    expect(await participant.widget.getByRole("button", { name: "Podium mode" }).count()).toBe(0);
  });

  test("turning podium mode on in the widget writes org.plenum.podium and switches on Jitsi's audio and video moderation", async () => {
    const moderator = await callOf(alice, "alice001");
    const toggle = moderator.widget.getByRole("button", { name: "Podium mode" });
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await toggle.click();
    await env.eventually(async () => (await podiumState())?.enabled === true, "the podium state to be on");
    await waitForCommand(moderator, ["toggleModeration", true, "audio"]);
    await waitForCommand(moderator, ["toggleModeration", true, "video"]);
    await moderator.widget.locator('#podium-mode[aria-pressed="true"]').waitFor();
  });

  test("a podium member added in the widget is approved for audio and video by the participant id their own widget reported", async () => {
    const moderator = await callOf(alice, "alice001");
    await callOf(bob, "bob00001");
    await moderator.widget.getByLabel("Add to the podium").selectOption(bob.userId);
    await moderator.widget.getByRole("button", { name: "Add", exact: true }).click();
    await env.eventually(
      async () => ((await podiumState())?.members as string[] | undefined)?.includes(bob.userId) === true,
      "bob to be on the podium in the room state",
    );
    await waitForCommand(moderator, ["askToUnmute", "bob00001"]);
    await waitForCommand(moderator, ["approveVideo", "bob00001"]);
    await moderator.widget.getByRole("button", { name: /^Remove .* from the podium$/ }).waitFor();
  });

  test("in podium mode whoever has the floor is approved, and rejected again when the floor moves on", async () => {
    const moderator = await callOf(alice, "alice001");
    await callOf(carol, "carol001");
    await env.ask(carol, room, "!meet speak");
    await env.ask(alice, room, "!meet next");
    await waitForCommand(moderator, ["askToUnmute", "carol001"]);
    await waitForCommand(moderator, ["approveVideo", "carol001"]);
    await env.ask(alice, room, "!meet next");
    await waitForCommand(moderator, ["rejectParticipant", "carol001", "audio"]);
    await waitForCommand(moderator, ["rejectParticipant", "carol001", "video"]);
    expect(await commands(moderator)).not.toContainEqual(["rejectParticipant", "bob00001", "audio"]);
  });

  test("a hand raised in the call puts its owner on the list of speakers; lowering it withdraws them", async () => {
    const call = await callOf(dave, "dave0001");
    await raiseHandInCall(call, "dave0001", dave);
    await emit(call, "raiseHandUpdated", { id: "dave0001", handRaised: 0 });
    await env.eventually(
      async () => !(await speakers()).waiting.some((r) => r.userId === dave.userId),
      "dave to have left the list of speakers",
    );
  });

  test("when the floor moves past a speaker, their widget lowers their raised hand in the call", async () => {
    const call = await callOf(dave, "dave0001");
    await raiseHandInCall(call, "dave0001", dave);
    expect(await env.ask(alice, room, "!meet next")).toContain(dave.userId);
    expect((await commands(call)).filter((c) => c[0] === "toggleRaiseHand")).toEqual([]);
    await env.ask(alice, room, "!meet next");
    await waitForCommand(call, ["toggleRaiseHand"]);
  });

  test("only members of a whisper group get its button", async () => {
    const member = await callOf(bob, "bob00001");
    await member.widget.getByRole("button", { name: "Hold to whisper to Fraktion A" }).waitFor();
    const other = await callOf(carol, "carol001");
    await other.widget.getByRole("region", { name: "Council tools" }).waitFor();
    expect(await other.widget.getByRole("button", { name: /whisper/i }).count()).toBe(0);
  });

  test("the group's own audio-only conference is joined once, with a whisper token, and without a microphone until the user whispers", async () => {
    const member = await callOf(bob, "bob00001");
    const connection = await waitForLibCall(member, (c) => c[0] === "JitsiConnection", "a connection");
    const joined = await waitForLibCall(member, (c) => c[0] === "join", "a conference joined");
    const claims = await verifiedClaims(String(connection[1]), APP_SECRET, new Date(clock.now()));
    expect(claims.room).toBe(joined[1]);
    expect(joined[1]).not.toBe(conference);
    expect(claims.context.user.id).toBe(bob.userId);
    expect(connection[2]).toEqual({
      hosts: { domain: "meet.jitsi", muc: "muc.meet.jitsi" },
      serviceUrl: `wss://${browser.jitsiDomain}/xmpp-websocket?room=${encodeURIComponent(String(joined[1]))}`,
    });
    const all = await libCalls(member);
    expect(all.filter((c) => c[0] === "join")).toHaveLength(1);
    expect(all.filter((c) => c[0] === "createLocalTracks")).toEqual([]);
  });

  test("holding the whisper button unmutes the microphone in the group's conference and mutes it in the main call until released", async () => {
    const member = await callOf(bob, "bob00001");
    const button = member.widget.getByRole("button", { name: "Hold to whisper to Fraktion A" });
    await waitForLibCall(member, (c) => c[0] === "join", "the whisper conference joined");
    await button.hover();
    await member.page.mouse.down();
    await member.widget.locator('button.whisper[aria-pressed="true"]').waitFor();
    await waitForLibCall(member, (c) => c[0] === "unmute", "the whisper microphone unmuted");
    const held = await libCalls(member);
    expect(held.find((c) => c[0] === "createLocalTracks")).toEqual([
      "createLocalTracks",
      { devices: ["audio"] },
    ]);
    const track = held.find((c) => c[0] === "created")![1];
    expect(held.filter((c) => c[1] === track).map((c) => c[0])).toEqual(["created", "mute", "unmute"]);
    expect(held.some((c) => c[0] === "addTrack" && c[2] === track)).toBe(true);
    expect(
      await member.frame.evaluate(() => (globalThis as unknown as StandInWindow).jitsiStandIn.audioMuted),
    ).toBe(true);
    await member.page.mouse.up();
    await member.widget.locator('button.whisper[aria-pressed="false"]').waitFor();
    await env.eventually(
      async () =>
        (await libCalls(member))
          .filter((c) => c[1] === track)
          .map((c) => c[0])
          .join() === "created,mute,unmute,mute",
      "the whisper microphone muted again",
    );
    await env.eventually(
      async () =>
        !(await member.frame.evaluate(
          () => (globalThis as unknown as StandInWindow).jitsiStandIn.audioMuted,
        )),
      "the main call's microphone to be back on",
    );
    expect((await commands(member)).filter((c) => c[0] === "toggleAudio")).toHaveLength(2);
  });

  test("the whisper button is held with Space as well, and a muted main microphone stays muted", async () => {
    const member = await callOf(bob, "bob00001");
    await member.frame.evaluate(
      () => ((globalThis as unknown as StandInWindow).jitsiStandIn.audioMuted = true),
    );
    const before = (await commands(member)).filter((c) => c[0] === "toggleAudio").length;
    const unmutes = (await libCalls(member)).filter((c) => c[0] === "unmute").length;
    const button = member.widget.getByRole("button", { name: "Hold to whisper to Fraktion A" });
    await button.focus();
    await member.page.keyboard.down(" ");
    await member.widget.locator('button.whisper[aria-pressed="true"]').waitFor();
    await env.eventually(
      async () => (await libCalls(member)).filter((c) => c[0] === "unmute").length === unmutes + 1,
      "the whisper microphone unmuted",
    );
    await member.page.keyboard.up(" ");
    await member.widget.locator('button.whisper[aria-pressed="false"]').waitFor();
    expect((await commands(member)).filter((c) => c[0] === "toggleAudio")).toHaveLength(before);
    expect(
      await member.frame.evaluate(() => (globalThis as unknown as StandInWindow).jitsiStandIn.audioMuted),
    ).toBe(true);
  });

  test("a group member hears a whisper over the main call, which is turned down (for late joiners too) while someone whispers", async () => {
    const listener = await callOf(alice, "alice001");
    const joined = await waitForLibCall(listener, (c) => c[0] === "join", "the whisper conference joined");
    const whisperRoom = String(joined[1]);
    await listener.frame.evaluate(() => {
      (globalThis as unknown as StandInWindow).jitsiStandIn.participants = [
        { participantId: "bob00001" },
        { participantId: "carol001" },
      ];
    });
    await listener.frame.evaluate(
      (name) => (globalThis as unknown as StandInWindow).ljmStandIn.remoteAudio(name, "bob-whisper"),
      whisperRoom,
    );
    await listener.frame.evaluate(
      (name) =>
        (globalThis as unknown as StandInWindow).ljmStandIn.setRemoteMuted(name, "bob-whisper", false),
      whisperRoom,
    );
    await waitForCommand(listener, ["setParticipantVolume", "bob00001", 0.2]);
    await waitForCommand(listener, ["setParticipantVolume", "carol001", 0.2]);
    await emit(listener, "participantJoined", { id: "dave0001", displayName: "dave" });
    await waitForCommand(listener, ["setParticipantVolume", "dave0001", 0.2]);
    expect(
      await listener.frame.evaluate(
        (name) => (globalThis as unknown as StandInWindow).ljmStandIn.volumes(name),
        whisperRoom,
      ),
    ).toEqual([1]);
    await listener.frame.evaluate(
      (name) => (globalThis as unknown as StandInWindow).ljmStandIn.setRemoteMuted(name, "bob-whisper", true),
      whisperRoom,
    );
    await waitForCommand(listener, ["setParticipantVolume", "bob00001", 1]);
    await waitForCommand(listener, ["setParticipantVolume", "carol001", 1]);
  });

  describe("with a breakout room open", () => {
    let breakout: string;

    beforeAll(async () => {
      expect(await env.ask(alice, room, `!meet breakout "Budget" ${bob.userId} ${carol.userId}`)).toMatch(
        /^Opened 1 breakout room/,
      );
      breakout = (
        await env.plenum.meetingDeps.breakouts.open(
          (await env.plenum.meetingDeps.meetings.byRoomId(room))!.id,
        )
      )[0]!.roomId;
      await env.joinRoom(bob, breakout);
    });

    test("a moderator in the main room listens into the breakout without a microphone, at the slider's volume, with a token without moderator rights", async () => {
      const call = await open(alice, "alice002");
      const toggle = call.widget.getByRole("button", { name: "Listen to the breakout room “Budget”" });
      // Alice is in a whisper group: that conference is joined first, on its own.
      await waitForLibCall(call, (c) => c[0] === "join", "the whisper conference joined");
      const before = (await libCalls(call)).length;
      await toggle.click();
      const later = async () => (await libCalls(call)).slice(before);
      await env.eventually(
        async () => (await later()).some((c) => c[0] === "join"),
        "the breakout's conference joined",
        POLLED,
      );
      const joined = (await later()).find((c) => c[0] === "join")!;
      const connection = (await later()).find((c) => c[0] === "JitsiConnection")!;
      const claims = await verifiedClaims(String(connection[1]), APP_SECRET, new Date(clock.now()));
      expect(joined[1]).toBe(conferenceNameForRoom(breakout).toLowerCase());
      expect(claims.room).toBe(joined[1]);
      expect(claims.context.user).toMatchObject({ id: alice.userId, moderator: "false" });
      expect(await toggle.getAttribute("aria-pressed")).toBe("true");
      const name = String(joined[1]);
      await call.frame.evaluate(
        (n) => (globalThis as unknown as StandInWindow).ljmStandIn.remoteAudio(n, "bob-breakout"),
        name,
      );
      expect(
        await call.frame.evaluate(
          (n) => (globalThis as unknown as StandInWindow).ljmStandIn.volumes(n),
          name,
        ),
      ).toEqual([0.4]);
      await call.widget.getByRole("slider", { name: "Volume of Budget" }).fill("80");
      expect(
        await call.frame.evaluate(
          (n) => (globalThis as unknown as StandInWindow).ljmStandIn.volumes(n),
          name,
        ),
      ).toEqual([0.8]);
      expect((await libCalls(call)).filter((c) => c[0] === "createLocalTracks")).toEqual([]);
      await toggle.click();
      await waitForLibCall(call, (c) => c[0] === "leave" && c[1] === name, "the breakout's conference left");
      expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    });

    test("a participant in the breakout room is offered the main room to listen to", async () => {
      const call = await open(bob, "bob00002", { roomId: breakout });
      await call.widget.getByRole("button", { name: "Listen to the main room (Council)" }).click();
      await waitForLibCall(
        call,
        (c) => c[0] === "join" && c[1] === conference,
        "the main room's conference joined",
      );
    });

    test("a hand raised in the breakout's call, which has no list of speakers, is refused with Plenum's sentence and goes down again", async () => {
      const call = await open(bob, "bob00003", { roomId: breakout });
      await call.widget.getByRole("heading", { name: "Sub-room audio" }).waitFor();
      await emit(call, "raiseHandUpdated", { id: "bob00003", handRaised: 1_763_884_800_000 });
      const refusal = call.widget.getByRole("region", { name: "Council tools" }).getByRole("alert");
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain("meeting room");
      await waitForCommand(call, ["toggleRaiseHand"]);
    });

    test.each(["light", "dark"].flatMap((theme) => ["en", "de"].map((lang) => [theme, lang] as const)))(
      "the council tools in Element's %s theme, in %s, have no axe violations",
      async (theme, lang) => {
        const call = await open(alice, `alice-${theme}-${lang}`.slice(0, 20), {
          theme,
          lang,
          initScripts: [AXE],
        });
        await call.widget
          .getByRole("heading", { name: lang === "de" ? "Subraum-Audio" : "Sub-room audio" })
          .waitFor();
        await call.widget
          .getByRole("button", { name: lang === "de" ? "Podiumsmodus" : "Podium mode" })
          .waitFor();
        await call.page.setViewportSize({ width: 840, height: 420 });
        await browser.screenshot(call.page, `look-call-council-${theme}-${lang}`);
        const results = await call.frame.evaluate(() => (globalThis as unknown as StandInWindow).axe.run());
        expect(
          results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) })),
        ).toEqual([]);
      },
    );
  });
});
