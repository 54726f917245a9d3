/**
 * The stats worker: contrast limits (percentiles) computed off the main thread, so a
 * large slice never stalls panning. Messages: { id, data, low, high } -> { id, range }.
 */
import { percentiles } from "./percentiles.js";

interface StatsRequest {
  id: number;
  data: ArrayLike<number | bigint>;
  low: number;
  high: number;
}

addEventListener("message", (event: MessageEvent<StatsRequest>) => {
  const { id, data, low, high } = event.data;
  postMessage({ id, range: percentiles(data, low, high) });
});
