// The drawing area shared by every chart: outer size minus margins, never negative.
export type Margin = { top: number; right: number; bottom: number; left: number };
export type Frame = {
  width: number;
  height: number;
  margin: Margin;
  innerWidth: number;
  innerHeight: number;
};

export const DEFAULT_MARGIN: Margin = { top: 12, right: 16, bottom: 36, left: 48 };

export function chartFrame(width: number, height: number, margin: Margin = DEFAULT_MARGIN): Frame {
  const safeWidth = Number.isFinite(width) && width > 0 ? width : 0;
  const safeHeight = Number.isFinite(height) && height > 0 ? height : 0;
  return {
    width: safeWidth,
    height: safeHeight,
    margin,
    innerWidth: Math.max(0, safeWidth - margin.left - margin.right),
    innerHeight: Math.max(0, safeHeight - margin.top - margin.bottom),
  };
}

export type Tick = { value: number; position: number; label: string };

/** About one tick per 90 px, at least two. */
export function tickCount(innerWidth: number): number {
  return Math.max(2, Math.floor(innerWidth / 90));
}
