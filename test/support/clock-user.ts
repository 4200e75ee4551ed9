import { randomBytes } from "node:crypto";
import type { ClockAppservice, HomeserverInfo } from "./global-setup.js";

/**
 * A user of the test run's clock appservice, which sends every event with the origin_server_ts the
 * test chooses (Synapse honours `?ts=` for appservice users), exactly as a remote server can.
 */
export class ClockUser {
  private constructor(
    private readonly homeserver: HomeserverInfo,
    private readonly asToken: string,
    readonly userId: string,
  ) {}

  static async register(
    homeserver: HomeserverInfo,
    clock: ClockAppservice,
    name: string,
  ): Promise<ClockUser> {
    const localpart = `${clock.userPrefix}${name}-${randomBytes(4).toString("hex")}`;
    const user = new ClockUser(homeserver, clock.asToken, `@${localpart}:${homeserver.serverName}`);
    await user.request("POST", "/_matrix/client/v3/register", {
      type: "m.login.application_service",
      username: localpart,
      inhibit_login: true,
    });
    return user;
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
    query: Record<string, string> = {},
  ): Promise<Record<string, unknown>> {
    const params = new URLSearchParams({ ...query, user_id: this.userId });
    const response = await fetch(`${this.homeserver.url}${path}?${params}`, {
      method,
      headers: { authorization: `Bearer ${this.asToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok)
      throw new Error(`${method} ${path} as ${this.userId}: ${response.status} ${answer.error}`);
    return answer;
  }

  private rooms(roomId: string, rest: string): string {
    return `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/${rest}`;
  }

  /** Joins (the user must be invited) with the join event stamped `ts`; returns the event id. */
  async join(roomId: string, ts: number): Promise<string> {
    return this.sendState(roomId, "m.room.member", this.userId, { membership: "join" }, ts);
  }

  /** Sends a state event stamped `ts`; returns its event id. */
  async sendState(
    roomId: string,
    type: string,
    stateKey: string,
    content: Record<string, unknown>,
    ts: number,
  ): Promise<string> {
    const path = this.rooms(roomId, `state/${type}/${encodeURIComponent(stateKey)}`);
    const answer = await this.request("PUT", path, content, { ts: String(ts) });
    return String(answer.event_id);
  }

  /** Sends a text message stamped `ts`; returns its event id. */
  async say(roomId: string, body: string, ts: number): Promise<string> {
    const txn = randomBytes(8).toString("hex");
    const path = this.rooms(roomId, `send/m.room.message/${txn}`);
    const answer = await this.request("PUT", path, { msgtype: "m.text", body }, { ts: String(ts) });
    return String(answer.event_id);
  }

  /** A fresh OpenID token, as a widget host hands it to a widget. */
  async openIdToken(): Promise<string> {
    const path = `/_matrix/client/v3/user/${encodeURIComponent(this.userId)}/openid/request_token`;
    return String((await this.request("POST", path, {})).access_token);
  }
}
