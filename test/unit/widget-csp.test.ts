import { widgetContentSecurityPolicy } from "../../bridge/http/widgets.js";

function directive(csp: string, name: string): string | undefined {
  return csp
    .split("; ")
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1);
}

describe("the widgets' Content-Security-Policy", () => {
  it("lets the call widget connect to the Jitsi deployment over HTTPS and WebSocket, for lib-jitsi-meet's side conferences", () => {
    const csp = widgetContentSecurityPolicy("call", "meet.example.org");
    expect(directive(csp, "connect-src")).toBe("'self' https://meet.example.org wss://meet.example.org");
  });

  it("lets the planner connect to Plenum only", () => {
    const csp = widgetContentSecurityPolicy("planner", "meet.example.org");
    expect(directive(csp, "connect-src")).toBe("'self'");
  });
});
