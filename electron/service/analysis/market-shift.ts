/**
 * A market snapshot (the JSON of docs/formats.md) moved to one heatmap cell: index and every
 * forward of the shifted underlyings scaled by 1 + move, every vol of them plus `volShift` (vol
 * points as decimals, floored at {@link MIN_SHIFTED_VOL}). Everything else is copied unchanged,
 * so the result goes through the engine's own snapshot parser like any stored snapshot.
 */

/** Floor of a shifted vol: 1 vol point (the snapshot format refuses a vol of 0). */
export const MIN_SHIFTED_VOL = 0.01;

const toNum = (x: unknown): number => (typeof x === 'number' ? x : Number(String(x).trim()));

/** The snapshot `json` with spot and vol shifted; `underlying` limits the shift to one underlying. */
export function marketMovedTo(json: unknown, shift: { move: number; volShift: number; underlying?: string }): unknown {
  if (typeof json !== 'object' || json === null) return json;
  const snap = json as { underlyings?: Record<string, Record<string, unknown>> };
  if (typeof snap.underlyings !== 'object' || snap.underlyings === null) return json;
  const g = 1 + shift.move;
  const underlyings: Record<string, unknown> = {};
  for (const [u, data] of Object.entries(snap.underlyings)) {
    if (shift.underlying !== undefined && u !== shift.underlying) { underlyings[u] = data; continue; }
    const out: Record<string, unknown> = { ...data, index: toNum(data['index']) * g };
    if (Array.isArray(data['forwards'])) out['forwards'] = (data['forwards'] as { price: unknown }[]).map((f) => ({ ...f, price: toNum(f.price) * g }));
    if (Array.isArray(data['vols'])) out['vols'] = (data['vols'] as { vol: unknown }[]).map((v) => ({ ...v, vol: Math.max(MIN_SHIFTED_VOL, toNum(v.vol) + shift.volShift) }));
    underlyings[u] = out;
  }
  return { ...snap, underlyings };
}
