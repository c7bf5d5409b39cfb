// The limiter's windows are fixed and aligned on the clock (so replicas share keys): a burst that straddles a
// window boundary starts counting afresh. Tests start each burst well inside a window.
export async function awayFromWindowEdge(windowMs = 60_000, marginMs = 15_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 250));
}
