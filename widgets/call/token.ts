import type { JitsiTokenRequest, JitsiTokenResponse } from "../../core/widgets/api-types.js";
import type { Booted } from "../shared/boot.js";
import { openIdToken } from "../shared/client.js";

/**
 * A fresh Plenum-signed Jitsi token for this room's conference, or with `whisper_group`/`listen_to`
 * for a side conference; each asks the client for a new OpenID token, so it never expires unused.
 */
export async function jitsiToken(
  booted: Booted,
  extra: Pick<JitsiTokenRequest, "whisper_group" | "listen_to"> = {},
): Promise<JitsiTokenResponse> {
  const { token, serverName } = await openIdToken(booted.widgetApi);
  const request: JitsiTokenRequest = {
    openid_token: token,
    matrix_server_name: serverName,
    room_id: booted.params.roomId,
    ...extra,
  };
  return booted.api.send<JitsiTokenResponse>("POST", "/api/v1/jitsi/token", request);
}
