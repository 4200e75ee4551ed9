import { changeSpeakerList, SPEAKING_TIME_UP, speakerJobHandlers } from "../../core/council/speaker-board.js";
import { nextSpeaker, requestToSpeak, withdraw } from "../../core/council/speaker-list.js";
import { UserError } from "../../core/errors/user-error.js";
import type { Meeting } from "../../core/meetings/model.js";
import { meetingWorldPerTest } from "../support/meeting-world.js";
import { testMeeting } from "../support/stored-meeting.js";

const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const ROOM = "!meeting:example.org";

const world = meetingWorldPerTest();

async function liveMeeting(): Promise<Meeting> {
  return world().meetingInRoom(testMeeting({ status: "live", participants: [ALICE, BOB] }));
}

/** Alice and then Bob ask to speak. */
async function twoWaiting(meeting: Meeting): Promise<void> {
  const { deps, clock } = world();
  await changeSpeakerList(deps, meeting, (list) => requestToSpeak(list, ALICE, "Budget", clock.now()), "$1");
  await changeSpeakerList(deps, meeting, (list) => requestToSpeak(list, BOB, null, clock.now()), "$2");
}

describe("the list of speakers", () => {
  test("is posted and pinned in the meeting room at its first change", async () => {
    const { deps, matrix, clock } = world();
    await changeSpeakerList(
      deps,
      await liveMeeting(),
      (list) => requestToSpeak(list, ALICE, null, clock.now()),
      "$1",
    );
    const [posted] = matrix.sent;
    expect(posted!.content.body).toMatch(/^List of speakers: “Council”/);
    expect(posted!.content.body).toContain(`1. ${ALICE}`);
    expect(matrix.state(ROOM, "m.room.pinned_events")).toEqual({ pinned: [posted!.eventId] });
  });

  test("is edited in place at every later change", async () => {
    const { matrix } = world();
    await twoWaiting(await liveMeeting());
    expect(matrix.sent[1]!.content["m.relates_to"]).toEqual({
      rel_type: "m.replace",
      event_id: matrix.sent[0]!.eventId,
    });
    expect(matrix.sent[1]!.content["m.new_content"]).toMatchObject({
      body: expect.stringContaining(`2. ${BOB}`),
    });
  });

  test("stays as it was, stored and in the room, when the change is refused", async () => {
    const { deps, matrix } = world();
    const meeting = await liveMeeting();
    await twoWaiting(meeting);
    const before = await deps.speakers.get(ROOM);
    const refused = changeSpeakerList(deps, meeting, (list) => withdraw(list, "@carol:example.org"), "$3");
    await expect(refused).rejects.toBeInstanceOf(UserError);
    expect(await deps.speakers.get(ROOM)).toEqual(before);
    expect(matrix.sent).toHaveLength(2);
  });

  test("stays as it was stored when the room cannot be told", async () => {
    const { deps, matrix, clock } = world();
    const meeting = await liveMeeting();
    await twoWaiting(meeting);
    const before = await deps.speakers.get(ROOM);
    matrix.failOn("sendEvent");
    await expect(
      changeSpeakerList(deps, meeting, (list) => nextSpeaker(list, clock.now()), "$3"),
    ).rejects.toThrow("sendEvent failed");
    expect(await deps.speakers.get(ROOM)).toEqual(before);
  });

  test("records each turn given, with its topic, as the meeting's record", async () => {
    const { deps, clock } = world();
    const meeting = await liveMeeting();
    await twoWaiting(meeting);
    await changeSpeakerList(deps, meeting, (list) => nextSpeaker(list, clock.now()), "$3");
    clock.advance(60_000);
    await changeSpeakerList(deps, meeting, (list) => nextSpeaker(list, clock.now()), "$4");
    expect(await deps.speakers.turns(ROOM)).toEqual([
      { userId: ALICE, topic: "Budget", startedAt: clock.now() - 60_000 },
      { userId: BOB, topic: null, startedAt: clock.now() },
    ]);
  });
});

describe("a speaking time", () => {
  test("is planned as a job for its end, and the scheduler is woken", async () => {
    const { deps, clock, plannedJobs, wakes } = world();
    const meeting = await liveMeeting();
    await twoWaiting(meeting);
    await changeSpeakerList(deps, meeting, (list) => nextSpeaker(list, clock.now(), 180), "$3");
    expect((await plannedJobs()).map((job) => [job.kind, job.dueAt])).toEqual([
      [SPEAKING_TIME_UP, clock.now() + 180_000],
    ]);
    expect(wakes()).toBe(1);
  });

  test("that runs out tells the speaker, with a mention", async () => {
    const { deps, clock, matrix, runDueJobs } = world();
    const meeting = await liveMeeting();
    await twoWaiting(meeting);
    await changeSpeakerList(deps, meeting, (list) => nextSpeaker(list, clock.now(), 180), "$3");
    clock.advance(180_000);
    await runDueJobs(speakerJobHandlers(deps));
    expect(matrix.sent.at(-1)!.content).toEqual({
      msgtype: "m.notice",
      body: `${ALICE}, your speaking time is up.`,
      "m.mentions": { user_ids: [ALICE] },
    });
  });

  test("is forgotten when the floor passes on before it runs out", async () => {
    const { deps, clock, matrix, plannedJobs, runDueJobs } = world();
    const meeting = await liveMeeting();
    await twoWaiting(meeting);
    await changeSpeakerList(deps, meeting, (list) => nextSpeaker(list, clock.now(), 180), "$3");
    await changeSpeakerList(deps, meeting, (list) => nextSpeaker(list, clock.now()), "$4");
    expect(await plannedJobs()).toEqual([]);
    clock.advance(180_000);
    await runDueJobs(speakerJobHandlers(deps));
    expect(matrix.messages(ROOM).some((body) => body.includes("speaking time is up"))).toBe(false);
  });
});
