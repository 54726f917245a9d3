/**
 * The viewer sample's values as functions of their coordinates (make-sample.ts writes
 * them; tests compute expected pixels with them). Level k of the image pyramid holds
 * level 0 sampled at every 2^k-th pixel.
 */

export const IMAGE_SIZE = 2048;
export const IMAGE_LEVELS = 4;
export const VOLUME_SHAPE = [64, 256, 256] as const;

/** The level-0 image: rings, waves and petals, 0..65535. */
export function sampleImageValue(y: number, x: number): number {
  const cx = IMAGE_SIZE / 2;
  const r = Math.hypot(y - cx, x - cx);
  const v =
    0.5 +
    0.25 * Math.cos(r / 24) +
    0.15 * Math.sin(x / 97) * Math.cos(y / 61) +
    0.1 * Math.cos(8 * Math.atan2(y - cx, x - cx));
  return Math.round(Math.min(1, Math.max(0, v)) * 65535);
}

/** The volume: a bright shell around the centre fading with depth. */
export function sampleVolumeValue(z: number, y: number, x: number): number {
  const [dz, dy, dx] = VOLUME_SHAPE.map((n) => n / 2);
  const r = Math.hypot((z - dz) * 3, y - dy, x - dx);
  const shell = Math.exp(-(((r - 90) / 12) ** 2));
  return Math.round(255 * Math.min(1, shell + 0.15 * ((x + z) % 32 < 16 ? 1 : 0)));
}
