// Watches the kernel for the data-plane benchmark from a process of its own (plain JavaScript, so
// it starts with `node` alone): the bench's process also runs the agent, whose every program start
// holds that process's event loop for a couple of milliseconds, so a poll from there would see a
// change late. Here nothing else runs.
//   node watcher.mjs EVERY_MS NEEDLE PROGRAM ARGS…   runs PROGRAM ARGS every EVERY_MS; prints
//     "ready T" after the first run, then "seen T" at the first run whose output includes NEEDLE
//     (with NEEDLE "-": differs from the first run's) and exits. A run that fails counts as no output.
// Every T is milliseconds on CLOCK_MONOTONIC (process.hrtime), the clock the bench reads too.
import { execFile } from 'node:child_process'

const [every, needle, program, ...args] = process.argv.slice(2)
const now = () => Number(process.hrtime.bigint()) / 1e6
const output = () => new Promise((resolve) => execFile(program, args, (err, stdout) => resolve(err === null ? stdout : '')))

const first = await output()
process.stdout.write(`ready ${now()}\n`)
for (;;) {
  const started = now()
  const out = await output()
  if (needle === '-' ? out !== first : out.includes(needle)) {
    process.stdout.write(`seen ${now()}\n`)
    process.exit(0)
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(every) - (now() - started))))
}
