import { h } from "../shared/dom.js";

/**
 * The parts of Jitsi's client APIs the call widget uses, as Jitsi's handbook documents them
 * (jitsi/handbook docs/dev-guide/iframe-commands.md, iframe-events.md, iframe-functions.md and
 * ljm-api.md); docs/jitsi.md lists each name with its source.
 */

/** Jitsi's IFrame API (`external_api.js`): `JitsiMeetExternalAPI`. */
export interface JitsiMeetApi {
  addListener(event: string, listener: (payload: Record<string, unknown>) => void): void;
  executeCommand(command: string, ...args: unknown[]): void;
  /** Resolves to whether the local microphone is muted. */
  isAudioMuted(): Promise<boolean>;
  /** The conference's participants (deprecated by Jitsi for getRoomsInfo, still served). */
  getParticipantsInfo(): { participantId: string }[];
  dispose(): void;
}

export interface JitsiOptions {
  roomName: string;
  jwt: string;
  parentNode: HTMLElement;
  userInfo: { displayName: string };
  configOverwrite: Record<string, unknown>;
}

/** lib-jitsi-meet's `JitsiTrack` (local or remote). */
export interface JitsiTrack {
  getType(): string;
  isLocal(): boolean;
  isMuted(): boolean;
  mute(): Promise<void>;
  unmute(): Promise<void>;
  attach(element: HTMLElement): void;
  detach(element: HTMLElement): void;
  dispose(): Promise<void>;
  getParticipantId(): string;
}

/** lib-jitsi-meet's `JitsiConference`. */
export interface JitsiConference {
  on(event: string, listener: (...args: never[]) => void): void;
  addTrack(track: JitsiTrack): Promise<void>;
  join(): void;
  leave(): Promise<void>;
}

/** lib-jitsi-meet's `JitsiConnection`. */
export interface JitsiConnection {
  addEventListener(event: string, listener: (...args: unknown[]) => void): void;
  connect(): void;
  disconnect(): void;
  initJitsiConference(name: string, options: Record<string, unknown>): JitsiConference;
}

/** The connection options of a Jitsi deployment, from its `config.js` (`var config = {…}`). */
export interface DeploymentConfig {
  hosts?: { domain?: string; muc?: string };
  websocket?: string;
  bosh?: string;
}

/** lib-jitsi-meet's global `JitsiMeetJS`. */
export interface JitsiMeetJS {
  init(options: Record<string, unknown>): void;
  JitsiConnection: new (appId: null, token: string, options: Record<string, unknown>) => JitsiConnection;
  createLocalTracks(options: { devices: string[] }): Promise<JitsiTrack[]>;
  events: {
    connection: { CONNECTION_ESTABLISHED: string; CONNECTION_FAILED: string };
    conference: {
      CONFERENCE_JOINED: string;
      CONFERENCE_FAILED: string;
      TRACK_ADDED: string;
      TRACK_REMOVED: string;
      TRACK_MUTE_CHANGED: string;
    };
  };
}

declare global {
  interface Window {
    JitsiMeetExternalAPI?: new (domain: string, options: JitsiOptions) => JitsiMeetApi;
    JitsiMeetJS?: JitsiMeetJS;
    config?: DeploymentConfig;
  }
}

/** Loads a script from the Jitsi deployment once per page; `loaded` says whether it defined what it should. */
function loadScript(url: string, loaded: () => boolean): Promise<void> {
  if (loaded()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = h("script", { src: url });
    script.addEventListener("load", () => (loaded() ? resolve() : reject(new Error("no API"))));
    script.addEventListener("error", () => {
      script.remove();
      reject(new Error("unreachable"));
    });
    document.head.append(script);
  });
}

/** Jitsi's IFrame API from the Jitsi server itself, as Element loads it. */
export function loadExternalApi(domain: string): Promise<void> {
  return loadScript(`https://${domain}/external_api.js`, () => Boolean(window.JitsiMeetExternalAPI));
}

let libraryReady: Promise<JitsiMeetJS> | undefined;

/**
 * lib-jitsi-meet as the deployment serves it (`/libs/lib-jitsi-meet.min.js`, the build that matches
 * its Prosody and Jicofo; the npm package of that name is years old) and the deployment's
 * `config.js` for its XMPP hosts and WebSocket address; initialised once per page.
 */
export function loadLibJitsiMeet(domain: string): Promise<JitsiMeetJS> {
  libraryReady ??= (async () => {
    await loadScript(`https://${domain}/config.js`, () => Boolean(window.config)).catch(() => undefined);
    await loadScript(`https://${domain}/libs/lib-jitsi-meet.min.js`, () => Boolean(window.JitsiMeetJS));
    const library = window.JitsiMeetJS!;
    library.init({});
    return library;
  })();
  libraryReady.catch(() => (libraryReady = undefined));
  return libraryReady;
}

/**
 * The XMPP connection options for a conference: the deployment's own (config.js) when it serves
 * them, else those of Jitsi's standard install (`conference.<domain>`, `/xmpp-websocket`). The room
 * goes into the address as Jitsi Meet's own client puts it there (`?room=`), for token checks.
 */
export function connectionOptions(domain: string, room: string): Record<string, unknown> {
  const config = window.config ?? {};
  const serviceUrl = config.websocket ?? config.bosh ?? `wss://${domain}/xmpp-websocket`;
  return {
    hosts: {
      domain: config.hosts?.domain ?? domain,
      muc: config.hosts?.muc ?? `conference.${domain}`,
    },
    serviceUrl: `${serviceUrl}?room=${encodeURIComponent(room)}`,
  };
}
