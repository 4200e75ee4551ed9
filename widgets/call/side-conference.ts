import {
  connectionOptions,
  loadLibJitsiMeet,
  type JitsiConference,
  type JitsiConnection,
  type JitsiMeetJS,
  type JitsiTrack,
} from "./jitsi.js";

export interface SideConferenceOptions {
  /** The volume remote audio plays at from the first track on. */
  volume?: number;
  /** Called whenever a remote audio track is added, removed, muted or unmuted. */
  onRemoteAudio?: (speaking: number) => void;
}

export interface SideConferenceGrant {
  token: string;
  room: string;
  domain: string;
}

/**
 * A second conference beside the call (a whisper group's, or another room's to listen to), through
 * lib-jitsi-meet: joined without a local track; remote audio plays in audio elements of its own, at
 * the volume the widget sets; video is never shown.
 */
export class SideConference {
  private readonly audio = new Map<JitsiTrack, HTMLAudioElement>();
  private localTrack: Promise<JitsiTrack> | undefined;
  private volume = 1;

  private constructor(
    private readonly library: JitsiMeetJS,
    private readonly connection: JitsiConnection,
    private readonly conference: JitsiConference,
    private readonly speaker: HTMLElement,
    private readonly onRemoteAudio: (speaking: number) => void,
  ) {}

  /** Connects with the grant's token and joins its conference; audio elements go into `speaker`. */
  static async join(
    grant: SideConferenceGrant,
    speaker: HTMLElement,
    { volume = 1, onRemoteAudio = () => undefined }: SideConferenceOptions = {},
  ): Promise<SideConference> {
    const library = await loadLibJitsiMeet(grant.domain);
    const { connection: connectionEvents, conference: events } = library.events;
    const connection = new library.JitsiConnection(
      null,
      grant.token,
      connectionOptions(grant.domain, grant.room),
    );
    await new Promise<void>((resolve, reject) => {
      connection.addEventListener(connectionEvents.CONNECTION_ESTABLISHED, () => resolve());
      connection.addEventListener(connectionEvents.CONNECTION_FAILED, () =>
        reject(new Error("connection failed")),
      );
      connection.connect();
    });
    const conference = connection.initJitsiConference(grant.room, { openBridgeChannel: true });
    const side = new SideConference(library, connection, conference, speaker, onRemoteAudio);
    side.setVolume(volume);
    conference.on(events.TRACK_ADDED, (track: JitsiTrack) => side.added(track));
    conference.on(events.TRACK_REMOVED, (track: JitsiTrack) => side.removed(track));
    conference.on(events.TRACK_MUTE_CHANGED, () => side.report());
    await new Promise<void>((resolve, reject) => {
      conference.on(events.CONFERENCE_JOINED, () => resolve());
      conference.on(events.CONFERENCE_FAILED, () => reject(new Error("conference failed")));
      conference.join();
    });
    return side;
  }

  private added(track: JitsiTrack): void {
    if (track.isLocal() || track.getType() !== "audio") return;
    const element = document.createElement("audio");
    element.autoplay = true;
    element.volume = this.volume;
    this.speaker.append(element);
    track.attach(element);
    this.audio.set(track, element);
    this.report();
  }

  private removed(track: JitsiTrack): void {
    const element = this.audio.get(track);
    if (!element) return;
    track.detach(element);
    element.remove();
    this.audio.delete(track);
    this.report();
  }

  /** How many remote audio tracks are unmuted: someone speaks in the side conference. */
  private report(): void {
    this.onRemoteAudio([...this.audio.keys()].filter((track) => !track.isMuted()).length);
  }

  setVolume(volume: number): void {
    this.volume = volume;
    for (const element of this.audio.values()) element.volume = volume;
  }

  /** Turns the local microphone on (created and added, muted, on first use) or off. */
  async speak(on: boolean): Promise<void> {
    this.localTrack ??= (async () => {
      const [track] = await this.library.createLocalTracks({ devices: ["audio"] });
      await track!.mute();
      await this.conference.addTrack(track!);
      return track!;
    })();
    this.localTrack.catch(() => (this.localTrack = undefined));
    const track = await this.localTrack;
    await (on ? track.unmute() : track.mute());
  }

  async leave(): Promise<void> {
    for (const [track, element] of this.audio) {
      track.detach(element);
      element.remove();
    }
    this.audio.clear();
    const local = this.localTrack;
    this.localTrack = undefined;
    if (local) await (await local.catch(() => undefined))?.dispose();
    await this.conference.leave().catch(() => undefined);
    this.connection.disconnect();
  }
}
