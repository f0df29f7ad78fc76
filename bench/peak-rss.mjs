/**
 * Preloaded into a process a bench spawns (`node --import ./bench/peak-rss.mjs ...`): at exit, writes
 * the process's peak RSS and its CPU time to the file named by BENCH_PEAK_FILE. Nothing else:
 * the process under measurement runs unchanged. The peak is VmHWM from /proc/self/status (the
 * kernel's high-water mark of this address space), not getrusage's maxRSS: Linux carries that
 * across exec, so a child of a large bench process would report the parent's peak.
 */
import { readFileSync, writeFileSync } from "node:fs";

const file = process.env.BENCH_PEAK_FILE;
if (file)
  process.on("exit", () => {
    const r = process.resourceUsage();
    let maxRssKb = r.maxRSS;
    try {
      maxRssKb = Number(/VmHWM:\s*(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]);
    } catch {
      // not Linux: getrusage's figure
    }
    writeFileSync(file, JSON.stringify({ maxRssKb, userUs: r.userCPUTime, systemUs: r.systemCPUTime }));
  });
