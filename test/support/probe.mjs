// A traffic probe run inside instance namespaces by the data-plane tests (plain JavaScript, so it
// starts with `node` alone).
//   node probe.mjs serve tcp:8080 udp:5353 …   listens on every port given, prints "ready"; a TCP
//                                               client is told "LOCAL REMOTE" (the addresses the server
//                                               saw), UDP is echoed
//                                               sink:PORT measures what a client sends (TCP),
//                                               after its first second, and answers the rate
//   node probe.mjs send ADDRESS PORT SECONDS     sends as fast as it can for SECONDS to a sink, prints
//                                               the bits per second the sink measured
//   node probe.mjs connect tcp|udp ADDRESS PORT TIMEOUT_MS
//                                               exit 0: connected (TCP; what the server said is
//                                               printed) or echoed (UDP); 1: not
//   node probe.mjs echo TAG ADDRESS:PORT …      a UDP echo server on each address (which need not be
//                                               local yet: set net.ipv4.ip_nonlocal_bind=1 for an
//                                               address that moves in later), answering "TAG MESSAGE",
//                                               so the client knows which instance answered; prints
//                                               "ready"
//   node probe.mjs listen TAG ADDRESS:PORT …    the same, also printing each datagram it gets, so a
//                                               test sees what arrived even when no answer gets back
//   node probe.mjs ask ADDRESS PORT TIMEOUT_MS [SOURCE [MESSAGE]]
//                                               one UDP datagram (MESSAGE, default "ask") from SOURCE
//                                               (default 0.0.0.0: any local address) to ADDRESS;
//                                               prints the answer (exit 0), or exit 1 without one
//   node probe.mjs stream ADDRESS PORT INTERVAL_MS MAX_SECONDS
//                                               a numbered UDP datagram every INTERVAL_MS to an echo
//                                               server until standard input closes (or MAX_SECONDS),
//                                               accepting answers from ADDRESS:PORT only; prints
//                                               "first TAG" when answers from a new TAG begin, then,
//                                               half a second after the last datagram, a JSON summary:
//                                               sent, received (distinct numbers answered), lost,
//                                               duplicates, maxGapMs (the longest time between two
//                                               consecutive answers), and the runs of answers by tag
import { createSocket } from 'node:dgram'
import { createConnection, createServer } from 'node:net'

const [mode, ...args] = process.argv.slice(2)
if (mode === 'serve') {
  let pending = args.length
  const ready = () => {
    if (--pending === 0) process.stdout.write('ready\n')
  }
  for (const spec of args) {
    const [protocol, port] = spec.split(':')
    if (protocol === 'sink') {
      createServer((socket) => {
        let first
        let counted = 0
        socket.on('data', (chunk) => {
          const now = Date.now()
          first ??= now
          if (now - first >= 1000) counted += chunk.length
        })
        socket.on('end', () => {
          const seconds = (Date.now() - (first ?? Date.now())) / 1000 - 1
          socket.end(`${seconds > 0 ? Math.round((counted * 8) / seconds) : 0}\n`)
        })
      }).listen(Number(port), '0.0.0.0', ready)
    } else if (protocol === 'tcp') {
      createServer((socket) => socket.end(`${socket.localAddress} ${socket.remoteAddress}\n`)).listen(Number(port), '0.0.0.0', ready)
    } else {
      const socket = createSocket('udp4')
      socket.on('message', (message, from) => socket.send(message, from.port, from.address))
      socket.bind(Number(port), '0.0.0.0', ready)
    }
  }
} else if (mode === 'send') {
  const [address, port, seconds] = args
  const block = Buffer.alloc(64 * 1024, 120)
  let answer = ''
  const socket = createConnection({ host: address, port: Number(port) }, () => {
    const until = Date.now() + Number(seconds) * 1000
    const pump = () => {
      while (Date.now() < until) if (!socket.write(block)) return socket.once('drain', pump)
      socket.end()
    }
    pump()
  })
  socket.on('data', (chunk) => (answer += chunk))
  socket.on('end', () => {
    process.stdout.write(answer)
    process.exit(0)
  })
  socket.on('error', (err) => {
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  })
} else if (mode === 'connect') {
  const [protocol, address, port, timeout] = args
  const done = (ok) => process.exit(ok ? 0 : 1)
  setTimeout(() => done(false), Number(timeout))
  if (protocol === 'tcp') {
    let said = ''
    const socket = createConnection({ host: address, port: Number(port) })
    socket.on('data', (chunk) => (said += chunk))
    socket.on('end', () => {
      process.stdout.write(said)
      done(true)
    })
    socket.on('error', () => done(false))
  } else {
    const socket = createSocket('udp4')
    socket.on('message', () => done(true))
    socket.send('probe', Number(port), address)
  }
} else if (mode === 'echo' || mode === 'listen') {
  const [tag, ...endpoints] = args
  let pending = endpoints.length
  for (const endpoint of endpoints) {
    const [address, port] = endpoint.split(':')
    const socket = createSocket('udp4')
    socket.on('message', (message, from) => {
      if (mode === 'listen') process.stdout.write(`${message}\n`)
      socket.send(`${tag} ${message}`, from.port, from.address)
    })
    socket.bind(Number(port), address, () => {
      if (--pending === 0) process.stdout.write('ready\n')
    })
  }
} else if (mode === 'ask') {
  const [address, port, timeout, source, message] = args
  setTimeout(() => process.exit(1), Number(timeout))
  const socket = createSocket('udp4')
  socket.on('error', () => undefined)
  socket.on('message', (answer) => {
    process.stdout.write(`${answer}\n`)
    process.exit(0)
  })
  socket.bind(0, source ?? '0.0.0.0', () => socket.connect(Number(port), address, () => socket.send(message ?? 'ask', () => undefined)))
} else if (mode === 'stream') {
  const [address, port, interval, maxSeconds] = args
  const socket = createSocket('udp4')
  const answered = new Set()
  const runs = []
  let sent = 0
  let duplicates = 0
  let sendErrors = 0
  let lastAnswer
  let maxGapMs = 0
  // A connected socket reports ICMP errors (an address nobody holds during a move) on the next
  // send; they count as losses, never as a crash.
  socket.on('error', () => sendErrors++)
  socket.on('message', (message) => {
    const now = performance.now()
    const [tag, number] = String(message).split(' ')
    const seq = Number(number)
    if (answered.has(seq)) return duplicates++
    answered.add(seq)
    if (lastAnswer !== undefined) maxGapMs = Math.max(maxGapMs, now - lastAnswer)
    lastAnswer = now
    const run = runs.at(-1)
    if (run?.tag === tag) {
      run.answers++
      run.lastSeq = seq
    } else {
      runs.push({ tag, answers: 1, firstSeq: seq, lastSeq: seq })
      process.stdout.write(`first ${tag}\n`)
    }
  })
  socket.connect(Number(port), address, () => {
    const timer = setInterval(() => {
      socket.send(String(sent++), (err) => {
        if (err) sendErrors++
      })
    }, Number(interval))
    let stopping = false
    const stop = () => {
      if (stopping) return
      stopping = true
      clearInterval(timer)
      setTimeout(() => {
        const received = answered.size
        const summary = { sent, received, lost: sent - received, duplicates, sendErrors, maxGapMs: Math.round(maxGapMs), runs }
        process.stdout.write(`${JSON.stringify(summary)}\n`)
        process.exit(0)
      }, 500)
    }
    process.stdin.on('end', stop)
    process.stdin.resume()
    setTimeout(stop, Number(maxSeconds) * 1000)
  })
} else {
  process.stderr.write('usage: probe.mjs serve SPEC… | send … | connect … | echo|listen TAG ADDRESS:PORT… | ask … | stream …\n')
  process.exit(2)
}
