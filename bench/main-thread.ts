/**
 * What the browser benches record on the page's main thread, installed before the app starts
 * (page.addInitScript): long tasks (50 ms and over), long animation frames (which add the
 * rendering that long tasks leave out), and a 5 ms heartbeat whose longest gap is the longest
 * stall a user could have felt. A string, not a function: tsx's transform would wrap a
 * function's inner helpers in `__name(...)`, which does not exist in the page.
 */
export const MAIN_THREAD_RECORDER = `(() => {
  const state = { longTasks: [], frames: [], maxGap: 0, reset: () => {} };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.frames.push({ duration: e.duration, render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0 });
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch {}
  let last = performance.now();
  const beat = () => {
    const now = performance.now();
    state.maxGap = Math.max(state.maxGap, now - last - 5);
    last = now;
    setTimeout(beat, 5);
  };
  setTimeout(beat, 5);
  state.reset = () => {
    state.longTasks.length = 0;
    state.frames.length = 0;
    state.maxGap = 0;
    last = performance.now();
  };
  window.__mainThread = state;
})();`;

export interface MainThreadRecord {
  longTasks: { start: number; duration: number }[];
  frames: { duration: number; render: number }[];
  maxGap: number;
}

declare global {
  interface Window {
    __mainThread?: MainThreadRecord & { reset(): void };
  }
}
