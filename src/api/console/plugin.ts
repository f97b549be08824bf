import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

export interface ConsolePluginOptions {
  /** The built console (`npm run build:console`); defaults to `console/dist` of this checkout. */
  root?: string
}

/**
 * The web console: static files under `/console/`, every other path there answered with its
 * `index.html` so the single-page app's own routes survive a reload. The console talks to the API
 * on the same origin, signing each call itself; nothing here authenticates.
 */
export async function consolePlugin(app: FastifyInstance, options: ConsolePluginOptions): Promise<void> {
  const root = options.root ?? join(packageRoot(), 'console', 'dist')
  app.get('/console', (_request, reply) => reply.redirect('/console/', 301))
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/console/*', (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The web console is not built: ${root} is missing. Run \`npm run build:console\` and restart the server.\n`),
    )
    return
  }
  // Routes for the files that exist at start-up (wildcard: false), so any other path falls through
  // to the app's index.html instead of a 404.
  await app.register(fastifyStatic, { root, prefix: '/console/', wildcard: false, index: 'index.html' })
  app.get('/console/*', (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'))
}

/** The directory holding package.json, from the source tree (tsx) or the compiled one (dist/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the OpenENI package root')
    dir = parent
  }
  return dir
}
