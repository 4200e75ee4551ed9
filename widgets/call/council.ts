import type {
  CouncilHandRequest,
  CouncilPodiumRequest,
  CouncilPresenceRequest,
  CouncilView,
} from "../../core/widgets/api-types.js";
import type { Booted } from "../shared/boot.js";
import { ApiFailure } from "../shared/client.js";
import { h } from "../shared/dom.js";
import type { JitsiMeetApi } from "./jitsi.js";
import { ListenPanel } from "./listen.js";
import { PodiumEnforcer } from "./podium-enforcer.js";
import { PodiumPanel } from "./podium.js";
import { WhisperPanel } from "./whisper.js";

/** How often the view is fetched again: podium, floor and groups change from chat and other widgets. */
export const COUNCIL_POLL_MS = 3000;

/**
 * The council features of a joined call: the podium (moderators' controls and its enforcement), the
 * speaker list tied to the call's raised hand, whisper buttons and sub-room audio. Everything comes
 * from Plenum's view of the room (`GET …/council`), fetched every few seconds and after each of the
 * widget's own actions; a Plenum without these endpoints leaves the call as it was.
 */
export class CouncilControls {
  readonly element: HTMLElement;
  private readonly speaker = h("div", { class: "visually-hidden" });
  /** Why Plenum refused the widget's last change (the list not open yet, podium already on…). */
  private readonly refusal = h("p", { class: "error", role: "alert", hidden: true });
  private readonly podium: PodiumPanel;
  private readonly enforcer: PodiumEnforcer;
  private readonly whisper: WhisperPanel;
  private readonly listen: ListenPanel;
  private readonly path: string;
  private localId: string | undefined;
  private handUp = false;
  /** Hand changes under way or done since a view was asked for: such a view may predate them. */
  private handChanges = 0;
  private handPending = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(
    private readonly booted: Booted,
    private readonly jitsi: JitsiMeetApi,
  ) {
    const { t, params } = booted;
    this.path = `/api/v1/rooms/${encodeURIComponent(params.roomId)}/council`;
    this.podium = new PodiumPanel(booted, (request) => this.post<CouncilPodiumRequest>("podium", request));
    this.enforcer = new PodiumEnforcer(jitsi, () => this.localId);
    this.whisper = new WhisperPanel(booted, jitsi, this.speaker);
    this.listen = new ListenPanel(booted, this.speaker);
    this.podium.element.hidden = true;
    this.element = h(
      "div",
      { class: "council", role: "region", "aria-label": t("council.title"), hidden: true },
      this.podium.element,
      this.whisper.element,
      this.listen.element,
      this.refusal,
      this.speaker,
    );
    jitsi.addListener("videoConferenceJoined", (event) => {
      if (typeof event.id !== "string") return;
      this.localId = event.id;
      void this.post<CouncilPresenceRequest>("presence", { participant_id: event.id });
    });
    jitsi.addListener("raiseHandUpdated", (event) => {
      if (!this.localId || event.id !== this.localId) return;
      // Jitsi sends the time the hand went up, or 0 when it is down.
      this.handUp = Boolean(event.handRaised);
      void this.hand(this.handUp);
    });
    jitsi.addListener("participantJoined", (event) => {
      if (typeof event.id === "string") this.whisper.participantJoined(event.id);
    });
  }

  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), COUNCIL_POLL_MS);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.whisper.leave();
    this.listen.leave();
  }

  private async refresh(): Promise<void> {
    const changes = this.handChanges;
    try {
      this.apply(await this.booted.api.request<CouncilView>("GET", this.path), changes);
    } catch (error) {
      // A Plenum without council calls: nothing to show, nothing to ask again.
      if (error instanceof ApiFailure && error.status === 404) clearInterval(this.timer);
    }
  }

  private async hand(raised: boolean): Promise<void> {
    this.handChanges++;
    this.handPending++;
    try {
      await this.post<CouncilHandRequest>("hand", { raised });
    } finally {
      this.handPending--;
    }
  }

  private async post<T>(what: string, body: T): Promise<void> {
    const changes = this.handChanges;
    try {
      this.apply(await this.booted.api.request<CouncilView>("POST", `${this.path}/${what}`, body), changes);
      this.refusal.hidden = true;
    } catch (error) {
      if (error instanceof ApiFailure && error.status < 500) {
        this.refusal.textContent = error.message;
        this.refusal.hidden = false;
      }
      await this.refresh();
    }
  }

  private apply(view: CouncilView, handChangesBefore: number): void {
    if (this.stopped) return;
    this.element.hidden = false;
    void this.podium.show(view);
    this.enforcer.apply(view);
    this.whisper.show(view);
    this.listen.show(view);
    const current = this.handPending === 0 && handChangesBefore === this.handChanges;
    // The floor moved on or the place was withdrawn in chat: the hand in the call goes down too.
    if (current && this.handUp && !view.hand_raised) {
      this.handUp = false;
      this.jitsi.executeCommand("toggleRaiseHand");
    }
  }
}
