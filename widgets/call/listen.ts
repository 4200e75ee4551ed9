import type { CouncilView } from "../../core/widgets/api-types.js";
import type { Booted } from "../shared/boot.js";
import { h, replace } from "../shared/dom.js";
import { SideConference } from "./side-conference.js";
import { jitsiToken } from "./token.js";

type Listenable = CouncilView["listen"][number];

/** Where the slider starts: the other room is heard, below the user's own call. */
const START_VOLUME = 40;

/**
 * Sub-room audio: for each conference the user may listen to from here (the main room from a
 * breakout; a breakout from the main room, for its moderators), a toggle that joins it without a
 * microphone, and a volume slider for what is heard from it.
 */
export class ListenPanel {
  readonly element = h("section", { class: "council-part", "aria-labelledby": "listen-title", hidden: true });
  private readonly rows = h("div", {});
  private readonly error = h("p", { class: "error", role: "alert", hidden: true });
  private readonly entries = new Map<string, { row: HTMLElement; leave: () => void }>();

  constructor(
    private readonly booted: Booted,
    private readonly speaker: HTMLElement,
  ) {
    replace(
      this.element,
      h("h2", { id: "listen-title" }, booted.t("council.listen_title")),
      this.rows,
      this.error,
    );
  }

  show(view: CouncilView): void {
    const current = new Set(view.listen.map((l) => l.room_id));
    for (const [roomId, entry] of this.entries) {
      if (current.has(roomId)) continue;
      entry.leave();
      entry.row.remove();
      this.entries.delete(roomId);
    }
    for (const listenable of view.listen) if (!this.entries.has(listenable.room_id)) this.add(listenable);
    this.element.hidden = this.entries.size === 0;
  }

  leave(): void {
    for (const entry of this.entries.values()) entry.leave();
  }

  private add(listenable: Listenable): void {
    const { t } = this.booted;
    const index = this.entries.size;
    const label = t(listenable.kind === "main" ? "council.listen_main" : "council.listen_breakout", {
      title: listenable.title,
    });
    const toggle = h("button", { type: "button", class: "toggle", "aria-pressed": "false" }, label);
    const slider = h("input", {
      type: "range",
      id: `listen-volume-${index}`,
      min: 0,
      max: 100,
      value: START_VOLUME,
      "aria-label": t("council.volume", { title: listenable.title }),
    });
    let conference: Promise<SideConference> | undefined;
    const leave = () => {
      const leaving = conference;
      conference = undefined;
      toggle.setAttribute("aria-pressed", "false");
      void leaving?.then((c) => c.leave()).catch(() => undefined);
    };
    toggle.addEventListener("click", () => {
      if (conference) return leave();
      toggle.setAttribute("aria-pressed", "true");
      this.error.hidden = true;
      conference = jitsiToken(this.booted, { listen_to: listenable.room_id }).then((grant) =>
        SideConference.join(grant, this.speaker, { volume: Number(slider.value) / 100 }),
      );
      conference.catch((error: unknown) => {
        conference = undefined;
        toggle.setAttribute("aria-pressed", "false");
        this.error.hidden = false;
        this.error.textContent = t("council.listen_failed", {
          title: listenable.title,
          reason: error instanceof Error ? error.message : String(error),
        });
      });
    });
    slider.addEventListener("input", () => {
      void conference?.then((c) => c.setVolume(Number(slider.value) / 100)).catch(() => undefined);
    });
    const row = h(
      "div",
      { class: "council-row" },
      toggle,
      h("span", { class: "volume", "aria-hidden": "true" }, t("council.volume_short")),
      slider,
    );
    this.rows.append(row);
    this.entries.set(listenable.room_id, { row, leave });
  }
}
