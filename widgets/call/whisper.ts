import type { CouncilView } from "../../core/widgets/api-types.js";
import type { Booted } from "../shared/boot.js";
import { h, replace } from "../shared/dom.js";
import type { JitsiMeetApi } from "./jitsi.js";
import { SideConference } from "./side-conference.js";
import { jitsiToken } from "./token.js";

type Group = CouncilView["whisper_groups"][number];

/** The main call's volume for everyone in it while someone whispers to the user. */
export const DUCKED_VOLUME = 0.2;

/**
 * The whisper buttons: one per group the user is in. Each group's audio-only conference is joined
 * once (without a microphone until the user first whispers), so the user hears whispers to the group;
 * holding the button (pointer, or Space/Enter) unmutes the user's microphone there and mutes it in the
 * main call meanwhile. While anyone whispers, the main call is turned down for this user.
 */
export class WhisperPanel {
  readonly element = h("section", {
    class: "council-part",
    "aria-labelledby": "whisper-title",
    hidden: true,
  });
  private readonly list = h("div", { class: "council-row" });
  private readonly groups = new Map<
    string,
    { button: HTMLButtonElement; conference: Promise<SideConference> }
  >();
  private readonly speaking = new Map<string, number>();
  private ducked = false;
  private error = h("p", { class: "error", role: "alert", hidden: true });

  constructor(
    private readonly booted: Booted,
    private readonly jitsi: JitsiMeetApi,
    private readonly speaker: HTMLElement,
  ) {
    const { t } = booted;
    replace(
      this.element,
      h("h2", { id: "whisper-title" }, t("council.whisper_title")),
      this.list,
      h("p", { class: "hint" }, t("council.whisper_hint")),
      this.error,
    );
  }

  show(view: CouncilView): void {
    const current = new Set(view.whisper_groups.map((g) => g.id));
    for (const [id, group] of this.groups) {
      if (current.has(id)) continue;
      group.button.remove();
      void group.conference.then((c) => c.leave()).catch(() => undefined);
      this.groups.delete(id);
      this.speaking.delete(id);
    }
    for (const group of view.whisper_groups) if (!this.groups.has(group.id)) this.add(group);
    this.element.hidden = this.groups.size === 0;
    this.duck();
  }

  /** Whoever joins the main call while the user hears a whisper is turned down too. */
  participantJoined(id: string): void {
    if (this.ducked) this.jitsi.executeCommand("setParticipantVolume", id, DUCKED_VOLUME);
  }

  leave(): void {
    for (const group of this.groups.values())
      void group.conference.then((c) => c.leave()).catch(() => undefined);
    this.groups.clear();
  }

  private add(group: Group): void {
    const { t } = this.booted;
    const button = h(
      "button",
      { type: "button", class: "whisper", "aria-pressed": "false" },
      t("council.whisper", { group: group.name }),
    );
    const conference = jitsiToken(this.booted, { whisper_group: group.id }).then((grant) =>
      SideConference.join(grant, this.speaker, {
        onRemoteAudio: (speaking) => {
          this.speaking.set(group.id, speaking);
          this.duck();
        },
      }),
    );
    conference.catch((error: unknown) => this.fail(group, error));
    this.groups.set(group.id, { button, conference });
    this.list.append(button);
    holdable(button, (held) => this.hold(group, held));
  }

  private fail(group: Group, error: unknown): void {
    this.error.hidden = false;
    this.error.textContent = this.booted.t("council.whisper_failed", {
      group: group.name,
      reason: error instanceof Error ? error.message : String(error),
    });
  }

  private chain: Promise<void> = Promise.resolve();
  private restoreMainMic = false;

  /** Start and stop run one after the other, so a short press still ends with both microphones as before. */
  private hold(group: Group, held: boolean): void {
    this.chain = this.chain
      .then(async () => {
        const conference = await this.groups.get(group.id)?.conference;
        if (!conference) return;
        if (held) {
          this.restoreMainMic = !(await this.jitsi.isAudioMuted());
          if (this.restoreMainMic) this.jitsi.executeCommand("toggleAudio");
          await conference.speak(true);
        } else {
          await conference.speak(false);
          if (this.restoreMainMic) this.jitsi.executeCommand("toggleAudio");
          this.restoreMainMic = false;
        }
      })
      .catch((error: unknown) => this.fail(group, error));
  }

  private duck(): void {
    const whispered = [...this.speaking.values()].some((n) => n > 0);
    if (whispered === this.ducked) return;
    this.ducked = whispered;
    for (const { participantId } of this.jitsi.getParticipantsInfo())
      this.jitsi.executeCommand("setParticipantVolume", participantId, whispered ? DUCKED_VOLUME : 1);
  }
}

/**
 * A push-to-talk button: held with the pointer, or with Space or Enter while focused; `aria-pressed`
 * and the look say it is held. Leaving the button, losing focus or the pointer being cancelled ends it.
 */
function holdable(button: HTMLButtonElement, onHold: (held: boolean) => void): void {
  let held = false;
  const set = (next: boolean) => {
    if (next === held) return;
    held = next;
    button.setAttribute("aria-pressed", String(held));
    onHold(held);
  };
  button.addEventListener("pointerdown", (event) => {
    button.setPointerCapture?.(event.pointerId);
    set(true);
  });
  for (const end of ["pointerup", "pointercancel", "lostpointercapture", "blur"])
    button.addEventListener(end, () => set(false));
  button.addEventListener("keydown", (event) => {
    if (event.key !== " " && event.key !== "Enter") return;
    event.preventDefault();
    if (!event.repeat) set(true);
  });
  button.addEventListener("keyup", (event) => {
    if (event.key !== " " && event.key !== "Enter") return;
    event.preventDefault();
    set(false);
  });
  button.addEventListener("click", (event) => event.preventDefault());
}
