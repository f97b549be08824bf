import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { resolveCatalog } from '../domain/config.js'
import type { Random } from '../domain/random.js'
import type { DataplaneMode, ServiceDeps } from '../service/deps.js'
import { secretBox } from '../service/secret-box.js'
import { openStore } from '../store/store.js'
import { loadConfigFile } from './config-file.js'

export interface RuntimeOptions {
  dataDir: string
  dbUrl?: string | undefined
  configPath?: string | undefined
  dataplane: DataplaneMode
  poolSize?: number
}

/**
 * Cryptographic randomness drawn from a pool refilled 4 KiB at a time: every request takes a
 * request ID and most a resource ID or a MAC, and one small `randomBytes` call each costs more
 * than the bytes themselves.
 */
export const cryptoRandom: Random = pooledRandom(4096)

function pooledRandom(size: number): Random {
  let pool = randomBytes(size)
  let offset = 0
  return {
    bytes(count) {
      if (count > size) return randomBytes(count)
      if (offset + count > size) {
        pool = randomBytes(size)
        offset = 0
      }
      offset += count
      return Uint8Array.prototype.slice.call(pool, offset - count, offset)
    },
  }
}

/**
 * The composition root: config, master key, database (migrated) and the service dependencies.
 * The config file defaults to `<data>/config.yaml` when present.
 */
export async function openRuntime(options: RuntimeOptions): Promise<ServiceDeps> {
  mkdirSync(options.dataDir, { recursive: true })
  const configPath = options.configPath ?? defaultConfigPath(options.dataDir)
  const config = await loadConfigFile(configPath)
  const secrets = secretBox(loadMasterKey(options.dataDir))
  const store = await openStore({
    dataDir: options.dataDir,
    ...(options.dbUrl !== undefined ? { url: options.dbUrl } : {}),
    ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
  })
  return {
    store,
    config,
    catalog: resolveCatalog(config),
    clock: () => new Date(),
    random: cryptoRandom,
    secrets,
    dataplane: options.dataplane,
  }
}

function defaultConfigPath(dataDir: string): string | undefined {
  const path = join(dataDir, 'config.yaml')
  return existsSync(path) ? path : undefined
}

/**
 * The key that seals access-key secrets: OPENENI_MASTER_KEY (64 hex digits) when set — what several
 * API servers sharing one PostgreSQL use — else `<data>/master.key`, made on first start, mode 0600.
 */
function loadMasterKey(dataDir: string): Buffer {
  const fromEnv = process.env.OPENENI_MASTER_KEY
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('OPENENI_MASTER_KEY must be 64 hexadecimal digits')
    return Buffer.from(fromEnv, 'hex')
  }
  const path = join(dataDir, 'master.key')
  if (!existsSync(path)) {
    try {
      writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
    } catch (err) {
      // Another process made it first; read theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
  }
  chmodSync(path, 0o600)
  const text = readFileSync(path, 'utf8').trim()
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new Error(`${path} does not hold a 64-hex-digit key`)
  return Buffer.from(text, 'hex')
}
