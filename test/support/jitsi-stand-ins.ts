/**
 * Stand-ins for the scripts a Jitsi deployment serves, shaped on Jitsi's handbook (dev-guide
 * iframe-commands/-events/-functions, ljm-api) and a deployment's config.js: no Jitsi can run in CI,
 * so each records what the call widget asked of it, for the tests to assert on, and lets a test
 * play Jitsi's part by emitting events.
 */

/**
 * external_api.js: records the options and every command; `emit` plays an event; `audioMuted` and
 * `participants` answer isAudioMuted() and getParticipantsInfo() (toggleAudio flips the first, as in
 * Jitsi); a placeholder stands where the conference would be.
 */
export const EXTERNAL_API_STAND_IN = `
window.JitsiMeetExternalAPI = function (domain, options) {
  const listeners = {};
  const record = window.jitsiStandIn = { domain, options: { roomName: options.roomName, jwt: options.jwt,
    userInfo: options.userInfo, configOverwrite: options.configOverwrite }, commands: [],
    audioMuted: false, participants: [],
    emit(event, payload) { (listeners[event] || []).forEach((f) => f(payload)); } };
  const placeholder = document.createElement("p");
  placeholder.textContent = "Jitsi stand-in: conference " + options.roomName + " on " + domain;
  options.parentNode.append(placeholder);
  this.addListener = (event, f) => { (listeners[event] = listeners[event] || []).push(f); };
  this.executeCommand = (...args) => {
    record.commands.push(args);
    if (args[0] === "toggleAudio") record.audioMuted = !record.audioMuted;
  };
  this.isAudioMuted = () => Promise.resolve(record.audioMuted);
  this.getParticipantsInfo = () => record.participants.map((p) => ({ ...p }));
  this.dispose = () => placeholder.remove();
};`;

/** config.js as a Docker deployment serves it: its XMPP hosts differ from the web domain. */
export function deploymentConfigStandIn(domain: string): string {
  return `var config = { hosts: { domain: "meet.jitsi", muc: "muc.meet.jitsi" },
  bosh: "https://${domain}/http-bind", websocket: "wss://${domain}/xmpp-websocket" };`;
}

/**
 * lib-jitsi-meet.min.js (global JitsiMeetJS): every call is logged in \`ljmStandIn.calls\` (init,
 * connections with their token and options, conferences joined and left, local tracks created,
 * muted and unmuted, tracks added); a test adds a remote participant's audio with
 * \`ljmStandIn.remoteAudio(conference, participantId)\`, mutes or unmutes it with
 * \`ljmStandIn.setRemoteMuted(…)\` and reads the volumes of the elements it is attached to with
 * \`ljmStandIn.volumes(conference)\`. Event names are lib-jitsi-meet's.
 */
export const LIB_JITSI_MEET_STAND_IN = `
(() => {
  const calls = [];
  const conferences = {};
  let nextTrack = 0;
  function emitter() {
    const listeners = {};
    return {
      on(event, f) { (listeners[event] = listeners[event] || []).push(f); },
      emit(event, ...args) { (listeners[event] || []).forEach((f) => f(...args)); },
    };
  }
  function track(kind, local, participantId) {
    const id = "track-" + (++nextTrack);
    return { id, muted: false, elements: [],
      getType: () => kind, isLocal: () => local, getParticipantId: () => participantId,
      isMuted() { return this.muted; },
      mute() { this.muted = true; calls.push(["mute", id]); return Promise.resolve(); },
      unmute() { this.muted = false; calls.push(["unmute", id]); return Promise.resolve(); },
      attach(element) { this.elements.push(element); calls.push(["attach", id, participantId]); },
      detach(element) { this.elements = this.elements.filter((e) => e !== element); calls.push(["detach", id]); },
      dispose() { calls.push(["dispose", id]); return Promise.resolve(); } };
  }
  const events = {
    connection: { CONNECTION_ESTABLISHED: "connection.connectionEstablished",
      CONNECTION_FAILED: "connection.connectionFailed" },
    conference: { CONFERENCE_JOINED: "conference.joined", CONFERENCE_FAILED: "conference.failed",
      TRACK_ADDED: "conference.trackAdded", TRACK_REMOVED: "conference.trackRemoved",
      TRACK_MUTE_CHANGED: "conference.trackMuteChanged" },
  };
  function JitsiConnection(appId, token, options) {
    const events_ = emitter();
    calls.push(["JitsiConnection", token, options]);
    this.addEventListener = events_.on;
    this.connect = () => { calls.push(["connect", token]);
      setTimeout(() => events_.emit(events.connection.CONNECTION_ESTABLISHED)); };
    this.disconnect = () => calls.push(["disconnect", token]);
    this.initJitsiConference = (name, confOptions) => {
      calls.push(["initJitsiConference", name, confOptions]);
      const conference = emitter();
      const record = conferences[name] = { name, remote: {}, emit: conference.emit };
      return { on: conference.on,
        addTrack(t) { calls.push(["addTrack", name, t.id]); return Promise.resolve(); },
        join() { calls.push(["join", name]); setTimeout(() => conference.emit(events.conference.CONFERENCE_JOINED)); },
        leave() { calls.push(["leave", name]); delete conferences[name]; return Promise.resolve(); } };
    };
  }
  window.ljmStandIn = { calls,
    remoteAudio(name, participantId) {
      const t = track("audio", false, participantId);
      t.muted = true;
      conferences[name].remote[participantId] = t;
      conferences[name].emit(events.conference.TRACK_ADDED, t);
    },
    setRemoteMuted(name, participantId, muted) {
      const t = conferences[name].remote[participantId];
      t.muted = muted;
      conferences[name].emit(events.conference.TRACK_MUTE_CHANGED, t);
    },
    joined: () => Object.keys(conferences),
    volumes(name) {
      return Object.values(conferences[name].remote).flatMap((t) => t.elements.map((e) => e.volume));
    } };
  window.JitsiMeetJS = { events, JitsiConnection,
    init(options) { calls.push(["init", options]); },
    createLocalTracks(options) { calls.push(["createLocalTracks", options]);
      return Promise.resolve((options.devices || []).map((d) => {
        const t = track(d, true, undefined);
        calls.push(["created", t.id, d]);
        return t; })); } };
})();`;
