/**
 * Every widget API capability Plenum's widgets ask the client for, with the reason. Nothing else is
 * requested: meetings and room members come from Plenum's API, authorized by the user's OpenID
 * identity (which needs no capability), so the widgets never read or send room events.
 */
export interface CapabilityRequest {
  capability: string;
  reason: string;
}

export const PLANNER_CAPABILITIES: readonly CapabilityRequest[] = [
  {
    capability: "org.matrix.msc2931.navigate",
    reason: "Opens a meeting's room inside the client when the user follows its join link (else a new tab).",
  },
];

export const CALL_CAPABILITIES: readonly CapabilityRequest[] = [
  {
    capability: "m.always_on_screen",
    reason:
      "Keeps the running call visible while the user reads another room, as Element's Jitsi widget does.",
  },
];
