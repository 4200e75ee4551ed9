"use strict";
// matrix-bot-sdk requires this module when it loads, but only calls into it when its own
// end-to-end encryption is switched on, which Plenum never does. Every export throws on use
// so that an accidental use fails loudly instead of silently sending unencrypted data.
const message =
  "@matrix-org/matrix-sdk-crypto-nodejs is not installed: its install step downloads a native " +
  "binary, which Plenum's offline build cannot do. matrix-bot-sdk encryption is unavailable.";
module.exports = new Proxy(
  {},
  {
    get(_target, name) {
      if (typeof name === "symbol" || name === "__esModule" || name === "then") return undefined;
      return function unavailable() {
        throw new Error(message);
      };
    },
  },
);
