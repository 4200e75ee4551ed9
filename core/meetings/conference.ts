/**
 * Jitsi conference names for Matrix rooms, made the way Element Web makes them for `openidtoken-jwt`:
 * RFC 4648 base32 (A–Z, 2–7) of the room id's UTF-8 bytes, upper case, without padding. Element's
 * widget and Plenum's links then meet in the same conference.
 */
import { isRoomId } from "../matrix/ids.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function conferenceNameForRoom(roomId: string): string {
  let name = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of new TextEncoder().encode(roomId)) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      name += ALPHABET.charAt((buffer >> bits) & 31);
    }
  }
  if (bits > 0) name += ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return name;
}

/**
 * The room a conference name stands for. Case does not matter: Jitsi lower-cases room names before
 * Prosody sees them. Undefined for a name that is not the encoding of a room id.
 */
export function roomIdForConference(name: string): string | undefined {
  if (!/^[A-Za-z2-7]+$/.test(name)) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const character of name.toUpperCase()) {
    buffer = ((buffer << 5) | ALPHABET.indexOf(character)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  // A whole spare character, or set padding bits, means the name was not made by this encoding.
  if (bits >= 5 || (buffer & ((1 << bits) - 1)) !== 0) return undefined;
  const roomId = decodeUtf8(Uint8Array.from(bytes));
  return roomId !== undefined && isRoomId(roomId) ? roomId : undefined;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
