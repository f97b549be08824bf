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
} else {
  process.stderr.write('usage: probe.mjs serve SPEC… | connect PROTO ADDRESS PORT TIMEOUT_MS\n')
  process.exit(2)
}
