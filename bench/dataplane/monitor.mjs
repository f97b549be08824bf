// Watches the kernel for the data-plane benchmark by its own notifications, from a process of its
// own (plain JavaScript, so it starts with `node` alone):
//   node monitor.mjs NEEDLE PROGRAM ARGS…   runs PROGRAM ARGS, a monitor that prints one line per
//     kernel event (`ip -n NS monitor address`, `ip netns exec NS nft monitor`); prints "ready T"
//     once the monitor has subscribed (its netlink socket, with multicast groups, is listed in
//     /proc/PID/net/netlink), then "seen T" at the first line that includes NEEDLE, and exits.
// Every T is milliseconds on CLOCK_MONOTONIC (process.hrtime), the clock the bench reads too.
// Unlike polling with a program every few milliseconds, this takes no CPU from the agent while it
// waits, and sees a change when the kernel announces it, not at the end of the next poll.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

const [needle, program, ...args] = process.argv.slice(2)
const now = () => Number(process.hrtime.bigint()) / 1e6
const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'inherit'] })
child.on('exit', (code) => {
  process.stderr.write(`monitor: ${program} exited with ${code}\n`)
  process.exit(1)
})
// Asked to stop (the bench's cleanup), or the bench gone (its end of stdin closed): the monitor goes too.
const stop = () => {
  child.kill()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.stdin.on('end', stop).resume()
createInterface({ input: child.stdout }).on('line', (line) => {
  if (!line.includes(needle)) return
  process.stdout.write(`seen ${now()}\n`)
  child.kill()
  process.exit(0)
})

/** Whether the monitor (`ip netns exec` and `ip -n` keep their PID) has a netlink socket subscribed to events. */
function subscribed() {
  try {
    const rows = readFileSync(`/proc/${child.pid}/net/netlink`, 'utf8').split('\n').slice(1)
    return rows.some((row) => {
      const [, , pid, groups] = row.trim().split(/\s+/)
      return Number(pid) === child.pid && /[1-9a-f]/.test(groups ?? '0')
    })
  } catch {
    return false
  }
}

const started = now()
while (!subscribed()) {
  if (now() - started > 10_000) {
    process.stderr.write(`monitor: ${program} did not subscribe within 10 s\n`)
    child.kill()
    process.exit(1)
  }
  await new Promise((resolve) => setTimeout(resolve, 2))
}
process.stdout.write(`ready ${now()}\n`)
