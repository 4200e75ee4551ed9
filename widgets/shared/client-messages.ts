/**
 * matrix-widget-api's transport believes a message from any window and any origin: its strict origin
 * check compares with the widget's own origin, it never looks at `event.source`, and its request ids
 * are guessable. Another frame that can reach the widget's window (another widget in the client's
 * tab, the Jitsi frame inside the call widget, a page that frames the widget) could answer the
 * widget's OpenID request with a token of its choosing, and the widget would sign in to Plenum as
 * that account. This listener stops such messages before the transport sees them.
 */

/** Fields without which the transport ignores a message; one of them makes a message worth stopping. */
const WIDGET_API_FIELDS = ["api", "action", "requestId", "widgetId"] as const;

function isWidgetApiMessage(data: unknown): boolean {
  return typeof data === "object" && data !== null && WIDGET_API_FIELDS.some((field) => field in data);
}

/**
 * Lets widget API messages through only from the parent window at `clientOrigin` (the origin of the
 * client's `parentUrl`). Must be called before the WidgetApi starts: it listens in the capture phase
 * and was registered first, so `stopImmediatePropagation` keeps every later listener from the message.
 * Other messages (the Jitsi IFrame API's, which never carry these fields) pass untouched.
 */
export function acceptWidgetApiOnlyFromClient(target: Window, clientOrigin: string): void {
  target.addEventListener(
    "message",
    (event: MessageEvent) => {
      if (event.source === target.parent && event.origin === clientOrigin) return;
      if (isWidgetApiMessage(event.data)) event.stopImmediatePropagation();
    },
    { capture: true },
  );
}
