import { readFileSync } from "node:fs";
import type express from "express";
import { parse } from "yaml";
import { openApiDocument, openApiPath } from "../../app/openapi-document.js";
import { createAppserviceApp, type AppserviceListenerOptions } from "../../bots/appservice/listener.js";
import { createPublicApp, type PublicAppOptions } from "../../bridge/http/app.js";
import { buildConfig } from "../../core/config/load.js";
import { validRawConfig } from "../support/config.js";

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD /path` an Express app registers, nested routers included (mounted middleware is no route). */
function routesOf(app: express.Express): string[] {
  const found: string[] = [];
  const walk = (stack: readonly Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths)
          for (const method of Object.keys(layer.route.methods))
            found.push(`${method.toUpperCase()} ${openApiPath(path)}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

function documented(document: Record<string, unknown>): string[] {
  const paths = document.paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/**
 * The apps as start-up builds them, over stand-ins that answer every property and call with another
 * stand-in (and `config` with the real config): routes are registered before any request needs a dependency.
 */
function registeredRoutes(): string[] {
  const { config } = buildConfig({ ...validRawConfig(), metrics: { token: "metrics-token-0123456789" } });
  const stub: unknown = new Proxy(function stand() {}, {
    get: (_target, key) =>
      key === "config" ? config : key === "then" || typeof key === "symbol" ? undefined : stub,
    apply: () => stub,
  });
  const known: Record<PropertyKey, unknown> = {
    config,
    hsToken: "hs-token-0123456789abcdef",
    widgetsDir: undefined,
    encryption: undefined,
    timeoutMs: undefined,
  };
  const options = new Proxy(known, { get: (target, key) => (key in target ? target[key] : stub) });
  const publicApp = createPublicApp(options as unknown as PublicAppOptions);
  const listener = createAppserviceApp(options as unknown as AppserviceListenerOptions);
  return [...routesOf(publicApp), ...routesOf(listener)];
}

describe("the OpenAPI document (docs/api/openapi.yaml)", () => {
  test("every route the public server and the appservice listener register is in it, and nothing else", () => {
    expect([...new Set(registeredRoutes())].sort()).toEqual(documented(openApiDocument()).sort());
  });

  test("the committed file is the one generated from the code (npm run openapi)", () => {
    const committed = parse(readFileSync("docs/api/openapi.yaml", "utf8")) as unknown;
    expect(committed).toEqual(openApiDocument());
  });

  test("the service API's request bodies are the schemas its router validates with", () => {
    const paths = openApiDocument().paths as Record<string, Record<string, Record<string, unknown>>>;
    const body = paths["/api/v1/service/meetings"]!.post!.requestBody as Record<string, unknown>;
    expect(JSON.stringify(body)).toContain(
      '"required":["as_user","title","start","timezone","participants"]',
    );
    expect(JSON.stringify(body)).toContain('"additionalProperties":false');
  });
});
