// TCP connection setup times, run inside a client's namespace by the data-plane benchmark (plain
// JavaScript, so it starts with `node` alone):
//   node connector.mjs ADDRESS PORT COUNT    opens COUNT connections one after another to a
//                                            `probe.mjs serve tcp:PORT` server (which says a line
//                                            and closes), and prints the connect times in ms as JSON
// A connection's first packet (the SYN) is the one that goes through the security-group rules; the
// rest of the connection is passed by conntrack as established.
import { createConnection } from 'node:net'

const [address, port, count] = process.argv.slice(2)
const times = []
const once = () =>
  new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const socket = createConnection({ host: address, port: Number(port) })
    socket.on('connect', () => times.push(Number(process.hrtime.bigint() - start) / 1e6))
    socket.on('data', () => undefined)
    socket.on('end', () => {
      socket.end()
      resolve()
    })
    socket.on('error', reject)
  })
for (let i = 0; i < Number(count); i++) await once()
process.stdout.write(`${JSON.stringify(times)}\n`)
