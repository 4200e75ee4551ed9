const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds in a configured duration such as "15s", "2m" or "1h" (the config schema checks the form). */
export function durationMs(text: string): number {
  const match = /^([1-9]\d*)(s|m|h)$/.exec(text);
  if (!match) throw new RangeError(`expected a duration such as 15s, 2m or 1h, got ${JSON.stringify(text)}`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
