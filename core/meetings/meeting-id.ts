import { randomBytes as cryptoRandomBytes } from "node:crypto";
import { UserError } from "../errors/user-error.js";

/** Digits and capitals without look-alikes (0/O, 1/I/L, U/V), so ids survive being read out and retyped. */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUP_LENGTH = 3;
const ID_LENGTH = 2 * GROUP_LENGTH;
/** Bytes at or above this multiple of the alphabet's size are drawn again, so no character is favoured. */
const UNBIASED_BYTES = 256 - (256 % ALPHABET.length);
const EXAMPLE = "K7Q-4MX";

const MEETING_ID = new RegExp(`^[${ALPHABET}]{${GROUP_LENGTH}}-[${ALPHABET}]{${GROUP_LENGTH}}$`);
const TYPED_ID = new RegExp(`^([${ALPHABET}]{${GROUP_LENGTH}})-?([${ALPHABET}]{${GROUP_LENGTH}})$`);

/** A new random id such as "K7Q-4MX"; ids say nothing about when or in which order they were made. */
export function newMeetingId(randomBytes: (size: number) => Buffer = cryptoRandomBytes): string {
  let characters = "";
  while (characters.length < ID_LENGTH) {
    for (const byte of randomBytes(ID_LENGTH - characters.length)) {
      if (byte < UNBIASED_BYTES && characters.length < ID_LENGTH)
        characters += ALPHABET.charAt(byte % ALPHABET.length);
    }
  }
  return `${characters.slice(0, GROUP_LENGTH)}-${characters.slice(GROUP_LENGTH)}`;
}

/** Whether the text is a meeting id exactly as Plenum writes it. */
export function isMeetingId(text: string): boolean {
  return MEETING_ID.test(text);
}

/** The id someone typed, forgiving lower case and a missing dash; undefined if it cannot be one. */
export function normalizeMeetingId(input: string): string | undefined {
  const match = TYPED_ID.exec(input.trim().toUpperCase());
  return match ? `${match[1]}-${match[2]}` : undefined;
}

/** Like normalizeMeetingId, but tells the user what an id looks like when the text is none. */
export function parseMeetingId(input: string): string {
  const id = normalizeMeetingId(input);
  if (!id) throw new UserError("meetingid.invalid", { text: input.trim(), example: EXAMPLE });
  return id;
}
