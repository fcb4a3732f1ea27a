// Preloaded with `node --import` when /usr/bin/time -v is missing: reports the peak RSS (KiB) on exit.
import { writeFileSync } from 'node:fs';

const report = process.env['XPOST_BENCH_RSS_FILE'];
if (report) process.once('exit', () => writeFileSync(report, String(process.resourceUsage().maxRSS)));
