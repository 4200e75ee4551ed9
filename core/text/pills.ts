import { escapeHtml } from "./html.js";

/** A matrix.to link: Element renders one naming a user as a pill, and one naming a room by its title. */
export function matrixToLink(target: string, label: string): string {
  return `<a href="https://matrix.to/#/${escapeHtml(encodeURIComponent(target))}">${escapeHtml(label)}</a>`;
}

/** A user's pill in `formatted_body`, labelled with the display name when one is known. */
export function userPill(userId: string, displayName?: string): string {
  return matrixToLink(userId, displayName ?? userId);
}
