// The traffic tool `openeni demo` runs inside namespaces (an instance's, or the sandboxed public
// network's). A TypeScript module that runs when started, so it ships compiled with the CLI; the
// demo starts it with the same Node options as itself. Its stream is that of the data-plane tests'
// test/support/probe.mjs, copied on purpose: the installed CLI carries no test code.
//   serve TAG tcp:PORT … udp:ADDRESS:PORT …
//       TCP on every address: each client is told "TAG LOCAL REMOTE" (the addresses the server saw);
//       UDP on one address each (which need not be local yet: an ENI that moves in later, with
//       net.ipv4.ip_nonlocal_bind=1), echoing "TAG MESSAGE" so the client knows which instance
//       answered. A UDP reply leaves from the bound address: bound to 0.0.0.0 it would leave from the
//       primary ENI's and miss the EIP's NAT. Prints "ready".
//   connect ADDRESS PORT TIMEOUT_MS
//       one TCP connection; prints what the server said and exits 0, or exits 1 without an answer
//   stream ADDRESS PORT INTERVAL_MS MAX_SECONDS
//       a numbered UDP datagram every INTERVAL_MS until standard input closes (or MAX_SECONDS); prints
//       "first TAG" when answers from a new TAG begin, then, half a second after the last datagram, a
//       JSON summary: sent, received (distinct numbers answered), lost, maxGapMs (the longest time
//       between two consecutive answers) and the runs of answers by tag
import { createSocket } from 'node:dgram'
import { createConnection, createServer } from 'node:net'

const [mode, ...args] = process.argv.slice(2)

function serve(tag: string, specs: string[]): void {
  let pending = specs.length
  const ready = () => {
    if (--pending === 0) process.stdout.write('ready\n')
  }
  for (const spec of specs) {
    const parts = spec.split(':')
    if (parts[0] === 'tcp') {
      createServer((socket) => socket.end(`${tag} ${socket.localAddress} ${socket.remoteAddress}\n`)).listen(Number(parts[1]), '0.0.0.0', ready)
    } else {
      const socket = createSocket('udp4')
      socket.on('message', (message, from) => socket.send(`${tag} ${message}`, from.port, from.address))
      socket.bind(Number(parts[2]), parts[1], ready)
    }
  }
}

function connect(address: string, port: number, timeoutMs: number): void {
  setTimeout(() => process.exit(1), timeoutMs)
  let said = ''
  const socket = createConnection({ host: address, port })
  socket.on('data', (chunk) => (said += chunk.toString()))
  socket.on('end', () => {
    process.stdout.write(said)
    process.exit(0)
  })
  socket.on('error', () => process.exit(1))
}

function stream(address: string, port: number, intervalMs: number, maxSeconds: number): void {
  const socket = createSocket('udp4')
  const answered = new Set<number>()
  const runs: { tag: string; answers: number }[] = []
  let sent = 0
  let lastAnswer: number | undefined
  let maxGapMs = 0
  // A connected socket reports ICMP errors (an address nobody holds during a move) on the next send:
  // they count as losses, never as a crash.
  socket.on('error', () => undefined)
  socket.on('message', (message) => {
    const now = performance.now()
    const [tag = '', number] = String(message).split(' ')
    const seq = Number(number)
    if (answered.has(seq)) return
    answered.add(seq)
    if (lastAnswer !== undefined) maxGapMs = Math.max(maxGapMs, now - lastAnswer)
    lastAnswer = now
    const run = runs.at(-1)
    if (run?.tag === tag) run.answers++
    else {
      runs.push({ tag, answers: 1 })
      process.stdout.write(`first ${tag}\n`)
    }
  })
  socket.connect(port, address, () => {
    const timer = setInterval(() => socket.send(String(sent++), () => undefined), intervalMs)
    let stopping = false
    const stop = () => {
      if (stopping) return
      stopping = true
      clearInterval(timer)
      setTimeout(() => {
        const summary = { sent, received: answered.size, lost: sent - answered.size, maxGapMs: Math.round(maxGapMs), runs }
        process.stdout.write(`${JSON.stringify(summary)}\n`)
        process.exit(0)
      }, 500)
    }
    process.stdin.on('end', stop)
    process.stdin.resume()
    setTimeout(stop, maxSeconds * 1000)
  })
}

if (mode === 'serve') serve(args[0] ?? '', args.slice(1))
else if (mode === 'connect') connect(args[0] ?? '', Number(args[1]), Number(args[2]))
else if (mode === 'stream') stream(args[0] ?? '', Number(args[1]), Number(args[2]), Number(args[3]))
else {
  process.stderr.write('usage: traffic serve TAG SPEC… | connect ADDRESS PORT TIMEOUT_MS | stream ADDRESS PORT INTERVAL_MS MAX_SECONDS\n')
  process.exit(2)
}
