// A UDP prober the data-plane benchmark runs inside a peer's namespace (plain JavaScript, so it
// starts with `node` alone), toward a UDP echo (test/support/probe.mjs serve udp:PORT):
//   node prober.mjs ADDRESS PORT INTERVAL_MS      prints "ready", then obeys lines on stdin:
//     first   sends a datagram every INTERVAL_MS; prints "sending T" at the first, "reply T" at the
//             first answer, and stops sending
//     watch   sends every INTERVAL_MS and records when each answer comes; prints "watching T"
//     stop    stops sending; prints "replies [T, …]" (the answers since `watch`)
// Every T is milliseconds on CLOCK_MONOTONIC (process.hrtime), the clock every process on the
// machine shares, so the bench compares them with its own. Each round tags its datagrams, so a
// late answer to an earlier round is never taken for this one's.
import { createSocket } from 'node:dgram'
import { createInterface } from 'node:readline'

const [address, port, interval] = process.argv.slice(2)
const now = () => Number(process.hrtime.bigint()) / 1e6
const socket = createSocket('udp4')
// Nothing the network does to a datagram may stop the prober: a lost one is simply not answered.
socket.on('error', () => undefined)
let round = 0
let timer
let mode = 'idle'
let replies = []

const send = () => {
  const seq = send.seq++
  socket.send(`${round}:${seq}`, Number(port), address)
}
send.seq = 0

const startSending = () => {
  round++
  send.seq = 0
  send()
  timer = setInterval(send, Number(interval))
}
const stopSending = () => {
  clearInterval(timer)
  mode = 'idle'
}

socket.on('message', (message) => {
  const at = now()
  if (!message.toString().startsWith(`${round}:`)) return
  if (mode === 'first') {
    stopSending()
    process.stdout.write(`reply ${at}\n`)
  } else if (mode === 'watch') {
    replies.push(at)
  }
})

socket.bind(0, () => {
  process.stdout.write('ready\n')
  createInterface({ input: process.stdin }).on('line', (line) => {
    const command = line.trim()
    if (command === 'first') {
      mode = 'first'
      const at = now()
      startSending()
      process.stdout.write(`sending ${at}\n`)
    } else if (command === 'watch') {
      mode = 'watch'
      replies = []
      const at = now()
      startSending()
      process.stdout.write(`watching ${at}\n`)
    } else if (command === 'stop') {
      stopSending()
      process.stdout.write(`replies ${JSON.stringify(replies)}\n`)
    }
  }).on('close', () => process.exit(0))
})
