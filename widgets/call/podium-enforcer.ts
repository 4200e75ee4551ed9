import type { CouncilView } from "../../core/widgets/api-types.js";

/** The one capability the enforcer needs from Jitsi's IFrame API: sending commands. */
export interface JitsiCommands {
  executeCommand(command: string, ...args: unknown[]): void;
}

const MEDIA_TYPES = ["audio", "video"] as const;

/**
 * Enforces the podium in the call from a moderator's widget, with Jitsi's audio/video moderation:
 * moderation on while podium mode is on; the podium's members and whoever has the floor approved
 * (askToUnmute, approveVideo), anyone this widget approved who no longer is rejected again. Every
 * moderator's widget does the same from the same view, so the call follows the room, not one person.
 */
export class PodiumEnforcer {
  /** undefined until the first view: a widget that joins never switches off what it did not switch on. */
  private moderationOn: boolean | undefined;
  private readonly approved = new Set<string>();

  constructor(
    private readonly jitsi: JitsiCommands,
    private readonly localId: () => string | undefined,
  ) {}

  apply(view: CouncilView): void {
    if (!view.may_moderate || !this.localId()) return;
    const { enabled, members } = view.podium;
    if (enabled !== this.moderationOn) {
      if (enabled || this.moderationOn !== undefined)
        for (const media of MEDIA_TYPES) this.jitsi.executeCommand("toggleModeration", enabled, media);
      this.moderationOn = enabled;
      if (!enabled) this.approved.clear();
    }
    if (!enabled) return;
    const speakers = view.floor ? [...members, view.floor] : members;
    const allowed = new Set(
      speakers
        .map((user) => view.participants[user])
        .filter((id): id is string => Boolean(id) && id !== this.localId()),
    );
    for (const id of allowed) {
      if (this.approved.has(id)) continue;
      this.jitsi.executeCommand("askToUnmute", id);
      this.jitsi.executeCommand("approveVideo", id);
      this.approved.add(id);
    }
    for (const id of this.approved) {
      if (allowed.has(id)) continue;
      for (const media of MEDIA_TYPES) this.jitsi.executeCommand("rejectParticipant", id, media);
      this.approved.delete(id);
    }
  }
}
