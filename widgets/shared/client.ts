import { WidgetApi } from "matrix-widget-api";
import type { ApiError, SessionResponse } from "../../core/widgets/api-types.js";
import type { CapabilityRequest } from "./capabilities.js";
import { acceptWidgetApiOnlyFromClient } from "./client-messages.js";
import type { WidgetParams } from "./params.js";

/** An API answer that is not a success, with the server's translated sentence. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the widget API towards the client that embeds us and waits for capability negotiation. Only
 * the client (our parent window, at the origin of the `parentUrl` it gave us) is listened to.
 */
export function connect(
  params: WidgetParams,
  capabilities: readonly CapabilityRequest[],
): Promise<WidgetApi> {
  const clientOrigin = new URL(params.parentUrl).origin;
  acceptWidgetApiOnlyFromClient(window, clientOrigin);
  const api = new WidgetApi(params.widgetId, clientOrigin);
  api.requestCapabilities(capabilities.map((c) => c.capability));
  const ready = new Promise<WidgetApi>((resolve) => api.once("ready", () => resolve(api)));
  api.start();
  return ready;
}

/** A fresh OpenID token from the client; the user may have to confirm sharing their identity. */
export async function openIdToken(api: WidgetApi): Promise<{ token: string; serverName: string }> {
  const credentials = await api.requestOpenIDConnectToken();
  if (!credentials.access_token || !credentials.matrix_server_name)
    throw new Error("the client returned no OpenID token");
  return { token: credentials.access_token, serverName: credentials.matrix_server_name };
}

/**
 * Plenum's API on the widget's own origin. The session comes from an OpenID token; when it expires
 * (401) a new one is fetched once, transparently.
 */
export class PlenumApi {
  private session: Promise<SessionResponse> | undefined;

  constructor(
    private readonly widgetApi: WidgetApi,
    private readonly lang: string,
  ) {}

  signIn(): Promise<SessionResponse> {
    this.session ??= openIdToken(this.widgetApi).then(({ token, serverName }) =>
      this.send<SessionResponse>("POST", "/api/v1/session", {
        openid_token: token,
        matrix_server_name: serverName,
      }),
    );
    this.session.catch(() => (this.session = undefined));
    return this.session;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { token } = await this.signIn();
    try {
      return await this.send<T>(method, path, body, token);
    } catch (error) {
      if (!(error instanceof ApiFailure) || error.status !== 401) throw error;
      this.session = undefined;
      return this.send<T>(method, path, body, (await this.signIn()).token);
    }
  }

  async send<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = { "accept-language": this.lang };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(new URL(`../..${path}`, document.baseURI), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json().catch(() => ({}))) as T & Partial<ApiError>;
    if (!response.ok)
      throw new ApiFailure(
        response.status,
        answer.errcode ?? "M_UNKNOWN",
        answer.error ?? response.statusText,
      );
    return answer;
  }
}
