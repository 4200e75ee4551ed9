/**
 * The claims of a Plenum-issued Jitsi token, shaped for Prosody's `authentication = "token"` and
 * `mod_token_affiliation`.
 *
 * Trust boundary: whoever holds a signed token with these claims enters the named conference, as
 * moderator if `moderator` says so, with the listed features. The caller must have decided, from
 * Matrix room membership and power levels, that the user may have exactly that; this module only
 * writes the decision down, scoped to one conference and a short lifetime.
 */

/** Feature names from jitsi-meet's `MEET_FEATURES` (react/features/base/jwt/constants.ts). */
export type MeetFeature =
  | "branding"
  | "calendar"
  | "create-polls"
  | "file-upload"
  | "flip"
  | "inbound-call"
  | "livestreaming"
  | "live-translation"
  | "lobby"
  | "moderation"
  | "outbound-call"
  | "recording"
  | "room"
  | "screen-sharing"
  | "send-groupchat"
  | "send-private-message"
  | "list-visitors"
  | "sip-inbound-call"
  | "sip-outbound-call"
  | "transcription";

export type FeatureGrant = "everyone" | "moderators" | "nobody";

/**
 * Once a token carries `context.features`, Prosody and Jitsi Meet deny every feature it does not set to
 * "true", so the policy lists every feature Plenum has an opinion on.
 */
export type FeaturePolicy = Partial<Record<MeetFeature, FeatureGrant>>;

/**
 * Recording stays with moderators (Plenum files recordings into the meeting room). Livestreaming would
 * publish the meeting on a third-party platform, transcription needs a transcriber Plenum does not run,
 * and outbound or SIP calls cost money or need a SIP gateway: nobody gets them unless an operator's
 * policy says otherwise. Everyone may share a screen and be reached by dial-in.
 */
export const DEFAULT_FEATURE_POLICY: Readonly<FeaturePolicy> = {
  livestreaming: "nobody",
  recording: "moderators",
  transcription: "nobody",
  "screen-sharing": "everyone",
  "inbound-call": "everyone",
  "outbound-call": "nobody",
  "sip-inbound-call": "nobody",
  "sip-outbound-call": "nobody",
};

/**
 * A whisper group's or a listener's conference carries voices only: nobody shares a screen, records,
 * streams, transcribes or dials in there. (Video cannot be switched off by a token; the call widget
 * joins these conferences with an audio track or none.)
 */
export const AUDIO_ONLY_FEATURE_POLICY: Readonly<FeaturePolicy> = {
  ...DEFAULT_FEATURE_POLICY,
  recording: "nobody",
  "screen-sharing": "nobody",
  "inbound-call": "nobody",
};

/** Prosody checks `aud` against `asap_accepted_audiences`; "jitsi" is the value Jitsi's own docs use. */
export const JITSI_TOKEN_AUDIENCE = "jitsi";

/** Tokens are valid a little before they are issued, so Prosody's clock may lag Plenum's. */
const CLOCK_SKEW_SECONDS = 10;

const LIFETIME = /^(\d+)(s|m|h)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

export interface JitsiTokenInput {
  appId: string;
  jitsiDomain: string;
  /** As Element or Plenum writes it; Prosody sees it lower-cased, so the claim is too. */
  conferenceName: string;
  user: { id: string; name: string; avatar?: string; email?: string };
  moderator: boolean;
  /**
   * Room members skip the lobby; guests knock. jitsi-contrib's `token_lobby_bypass` reads the boolean
   * `context.user.lobby_bypass` (a string would not do; it compares with `true`).
   */
  lobbyBypass?: boolean;
  /** Someone without a Matrix account, admitted through a guest link. */
  guest?: boolean;
  /**
   * A member of a public session's audience, who only watches: with Jitsi's visitors mode enabled,
   * `context.user.role: "visitor"` sends them to a visitor node (Jitsi's own tests issue visitor
   * tokens this way, tests/helpers/token.ts in jitsi-meet). Never a moderator.
   */
  visitor?: boolean;
  features: Readonly<FeaturePolicy>;
  now: Date;
  lifetimeSeconds: number;
}

export type JitsiUserContext = {
  id: string;
  name: string;
  avatar?: string;
  email?: string;
  affiliation: "owner" | "member";
  moderator: "true" | "false";
  lobby_bypass?: true;
  guest?: "true";
  role?: "visitor";
};

export type JitsiTokenClaims = {
  aud: string;
  iss: string;
  sub: string;
  room: string;
  iat: number;
  nbf: number;
  exp: number;
  context: { user: JitsiUserContext; features: Record<string, "true" | "false"> };
};

export function jitsiTokenClaims(input: JitsiTokenInput): JitsiTokenClaims {
  if (input.visitor && (input.moderator || input.lobbyBypass))
    throw new Error("a visitor's token can be neither a moderator's nor bypass the lobby");
  // A wildcard or a JID would open more than this one conference.
  if (!/^[^\s@/*]+$/.test(input.conferenceName)) {
    throw new Error(`not a single conference name: ${JSON.stringify(input.conferenceName)}`);
  }
  if (!Number.isSafeInteger(input.lifetimeSeconds) || input.lifetimeSeconds <= 0) {
    throw new Error(`token lifetime must be a positive number of seconds, got ${input.lifetimeSeconds}`);
  }
  const issuedAt = Math.floor(input.now.getTime() / 1000);
  return {
    aud: JITSI_TOKEN_AUDIENCE,
    iss: input.appId,
    sub: input.jitsiDomain,
    room: input.conferenceName.toLowerCase(),
    iat: issuedAt,
    nbf: issuedAt - CLOCK_SKEW_SECONDS,
    exp: issuedAt + input.lifetimeSeconds,
    context: { user: userContext(input), features: features(input.features, input.moderator) },
  };
}

/**
 * Both `affiliation` and `moderator` are written, as strings: `mod_token_affiliation` accepts either,
 * and Prosody expects `context.user` values to be strings.
 */
function userContext({ user, moderator, lobbyBypass, guest, visitor }: JitsiTokenInput): JitsiUserContext {
  return {
    id: user.id,
    name: user.name,
    // Absent rather than empty, so Jitsi falls back to its own avatar and shows no e-mail.
    ...(user.avatar === undefined ? {} : { avatar: user.avatar }),
    ...(user.email === undefined ? {} : { email: user.email }),
    affiliation: moderator ? "owner" : "member",
    moderator: moderator ? "true" : "false",
    ...(lobbyBypass ? { lobby_bypass: true as const } : {}),
    ...(guest ? { guest: "true" as const } : {}),
    ...(visitor ? { role: "visitor" as const } : {}),
  };
}

function features(policy: Readonly<FeaturePolicy>, moderator: boolean): Record<string, "true" | "false"> {
  const granted = (grant: FeatureGrant | undefined): boolean =>
    grant === "everyone" || (grant === "moderators" && moderator);
  return Object.fromEntries(
    Object.entries(policy).map(([feature, grant]) => [feature, granted(grant) ? "true" : "false"]),
  );
}

/** Seconds in a configured lifetime such as "90s", "5m" or "1h". */
export function parseLifetime(text: string): number {
  const match = LIFETIME.exec(text);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : 0;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new RangeError(`expected a positive duration such as 90s, 5m or 1h, got ${JSON.stringify(text)}`);
  }
  return seconds;
}
