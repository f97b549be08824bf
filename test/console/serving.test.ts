import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { consolePlugin } from '../../src/api/console/plugin.js'
import { startServer, type TestServer } from '../support/server.js'

describe('console serving', () => {
  let root: string
  let app: FastifyInstance
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'openeni-console-'))
    mkdirSync(join(root, 'assets'))
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>')
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
    app = Fastify()
    await app.register(consolePlugin, { root })
  })
  after(async () => {
    await app.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('serves the built files under /console/ and the app for any other path there', async () => {
    const index = await app.inject('/console/')
    assert.equal(index.statusCode, 200)
    assert.match(index.body, /<title>console<\/title>/)
    const asset = await app.inject('/console/assets/app.js')
    assert.equal(asset.statusCode, 200)
    assert.match(String(asset.headers['content-type']), /javascript/)
    const deep = await app.inject('/console/network-interfaces/eni-123')
    assert.equal(deep.statusCode, 200)
    assert.match(deep.body, /<title>console<\/title>/)
  })

  it('redirects /console to /console/', async () => {
    const answer = await app.inject('/console')
    assert.equal(answer.statusCode, 301)
    assert.equal(answer.headers.location, '/console/')
  })

  it('says how to build the console when it is missing', async () => {
    const bare = Fastify()
    await bare.register(consolePlugin, { root: join(root, 'nothing-here') })
    const answer = await bare.inject('/console/')
    assert.equal(answer.statusCode, 503)
    assert.match(answer.body, /npm run build:console/)
    await bare.close()
  })
})

describe('console next to the API', () => {
  let server: TestServer
  before(async () => {
    server = await startServer()
  })
  after(() => server.close())

  it('leaves / to the RPC dialect and other paths to its not-found answer', async () => {
    const rpc = await fetch(`http://${server.endpoint}/`, { method: 'POST' })
    assert.equal(((await rpc.json()) as { Code: string }).Code, 'MissingParameter')
    const elsewhere = await fetch(`http://${server.endpoint}/consoles`)
    assert.equal(elsewhere.status, 404)
    assert.equal(((await elsewhere.json()) as { Code: string }).Code, 'InvalidAction.NotFound')
    const page = await fetch(`http://${server.endpoint}/console/`)
    assert.ok(page.status === 200 || page.status === 503)
  })
})
