/** `6h`, `90m`, `2d` → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)(m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}
