import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import YAML from 'yaml'
import { z } from 'zod'
import { defaultConfig } from '../domain/config.js'
import type { ApiCredentials } from './api-client.js'
import { UsageError } from './resources/exit-codes.js'

/** Where a server listens unless told otherwise, as `openeni server` and `openeni up` do. */
export const DEFAULT_ENDPOINT = '127.0.0.1:8080'
/** The profile `openeni up` saves and the one used when the file names no current profile. */
export const DEFAULT_PROFILE = 'default'

/** The first region a server serves without a config file (`cn-hangzhou`). */
export function defaultRegionId(): string {
  // The schema guarantees at least one region.
  return defaultConfig().regions[0]!.id
}

const profileSchema = z.strictObject({
  endpoint: z.string().min(1),
  accessKeyId: z.string().min(1),
  accessKeySecret: z.string().min(1),
  regionId: z.string().min(1).optional(),
})

const fileSchema = z.strictObject({
  current: z.string().optional(),
  profiles: z.record(z.string(), profileSchema).default({}),
})

export type Profile = z.infer<typeof profileSchema>
export type ProfileFile = z.infer<typeof fileSchema>

/** `$OPENENI_CONFIG`, else `$XDG_CONFIG_HOME/openeni/config.yaml`, else `~/.config/openeni/config.yaml`. */
export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OPENENI_CONFIG) return env.OPENENI_CONFIG
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config')
  return join(base, 'openeni', 'config.yaml')
}

/** The profiles file; a missing one is empty, an unreadable or malformed one a usage error naming it. */
export async function readProfiles(path: string): Promise<ProfileFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} }
    throw new UsageError(`cannot read the profiles file ${path}: ${(err as Error).message}`)
  }
  try {
    return fileSchema.parse(YAML.parse(text) ?? {})
  } catch (err) {
    const reason = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') : (err as Error).message
    throw new UsageError(`the profiles file ${path} is invalid: ${reason}`)
  }
}

/**
 * Writes the file whole, through a temporary file renamed over it so a crash never leaves half a
 * file; it holds secrets, so the file is 0600 and a directory it creates 0700.
 */
export async function writeProfiles(path: string, file: ProfileFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, YAML.stringify(file), { mode: 0o600 })
  await chmod(temporary, 0o600)
  await rename(temporary, path)
}

/** Adds or replaces profile `name`; it becomes current when asked, or when no profile is current yet. */
export async function saveProfile(path: string, name: string, profile: Profile, makeCurrent: boolean): Promise<void> {
  const file = await readProfiles(path)
  file.profiles[name] = profile
  if (makeCurrent || file.current === undefined || file.profiles[file.current] === undefined) file.current = name
  await writeProfiles(path, file)
}

/** Enough of a secret to tell two apart, never enough to use one. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '****' : `${secret.slice(0, 4)}****${secret.slice(-2)}`
}

export interface ConnectionFlags {
  profile?: string | undefined
  endpoint?: string | undefined
  accessKeyId?: string | undefined
  accessKeySecret?: string | undefined
  region?: string | undefined
}

export interface Connection {
  credentials: ApiCredentials
  regionId: string
  /** The profile the values not given by flags or environment came from, if any. */
  profile: string | undefined
}

/**
 * Each value from its flag, else its environment variable (`OPENENI_ENDPOINT`, …), else the
 * profile: `--profile`, else `OPENENI_PROFILE`, else the file's current one. A profile named
 * explicitly must exist; the key must come from somewhere, or nothing is sent.
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv, file: ProfileFile, path: string): Connection {
  const named = flags.profile || env.OPENENI_PROFILE || undefined
  const profileName = named ?? file.current ?? (file.profiles[DEFAULT_PROFILE] === undefined ? undefined : DEFAULT_PROFILE)
  const profile = profileName === undefined ? undefined : file.profiles[profileName]
  if (named !== undefined && profile === undefined) {
    throw new UsageError(`no profile named "${named}" in ${path} (openeni profile list shows them)`)
  }
  const accessKeyId = flags.accessKeyId || env.OPENENI_ACCESS_KEY_ID || profile?.accessKeyId
  const accessKeySecret = flags.accessKeySecret || env.OPENENI_ACCESS_KEY_SECRET || profile?.accessKeySecret
  if (!accessKeyId || !accessKeySecret) {
    throw new UsageError(
      'no credentials: run openeni configure, or give --access-key-id and --access-key-secret (or OPENENI_ACCESS_KEY_ID and OPENENI_ACCESS_KEY_SECRET)',
    )
  }
  return {
    credentials: {
      endpoint: flags.endpoint || env.OPENENI_ENDPOINT || profile?.endpoint || DEFAULT_ENDPOINT,
      accessKeyId,
      accessKeySecret,
    },
    regionId: flags.region || env.OPENENI_REGION || profile?.regionId || defaultRegionId(),
    profile: profile === undefined ? undefined : profileName,
  }
}

/**
 * After `openeni up` or `openeni server` made the bootstrap account: save its key as the profile
 * `default` unless one exists, so the CLI works as root at once. Says what it did, or why not;
 * never fails the server over it.
 */
export async function saveBootstrapProfile(address: AddressInfo, key: { accessKeyId: string; accessKeySecret: string }): Promise<string> {
  const path = profilesPath()
  // A server on every address is reached by the CLI on this machine through loopback.
  const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address
  const endpoint = address.family === 'IPv6' ? `[${host}]:${address.port}` : `${host}:${address.port}`
  try {
    const file = await readProfiles(path)
    if (file.profiles[DEFAULT_PROFILE] !== undefined) {
      return `The CLI profile "${DEFAULT_PROFILE}" in ${path} exists and was left as it is; openeni configure --profile NAME saves this key under another name.`
    }
    await saveProfile(path, DEFAULT_PROFILE, { endpoint, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, regionId: defaultRegionId() }, false)
    return `Saved as the CLI profile "${DEFAULT_PROFILE}" in ${path}: openeni eni list and the other commands use it.`
  } catch (err) {
    return `Could not save the CLI profile "${DEFAULT_PROFILE}" in ${path}: ${(err as Error).message}`
  }
}
