import { escapeHtml } from "./html.js";

/**
 * A matrix.to link: Element renders one naming a user as a pill, and one naming a room by its title.
 * `via` names a server that can let a visitor in, for a room id (an alias finds its own way).
 */
export function matrixToLink(target: string, label: string, via?: string): string {
  const query = via === undefined ? "" : `?via=${encodeURIComponent(via)}`;
  return `<a href="https://matrix.to/#/${escapeHtml(encodeURIComponent(target) + query)}">${escapeHtml(label)}</a>`;
}

/** A user's pill in `formatted_body`, labelled with the display name when one is known. */
export function userPill(userId: string, displayName?: string): string {
  return matrixToLink(userId, displayName ?? userId);
}
