import type { CouncilView } from "../../core/widgets/api-types.js";
import { PodiumEnforcer, type JitsiCommands } from "../../widgets/call/podium-enforcer.js";

/** A moderator's IFrame API as the enforcer sees it: the commands it was sent, in order. */
function recordingJitsi(): { api: JitsiCommands; commands: unknown[][] } {
  const commands: unknown[][] = [];
  return { api: { executeCommand: (...args: unknown[]) => void commands.push(args) }, commands };
}

function view(change: Partial<CouncilView> = {}): CouncilView {
  return {
    podium: { enabled: true, members: ["@anna:example.org"] },
    floor: null,
    waiting: [],
    hand_raised: false,
    may_moderate: true,
    participants: {
      "@anna:example.org": "anna0001",
      "@ben:example.org": "ben00001",
      "@chair:example.org": "chair001",
    },
    whisper_groups: [],
    listen: [],
    ...change,
  };
}

describe("the podium in the call, enforced from a moderator's widget", () => {
  test("podium mode switches on audio and video moderation and approves the podium's members", () => {
    const { api, commands } = recordingJitsi();
    new PodiumEnforcer(api, () => "chair001").apply(view());
    expect(commands).toEqual([
      ["toggleModeration", true, "audio"],
      ["toggleModeration", true, "video"],
      ["askToUnmute", "anna0001"],
      ["approveVideo", "anna0001"],
    ]);
  });

  test("the same view again sends nothing more", () => {
    const { api, commands } = recordingJitsi();
    const enforcer = new PodiumEnforcer(api, () => "chair001");
    enforcer.apply(view());
    const before = commands.length;
    enforcer.apply(view());
    expect(commands).toHaveLength(before);
  });

  test("the floor holder is approved, and rejected for audio and video when the floor moves on", () => {
    const { api, commands } = recordingJitsi();
    const enforcer = new PodiumEnforcer(api, () => "chair001");
    enforcer.apply(view({ floor: "@ben:example.org" }));
    expect(commands).toContainEqual(["askToUnmute", "ben00001"]);
    commands.length = 0;
    enforcer.apply(view({ floor: null }));
    expect(commands).toEqual([
      ["rejectParticipant", "ben00001", "audio"],
      ["rejectParticipant", "ben00001", "video"],
    ]);
  });

  test("a floor holder who is on the podium stays approved when the floor moves on", () => {
    const { api, commands } = recordingJitsi();
    const enforcer = new PodiumEnforcer(api, () => "chair001");
    enforcer.apply(view({ floor: "@anna:example.org" }));
    commands.length = 0;
    enforcer.apply(view({ floor: null }));
    expect(commands).toEqual([]);
  });

  test("a widget that joins while podium mode is off leaves Jitsi's moderation as it is", () => {
    const { api, commands } = recordingJitsi();
    new PodiumEnforcer(api, () => "chair001").apply(view({ podium: { enabled: false, members: [] } }));
    expect(commands).toEqual([]);
  });

  test("podium mode switched off switches moderation off again", () => {
    const { api, commands } = recordingJitsi();
    const enforcer = new PodiumEnforcer(api, () => "chair001");
    enforcer.apply(view());
    commands.length = 0;
    enforcer.apply(view({ podium: { enabled: false, members: ["@anna:example.org"] } }));
    expect(commands).toEqual([
      ["toggleModeration", false, "audio"],
      ["toggleModeration", false, "video"],
    ]);
  });

  test("a participant's widget, or one not yet in the conference, sends nothing", () => {
    const { api, commands } = recordingJitsi();
    new PodiumEnforcer(api, () => "anna0001").apply(view({ may_moderate: false }));
    new PodiumEnforcer(api, () => undefined).apply(view());
    expect(commands).toEqual([]);
  });

  test("the moderator's own participant id is never asked to unmute", () => {
    const { api, commands } = recordingJitsi();
    new PodiumEnforcer(api, () => "chair001").apply(
      view({ podium: { enabled: true, members: ["@chair:example.org"] } }),
    );
    expect(commands.filter((c) => c[0] !== "toggleModeration")).toEqual([]);
  });
});
