import { createHmac, randomBytes } from "node:crypto";

/** What the shared-secret registration needs to know about a homeserver. */
export interface HomeserverAccess {
  url: string;
  sharedSecret: string;
}

export interface RegisteredUser {
  userId: string;
  accessToken: string;
  deviceId: string;
  password: string;
}

/** Registers a user through Synapse's shared-secret admin registration API. */
export async function registerUser(
  homeserver: HomeserverAccess,
  localpart: string,
  options: { admin?: boolean; password?: string } = {},
): Promise<RegisteredUser> {
  const admin = options.admin ?? false;
  const endpoint = `${homeserver.url}/_synapse/admin/v1/register`;
  const { nonce } = (await (await fetch(endpoint)).json()) as { nonce: string };
  const password = options.password ?? randomBytes(12).toString("hex");
  const mac = createHmac("sha1", homeserver.sharedSecret)
    .update([nonce, localpart, password, admin ? "admin" : "notadmin"].join("\0"))
    .digest("hex");
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ nonce, username: localpart, password, admin, mac }),
  });
  const body = (await response.json()) as {
    user_id?: string;
    access_token?: string;
    device_id?: string;
    error?: string;
  };
  if (!response.ok || !body.user_id || !body.access_token) {
    throw new Error(`registering ${localpart} failed: ${response.status} ${body.error ?? ""}`);
  }
  return { userId: body.user_id, accessToken: body.access_token, deviceId: body.device_id ?? "", password };
}
