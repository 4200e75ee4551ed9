import type { MessageKey, MessageParams } from "../i18n/translate.js";

/**
 * Something the user asked for that cannot be done as asked (bad input, not allowed, unknown id).
 * Its message is shown to them, translated; bot commands and the widget API report it the same way.
 */
export class UserError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(key);
    this.name = "UserError";
  }
}
