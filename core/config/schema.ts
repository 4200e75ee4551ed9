import { isIP } from "node:net";
import { z } from "zod";
import { isMailbox } from "../email/address.js";
import { localpartSchema, roomIdSchema, serverNameSchema, userIdSchema } from "../matrix/ids.js";
import { ADMIN_POWER, MODERATOR_POWER, ORGANIZER_POWERS } from "../matrix/power-levels.js";
import { parseActor } from "../access/actors.js";
import { durationMs } from "../time/duration-text.js";

/**
 * One table describes every configuration key: its schema, the documentation an operator reads,
 * an example value, and whether it is a secret. The zod schema, the generated config.sample.yaml,
 * the configuration reference (docs/configuration.md) and the environment overrides all read this
 * table, so they cannot drift apart.
 */
export interface FieldSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  doc: string;
  example: unknown;
  /** Secrets may also be given as `<key>_file` (a path) and are never logged. */
  secret?: boolean;
}

function field<S extends z.ZodType>(schema: S, doc: string, example: unknown, secret = false): FieldSpec<S> {
  return { schema, doc, example, secret };
}

const port = z.number().int().min(1).max(65535);
const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });
/** A positive duration such as "15s", "2m" or "1h"; read with durationMs (core/time/duration-text.ts). */
const durationText = z
  .string()
  .regex(/^[1-9]\d*(s|m|h)$/, "expected a positive duration such as 15s, 2m or 1h");
/**
 * Recording download links are posted as plain text into rooms, where they can be copied and
 * forwarded; a week is the longest such a copy may keep working.
 */
const RECORDING_LINK_LONGEST_MS = 7 * 24 * 3_600_000;
/** An address or CIDR range as express' `trust proxy` reads it, or one of its named ranges. */
const proxyAddress = z.string().refine((entry) => {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
  const [address = "", prefix, extra] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}, "expected an IP address, a CIDR range such as 10.0.0.0/8, or loopback, linklocal or uniquelocal");
const timezone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "expected an IANA time zone such as Europe/Berlin");

export const configFields = {
  homeserver: {
    url: field(
      httpUrl,
      "Base URL of the homeserver's client-server API, as Plenum reaches it.",
      "http://127.0.0.1:8008",
    ),
    domain: field(
      serverNameSchema,
      "The homeserver's server name (the part after ':' in user ids).",
      "example.org",
    ),
    local_servers: field(
      z.record(serverNameSchema, httpUrl).default({}),
      "Other homeservers on the operator's own network, by server name, with the base URL Plenum asks them at. Their users' OpenID tokens are checked at that URL; every other server is found by federation discovery, asked only if the policy could admit its users (allowed_servers or partner_servers), and refused if it resolves to a private or loopback address.",
      { "partner.example.org": "http://10.0.0.12:8008" },
    ),
    admin_token: field(
      z.string().min(16).optional(),
      "Access token of a homeserver admin, used only to delete expired recordings from the media repository (Synapse admin API). Without it, expired recordings are redacted but their media stays; Plenum says so in the room and the audit log.",
      "change-me-synapse-admin-token",
      true,
    ),
    send_retry_seconds: field(
      z.number().int().min(0).default(45),
      "How long Plenum keeps retrying a message or state event while the homeserver is unreachable, overloaded or rate-limiting (with growing, jittered waits and the same transaction id). After that the send fails and the command or job is retried later. Keep it below scaling.claim_lease, so that no other instance takes over work still being retried.",
      45,
    ),
  },
  appservice: {
    id: field(z.string().min(1).default("plenum"), "Appservice id in the registration file.", "plenum"),
    bind: field(
      z.string().min(1).default("127.0.0.1"),
      "Address the appservice listener binds to.",
      "127.0.0.1",
    ),
    port: field(
      port.default(9000),
      "Port of the appservice listener (Synapse pushes transactions here).",
      9000,
    ),
    url: field(
      httpUrl.optional(),
      "URL under which Synapse reaches the appservice listener, if not http://<bind>:<port>.",
      "http://127.0.0.1:9000",
    ),
    as_token: field(
      z.string().min(16),
      "Token Plenum uses towards the homeserver.",
      "change-me-as-token-0000",
      true,
    ),
    hs_token: field(
      z.string().min(16),
      "Token the homeserver uses towards Plenum.",
      "change-me-hs-token-0000",
      true,
    ),
    bot_localpart: field(
      localpartSchema.default("plenum"),
      "Localpart of the bot user; virtual users are <bot_localpart>_*. Only users of the homeserver's own domain are Plenum's: a user of another server with such a name is a stranger to it.",
      "plenum",
    ),
    encryption: field(
      z.boolean().default(true),
      "Whether the bot logs in a device of its own to read and answer in end-to-end encrypted rooms (see docs/encrypted-rooms.md).",
      true,
    ),
    crypto_store_key: field(
      z.string().min(32).optional(),
      "Key that seals the bot's encryption device at rest (its keys, sessions and sync position in the database); required while encryption is on. A long random string (openssl rand -base64 32). Without it the store cannot be read: back it up apart from the database (see docs/encrypted-rooms.md).",
      "change-me-crypto-store-key-0000000000000000",
      true,
    ),
    encryption_timeout: field(
      z.number().int().min(1).max(600).default(60),
      "Seconds the bot's encryption device may take to log in and finish its first sync at start-up; after that Plenum runs without encryption and health reports it.",
      60,
    ),
  },
  http: {
    bind: field(
      z.string().min(1).default("127.0.0.1"),
      "Address the public HTTP server binds to.",
      "127.0.0.1",
    ),
    port: field(
      port.default(8080),
      "Port of the public HTTP server (health, metrics, Jitsi and widget APIs).",
      8080,
    ),
    public_url: field(
      httpUrl,
      "URL under which users and Jitsi reach the public HTTP server.",
      "https://plenum.example.org",
    ),
    request_timeout: field(
      durationText.default("30s"),
      "Longest time the public HTTP server waits for a request's headers, and for its body on every route but recording uploads (which may take an hour); slower requests are answered 408 and their connection closed.",
      "30s",
    ),
    trusted_proxies: field(
      z.array(proxyAddress).default([]),
      "Reverse proxies in front of the public HTTP server whose X-Forwarded-For header Plenum believes (express' trust proxy): IP addresses, CIDR ranges, or loopback, linklocal, uniquelocal. Empty: the connecting address is the client's. The guest page's rate limits count per client address, so behind a proxy list it here.",
      ["127.0.0.1"],
    ),
    recording_link_lifetime: field(
      durationText
        .refine(
          (text) => durationMs(text) <= RECORDING_LINK_LONGEST_MS,
          "at most 7 days (168h): the link is posted as plain text into rooms, and members get a fresh one with !meet recordings",
        )
        .default("6h"),
      "How long a download link of a recording stored in recordings_dir works, at most 168h (7 days). Members of the recording's room get a fresh link with !meet recordings or from the widget API. A link whose expiry lies further out than this lifetime from now is refused, so lowering it also ends longer links already handed out.",
      "6h",
    ),
    attendance_link_lifetime: field(
      durationText.default("15m"),
      "How long an attendance CSV link from !meet attendance works; it works only for the person who asked, and only while they may still read the attendance.",
      "15m",
    ),
    calendar_feed_days: field(
      z.number().int().min(1).max(3650).optional(),
      "Days a calendar feed link (!meet calendar) works after it was made; then !meet calendar makes a new one. Absent: until the user resets it or turns it off.",
      180,
    ),
  },
  metrics: {
    token: field(
      z.string().min(16).optional(),
      "Bearer token Prometheus sends for /metrics on the public HTTP server (scrape config: authorization.credentials). Without it and without port, /metrics is off.",
      "change-me-metrics-token-0000",
      true,
    ),
    port: field(
      port.optional(),
      "Port of a listener of its own that serves only /metrics, without a token; then the public HTTP server does not serve it.",
      9464,
    ),
    bind: field(
      z.string().min(1).default("127.0.0.1"),
      "Address the metrics listener (metrics.port) binds to.",
      "127.0.0.1",
    ),
  },
  database: {
    url: field(
      z
        .string()
        .regex(/^(sqlite:|postgres:|postgresql:)/, "expected sqlite://<path> or postgres://user:pass@host/db")
        .default("sqlite://./data/plenum.sqlite"),
      "Database: sqlite://<path> (embedded, single process) or postgres://user:pass@host/db.",
      "sqlite://./data/plenum.sqlite",
      true,
    ),
  },
  scaling: {
    leader_lease: field(
      durationText.default("15s"),
      "With several Plenum instances on one PostgreSQL database: how long the leader's lease lasts. The leader runs the scheduled jobs (reminders, meeting start and end, recording retention) and renews the lease every third of this; when it dies, another instance takes over within this time. The bot's encryption device is held by one appservice instance under a lease of the same length.",
      "15s",
    ),
    claim_lease: field(
      durationText.default("60s"),
      "How long an instance reserves a job or an incoming event it took. Work reserved by an instance that died is taken over by another after this; it must exceed the longest a single event or job may take.",
      "60s",
    ),
  },
  jitsi: {
    domain: field(z.string().min(1), "Domain of the Jitsi Meet deployment.", "meet.example.org"),
    muc_domain: field(
      z.string().min(1).optional(),
      "Conference (MUC) domain for Jigasi lookups; default conference.<domain>.",
      "conference.meet.example.org",
    ),
    app_id: field(
      z.string().min(1).default("plenum"),
      "JWT issuer (iss); must match Prosody's app_id.",
      "plenum",
    ),
    app_secret: field(
      z.string().min(16).optional(),
      "HS256 secret shared with Prosody token auth. Without it (and without app_private_key_file) Plenum issues no Jitsi tokens.",
      "change-me-jitsi-app-secret",
      true,
    ),
    app_private_key_file: field(
      z.string().min(1).optional(),
      "PEM file with an RSA private key of at least 2048 bits (PKCS#8 or PKCS#1), to sign Jitsi tokens with RS256 instead of HS256. Read once at start-up.",
      "/etc/plenum/jitsi-rs256.pem",
    ),
    token_lifetime: field(
      z
        .string()
        .regex(/^\d+(s|m|h)$/, "expected a duration such as 90s, 5m or 1h")
        .default("5m"),
      "Lifetime of Plenum-signed Jitsi tokens.",
      "5m",
    ),
    uvs_token: field(
      z.string().min(16).optional(),
      "Bearer token Prosody's Matrix user verification module sends to /verify/*; absent = endpoints off.",
      "change-me-uvs-token-000000",
      true,
    ),
    events_token: field(
      z.string().min(16).optional(),
      "Bearer token of the event-sync webhooks; absent = off.",
      "change-me-events-token-0000",
      true,
    ),
    recordings_token: field(
      z.string().min(16).optional(),
      "Bearer token of recording uploads; absent = off.",
      "change-me-recordings-token-0",
      true,
    ),
    recordings_dir: field(
      z.string().min(1).default("./data/recordings"),
      "Directory for recordings too large for the homeserver's media repository (served by signed, expiring links) and for uploads in progress.",
      "./data/recordings",
    ),
    recordings_max_size: field(
      z.number().int().min(1).max(65536).default(4096),
      "Largest recording upload accepted, in MiB.",
      4096,
    ),
    recordings_media_limit: field(
      z.number().int().min(0).max(65536).optional(),
      "Largest recording, in MiB, put into the homeserver's media repository even if the homeserver allows more; larger ones stay in recordings_dir. Default: the homeserver's m.upload.size.",
      512,
    ),
    dial_in_numbers: field(
      z
        .record(
          z.string().regex(/^[A-Z]{2}$/, "expected an ISO country code such as DE"),
          z.array(z.string().min(3)),
        )
        .default({}),
      "Phone dial-in numbers by ISO country code.",
      { DE: ["+49 611 000000"] },
    ),
    moderator_power: field(
      z.number().int().min(0).max(ADMIN_POWER).default(MODERATOR_POWER),
      "Power level in the meeting room from which a user is a Jitsi moderator.",
      50,
    ),
    call_widget: field(
      z.enum(["element", "plenum"]).default("element"),
      "Call widget of meeting rooms and !meet now: element (Element's built-in Jitsi page) or plenum (<public_url>/widgets/call/: meeting title and time, countdown, recording notice).",
      "element",
    ),
    visitors: field(
      z.boolean().default(false),
      "Whether the Jitsi deployment runs visitors mode (jicofo visitors.enabled, visitor Prosody nodes): the audience room of a public session then gets a call widget, and its members get viewer-only tokens (context.user.role visitor) from /api/v1/jitsi/token. Needs call tokens (app_secret or app_private_key_file).",
      false,
    ),
  },
  access: {
    admins: field(
      z.array(userIdSchema).default([]),
      "Users who may give !admin commands in a direct chat with the bot.",
      ["@admin:example.org"],
    ),
    admin_room: field(
      roomIdSchema.optional(),
      "Room whose members with power level >= 50 may give !admin commands.",
      "!abc:example.org",
    ),
    creators: field(
      z.array(z.string().min(1)).default([]),
      "Seed of the creators policy: who may schedule meetings (user ids, globs such as @*:example.org, server names, or room ids meaning that room's members). Empty: users of the homeserver's domain.",
      ["example.org", "!staff:example.org"],
    ),
    allowed_servers: field(
      z.array(z.string().min(1)).default([]),
      "Seed of the allowed_servers policy: homeservers whose users may be in meeting rooms. Empty: the homeserver's own domain.",
      ["example.org"],
    ),
    partner_servers: field(
      z.array(z.string().min(1)).default([]),
      "Seed of the partner_servers policy: servers a meeting room's editors may additionally allow for their room.",
      ["partner.example.net"],
    ),
    blocked: field(
      z.array(z.string().min(1)).default([]),
      "Seed of the blocked policy: users (ids, globs, servers) who are removed from meeting rooms.",
      [],
    ),
    open_join_rules: field(
      z.array(z.enum(["public", "knock", "knock_restricted"])).default([]),
      "Seed of the open_join_rules policy: join rules room members may give a meeting room (others are reverted).",
      [],
    ),
    remote_invites_per_hour: field(
      z.number().int().min(1).max(10000).default(20),
      "Invites to the bot accepted per hour from each other homeserver (per Plenum instance); more are rejected. Invites are accepted only from users of the homeserver's own domain, allowed_servers and partner_servers whom the blocked policy does not name; the own domain's users are not counted (Synapse's rc_invites limits them).",
      20,
    ),
  },
  i18n: {
    locale: field(
      z.enum(["de", "en"]).default("de"),
      "Default language of the bot's messages: de or en.",
      "de",
    ),
    timezone: field(
      timezone.default("Europe/Berlin"),
      "Default time zone for dates users type and read.",
      "Europe/Berlin",
    ),
  },
  meetings: {
    default_duration: field(
      z.number().int().min(5).max(1440).default(60),
      "Duration in minutes when a schedule command names none.",
      60,
    ),
    reminder_offsets: field(
      z.array(z.number().int().min(0).max(10080)).default([10, 0]),
      "Minutes before each occurrence at which a reminder is posted into the meeting room (0 = at start).",
      [10, 0],
    ),
    reminder_grace: field(
      z.number().int().min(1).max(1440).default(15),
      "Reminders missed by more than this many minutes (e.g. during downtime) are dropped, not sent late.",
      15,
    ),
    max_participants: field(
      z.number().int().min(1).max(10000).default(300),
      "Most participants one meeting may invite.",
      300,
    ),
    allow_open_ended_series: field(
      z.boolean().default(true),
      "Whether a series may repeat without an end (no until or count).",
      true,
    ),
    organizer_power: field(
      z.literal(ORGANIZER_POWERS).default(ADMIN_POWER),
      "Power level of the organizer in the meeting room: 100 or 50.",
      100,
    ),
    after_end: field(
      z.enum(["keep", "lock", "close"]).default("keep"),
      "What happens to a one-off meeting's room after it ends: keep, lock (only admins can send) or close (everyone removed).",
      "keep",
    ),
    after_end_delay: field(
      z.number().int().min(0).max(43200).default(60),
      "Minutes after the end before the after_end policy applies.",
      60,
    ),
    lock_on_cancel: field(
      z.boolean().default(true),
      "Whether cancelling a whole meeting locks its room.",
      true,
    ),
    encrypt_meeting_rooms: field(
      z.boolean().default(false),
      "Whether meeting rooms are created end-to-end encrypted (needs appservice.encryption).",
      false,
    ),
    recording_retention_days: field(
      z.number().int().min(1).max(3650).default(30),
      "Days after which a call recording is redacted from its room and its file deleted.",
      30,
    ),
    lock_breakouts_on_end: field(
      z.boolean().default(true),
      "Whether ending a meeting's breakouts (!meet breakout end) locks the breakout rooms.",
      true,
    ),
    guest_links: field(
      z.boolean().default(true),
      "Whether organizers and moderators may hand out guest links (!meet guest-link), through which people without a Matrix account join the call via Jitsi's lobby.",
      true,
    ),
    publish_recordings: field(
      z.boolean().default(false),
      "Whether a public session's recording is also posted into its audience room, for everyone to watch.",
      false,
    ),
    planner_widget: field(
      z.boolean().default(false),
      "Whether the bot adds the meeting planner widget to every room it is in or joins (where its power level allows); switching the planner_widget policy on adds it to every room at once.",
      false,
    ),
  },
  email: {
    smtp_url: field(
      z.url({ protocol: /^smtps?$/, error: "expected smtp://host:port or smtps://host:port" }).optional(),
      "Mail server that sends e-mail invitations (!meet invite with an address): smtp://host:port (STARTTLS when the server offers it) or smtps://host:port (TLS from the start). A user name and password may be part of the URL or given as username and password. Without it, e-mail invitations are off.",
      "smtps://mail.example.org:465",
      true,
    ),
    username: field(
      z.string().min(1).optional(),
      "User name for the mail server, if it is not in smtp_url.",
      "plenum",
    ),
    password: field(
      z.string().min(1).optional(),
      "Password for the mail server, if it is not in smtp_url.",
      "change-me-smtp-password",
      true,
    ),
    from: field(
      z.string().min(3).optional(),
      "Sender of e-mail invitations, e.g. Plenum <plenum@example.org>; also the ORGANIZER of their calendar files. Required with smtp_url.",
      "Plenum <plenum@example.org>",
    ),
    reply_to: field(
      z.string().min(3).optional(),
      "Reply-To of e-mail invitations, e.g. the office that organizes the meetings.",
      "Sitzungsdienst <sitzungsdienst@example.org>",
    ),
    retention_days: field(
      z.number().int().min(0).max(3650).default(30),
      "Days after a meeting's last date (or its cancellation) after which the e-mail addresses invited to it are deleted.",
      30,
    ),
  },
  logging: {
    level: field(
      z.enum(["trace", "debug", "info", "warn", "error"]).default("info"),
      "Log level of the structured JSON logs.",
      "info",
    ),
  },
} as const;

/** An actor as `access.creators` names one (core/access/actors.ts). */
const actorText = z.string().refine((text) => {
  try {
    parseActor(text);
    return true;
  } catch {
    return false;
  }
}, "expected a user id, a glob such as @*:example.org, a server name, or a room id");

/**
 * Lists of entries, each described like a section's keys. A secret of an entry may be given as
 * `<key>_file` in that entry; lists have no environment overrides.
 */
export const configLists = {
  services: {
    doc: "Services (groupware such as Open-Xchange or Exchange) that create, move and cancel meetings for users through POST/PATCH/DELETE /api/v1/service/meetings (docs/api/openapi.yaml). Empty: the service API is off.",
    fields: {
      id: field(
        z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "expected lower-case letters, digits, - or _"),
        "Name of the service: in the audit log, and the scope of its Idempotency-Keys.",
        "ox",
      ),
      token: field(
        z.string().min(32),
        "Bearer token the service sends; at least 32 characters.",
        "change-me-service-token-ox-000000000",
        true,
      ),
      act_for: field(
        z.array(actorText).min(1),
        "Users the service may act for (the same forms as access.creators: user ids, globs, server names, room ids meaning that room's members). The user must also be allowed to create meetings.",
        ["@*:example.org"],
      ),
    },
  },
} as const;

const serviceSchema = z.strictObject({
  id: configLists.services.fields.id.schema,
  token: configLists.services.fields.token.schema,
  act_for: configLists.services.fields.act_for.schema,
});

type Fields = typeof configFields;
type SectionShape<S> = { [K in keyof S]: S[K] extends FieldSpec<infer Z> ? Z : never };

function sectionSchema<S extends Record<string, FieldSpec>>(section: S) {
  const shape = Object.fromEntries(Object.entries(section).map(([key, spec]) => [key, spec.schema]));
  return z.object(shape as SectionShape<S>);
}

function buildSchema<F extends { [section: string]: Record<string, FieldSpec> }>(fields: F) {
  const shape = Object.fromEntries(
    Object.entries(fields).map(([name, section]) => {
      const schema = sectionSchema(section);
      const allOptional = Object.values(section).every((spec) => spec.schema.safeParse(undefined).success);
      return [name, allOptional ? schema.prefault({} as never) : schema];
    }),
  );
  return z.object(shape as { [K in keyof F]: ReturnType<typeof sectionSchema<F[K]>> });
}

export const configSchema = buildSchema(configFields)
  .extend({ services: z.array(serviceSchema).default([]) })
  .superRefine((config, context) => {
    const { smtp_url: smtpUrl, from } = config.email;
    if (smtpUrl && !from)
      context.addIssue({
        code: "custom",
        path: ["email", "from"],
        message: "missing (required with email.smtp_url)",
      });
    if (from && !smtpUrl)
      context.addIssue({
        code: "custom",
        path: ["email", "smtp_url"],
        message: "missing (required with email.from)",
      });
    for (const key of ["from", "reply_to"] as const) {
      const mailbox = config.email[key];
      if (mailbox && !isMailbox(mailbox))
        context.addIssue({
          code: "custom",
          path: ["email", key],
          message: "expected an address such as plenum@example.org or Plenum <plenum@example.org>",
        });
    }
    if (config.appservice.encryption && !config.appservice.crypto_store_key)
      context.addIssue({
        code: "custom",
        path: ["appservice", "crypto_store_key"],
        message: "missing (required while appservice.encryption is on)",
      });
    for (const [index, service] of config.services.entries()) {
      const earlier = config.services.slice(0, index);
      if (earlier.some((other) => other.id === service.id))
        context.addIssue({ code: "custom", path: ["services", index, "id"], message: "used twice" });
      // A shared token would let one service pass for the other; the tokens are told apart, not the ids.
      if (earlier.some((other) => other.token === service.token))
        context.addIssue({
          code: "custom",
          path: ["services", index, "token"],
          message: "the same as another service's token",
        });
    }
  });
export type Config = Readonly<z.output<typeof configSchema>>;
export type SectionName = keyof Fields;
